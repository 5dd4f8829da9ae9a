package ketenhub

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to a status in one place.
const (
	EINVALID      = "invalid"      // the input is not acceptable (400)
	EUNAUTHORIZED = "unauthorized" // no valid session (401)
	EFORBIDDEN    = "forbidden"    // the viewer may not do this (403)
	ENOTFOUND     = "not_found"    // no such thing, or not visible to the viewer (404)
	ECONFLICT     = "conflict"     // stale version or illegal state transition (409)
	ETOOLARGE     = "too_large"    // the request body is over the limit (413)
	ERATELIMIT    = "rate_limited" // too many requests (429)
	EINTERNAL     = "internal"     // anything else; never shown in detail (500)
)

// Error is the domain error. Message is English, MessageNL Dutch; both are
// safe to show to the user. Field names the input field at fault, if any.
// Current carries the current state of the object on a version conflict.
type Error struct {
	Code      string
	Message   string
	MessageNL string
	Field     string
	Current   any
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
	return Errorf(ENOTFOUND, en+" not found", nl+" niet gevonden")
}

// Unauthorized is returned when there is no valid session.
func Unauthorized() *Error {
	return Errorf(EUNAUTHORIZED, "You are not signed in or your session has expired.", "U bent niet aangemeld of uw sessie is verlopen.")
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
