package ketenhub

import "net/http"

// Codes of the transport layers rather than the domain: the domain never
// returns them, but they are mapped here with the others so that every
// answer, whatever serves it, takes its status from the one table.
const (
	EMETHODNOTALLOWED = "method_not_allowed" // a known address asked with a method it does not support (405)
	ETIMEOUT          = "request_timeout"    // the client did not send, or take, its data in time (408)
	ENOTREADY         = "not_ready"          // this node cannot serve yet (503)
	EUPSTREAM         = "upstream"           // a service Ketenhub depends on (an identity provider) failed (502)
)

// StatusOf returns the HTTP status of an error code: the one place where
// codes become statuses (server, auth, realtime and the dev IdP all use it).
// An unknown code is an internal error, 500.
func StatusOf(code string) int {
	status, _, _, _ := describe(code)
	return status
}

// TitleOf returns the short title of an error code in English and Dutch,
// the title of an internal error for an unknown code.
func TitleOf(code string) (en, nl string) {
	_, en, nl, _ = describe(code)
	return en, nl
}

// KnownCode reports whether code is one of the error codes above.
func KnownCode(code string) bool {
	_, _, _, known := describe(code)
	return known
}

// describe is the table behind StatusOf and TitleOf.
func describe(code string) (status int, en, nl string, known bool) {
	switch code {
	case EINVALID:
		return http.StatusBadRequest, "Invalid input", "Ongeldige invoer", true
	case EUNAUTHORIZED:
		return http.StatusUnauthorized, "Not signed in", "Niet aangemeld", true
	case EFORBIDDEN:
		return http.StatusForbidden, "Not allowed", "Geen toestemming", true
	case ENOTFOUND:
		return http.StatusNotFound, "Not found", "Niet gevonden", true
	case ECONFLICT:
		return http.StatusConflict, "Conflict", "Conflict", true
	case EPERSONALDATA:
		return http.StatusUnprocessableEntity, "Possible personal data", "Mogelijk persoonsgegevens", true
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge, "Request too large", "Verzoek te groot", true
	case ERATELIMIT:
		return http.StatusTooManyRequests, "Too many requests", "Te veel verzoeken", true
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable, "Temporarily unavailable", "Tijdelijk niet beschikbaar", true
	case EMETHODNOTALLOWED:
		return http.StatusMethodNotAllowed, "Method not allowed", "Methode niet toegestaan", true
	case ETIMEOUT:
		return http.StatusRequestTimeout, "Request timeout", "Verzoek duurde te lang", true
	case ENOTREADY:
		return http.StatusServiceUnavailable, "Not ready", "Niet gereed", true
	case EUPSTREAM:
		return http.StatusBadGateway, "Service unreachable", "Dienst onbereikbaar", true
	case EINTERNAL:
		return http.StatusInternalServerError, "Internal error", "Interne fout", true
	}
	return http.StatusInternalServerError, "Internal error", "Interne fout", false
}
