package oracle_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// origin is the page origin the hub accepts unsafe requests and websockets from.
const origin = "https://ketenhub.example"

// hub is the whole product wired as cmd/ketenhub wires it (store, sessions,
// realtime hub on the database's bus, HTTP server), with the policy under
// test injected everywhere a policy is used, served over real HTTP.
type hub struct {
	url      string
	db       *store.DB
	svc      *store.Services
	sessions *auth.Sessions
}

// startHub opens a fresh database of kind and serves the hub on it with pol.
func startHub(t *testing.T, kind string, pol ketenhub.Policy) *hub {
	t.Helper()
	ctx := context.Background()
	cfg := store.Config{DataDir: t.TempDir()}
	if kind == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	clock := ketenhub.SystemClock{}
	svc := store.NewServices(db, pol, clock)
	sessions := auth.NewSessions(svc.Sessions, svc.Users, clock, auth.SessionOptions{Idle: time.Hour, Absolute: 12 * time.Hour})
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError}))
	rt := startRealtime(t, cfg, db, pol, sessions, log)
	srv := server.New(server.Config{AllowedOrigins: []string{origin}, Logger: log, Realtime: rt},
		server.Services{Services: svc.Services, Sessions: sessions})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &hub{url: hs.URL, db: db, svc: svc, sessions: sessions}
}

// startRealtime runs the websocket hub as cmd/ketenhub does: on PostgreSQL
// it LISTENs and is told of its own commits at once; on SQLite the commit
// hook feeds an in-process bus.
func startRealtime(t *testing.T, cfg store.Config, db *store.DB, pol ketenhub.Policy, sessions *auth.Sessions, log *slog.Logger) *realtime.Hub {
	t.Helper()
	var bus realtime.Bus
	if db.Kind() == store.KindPostgres {
		bus = pgbus.New(cfg.DatabaseURL, db, log)
	} else {
		local := realtime.NewLocalBus()
		db.SetCommitHook(local.Publish)
		bus = local
	}
	rt, err := realtime.New(realtime.Config{Policy: pol, Sessions: sessions, Feed: db, Bus: bus, AllowedOrigins: []string{origin}, Logger: log})
	if err != nil {
		t.Fatalf("realtime: %v", err)
	}
	if db.Kind() == store.KindPostgres {
		db.SetCommitHook(rt.Announce)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); rt.Run(ctx) }()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		rt.Shutdown(sctx)
		cancel()
		<-done
	})
	if pg, ok := bus.(*pgbus.Bus); ok {
		for deadline := time.Now().Add(10 * time.Second); pg.PID() == 0; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("realtime: the PostgreSQL listener did not connect")
			}
		}
	}
	return rt
}

// identity is what a person's identity provider says of them besides
// name and e-mail address.
type identity struct {
	platformRole ketenhub.PlatformRole
	orgRole      ketenhub.OrganisationRole
	function     string
	groups       []string
	shielded     bool
}

// signIn records a person of the organisation with what their identity
// provider's claims say (UpsertUser, as the login flow calls it) and opens
// a session for them, and returns them as a browser.
func (h *hub) signIn(t *testing.T, subject string, p *person, id identity) *browser {
	t.Helper()
	ctx := context.Background()
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: subject, Name: p.name, Email: p.email + "@example.nl", OrganisationID: p.org,
		PlatformRole: id.platformRole, OrganisationRole: id.orgRole, Function: id.function, Groups: id.groups, Shielded: id.shielded}
	if err := h.svc.Users.UpsertUser(ctx, u); err != nil {
		t.Fatalf("upsert user %s: %v", subject, err)
	}
	// The model's person is the user as stored: the claims as the hub kept them.
	p.id, p.groups, p.shielded = u.ID, u.Groups, u.Shielded
	token, sess, err := h.sessions.Create(ctx, u, auth.SessionMeta{Issuer: u.Issuer, UserAgent: "oracle"})
	if err != nil {
		t.Fatalf("create session for %s: %v", subject, err)
	}
	return &browser{base: h.url, user: u, token: token, csrf: sess.CSRFToken}
}

// lastSeq is where a workspace's log stands: a system read for the oracle's
// bookkeeping (which change an event belongs to), not an answer it checks.
func (h *hub) lastSeq(t *testing.T, workspaceID int64) int64 {
	t.Helper()
	seq, err := h.db.LastSeq(context.Background(), workspaceID)
	if err != nil {
		t.Fatalf("last seq of workspace %d: %v", workspaceID, err)
	}
	return seq
}
