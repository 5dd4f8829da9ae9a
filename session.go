package ketenhub

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID         int64
	TokenHash  []byte
	CSRFToken  string
	UserID     int64
	Issuer     string
	IDToken    string // kept for logout at the identity provider
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
}
