package ketenhub

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes. StatusOf (status.go) maps each to its HTTP status, the one
// place that does for every part of Ketenhub.
const (
	EINVALID      = "invalid"       // the input is not acceptable (400)
	EUNAUTHORIZED = "unauthorized"  // no valid session (401)
	EFORBIDDEN    = "forbidden"     // the viewer may not do this (403)
	ENOTFOUND     = "not_found"     // no such thing, or not visible to the viewer (404)
	ECONFLICT     = "conflict"      // stale version or illegal state transition (409)
	EPERSONALDATA = "personal_data" // free text looks like personal data; confirm to save (422)
	ETOOLARGE     = "too_large"     // the request body is over the limit (413)
	ERATELIMIT    = "rate_limited"  // too many requests (429)
	EUNAVAILABLE  = "unavailable"   // the database cannot be reached for now; try again (503)
	EINTERNAL     = "internal"      // anything else; never shown in detail (500)
)

// Error is the domain error. Message is English, MessageNL Dutch; both are
// safe to show to the user. Field names the input field at fault, if any.
// Current carries the current state of the object on a version conflict;
// Allowed the states that may follow on an illegal transition; Warnings what
// looks like personal data in the text to be saved.
type Error struct {
	Code      string
	Message   string
	MessageNL string
	Field     string
	Current   any
	Allowed   []string
	Warnings  []PersonalDataWarning
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("ketenhub error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("ketenhub error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an Error with the given code and messages in English and Dutch.
func Errorf(code, en, nl string) *Error {
	return &Error{Code: code, Message: en, MessageNL: nl}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, en, nl string) *Error {
	return &Error{Code: EINVALID, Field: field, Message: en, MessageNL: nl}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorOf returns the first *Error in err's chain, or nil.
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// NotFound returns an ENOTFOUND error for a kind of object, named in English
// and Dutch ("action", "actie"). It is also what a viewer gets for an object
// they may not see, so that its existence is not revealed.
func NotFound(en, nl string) *Error {
	return Errorf(ENOTFOUND, upperFirst(en)+" not found.", upperFirst(nl)+" niet gevonden.")
}

// upperFirst returns s with its first letter in upper case, so that a noun
// can begin a message.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Unauthorized is returned when there is no valid session.
func Unauthorized() *Error {
	return Errorf(EUNAUTHORIZED, "You are not signed in or your session has expired.", "U bent niet aangemeld of uw sessie is verlopen.")
}

// Unavailable is returned when the database cannot be reached for now (it
// is down, restarting, or out of connections); the same call may succeed a
// little later. cause is kept in the chain for the log, never shown.
func Unavailable(cause error) error {
	e := Errorf(EUNAVAILABLE,
		"The service is briefly unavailable. Please try again in a moment.",
		"De dienst is even niet beschikbaar. Probeer het zo opnieuw.")
	return fmt.Errorf("%w: %w", e, cause)
}

// Forbidden is returned when the viewer may not do what was asked.
func Forbidden() *Error {
	return Errorf(EFORBIDDEN, "You are not allowed to do this.", "U heeft geen toestemming om dit te doen.")
}

// StaleVersion is returned when a write was based on an outdated version;
// current is the object as it is now.
func StaleVersion(current any) *Error {
	e := Errorf(ECONFLICT, "Someone else changed this in the meantime; review the current version.", "Iemand anders heeft dit intussen gewijzigd; bekijk de huidige versie.")
	e.Current = current
	return e
}

// IllegalTransition is returned when something may not move from its state
// to the one asked; allowed are the states it may move to.
func IllegalTransition[S ~string](from, to S, allowed []S) *Error {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	list := strings.Join(names, ", ")
	if list == "" {
		list = "none"
	}
	e := Errorf(ECONFLICT,
		fmt.Sprintf("Cannot go from %q to %q; allowed: %s.", from, to, list),
		fmt.Sprintf("Van %q naar %q kan niet; wel mogelijk: %s.", from, to, strings.Replace(list, "none", "geen", 1)))
	e.Allowed = names
	return e
}

// PersonalDataWarning says that a free-text field holds what looks like
// personal data of a citizen (DESIGN section 1). Kind is bsn, phone, email or
// licence_plate; the matched text itself is not repeated.
type PersonalDataWarning struct {
	Field     string `json:"field"`
	Kind      string `json:"kind"`
	Message   string `json:"message"`
	MessageNL string `json:"message_nl"`
}

// PersonalDataFound is returned when text to be saved looks like it holds
// personal data and the client has not confirmed it should be saved anyway.
func PersonalDataFound(warnings []PersonalDataWarning) *Error {
	e := Errorf(EPERSONALDATA,
		"The text seems to contain personal data. Use an external reference instead, or confirm that it must be saved.",
		"De tekst lijkt persoonsgegevens te bevatten. Gebruik een externe verwijzing, of bevestig dat het zo opgeslagen moet worden.")
	e.Warnings = warnings
	if len(warnings) > 0 {
		e.Field = warnings[0].Field
	}
	return e
}
