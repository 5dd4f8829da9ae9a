package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/ketenhub/ketenhub"
)

// SessionCookie is the name of the cookie that carries the session token.
// It is the only place a session token is accepted: no header or query
// parameter ever stands in for it.
const SessionCookie = "ketenhub_session"

// CSRFHeader is the request header that must carry the session's CSRF token
// on unsafe methods.
const CSRFHeader = "X-CSRF-Token"

// Default timeouts, used when SessionOptions leaves them zero.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// touchInterval bounds how often activity is written: at most once per
// interval per session, so that a busy browser does not cause a database
// write on every request. The idle timeout is therefore exact to within it.
const touchInterval = time.Minute

// tokenBytes is the entropy of session and CSRF tokens.
const tokenBytes = 32

// SessionOptions sets the timeouts of sessions.
type SessionOptions struct {
	// Idle ends a session after this long without a request (default 30 min).
	Idle time.Duration
	// Absolute ends a session this long after sign-in, active or not (default 12 h).
	Absolute time.Duration
	// Ended, if set, is told the ids of sessions just revoked (sign-out,
	// revocation, back-channel logout), so that their websockets can be
	// closed at once rather than at their next session check. It must
	// return quickly.
	Ended func(ctx context.Context, ids []int64)
}

func (o SessionOptions) withDefaults() SessionOptions {
	if o.Idle <= 0 {
		o.Idle = DefaultIdleTimeout
	}
	if o.Absolute <= 0 {
		o.Absolute = DefaultAbsoluteTimeout
	}
	return o
}

// SessionMeta is what the sign-in flow knows about a new session.
type SessionMeta struct {
	Issuer     string // the identity provider that signed the user in
	IDToken    string // kept for logout at the identity provider
	SID        string // the provider's session id (the ID token's sid), if any
	UserAgent  string
	RemoteAddr string
}

// Sessions are server-side browser sessions. The browser holds a random
// token; the store holds only its SHA-256 hash, so that a copy of the
// database does not let anyone sign in. Sessions enforces the idle and
// absolute timeouts; the store knows nothing of them.
type Sessions struct {
	store ketenhub.SessionStore
	users ketenhub.UserService
	clock ketenhub.Clock
	opt   SessionOptions
}

// NewSessions returns sessions kept in store, resolving to users of users.
// Zero timeouts in opt take the defaults.
func NewSessions(store ketenhub.SessionStore, users ketenhub.UserService, clock ketenhub.Clock, opt SessionOptions) *Sessions {
	return &Sessions{store: store, users: users, clock: clock, opt: opt.withDefaults()}
}

// Options returns the timeouts in force (after defaults), for example to
// set the cookie's lifetime.
func (s *Sessions) Options() SessionOptions { return s.opt }

