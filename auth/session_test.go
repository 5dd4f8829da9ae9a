package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// MustOpenDB opens a fresh, migrated database of the given kind.
func MustOpenDB(tb testing.TB, kind string) *store.DB {
	tb.Helper()
	var cfg store.Config
	switch kind {
	case "sqlite":
		cfg.DataDir = tb.TempDir()
	case "postgres":
		cfg.DatabaseURL = storetest.PostgresURL(tb)
	default:
		tb.Fatalf("unknown database kind %q", kind)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open %s: %v", kind, err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate %s: %v", kind, err)
	}
	return db
}

// sessionEnv is a database with one organisation and one user, and
// sessions on top of the store's session store.
type sessionEnv struct {
	db       *store.DB
	svc      *store.Services
	clock    *storetest.Clock
	sessions *auth.Sessions
	user     *ketenhub.User
}

func newSessionEnv(t *testing.T, kind string, opt auth.SessionOptions) *sessionEnv {
	t.Helper()
	db := MustOpenDB(t, kind)
	clock := storetest.NewClock()
	svc := store.NewServices(db, policy.Policy{}, clock)
	ctx := context.Background()
	orgID := insertOrganisation(t, db, "Gemeente Sessiestad")
	u := &ketenhub.User{Issuer: "https://idp.example.nl", Subject: "oov-1", Name: "Olga OOV", Email: "olga@example.nl", OrganisationID: orgID}
	if err := svc.Users.UpsertUser(ctx, u); err != nil {
		t.Fatalf("upsert user: %v", err)
	}
	return &sessionEnv{db: db, svc: svc, clock: clock, sessions: auth.NewSessions(svc.Sessions, svc.Users, clock, opt), user: u}
}

// create starts a session for the env's user.
func (e *sessionEnv) create(t *testing.T) (string, *ketenhub.Session) {
	t.Helper()
	token, sess, err := e.sessions.Create(context.Background(), e.user, auth.SessionMeta{
		Issuer: e.user.Issuer, IDToken: "id-token", UserAgent: "auth_test", RemoteAddr: "192.0.2.1",
	})
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	return token, sess
}

// mustResolve resolves token and fails the test unless it is e.user's session id.
func (e *sessionEnv) mustResolve(t *testing.T, token string, id int64) *ketenhub.Session {
	t.Helper()
	sess, u, err := e.sessions.Resolve(context.Background(), token)
	if err != nil {
		t.Fatalf("resolve at %s: %v", e.clock.Now().Format(time.TimeOnly), err)
	}
	if got, want := sess.ID, id; got != want {
		t.Errorf("session id = %d, want %d", got, want)
	}
	if got, want := u.ID, e.user.ID; got != want {
		t.Errorf("user id = %d, want %d", got, want)
	}
	return sess
}

// mustNotResolve fails the test unless token is refused with EUNAUTHORIZED
// and the usual message, the same whatever the reason.
func (e *sessionEnv) mustNotResolve(t *testing.T, token string) {
	t.Helper()
	sess, u, err := e.sessions.Resolve(context.Background(), token)
	if got, want := ketenhub.ErrorCode(err), ketenhub.EUNAUTHORIZED; got != want {
		t.Fatalf("resolve %q: error code %q (%v), want %q", token, got, err, want)
	}
	if got, want := err.Error(), ketenhub.Unauthorized().Error(); got != want {
		t.Errorf("error = %q, want the plain %q (never say why)", got, want)
	}
	if sess != nil || u != nil {
		t.Errorf("resolve returned a session (%v) or user (%v) with the error", sess, u)
	}
}

// storedSession reads the session as the store has it now.
func (e *sessionEnv) storedSession(t *testing.T, token string) *ketenhub.Session {
	t.Helper()
	h := sha256.Sum256([]byte(token))
	sess, err := e.svc.Sessions.FindSessionByTokenHash(context.Background(), h[:])
	if err != nil {
		t.Fatalf("find stored session: %v", err)
	}
	return sess
}

