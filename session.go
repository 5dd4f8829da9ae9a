package ketenhub

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID        int64
	TokenHash []byte
	CSRFToken string
	UserID    int64
	Issuer    string
	IDToken   string // kept for logout at the identity provider
	// SID is the identity provider's session id (the ID token's sid claim),
	// by which a back-channel logout may name the session; empty if none.
	SID        string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute expiry
	RevokedAt  *time.Time
	UserAgent  string
	RemoteAddr string
}

// SessionStore keeps sessions. It knows nothing of tokens or timeouts: the
// auth package hashes tokens and enforces expiry.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	// FindSessionByTokenHash returns ENOTFOUND for an unknown hash.
	FindSessionByTokenHash(ctx context.Context, hash []byte) (*Session, error)
	// TouchSession records activity at t.
	TouchSession(ctx context.Context, id int64, t time.Time) error
	// RevokeSession ends one session at t.
	RevokeSession(ctx context.Context, id int64, t time.Time) error
	// FindUserSessions lists a user's sessions that are not revoked, newest first.
	FindUserSessions(ctx context.Context, userID int64) ([]*Session, error)
	// RevokeProviderSessions ends at t the sessions that a back-channel
	// logout of identity provider issuer names, and returns their ids. With
	// subject, only that user's sessions: those recorded with sid, or when
	// sid is empty all of them (sessions recorded without a sid count as
	// named by any sid of their user). Without subject, the sessions
	// recorded with sid. Both empty names nothing.
	RevokeProviderSessions(ctx context.Context, issuer, subject, sid string, t time.Time) ([]int64, error)
	// RememberLogoutToken records that issuer's logout token jti was used,
	// until expires (past which the token is refused anyway). It reports
	// false if the token was recorded before: a replay. Records past their
	// expiry at now are forgotten.
	RememberLogoutToken(ctx context.Context, issuer, jti string, expires, now time.Time) (bool, error)
}
