package server

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ketenhub/ketenhub"
)

// Length limits of text fields, in characters.
const (
	maxTitle       = 200
	maxName        = 200
	maxShort       = 100 // theme, period, unit, external reference
	maxDescription = 10000
	maxVisibleOrgs = 200
)

// validator collects the first problem found in a request's fields, so that
// a handler can check every field in a row and ask once.
type validator struct{ err *ketenhub.Error }

// text checks a string field: no NUL characters (PostgreSQL refuses them),
// at most max characters and, when required, not blank.
func (v *validator) text(field, s string, max int, required bool) {
	switch {
	case v.err != nil:
	case required && strings.TrimSpace(s) == "":
		v.err = ketenhub.FieldError(field,
			fmt.Sprintf("Field %q is required and may not be empty.", field),
			fmt.Sprintf("Veld %q is verplicht en mag niet leeg zijn.", field))
	case utf8.RuneCountInString(s) > max:
		v.err = ketenhub.FieldError(field,
			fmt.Sprintf("Field %q is too long: at most %d characters.", field, max),
			fmt.Sprintf("Veld %q is te lang: hoogstens %d tekens.", field, max))
	case strings.ContainsRune(s, 0):
		v.err = ketenhub.FieldError(field,
			fmt.Sprintf("Field %q contains a NUL character.", field),
			fmt.Sprintf("Veld %q bevat een NUL-teken.", field))
	}
}

// optText checks an optional string field of a PATCH: null is refused.
func (v *validator) optText(field string, o Optional[string], max int, required bool) {
	v.notNull(field, o.Set && o.Null)
	if o.Set && !o.Null {
		v.text(field, o.Value, max, required)
	}
}

// notNull refuses null for a field that cannot be cleared.
func (v *validator) notNull(field string, isNull bool) {
	if v.err == nil && isNull {
		v.err = ketenhub.FieldError(field,
			fmt.Sprintf("Field %q cannot be null.", field),
			fmt.Sprintf("Veld %q kan niet null zijn.", field))
	}
}

// check records a field error when ok is false.
func (v *validator) check(ok bool, field, en, nl string) {
	if v.err == nil && !ok {
		v.err = ketenhub.FieldError(field, en, nl)
	}
}

// id checks a reference to another object: a positive integer.
func (v *validator) id(field string, id int64) {
	v.check(id > 0, field,
		fmt.Sprintf("Field %q must be a positive whole number.", field),
		fmt.Sprintf("Veld %q moet een positief geheel getal zijn.", field))
}

// nonNegative checks a count.
func (v *validator) nonNegative(field string, n int64) {
	v.check(n >= 0, field,
		fmt.Sprintf("Field %q may not be negative.", field),
		fmt.Sprintf("Veld %q mag niet negatief zijn.", field))
}

// date checks a calendar date in the form YYYY-MM-DD.
func (v *validator) date(field, s string) {
	v.check(validDate(s), field,
		fmt.Sprintf("Field %q must be a date in the form YYYY-MM-DD.", field),
		fmt.Sprintf("Veld %q moet een datum zijn in de vorm JJJJ-MM-DD.", field))
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly)
}

// visibility checks who may see an item: the whole workspace, or a list of
// organisations (the creating one is added by the service).
func (v *validator) visibility(field string, vis ketenhub.Visibility) {
	switch vis.Scope {
	case ketenhub.ScopeWorkspace:
		v.check(len(vis.Organisations) == 0, field+".organisations",
			"A visibility for the whole workspace names no organisations.",
			"Een zichtbaarheid voor de hele werkruimte noemt geen organisaties.")
	case ketenhub.ScopeRestricted:
		v.check(len(vis.Organisations) <= maxVisibleOrgs, field+".organisations",
			fmt.Sprintf("At most %d organisations.", maxVisibleOrgs),
			fmt.Sprintf("Hoogstens %d organisaties.", maxVisibleOrgs))
		for _, id := range vis.Organisations {
			v.id(field+".organisations", id)
		}
	default:
		v.check(false, field+".scope",
			`Visibility scope must be "workspace" or "restricted".`,
			`Zichtbaarheid moet "workspace" of "restricted" zijn.`)
	}
}

// oneOf checks that a value is among the allowed ones.
func (v *validator) oneOf(field string, ok bool, allowed string) {
	v.check(ok, field,
		fmt.Sprintf("Field %q must be one of: %s.", field, allowed),
		fmt.Sprintf("Veld %q moet een van deze waarden zijn: %s.", field, allowed))
}

// validKinds and friends list the allowed values for error messages.
func joinAll[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// result returns the first problem, or nil.
func (v *validator) result() error {
	if v.err == nil {
		return nil
	}
	return v.err
}

// somethingToChange refuses a PATCH that changes nothing.
func (v *validator) somethingToChange(any bool) {
	v.check(any, "body", "The request changes nothing: give at least one field to change.",
		"Het verzoek wijzigt niets: geef minstens één veld om te wijzigen.")
}
