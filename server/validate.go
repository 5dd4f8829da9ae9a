package server

import (
	"fmt"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
)

// Length limits of text fields, in characters: the domain's.
const (
	maxTitle       = ketenhub.MaxTitle
	maxName        = ketenhub.MaxName
	maxShort       = ketenhub.MaxShort
	maxDescription = ketenhub.MaxDescription
	maxVisibleOrgs = 200
)

// validator collects the first problem found in a request's fields, so that
// a handler can check every field in a row and ask once.
type validator struct{ err *ketenhub.Error }

// text checks a string field with the domain's rules (valid UTF-8, no
// control characters such as NUL, which PostgreSQL refuses; the length limit;
// not blank when required).
func (v *validator) text(field, s string, max int, required bool) {
	if v.err == nil {
		v.err = ketenhub.ErrorOf(ketenhub.ValidateText(field, s, required, max))
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
		v.err = notNull(field)
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
		fmt.Sprintf("%s must be a positive whole number.", labelEN(field)),
		fmt.Sprintf("%s moet een positief geheel getal zijn.", labelNL(field)))
}

// count checks a count with the domain's rule: from 0 to ketenhub.MaxCount.
func (v *validator) count(field string, n int64) {
	if v.err == nil {
		v.err = ketenhub.ErrorOf(ketenhub.ValidateCount(field, n))
	}
}

// date checks a calendar date in the form YYYY-MM-DD.
func (v *validator) date(field, s string) {
	if v.err == nil {
		v.err = ketenhub.ErrorOf(ketenhub.ValidateDate(field, s))
	}
}

// visibility checks who may see an item: the whole workspace, or lists of
// organisations and people (the creator is added by the service).
func (v *validator) visibility(field string, vis ketenhub.Visibility) {
	switch vis.Scope {
	case ketenhub.ScopeWorkspace:
		v.check(len(vis.Organisations) == 0, field+".organisations",
			"A visibility for the whole workspace names no organisations.",
			"Een zichtbaarheid voor de hele werkruimte noemt geen organisaties.")
		v.check(len(vis.Users) == 0, field+".users",
			"A visibility for the whole workspace names no people.",
			"Een zichtbaarheid voor de hele werkruimte noemt geen personen.")
	case ketenhub.ScopeRestricted:
		v.check(len(vis.Organisations) <= maxVisibleOrgs, field+".organisations",
			fmt.Sprintf("At most %d organisations.", maxVisibleOrgs),
			fmt.Sprintf("Hoogstens %d organisaties.", maxVisibleOrgs))
		for _, id := range vis.Organisations {
			v.id(field+".organisations", id)
		}
		v.check(len(vis.Users) <= ketenhub.MaxVisibleUsers, field+".users",
			fmt.Sprintf("At most %d people.", ketenhub.MaxVisibleUsers),
			fmt.Sprintf("Hoogstens %d personen.", ketenhub.MaxVisibleUsers))
		for _, id := range vis.Users {
			v.id(field+".users", id)
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
		fmt.Sprintf("%s must be one of: %s.", labelEN(field), allowed),
		fmt.Sprintf("%s moet een van deze waarden zijn: %s.", labelNL(field), allowed))
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

// timestamp parses an RFC 3339 time, such as 2026-12-01T14:00:00+01:00.
func (v *validator) timestamp(field, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	v.check(err == nil, field,
		fmt.Sprintf("%s must be a time such as 2026-12-01T14:00:00+01:00.", labelEN(field)),
		fmt.Sprintf("%s moet een tijdstip zijn zoals 2026-12-01T14:00:00+01:00.", labelNL(field)))
	return t.UTC()
}

// labelEN and labelNL name a field in messages by its label (ketenhub.FieldLabel).
func labelEN(field string) string { en, _ := ketenhub.FieldLabel(field); return en }
func labelNL(field string) string { _, nl := ketenhub.FieldLabel(field); return nl }
