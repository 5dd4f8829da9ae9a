package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ketenhub/ketenhub"
)

// SessionStore implements ketenhub.SessionStore: plain persistence; the auth
// package hashes tokens and enforces expiry.
type SessionStore struct{ *base }

var _ ketenhub.SessionStore = (*SessionStore)(nil)

// CreateSession stores s and sets its ID.
func (s *SessionStore) CreateSession(ctx context.Context, sess *ketenhub.Session) error {
	row := sessionRow{TokenHash: sess.TokenHash, CSRFToken: sess.CSRFToken, UserID: sess.UserID, Issuer: sess.Issuer,
		IDToken: sess.IDToken, SID: sess.SID, CreatedAt: sess.CreatedAt, LastSeenAt: sess.LastSeenAt, ExpiresAt: sess.ExpiresAt,
		RevokedAt: sess.RevokedAt, UserAgent: sess.UserAgent, RemoteAddr: sess.RemoteAddr}
	if err := s.conn(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	sess.ID = row.ID
	return nil
}

// FindSessionByTokenHash returns ENOTFOUND for an unknown hash.
func (s *SessionStore) FindSessionByTokenHash(ctx context.Context, hash []byte) (*ketenhub.Session, error) {
	var row sessionRow
	if err := s.conn(ctx).Where("token_hash = ?", hash).Take(&row).Error; isNotFound(err) {
		return nil, ketenhub.NotFound("session", "sessie")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	return row.domain(), nil
}

// TouchSession records activity at t.
func (s *SessionStore) TouchSession(ctx context.Context, id int64, t time.Time) error {
	if err := s.conn(ctx).Model(&sessionRow{}).Where("id = ?", id).Update("last_seen_at", t.UTC()).Error; err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// RevokeSession ends one session at t.
func (s *SessionStore) RevokeSession(ctx context.Context, id int64, t time.Time) error {
	err := s.conn(ctx).Model(&sessionRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", t.UTC()).Error
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// FindUserSessions lists a user's sessions that are not revoked, newest first.
func (s *SessionStore) FindUserSessions(ctx context.Context, userID int64) ([]*ketenhub.Session, error) {
	var rows []sessionRow
	err := s.conn(ctx).Where("user_id = ? AND revoked_at IS NULL", userID).Order("created_at DESC, id DESC").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find sessions: %w", err)
	}
	out := make([]*ketenhub.Session, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// RevokeProviderSessions ends at t the sessions that a back-channel logout
// of issuer names (see ketenhub.SessionStore) and returns their ids.
func (s *SessionStore) RevokeProviderSessions(ctx context.Context, issuer, subject, sid string, t time.Time) ([]int64, error) {
	q := s.conn(ctx).Model(&sessionRow{}).Where("issuer = ? AND revoked_at IS NULL", issuer)
	switch {
	case subject != "" && sid != "":
		q = q.Where("user_id IN (?) AND sid IN (?, '')", s.subjectUsers(ctx, issuer, subject), sid)
	case subject != "":
		q = q.Where("user_id IN (?)", s.subjectUsers(ctx, issuer, subject))
	case sid != "":
		q = q.Where("sid = ?", sid)
	default:
		return nil, nil
	}
	var ids []int64
	if err := q.Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("find provider sessions: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	err := s.conn(ctx).Model(&sessionRow{}).Where("id IN ? AND revoked_at IS NULL", ids).Update("revoked_at", t.UTC()).Error
	if err != nil {
		return nil, fmt.Errorf("revoke provider sessions: %w", err)
	}
	return ids, nil
}

// subjectUsers is the subquery of the user that issuer knows as subject.
func (s *SessionStore) subjectUsers(ctx context.Context, issuer, subject string) *gorm.DB {
	return s.conn(ctx).Model(&userRow{}).Select("id").Where("issuer = ? AND subject = ?", issuer, subject)
}

// RememberLogoutToken records issuer's logout token jti until expires and
// reports false if it was recorded before (a replay).
func (s *SessionStore) RememberLogoutToken(ctx context.Context, issuer, jti string, expires, now time.Time) (bool, error) {
	if err := s.conn(ctx).Where("expires_at < ?", now.UTC()).Delete(&logoutTokenRow{}).Error; err != nil {
		return false, fmt.Errorf("forget expired logout tokens: %w", err)
	}
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&logoutTokenRow{Issuer: issuer, JTI: jti, ExpiresAt: expires.UTC()})
	if res.Error != nil {
		return false, fmt.Errorf("remember logout token: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

func (r *sessionRow) domain() *ketenhub.Session {
	return &ketenhub.Session{ID: r.ID, TokenHash: r.TokenHash, CSRFToken: r.CSRFToken, UserID: r.UserID, Issuer: r.Issuer,
		IDToken: r.IDToken, SID: r.SID, CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(),
		RevokedAt: r.RevokedAt, UserAgent: r.UserAgent, RemoteAddr: r.RemoteAddr}
}
