package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// CalendarFeedService implements ketenhub.CalendarFeedService. The token
// is a bearer secret in a URL; only its SHA-256 is stored, so a copy of the
// database does not open anyone's calendar.
type CalendarFeedService struct{ *base }

var _ ketenhub.CalendarFeedService = (*CalendarFeedService)(nil)

// feedTokenBytes is the token's length before encoding: 256 bits.
const feedTokenBytes = 32

func errFeedNotFound() error { return ketenhub.NotFound("calendar feed", "agendafeed") }

// CreateCalendarFeed gives the viewer a new feed token; an earlier one stops working.
func (s *CalendarFeedService) CreateCalendarFeed(ctx context.Context) (string, error) {
	v, err := viewer(ctx)
	if err != nil {
		return "", err
	}
	secret := make([]byte, feedTokenBytes)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("make feed token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(secret)
	err = s.transact(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", v.UserID).Delete(&calendarFeedRow{}).Error; err != nil {
			return fmt.Errorf("replace calendar feed: %w", err)
		}
		row := calendarFeedRow{UserID: v.UserID, TokenHash: feedTokenHash(token), CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create calendar feed: %w", err)
		}
		return s.audit(tx, v, "create_feed", ketenhub.SubjectUser, v.UserID, "calendar feed")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeCalendarFeed ends the viewer's feed; without one it does nothing.
func (s *CalendarFeedService) RevokeCalendarFeed(ctx context.Context) error {
	v, err := viewer(ctx)
	if err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		res := tx.Where("user_id = ?", v.UserID).Delete(&calendarFeedRow{})
		if res.Error != nil {
			return fmt.Errorf("revoke calendar feed: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return s.audit(tx, v, "revoke_feed", ketenhub.SubjectUser, v.UserID, "calendar feed")
	})
}

// ResolveCalendarFeed returns the viewer whose feed token is. It needs no
// viewer: the token is the credential. The token is hashed before the
// lookup, so the database compares digests, never the secret itself, and
// timing reveals nothing about it.
func (s *CalendarFeedService) ResolveCalendarFeed(ctx context.Context, token string) (ketenhub.Viewer, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != feedTokenBytes {
		return ketenhub.Viewer{}, errFeedNotFound()
	}
	var u userRow
	err = s.conn(ctx).Where("id = (SELECT user_id FROM calendar_feeds WHERE token_hash = ?)", feedTokenHash(token)).Take(&u).Error
	if isNotFound(err) {
		return ketenhub.Viewer{}, errFeedNotFound()
	} else if err != nil {
		return ketenhub.Viewer{}, fmt.Errorf("resolve calendar feed: %w", err)
	}
	user := u.domain()
	if err := withGroups(s.conn(ctx), map[int64]*ketenhub.User{user.ID: user}); err != nil {
		return ketenhub.Viewer{}, err
	}
	return user.Viewer(), nil
}

func feedTokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
