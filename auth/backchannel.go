package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/ketenhub/ketenhub"
)

// BackChannelLogoutEvent is the member of a logout token's events claim
// that makes it a back-channel logout (OpenID Connect Back-Channel Logout
// 1.0, section 2.4).
const BackChannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout"

// maxSIDLength is the longest provider session id the session store keeps.
const maxSIDLength = 255

// logoutTokenSkew is how far in the future a logout token's iat may lie
// (the provider's clock may run ahead of ours).
const logoutTokenSkew = 2 * time.Minute

// maxLogoutRequest bounds the body of a back-channel logout request.
const maxLogoutRequest = 64 << 10

// BackChannelLogoutURI is the back-channel logout URI to register at the
// provider with id (when its backchannel_logout is on).
func (l *Login) BackChannelLogoutURI(id string) string {
	return l.publicURL + "/auth/backchannel-logout/" + id
}

// recordedSID is the provider session id to record for a session: sid, or
// none if it is longer than the store keeps (the session then counts as
// named by any sid of its user).
func recordedSID(sid string) string {
	if len(sid) > maxSIDLength {
		return ""
	}
	return sid
}

// logoutClaims are the claims of a logout token that go-oidc's verifier
// does not check (section 2.4).
type logoutClaims struct {
	IssuedAt int64            `json:"iat"`
	JTI      string           `json:"jti"`
	SID      string           `json:"sid"`
	Events   json.RawMessage  `json:"events"`
	Nonce    *json.RawMessage `json:"nonce"`
}

// handleBackChannelLogout serves OpenID Connect Back-Channel Logout 1.0: the
// provider POSTs a logout token, and every session it names ends here, its
// websockets with it. The answer is 200 when the token is valid (whether or
// not a session was still live), 400 with an OAuth error body when not.
func (l *Login) handleBackChannelLogout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	w.Header().Set("Cache-Control", "no-store")
	id := r.PathValue("provider")
	p := l.providers[id]
	if p == nil || !p.cfg.BackchannelLogout {
		l.logoutError(w, r, id, ketenhub.ENOTFOUND, "no provider with back-channel logout by this id", nil)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxLogoutRequest)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		l.logoutError(w, r, id, ketenhub.EINVALID, "the request must be application/x-www-form-urlencoded", nil)
		return
	}
	if err := r.ParseForm(); err != nil {
		l.logoutError(w, r, id, ketenhub.EINVALID, "the request body cannot be read", err)
		return
	}
	raw := r.PostForm.Get("logout_token")
	if raw == "" {
		l.logoutError(w, r, id, ketenhub.EINVALID, "logout_token is missing", nil)
		return
	}
	d, err := p.discover(ctx, l.client, l.clock)
	if err != nil {
		l.logoutError(w, r, id, ketenhub.EUNAVAILABLE, "the provider's keys cannot be read at the moment", err)
		return
	}
	tok, err := l.verifyLogoutToken(ctx, d, raw)
	if err != nil {
		l.logoutError(w, r, id, ketenhub.EINVALID, "the logout token is not valid", err)
		return
	}
	fresh, err := l.sessions.RememberLogoutToken(ctx, tok.issuer, tok.jti, tok.expires)
	if err != nil {
		l.logoutError(w, r, id, ketenhub.EINTERNAL, "internal error", err)
		return
	} else if !fresh {
		l.logoutError(w, r, id, ketenhub.EINVALID, "the logout token was used before", errors.New("replayed jti"))
		return
	}
	ended, err := l.sessions.EndProviderSessions(ctx, tok.issuer, tok.subject, tok.sid)
	if err != nil {
		l.logoutError(w, r, id, ketenhub.EINTERNAL, "internal error", err)
		return
	}
	for _, sid := range ended {
		l.log.InfoContext(ctx, "signed out by the identity provider", append(Audit("provider:"+id, "sign_out", SessionObject(sid), AuditSuccess),
			"provider", id, "session_id", sid, "reason", "backchannel_logout")...)
	}
	l.log.InfoContext(ctx, "back-channel logout", "provider", id, "sessions_ended", len(ended), "by_sid", tok.sid != "", "by_subject", tok.subject != "")
	w.WriteHeader(http.StatusOK)
}