// insertOrganisation adds an organisation row directly: the service would
// need a signed-in beheerder, and sessions are what sign people in.
func insertOrganisation(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	row := map[string]any{"name": name, "kind": string(ketenhub.KindGemeente), "version": 1, "created_at": now, "updated_at": now}
	if err := db.Gorm().WithContext(context.Background()).Table("organisations").Create(row).Error; err != nil {
		t.Fatalf("insert organisation: %v", err)
	}
	var id int64
	if err := db.Gorm().Table("organisations").Where("name = ?", name).Pluck("id", &id).Error; err != nil {
		t.Fatalf("read organisation id: %v", err)
	}
	return id
}

func forEachKind(t *testing.T, f func(t *testing.T, kind string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f(t, kind)
		})
	}
}

func TestSessions_CreateAndResolve(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		start := e.clock.Now()
		token, sess := e.create(t)

		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || len(raw) != 32 {
			t.Errorf("token %q is not 32 bytes of unpadded base64url (%d bytes, %v)", token, len(raw), err)
		}
		if sess.ID == 0 {
			t.Error("session id not set")
		}
		if sess.CSRFToken == "" || sess.CSRFToken == token {
			t.Errorf("CSRF token %q must be set and differ from the session token", sess.CSRFToken)
		}
		if got, want := sess.ExpiresAt, start.Add(auth.DefaultAbsoluteTimeout); !got.Equal(want) {
			t.Errorf("expires at %v, want %v (the default absolute timeout)", got, want)
		}

		got := e.mustResolve(t, token, sess.ID)
		if got.CSRFToken != sess.CSRFToken {
			t.Errorf("resolved CSRF token %q, want %q", got.CSRFToken, sess.CSRFToken)
		}
		if got.Issuer != e.user.Issuer || got.IDToken != "id-token" || got.UserAgent != "auth_test" || got.RemoteAddr != "192.0.2.1" {
			t.Errorf("resolved session lost its meta: %+v", got)
		}
		if !got.ExpiresAt.Equal(sess.ExpiresAt) {
			t.Errorf("resolved expiry %v, want %v", got.ExpiresAt, sess.ExpiresAt)
		}

		t.Run("SecondSessionHasOwnTokens", func(t *testing.T) {
			token2, sess2 := e.create(t)
			if token2 == token || sess2.CSRFToken == sess.CSRFToken || sess2.ID == sess.ID {
				t.Errorf("two sessions share a token or id: %q/%q, %q/%q, %d/%d", token, token2, sess.CSRFToken, sess2.CSRFToken, sess.ID, sess2.ID)
			}
			e.mustResolve(t, token2, sess2.ID)
			e.mustResolve(t, token, sess.ID)
		})
	})
}

func TestSessions_Create_NoUser(t *testing.T) {
	e := newSessionEnv(t, "sqlite", auth.SessionOptions{})
	for name, u := range map[string]*ketenhub.User{"Nil": nil, "Unsaved": {Name: "Nobody"}} {
		t.Run(name, func(t *testing.T) {
			_, _, err := e.sessions.Create(context.Background(), u, auth.SessionMeta{})
			if got, want := ketenhub.ErrorCode(err), ketenhub.EINVALID; got != want {
				t.Errorf("error code %q (%v), want %q", got, err, want)
			}
		})
	}
}

func TestSessions_StoredHashIsNotTheToken(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		token, sess := e.create(t)

		want := sha256.Sum256([]byte(token))
		if string(sess.TokenHash) != string(want[:]) {
			t.Errorf("token hash = %x, want SHA-256 of the token %x", sess.TokenHash, want)
		}
		stored := e.storedSession(t, token)
		if got := stored.TokenHash; string(got) != string(want[:]) {
			t.Errorf("stored hash = %x, want %x", got, want)
		}

		// No column of the stored row holds the token, in any form.
		raw, _ := base64.RawURLEncoding.DecodeString(token)
		for col, v := range sessionRow(t, e.db) {
			s := fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				s = string(b)
			}
			if strings.Contains(s, token) || strings.Contains(s, string(raw)) || strings.Contains(s, fmt.Sprintf("%x", raw)) {
				t.Errorf("column %s holds the token: %q", col, s)
			}
		}
	})
}