// Create starts a session for u and returns the token for the browser's
// cookie (shown only this once) and the stored session, which carries the
// CSRF token for the page.
func (s *Sessions) Create(ctx context.Context, u *ketenhub.User, meta SessionMeta) (string, *ketenhub.Session, error) {
	if u == nil || u.ID == 0 {
		return "", nil, ketenhub.Errorf(ketenhub.EINVALID, "A session needs a saved user.", "Een sessie heeft een opgeslagen gebruiker nodig.")
	}
	token, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	now := s.clock.Now()
	sess := &ketenhub.Session{
		TokenHash:  hashToken(token),
		CSRFToken:  csrf,
		UserID:     u.ID,
		Issuer:     meta.Issuer,
		IDToken:    meta.IDToken,
		SID:        meta.SID,
		CreatedAt:  now,
		LastSeenAt: now,
		ExpiresAt:  now.Add(s.opt.Absolute),
		UserAgent:  meta.UserAgent,
		RemoteAddr: meta.RemoteAddr,
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	return token, sess, nil
}

// Resolve returns the live session named by token and its user, and records
// the activity. A token that is malformed, unknown, revoked, past its
// absolute expiry or idle too long gives EUNAUTHORIZED, without saying which.
func (s *Sessions) Resolve(ctx context.Context, token string) (*ketenhub.Session, *ketenhub.User, error) {
	sess, user, err := s.Check(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if now := s.clock.Now(); now.Sub(sess.LastSeenAt) >= touchInterval {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			return nil, nil, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return sess, user, nil
}

// Check is Resolve without recording activity: for the websocket, which
// must not keep a session alive (only what the user asks for does; an
// open board left alone still reaches the idle timeout).
func (s *Sessions) Check(ctx context.Context, token string) (*ketenhub.Session, *ketenhub.User, error) {
	sess, err := s.find(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if !s.live(sess, s.clock.Now()) {
		return nil, nil, ketenhub.Unauthorized()
	}
	user, err := s.users.FindUserByID(ctx, sess.UserID)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		return nil, nil, ketenhub.Unauthorized()
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session user: %w", err)
	}
	return sess, user, nil
}

// IdleExpiry returns when sess ends if nothing more is asked with it: its
// last recorded activity plus the idle timeout, or its absolute expiry if
// that comes first. Activity is recorded at most once a minute, so a
// request can leave it up to a minute short of "idle timeout from now".
func (s *Sessions) IdleExpiry(sess *ketenhub.Session) time.Time {
	if t := sess.LastSeenAt.Add(s.opt.Idle); t.Before(sess.ExpiresAt) {
		return t
	}
	return sess.ExpiresAt
}

// Revoke ends the session named by token (sign-out). Ending a session that
// is unknown, malformed or already over is not an error: the outcome the
// caller wants, no live session for this token, holds.
func (s *Sessions) Revoke(ctx context.Context, token string) error {
	sess, err := s.find(ctx, token)
	if ketenhub.ErrorCode(err) == ketenhub.EUNAUTHORIZED {
		return nil
	} else if err != nil {
		return err
	}
	if sess.RevokedAt != nil {
		return nil
	}
	return s.RevokeByID(ctx, sess.ID)
}

// RevokeByID ends one session by its id. It does not check who asks: the
// caller makes sure the viewer may (for example that the session is theirs,
// found with ListForUser).
func (s *Sessions) RevokeByID(ctx context.Context, id int64) error {
	if err := s.store.RevokeSession(ctx, id, s.clock.Now()); err != nil {
		return fmt.Errorf("revoke session %d: %w", id, err)
	}
	s.ended(ctx, []int64{id})
	return nil
}

// EndProviderSessions ends the sessions that a back-channel logout of the
// identity provider issuer names, by subject and/or the provider's session
// id sid (see ketenhub.SessionStore.RevokeProviderSessions), and returns
// their ids.
func (s *Sessions) EndProviderSessions(ctx context.Context, issuer, subject, sid string) ([]int64, error) {
	ids, err := s.store.RevokeProviderSessions(ctx, issuer, subject, sid, s.clock.Now())
	if err != nil {
		return nil, fmt.Errorf("end provider sessions: %w", err)
	}
	s.ended(ctx, ids)
	return ids, nil
}

// RememberLogoutToken records the use of issuer's logout token jti until
// expires, and reports false if it was used before (a replay).
func (s *Sessions) RememberLogoutToken(ctx context.Context, issuer, jti string, expires time.Time) (bool, error) {
	fresh, err := s.store.RememberLogoutToken(ctx, issuer, jti, expires, s.clock.Now())
	if err != nil {
		return false, fmt.Errorf("remember logout token: %w", err)
	}
	return fresh, nil
}

func (s *Sessions) ended(ctx context.Context, ids []int64) {
	if s.opt.Ended != nil && len(ids) > 0 {
		s.opt.Ended(ctx, ids)
	}
}

// ListForUser returns the user's live sessions (not revoked, not expired),
// newest first.
func (s *Sessions) ListForUser(ctx context.Context, userID int64) ([]*ketenhub.Session, error) {
	all, err := s.store.FindUserSessions(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("find user sessions: %w", err)
	}
	now := s.clock.Now()
	live := make([]*ketenhub.Session, 0, len(all))
	for _, sess := range all {
		if s.live(sess, now) {
			live = append(live, sess)
		}
	}
	return live, nil
}

// find returns the stored session whose hash matches token, revoked or not;
// EUNAUTHORIZED if there is none.
func (s *Sessions) find(ctx context.Context, token string) (*ketenhub.Session, error) {
	if !wellFormed(token) {
		return nil, ketenhub.Unauthorized() // spare the database a lookup of garbage
	}
	hash := hashToken(token)
	sess, err := s.store.FindSessionByTokenHash(ctx, hash)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		return nil, ketenhub.Unauthorized()
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	// The store looked it up by hash; comparing again costs nothing and
	// does not rely on how the store matched.
	if subtle.ConstantTimeCompare(sess.TokenHash, hash) != 1 {
		return nil, ketenhub.Unauthorized()
	}
	return sess, nil
}

// live reports whether sess is neither revoked, nor past its absolute
// expiry, nor idle longer than the idle timeout at now.
func (s *Sessions) live(sess *ketenhub.Session, now time.Time) bool {
	switch {
	case sess.RevokedAt != nil:
		return false
	case !now.Before(sess.ExpiresAt):
		return false
	case now.Sub(sess.LastSeenAt) > s.opt.Idle:
		return false
	}
	return true
}

// CheckCSRF reports whether presented is the session's CSRF token, in
// constant time. An empty token never matches.
func CheckCSRF(sess *ketenhub.Session, presented string) bool {
	if sess == nil || sess.CSRFToken == "" || presented == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(presented)) == 1
}

// randomToken returns tokenBytes random bytes as unpadded base64url.
func randomToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the store keeps of a token.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// wellFormed reports whether token looks like one randomToken made. The
// hash is taken of the string itself, so that a token with other spare
// bits in its last character does not decode to the same session.
func wellFormed(token string) bool {
	b, err := base64.RawURLEncoding.Strict().DecodeString(token)
	return err == nil && len(b) == tokenBytes
}
