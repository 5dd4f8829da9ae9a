package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub/auth"
)

// requestLog is what every log line of a request carries.
type requestLog struct {
	id     string
	origin string // the client's address
}

type requestLogKey struct{}

// withRequestLog puts the request's id and origin in ctx for LogHandler.
func withRequestLog(ctx context.Context, rl requestLog) context.Context {
	return context.WithValue(ctx, requestLogKey{}, rl)
}

// LogHandler wraps h so that every record logged with a request's context
// (InfoContext(r.Context(), ...)) carries that request's id and origin,
// whichever package logs it: the handlers, the sign-in, the websocket hub.
func LogHandler(h slog.Handler) slog.Handler { return contextHandler{h} }

type contextHandler struct{ next slog.Handler }

func (h contextHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	rl, ok := ctx.Value(requestLogKey{}).(requestLog)
	if !ok {
		return h.next.Handle(ctx, r)
	}
	has := false
	r.Attrs(func(a slog.Attr) bool {
		has = a.Key == "request_id"
		return !has
	})
	r = r.Clone()
	if !has {
		r.AddAttrs(slog.String("request_id", rl.id))
	}
	r.AddAttrs(slog.String("origin", rl.origin))
	return h.next.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.next.WithAttrs(as)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.next.WithGroup(name)}
}

// loggedPath is the request's path as logs may show it: a calendar feed's
// address holds its secret token, so its route is logged instead.
func loggedPath(c *gin.Context) string {
	if strings.HasPrefix(c.Request.URL.Path, calendarPath) {
		return calendarPath + ":file"
	}
	return c.Request.URL.Path
}

// accessLog logs one line per request. Writes, and requests refused as
// unauthenticated or forbidden, are security-relevant: their line carries
// the audit fields. The path is logged without its query, which may hold
// codes (the sign-in callback); bodies are never logged.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	path := loggedPath(c)
	args := []any{"method", c.Request.Method, "path", path, "status", status,
		"bytes", c.Writer.Size(), "duration", time.Since(start)}
	level := slog.LevelInfo
	if probe(c) && status < 400 {
		level = slog.LevelDebug // every few seconds from every prober: noise at info
	}
	if audited(c.Request.Method, status) {
		var userID int64
		if u := userOf(c); u != nil {
			userID = u.ID
		}
		route := c.FullPath()
		if route == "" {
			route = path
		}
		args = append(args, auth.Audit(auth.UserActor(userID), c.Request.Method+" "+route, path, auditResult(status))...)
		if status == http.StatusUnauthorized || status == http.StatusForbidden {
			level = slog.LevelWarn
		}
	}
	s.log.Log(c.Request.Context(), level, "request", args...)
}

// probe reports whether the request is a probe or a metrics scrape.
func probe(c *gin.Context) bool {
	switch c.FullPath() {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return false
}

// audited reports whether a request's log line is an audit line.
func audited(method string, status int) bool {
	return !safeMethod(method) || status == http.StatusUnauthorized || status == http.StatusForbidden
}

// auditResult sums up a status for the audit trail.
func auditResult(status int) string {
	switch {
	case status < 400:
		return auth.AuditSuccess
	case status == http.StatusUnauthorized, status == http.StatusForbidden, status == http.StatusTooManyRequests:
		return auth.AuditRefused
	}
	return auth.AuditFailure
}