func TestSessions_IdleTimeout(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{Idle: 30 * time.Minute, Absolute: 12 * time.Hour})
		token, sess := e.create(t)

		// Activity keeps the session alive well past one idle period.
		for range 4 {
			e.clock.Add(29 * time.Minute)
			e.mustResolve(t, token, sess.ID)
		}
		// Exactly at the idle timeout it still holds; a moment later it is over.
		e.clock.Add(30 * time.Minute)
		e.mustResolve(t, token, sess.ID)
		e.clock.Add(30*time.Minute + time.Second)
		e.mustNotResolve(t, token)

		// Once over it stays over, even though the failed attempt was activity of a sort.
		e.clock.Add(time.Second)
		e.mustNotResolve(t, token)
	})
}

func TestSessions_IdleTimeoutDefault(t *testing.T) {
	e := newSessionEnv(t, "sqlite", auth.SessionOptions{})
	token, _ := e.create(t)
	e.clock.Add(auth.DefaultIdleTimeout + time.Second)
	e.mustNotResolve(t, token)
}

func TestSessions_AbsoluteTimeout(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{Idle: 30 * time.Minute, Absolute: 2 * time.Hour})
		token, sess := e.create(t)
		if got, want := sess.ExpiresAt, e.clock.Now().Add(2*time.Hour); !got.Equal(want) {
			t.Errorf("expires at %v, want %v", got, want)
		}
		// Busy all the time: a request every 10 minutes.
		for range 11 {
			e.clock.Add(10 * time.Minute)
			e.mustResolve(t, token, sess.ID)
		}
		e.clock.Add(9*time.Minute + 59*time.Second) // 1 s before the end
		e.mustResolve(t, token, sess.ID)
		e.clock.Add(time.Second)
		e.mustNotResolve(t, token)
	})
}

func TestSessions_TouchAtMostOncePerMinute(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		start := e.clock.Now()
		token, sess := e.create(t)

		e.clock.Add(20 * time.Second)
		e.mustResolve(t, token, sess.ID)
		e.clock.Add(20 * time.Second)
		e.mustResolve(t, token, sess.ID)
		if got := e.storedSession(t, token).LastSeenAt; !got.Equal(start) {
			t.Errorf("last seen %v after 40 s, want still %v (no write within a minute)", got, start)
		}

		e.clock.Add(25 * time.Second)
		resolved := e.mustResolve(t, token, sess.ID)
		want := start.Add(65 * time.Second)
		if got := e.storedSession(t, token).LastSeenAt; !got.Equal(want) {
			t.Errorf("stored last seen %v, want %v", got, want)
		}
		if got := resolved.LastSeenAt; !got.Equal(want) {
			t.Errorf("returned last seen %v, want %v", got, want)
		}
	})
}

func TestSessions_Revoke(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		ctx := context.Background()
		token, _ := e.create(t)
		other, otherSess := e.create(t)

		if err := e.sessions.Revoke(ctx, token); err != nil {
			t.Fatalf("revoke: %v", err)
		}
		e.mustNotResolve(t, token)
		e.mustResolve(t, other, otherSess.ID) // only that one ended
		if got := e.storedSession(t, token).RevokedAt; got == nil || !got.Equal(e.clock.Now()) {
			t.Errorf("revoked at %v, want %v", got, e.clock.Now())
		}

		t.Run("Again", func(t *testing.T) {
			if err := e.sessions.Revoke(ctx, token); err != nil {
				t.Errorf("revoking twice: %v", err)
			}
		})
		t.Run("UnknownOrMalformedToken", func(t *testing.T) {
			for _, tok := range []string{"", "garbage", strings.Repeat("A", 43)} {
				if err := e.sessions.Revoke(ctx, tok); err != nil {
					t.Errorf("revoke %q: %v", tok, err)
				}
			}
			e.mustResolve(t, other, otherSess.ID)
		})
		t.Run("ByID", func(t *testing.T) {
			if err := e.sessions.RevokeByID(ctx, otherSess.ID); err != nil {
				t.Fatalf("revoke by id: %v", err)
			}
			e.mustNotResolve(t, other)
		})
	})
}

