package store_test

import (
	"context"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// TestSessions_BackChannelLogout: a logout token names sessions by the
// subject, by the identity provider's session id, or both; only sessions of
// that issuer end, and a token's jti is honoured once.
func TestSessions_BackChannelLogout(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		store := f.Svc.Sessions
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		org := f.Org("Politie Test", ketenhub.KindPolitie)
		anna, bert := f.User("Anna Vertrekt", org.ID), f.User("Bert Blijft", org.ID)
		n := 0
		newSession := func(u *ketenhub.User, issuer, sid string) int64 {
			t.Helper()
			n++
			hash := sha256.Sum256([]byte{byte(n)})
			s := &ketenhub.Session{TokenHash: hash[:], CSRFToken: "csrf", UserID: u.ID, Issuer: issuer, SID: sid,
				CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}
			mustOK(t, store.CreateSession(ctx, s), "create session")
			return s.ID
		}
		const idp = "https://idp.test"
		annaA := newSession(anna, idp, "sid-a")
		annaB := newSession(anna, idp, "sid-b")
		annaOld := newSession(anna, idp, "") // signed in before sids were recorded
		annaElsewhere := newSession(anna, "https://other.test", "sid-a")
		bertC := newSession(bert, idp, "sid-c")

		revoke := func(subject, sid string, want ...int64) {
			t.Helper()
			got, err := store.RevokeProviderSessions(ctx, idp, subject, sid, t0.Add(time.Hour))
			mustOK(t, err, "revoke provider sessions")
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("revoke (sub %q, sid %q) ended %v, want %v", subject, sid, got, want)
			}
		}
		revoke("", "")                                   // names nothing
		revoke("bert.blijft", "sid-a")                   // Anna's sid with Bert's subject: only Bert's session without a sid, of which he has none
		revoke("anna.vertrekt", "sid-a", annaA, annaOld) // that sid, and her sessions of unknown sid
		revoke("", "sid-b", annaB)
		revoke("anna.vertrekt", "") // nothing left at this issuer
		revoke("bert.blijft", "", bertC)

		live, err := store.FindUserSessions(ctx, anna.ID)
		mustOK(t, err, "find")
		if len(live) != 1 || live[0].ID != annaElsewhere || live[0].SID != "sid-a" {
			t.Errorf("Anna's live sessions = %+v, want only the one at the other issuer", live)
		}

		t.Run("RememberLogoutToken", func(t *testing.T) {
			exp := t0.Add(2 * time.Minute)
			fresh, err := store.RememberLogoutToken(ctx, idp, "jti-1", exp, t0)
			mustOK(t, err, "remember")
			if !fresh {
				t.Error("first use reported as a replay")
			}
			fresh, err = store.RememberLogoutToken(ctx, idp, "jti-1", exp, t0.Add(time.Minute))
			mustOK(t, err, "remember again")
			if fresh {
				t.Error("replay reported as first use")
			}
			fresh, err = store.RememberLogoutToken(ctx, "https://other.test", "jti-1", t0.Add(time.Hour), t0)
			mustOK(t, err, "remember at another issuer")
			if !fresh {
				t.Error("the same jti of another issuer reported as a replay")
			}
			if _, err := store.RememberLogoutToken(ctx, idp, "jti-2", t0.Add(time.Hour), t0.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if got := countRows(t, f.DB, "logout_tokens", "jti = ?", "jti-1"); got != 1 {
				t.Errorf("expired jti-1 rows = %d, want 1 (only the other issuer's, not expired)", got)
			}
		})
	})
}