// logoutToken is what a valid logout token names.
type logoutToken struct {
	issuer, subject, sid, jti string
	expires                   time.Time
}

// verifyLogoutToken validates a logout token as section 2.6 asks: go-oidc's
// verifier checks the signature with the provider's keys, iss, aud (the
// client id) and exp; the rest is checked here.
func (l *Login) verifyLogoutToken(ctx context.Context, d *discovered, raw string) (*logoutToken, error) {
	if err := checkLogoutType(raw); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	idt, err := d.verifier.Verify(oidc.ClientContext(ctx, l.client), raw)
	if err != nil {
		return nil, fmt.Errorf("logout token: %w", err)
	}
	var c logoutClaims
	if err := idt.Claims(&c); err != nil {
		return nil, fmt.Errorf("logout token claims: %w", err)
	}
	switch {
	case c.Nonce != nil:
		return nil, errors.New("logout token has a nonce")
	case !hasLogoutEvent(c.Events):
		return nil, errors.New("logout token's events claim has no back-channel logout event")
	case idt.Subject == "" && c.SID == "":
		return nil, errors.New("logout token has neither sub nor sid")
	case c.JTI == "":
		return nil, errors.New("logout token has no jti")
	case c.IssuedAt <= 0:
		return nil, errors.New("logout token has no iat")
	case time.Unix(c.IssuedAt, 0).After(l.clock.Now().Add(logoutTokenSkew)):
		return nil, errors.New("logout token was issued in the future")
	case len(c.JTI) > maxSIDLength:
		return nil, errors.New("logout token's jti is too long")
	}
	return &logoutToken{issuer: idt.Issuer, subject: idt.Subject, sid: c.SID, jti: c.JTI, expires: idt.Expiry}, nil
}

// checkLogoutType refuses a token whose header names a type other than a
// logout token's (section 2.4: typ logout+jwt is recommended, so that an
// ID token cannot pass as a logout token; it may be absent).
func checkLogoutType(raw string) error {
	header, _, ok := strings.Cut(raw, ".")
	if !ok {
		return errors.New("logout token is not a JWT")
	}
	b, err := base64.RawURLEncoding.DecodeString(header)
	if err != nil {
		return fmt.Errorf("logout token header: %w", err)
	}
	var h struct {
		Typ *string `json:"typ"`
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Errorf("logout token header: %w", err)
	}
	if h.Typ != nil && !strings.EqualFold(*h.Typ, "logout+jwt") && !strings.EqualFold(*h.Typ, "application/logout+jwt") {
		return fmt.Errorf("logout token's typ is %q, not logout+jwt", *h.Typ)
	}
	return nil
}

// hasLogoutEvent reports whether events is a JSON object whose member
// BackChannelLogoutEvent is a JSON object.
func hasLogoutEvent(events json.RawMessage) bool {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(events, &m); err != nil {
		return false
	}
	var ev map[string]any
	return json.Unmarshal(m[BackChannelLogoutEvent], &ev) == nil && ev != nil
}

// logoutError answers a back-channel logout request that failed, with the
// status of code (ketenhub.StatusOf) and the OAuth error body that section
// 2.8 allows, and logs why. description is a fixed English sentence for the
// provider's log; the cause is only logged here.
func (l *Login) logoutError(w http.ResponseWriter, r *http.Request, providerID string, code, description string, cause error) {
	status := ketenhub.StatusOf(code)
	reason := description
	if cause != nil {
		reason += ": " + cause.Error()
	}
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	l.log.Log(r.Context(), level, "back-channel logout refused", append(Audit("provider:"+providerID, "backchannel_logout", "provider:"+providerID, AuditRefused),
		"provider", providerID, "status", status, "reason", reason)...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": oauthError(code), "error_description": description})
}

// oauthError is the OAuth error code (RFC 6749 section 5.2 and 4.1.2.1) of
// an error code.
func oauthError(code string) string {
	switch code {
	case ketenhub.EUNAVAILABLE:
		return "temporarily_unavailable"
	case ketenhub.EINTERNAL:
		return "server_error"
	}
	return "invalid_request"
}