func TestSessions_TamperedOrUnknownToken(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		token, sess := e.create(t)
		hash := sha256.Sum256([]byte(token))
		revoked, _ := e.create(t)
		if err := e.sessions.Revoke(context.Background(), revoked); err != nil {
			t.Fatal(err)
		}

		tampered := map[string]string{
			"Empty":            "",
			"Garbage":          "not-a-token",
			"FirstCharChanged": flip(token, 0),
			"LastCharChanged":  flip(token, len(token)-1),
			"Truncated":        token[:len(token)-1],
			"Extended":         token + "A",
			"Padded":           token + "=",
			"StdEncoding":      strings.NewReplacer("-", "+", "_", "/").Replace(token) + "=",
			"UpperCase":        strings.ToUpper(token),
			"HashHex":          fmt.Sprintf("%x", hash),
			"HashBase64":       base64.RawURLEncoding.EncodeToString(hash[:]),
			"CSRFToken":        sess.CSRFToken,
			"Unknown":          base64.RawURLEncoding.EncodeToString(make([]byte, 32)),
			"Revoked":          revoked,
			"WithSpace":        " " + token,
		}
		for name, tok := range tampered {
			if tok == token {
				continue // ToUpper or the replacer may leave a token unchanged
			}
			t.Run(name, func(t *testing.T) { e.mustNotResolve(t, tok) })
		}
		e.mustResolve(t, token, sess.ID)
	})
}

func TestSessions_ListForUser(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{Idle: 30 * time.Minute, Absolute: 12 * time.Hour})
		ctx := context.Background()
		_, idle := e.create(t) // will go idle
		e.clock.Add(20 * time.Minute)
		revokedTok, _ := e.create(t)
		e.clock.Add(time.Minute)
		older, olderSess := e.create(t)
		e.clock.Add(time.Minute)
		newer, newerSess := e.create(t)
		if err := e.sessions.Revoke(ctx, revokedTok); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(15 * time.Minute) // the first is now 37 minutes idle
		e.mustResolve(t, older, olderSess.ID)
		e.mustResolve(t, newer, newerSess.ID)

		got, err := e.sessions.ListForUser(ctx, e.user.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if want := []int64{newerSess.ID, olderSess.ID}; fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("live sessions %v, want %v (newest first; not %d which went idle, nor the revoked one)", ids, want, idle.ID)
		}

		others, err := e.sessions.ListForUser(ctx, e.user.ID+1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(others) != 0 {
			t.Errorf("another user has %d sessions, want 0", len(others))
		}
	})
}

// TestSessions_ResolveWithoutViewer: the middleware resolves a session
// before there is a viewer; the user must be found all the same.
func TestSessions_ResolveWithoutViewer(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newSessionEnv(t, kind, auth.SessionOptions{})
		token, sess := e.create(t)
		if _, ok := ketenhub.ViewerFromContext(context.Background()); ok {
			t.Fatal("background context has a viewer")
		}
		got, u, err := e.sessions.Resolve(context.Background(), token)
		if err != nil {
			t.Fatalf("resolve without viewer: %v", err)
		}
		if got.ID != sess.ID || u.ID != e.user.ID || u.OrganisationID != e.user.OrganisationID || u.Name != e.user.Name {
			t.Errorf("resolved %+v / %+v, want session %d of %+v", got, u, sess.ID, e.user)
		}
	})
}

// sessionRow reads the only row of the sessions table, every column as the
// driver returns it.
func sessionRow(t *testing.T, db *store.DB) map[string]any {
	t.Helper()
	sqlDB, err := db.Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sqlDB.Query(`SELECT * FROM sessions`)
	if err != nil {
		t.Fatalf("read sessions table: %v", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]any{}
	n := 0
	for rows.Next() {
		n++
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("scan session row: %v", err)
		}
		for i, c := range cols {
			row[c] = vals[i]
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d session rows, want 1", n)
	}
	return row
}

// flip changes the character of s at i to another base64url character.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}
