package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestSessions(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background() // sessions are resolved before there is a viewer
		sessions := f.Svc.Sessions
		u := f.Beheerder
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		newSession := func(token string, at time.Time) *ketenhub.Session {
			t.Helper()
			hash := sha256.Sum256([]byte(token))
			s := &ketenhub.Session{TokenHash: hash[:], CSRFToken: "csrf-" + token, UserID: u.ID, Issuer: "https://idp.test",
				IDToken: "eyJ." + token, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(12 * time.Hour),
				UserAgent: "Firefox", RemoteAddr: "192.0.2.7"}
			mustOK(t, sessions.CreateSession(ctx, s), "create session")
			if s.ID == 0 {
				t.Fatal("ID not set")
			}
			return s
		}
		hashOf := func(token string) []byte { h := sha256.Sum256([]byte(token)); return h[:] }

		first := newSession("een", t0)

		t.Run("FindByTokenHash", func(t *testing.T) {
			got, err := sessions.FindSessionByTokenHash(ctx, hashOf("een"))
			mustOK(t, err, "find")
			if got.ID != first.ID || got.UserID != u.ID || got.CSRFToken != "csrf-een" || got.Issuer != first.Issuer ||
				got.IDToken != first.IDToken || got.UserAgent != "Firefox" || got.RemoteAddr != "192.0.2.7" || !bytes.Equal(got.TokenHash, first.TokenHash) {
				t.Errorf("found %+v, want %+v", got, first)
			}
			if !got.CreatedAt.Equal(t0) || !got.LastSeenAt.Equal(t0) || !got.ExpiresAt.Equal(t0.Add(12*time.Hour)) || got.RevokedAt != nil {
				t.Errorf("times created %v seen %v expires %v revoked %v", got.CreatedAt, got.LastSeenAt, got.ExpiresAt, got.RevokedAt)
			}
			_, err = sessions.FindSessionByTokenHash(ctx, hashOf("onbekend"))
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = sessions.FindSessionByTokenHash(ctx, nil)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("Touch", func(t *testing.T) {
			seen := t0.Add(17 * time.Minute)
			mustOK(t, sessions.TouchSession(ctx, first.ID, seen), "touch")
			got, err := sessions.FindSessionByTokenHash(ctx, hashOf("een"))
			mustOK(t, err, "find")
			if !got.LastSeenAt.Equal(seen) || !got.CreatedAt.Equal(t0) {
				t.Errorf("after touch: seen %v created %v, want %v and %v", got.LastSeenAt, got.CreatedAt, seen, t0)
			}
		})

		second := newSession("twee", t0.Add(time.Hour))
		third := newSession("drie", t0.Add(2*time.Hour))

		t.Run("ListNewestFirst", func(t *testing.T) {
			list, err := sessions.FindUserSessions(ctx, u.ID)
			mustOK(t, err, "list")
			want := []int64{third.ID, second.ID, first.ID}
			got := make([]int64, len(list))
			for i, s := range list {
				got[i] = s.ID
			}
			if !slices.Equal(got, want) {
				t.Errorf("sessions = %v, want %v", got, want)
			}
		})

		t.Run("Revoke", func(t *testing.T) {
			at := t0.Add(3 * time.Hour)
			mustOK(t, sessions.RevokeSession(ctx, second.ID, at), "revoke")
			got, err := sessions.FindSessionByTokenHash(ctx, hashOf("twee"))
			mustOK(t, err, "find revoked")
			if got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
				t.Errorf("RevokedAt = %v, want %v", got.RevokedAt, at)
			}
			// Revoking again keeps the first time.
			mustOK(t, sessions.RevokeSession(ctx, second.ID, at.Add(time.Hour)), "revoke again")
			got, err = sessions.FindSessionByTokenHash(ctx, hashOf("twee"))
			mustOK(t, err, "find revoked")
			if got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
				t.Errorf("RevokedAt after a second revoke = %v, want still %v", got.RevokedAt, at)
			}
			list, err := sessions.FindUserSessions(ctx, u.ID)
			mustOK(t, err, "list")
			if len(list) != 2 || list[0].ID != third.ID || list[1].ID != first.ID {
				t.Errorf("sessions after revoke = %d, want [%d %d]", len(list), third.ID, first.ID)
			}
		})

		t.Run("OtherUser", func(t *testing.T) {
			list, err := sessions.FindUserSessions(ctx, u.ID+1000)
			mustOK(t, err, "list of a user without sessions")
			if len(list) != 0 {
				t.Errorf("sessions = %d, want 0", len(list))
			}
		})

		t.Run("TokenHashIsUnique", func(t *testing.T) {
			dup := &ketenhub.Session{TokenHash: hashOf("een"), CSRFToken: "x", UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0}
			if err := sessions.CreateSession(ctx, dup); err == nil {
				t.Error("a second session with the same token hash was stored")
			}
		})
	})
}
