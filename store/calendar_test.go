package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

func TestCalendarFeeds(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		feeds := w.Svc.CalendarFeeds

		token, err := feeds.CreateCalendarFeed(w.Politie.Ctx)
		mustOK(t, err, "create feed")
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || len(raw) != 32 || len(token) != 43 {
			t.Fatalf("token %q: %d bytes (%v), want 32 random bytes as unpadded base64url", token, len(raw), err)
		}
		var stored [][]byte
		mustOK(t, w.DB.Gorm().Raw(`SELECT token_hash FROM calendar_feeds WHERE user_id = ?`, w.Politie.User.ID).Scan(&stored).Error, "read feed row")
		sum := sha256.Sum256([]byte(token))
		if len(stored) != 1 || !bytes.Equal(stored[0], sum[:]) {
			t.Fatalf("stored %x, want only the token's SHA-256 %x", stored, sum)
		}

		v, err := feeds.ResolveCalendarFeed(context.Background(), token)
		mustOK(t, err, "resolve")
		if want := w.Politie.User.Viewer(); !sameViewer(v, want) {
			t.Errorf("resolved %+v, want %+v", v, want)
		}
		admin, err := feeds.CreateCalendarFeed(w.AdminCtx)
		mustOK(t, err, "create beheerder's feed")
		if v, err := feeds.ResolveCalendarFeed(context.Background(), admin); err != nil || !sameViewer(v, w.Beheerder.Viewer()) || !v.IsBeheerder() {
			t.Errorf("beheerder's feed resolved to %+v, %v; want the beheerder with their platform role", v, err)
		}

		// A new feed replaces the old one.
		renewed, err := feeds.CreateCalendarFeed(w.Politie.Ctx)
		mustOK(t, err, "renew feed")
		if renewed == token {
			t.Fatal("renewed token equals the old one")
		}
		_, err = feeds.ResolveCalendarFeed(context.Background(), token)
		wantCode(t, err, ketenhub.ENOTFOUND)
		if v, err := feeds.ResolveCalendarFeed(context.Background(), renewed); err != nil || v.UserID != w.Politie.User.ID {
			t.Errorf("renewed token resolved to %+v, %v", v, err)
		}
		if n := countRows(t, w.DB, "calendar_feeds", "user_id = ?", w.Politie.User.ID); n != 1 {
			t.Errorf("feeds of the user = %d, want 1", n)
		}

		flipped := []byte(renewed)
		flipped[10] = 'A'
		if renewed[10] == 'A' {
			flipped[10] = 'B'
		}
		for name, bad := range map[string]string{
			"empty": "", "short": "abc", "padded": renewed + "=", "longer": renewed + "A", "not base64": strings.Repeat("!", 43),
			"other token": base64.RawURLEncoding.EncodeToString(make([]byte, 32)), "one character changed": string(flipped),
			"the hash": base64.RawURLEncoding.EncodeToString(sum[:]),
		} {
			if _, err := feeds.ResolveCalendarFeed(context.Background(), bad); ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND {
				t.Errorf("%s token: %v, want not found", name, err)
			}
		}

		mustOK(t, feeds.RevokeCalendarFeed(w.Politie.Ctx), "revoke")
		_, err = feeds.ResolveCalendarFeed(context.Background(), renewed)
		wantCode(t, err, ketenhub.ENOTFOUND)
		mustOK(t, feeds.RevokeCalendarFeed(w.Politie.Ctx), "revoke without a feed")
		if _, err := feeds.ResolveCalendarFeed(context.Background(), admin); err != nil {
			t.Errorf("revoking one user's feed ended another's: %v", err)
		}

		for action, want := range map[string]int64{"create_feed": 2, "revoke_feed": 1} {
			if n := countRows(t, w.DB, "audit_log", "action = ? AND actor_user_id = ? AND subject_type = 'user' AND subject_id = ?", action, w.Politie.User.ID, w.Politie.User.ID); n != want {
				t.Errorf("audit %s rows = %d, want %d", action, n, want)
			}
		}

		_, err = feeds.CreateCalendarFeed(context.Background())
		wantCode(t, err, ketenhub.EUNAUTHORIZED)
		wantCode(t, feeds.RevokeCalendarFeed(context.Background()), ketenhub.EUNAUTHORIZED)
	})
}

// sameViewer compares two viewers, a nil and an empty list of groups alike.
func sameViewer(a, b ketenhub.Viewer) bool {
	return a.UserID == b.UserID && a.OrganisationID == b.OrganisationID && a.PlatformRole == b.PlatformRole &&
		a.OrganisationRole == b.OrganisationRole && slices.Equal(a.Groups, b.Groups)
}
