package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// RequestIDHeader carries the request id, taken from the client or proxy
// when it looks sane, generated otherwise, and echoed in every response.
const RequestIDHeader = "X-Request-Id"

// Keys of the values the middleware keeps in the gin context.
const (
	keyRequestID = "ketenhub.request_id"
	keySession   = "ketenhub.session"
	keyUser      = "ketenhub.user"
)

// requestID gives every request an id for logs and problem responses.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(RequestIDHeader)
	if !saneRequestID(id) {
		id = newRequestID()
	}
	c.Set(keyRequestID, id)
	c.Header(RequestIDHeader, id)
	c.Request = c.Request.WithContext(withRequestLog(c.Request.Context(), requestLog{id: id, origin: c.ClientIP()}))
	c.Next()
}

// saneRequestID accepts ids of up to 128 URL-safe characters, so that a
// client cannot inject anything into logs through it.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':'
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func requestIDOf(c *gin.Context) string { return c.GetString(keyRequestID) }

// recoverPanic turns a panic in a handler into a logged 500 problem. There
// should be none: a panic is a bug.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		if c.Writer.Written() {
			s.log.ErrorContext(c.Request.Context(), "panic after response started", "error", err, "request_id", requestIDOf(c))
			c.Abort()
			return
		}
		s.fail(c, err)
	}()
	c.Next()
}

// ContentSecurityPolicy is the policy of every response but the sign-in
// pages (which are stricter still). The web app is a Vite build: its
// scripts and stylesheets are files of its own origin, so no inline script
// or style is allowed; React's style properties are set through the DOM,
// which the policy does not restrict. connect-src 'self' covers the
// websocket of the same origin. No page may be framed, the projector mode
// included.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// hstsValue tells browsers to use only HTTPS for a year. Subdomains are
// left out: they may be other services of the organisation.
const hstsValue = "max-age=31536000"

// securityHeaders sets the headers every response carries: pages, the API,
// problems and websocket upgrades (the hub copies them into its 101).
// Handlers that serve their own HTML (sign-in) may replace the policy with
// a stricter one.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
	if s.cfg.HSTS {
		h.Set("Strict-Transport-Security", hstsValue)
	}
	c.Next()
}

// noStore keeps API responses out of caches: they depend on who asks.
func (s *Server) noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// limitBody refuses bodies over the limit: at once when Content-Length says
// so, and while reading (http.MaxBytesReader) when it does not. A request
// with a body gets a read deadline BodyReadTimeout from now, so that a
// client sending its body a byte at a time is answered 408 (see
// decodeJSON) and its connection closed. Bodiless requests get none: the
// server reads ahead on their connection to notice a client that goes away,
// and a deadline there would cancel a long download or end a websocket.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.MaxBodyBytes {
		s.writeProblem(c, tooLarge(s.cfg.MaxBodyBytes))
		return
	}
	if c.Request.ContentLength != 0 && c.Request.Body != http.NoBody && c.GetHeader("Upgrade") == "" {
		// The server clears the deadline itself before it reads the next
		// request on the connection.
		if err := http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(s.cfg.BodyReadTimeout)); err != nil {
			s.log.WarnContext(c.Request.Context(), "cannot set a body read deadline", "error", err)
		}
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes)
	c.Next()
}

// bodyTimeout is the answer to a client that did not send its body within
// BodyReadTimeout.
func bodyTimeout() *ketenhub.Error {
	e := ketenhub.Errorf(ketenhub.ETIMEOUT,
		"The request body did not arrive in time. Send it again.",
		"De inhoud van het verzoek kwam niet op tijd binnen. Stuur het opnieuw.")
	e.Field = "body"
	return e
}

func tooLarge(limit int64) *ketenhub.Error {
	e := ketenhub.Errorf(ketenhub.ETOOLARGE,
		fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit),
		fmt.Sprintf("De inhoud van het verzoek is groter dan de limiet van %d bytes.", limit))
	e.Field = "body"
	return e
}

// SessionIdleExpiresHeader is the response header that says, on every
// answer to a request with a live session, when that session ends if
// nothing more is asked with it (RFC 3339).
const SessionIdleExpiresHeader = "Ketenhub-Session-Idle-Expires"

// resolveSession looks up the session named by the session cookie (and only
// there: no header or query alternative) and, when it is valid, puts its
// user in the gin context and the viewer in the request context.
func (s *Server) resolveSession(c *gin.Context) {
	cookie, err := c.Request.Cookie(auth.SessionCookie)
	if err != nil || cookie.Value == "" {
		c.Next()
		return
	}
	sess, user, err := s.svc.Sessions.Resolve(c.Request.Context(), cookie.Value)
	switch ketenhub.ErrorCode(err) {
	case "":
		c.Set(keySession, sess)
		c.Set(keyUser, user)
		// Every answer to a signed-in request says when the session will end
		// if left alone, so that the web app can warn before it does.
		c.Header(SessionIdleExpiresHeader, s.svc.Sessions.IdleExpiry(sess).UTC().Format(time.RFC3339))
		c.Request = c.Request.WithContext(ketenhub.NewContextWithViewer(c.Request.Context(), user.Viewer()))
	case ketenhub.EUNAUTHORIZED, ketenhub.ENOTFOUND:
		s.clearSessionCookie(c) // expired or revoked: the browser may forget it
	default:
		s.fail(c, fmt.Errorf("resolve session: %w", err))
		return
	}
	c.Next()
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode,
	})
}

// requireSession refuses requests without a valid session.
func (s *Server) requireSession(c *gin.Context) {
	if _, ok := c.Get(keyUser); !ok {
		s.writeProblem(c, ketenhub.Unauthorized())
		return
	}
	c.Next()
}

// checkCSRF protects unsafe methods: the X-CSRF-Token header must match the
// session's token, and an Origin header, when sent, must be allowed. The
// token stops cross-site forms; the Origin check stops pages of other
// origins even if a token leaked to them.
func (s *Server) checkCSRF(c *gin.Context) {
	if safeMethod(c.Request.Method) {
		c.Next()
		return
	}
	sess := sessionOf(c)
	if origin := c.GetHeader("Origin"); origin != "" && !auth.OriginAllowed(origin, s.cfg.AllowedOrigins) {
		s.writeProblem(c, ketenhub.Errorf(ketenhub.EFORBIDDEN,
			"Requests from this origin are not allowed.", "Verzoeken vanaf deze herkomst zijn niet toegestaan."))
		return
	}
	if sess == nil || !auth.CheckCSRF(sess, c.GetHeader(auth.CSRFHeader)) {
		s.writeProblem(c, ketenhub.Errorf(ketenhub.EFORBIDDEN,
			"The CSRF token is missing or wrong; reload the page.", "Het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw."))
		return
	}
	c.Next()
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sessionOf returns the request's session, nil without one.
func sessionOf(c *gin.Context) *ketenhub.Session {
	v, _ := c.Get(keySession)
	sess, _ := v.(*ketenhub.Session)
	return sess
}

// userOf returns the signed-in user; requireSession guarantees one.
func userOf(c *gin.Context) *ketenhub.User {
	v, _ := c.Get(keyUser)
	u, _ := v.(*ketenhub.User)
	return u
}
