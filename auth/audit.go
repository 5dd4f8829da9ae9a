package auth

import (
	"log/slog"
	"strconv"
)

// Results of an audited action.
const (
	AuditSuccess = "success"
	AuditFailure = "failure"
	AuditRefused = "refused"
)

// Audit returns the fields the BIO (Baseline Informatiebeveiliging
// Overheid) asks of a security-relevant log line: who did it (actor), what
// (action), to what (object) and with what result. The time is the log
// line's own; the origin (the client's address) and the request id are
// added by the log handler from the request's context (server.LogHandler).
// Never pass free text, a token or a secret: ids and fixed words only.
func Audit(actor, action, object, result string) []any {
	return []any{
		slog.String("actor", actor), slog.String("action", action),
		slog.String("object", object), slog.String("result", result),
	}
}

// UserActor names a user as an audit actor; user id 0 is "anonymous".
func UserActor(userID int64) string {
	if userID == 0 {
		return "anonymous"
	}
	return "user:" + strconv.FormatInt(userID, 10)
}

// SessionObject names a session as an audit object.
func SessionObject(sessionID int64) string { return "session:" + strconv.FormatInt(sessionID, 10) }

// UserObject names a user as an audit object.
func UserObject(userID int64) string { return "user:" + strconv.FormatInt(userID, 10) }
