package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// allowedOrigin is the origin the test server accepts unsafe requests from.
const allowedOrigin = "https://ketenhub.example"

// stack is the whole server on a real store, served over real HTTP.
type stack struct {
	t        *testing.T
	url      string
	db       *store.DB
	svc      *store.Services
	sessions *auth.Sessions
	server   *server.Server
}

// forEachKind runs a test on every database kind.
func forEachKind(t *testing.T, fn func(t *testing.T, s *stack)) {
	t.Helper()
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			fn(t, newStack(t, kind, server.Config{}))
		})
	}
}

// newStack opens a fresh database of the kind, migrates it and serves the
// full server on it.
func newStack(t *testing.T, kind string, cfg server.Config) *stack {
	t.Helper()
	return newStackWith(t, kind, func(string, *store.Services, *auth.Sessions) server.Config { return cfg })
}

// newStackWith is newStack with a configuration that may depend on the
// server's URL and services, such as a sign-in flow that must know both.
func newStackWith(t *testing.T, kind string, configure func(url string, svc *store.Services, sessions *auth.Sessions) server.Config) *stack {
	t.Helper()
	dbcfg := store.Config{DataDir: t.TempDir()} // no DatabaseURL: the embedded SQLite
	switch kind {
	case "sqlite":
	case "postgres":
		dbcfg.DatabaseURL = storetest.PostgresURL(t)
	default:
		t.Fatalf("unknown database kind %q", kind)
	}
	return newStackOn(t, dbcfg, configure)
}

// newStackOn is newStackWith on the database of dbcfg, such as a
// PostgreSQL server of the test's own that it may stop.
func newStackOn(t *testing.T, dbcfg store.Config, configure func(url string, svc *store.Services, sessions *auth.Sessions) server.Config) *stack {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbcfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
	sessions := auth.NewSessions(svc.Sessions, svc.Users, ketenhub.SystemClock{}, auth.SessionOptions{Idle: time.Hour, Absolute: 12 * time.Hour})
	hs := httptest.NewUnstartedServer(nil)
	t.Cleanup(hs.Close)
	url := "http://" + hs.Listener.Addr().String()
	cfg := configure(url, svc, sessions)
	if cfg.AllowedOrigins == nil {
		cfg.AllowedOrigins = []string{allowedOrigin}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv := server.New(cfg, server.Services{Services: svc.Services, Sessions: sessions})
	hs.Config.Handler = srv.Handler()
	hs.Start()
	return &stack{t: t, url: url, db: db, svc: svc, sessions: sessions, server: srv}
}

// client is a browser signed in as one user: it sends the session cookie
// and the CSRF header on every request.
type client struct {
	t     *testing.T
	base  string
	user  *ketenhub.User
	token string
	csrf  string
}

// signIn records a user of the organisation and opens a session for them,
// as the login flow would.
func (s *stack) signIn(name string, orgID int64, role ketenhub.PlatformRole) *client {
	s.t.Helper()
	return s.signInUser(&ketenhub.User{Name: name, OrganisationID: orgID, PlatformRole: role})
}

// signInUser records u (its subject and e-mail from its name) as the login
// flow would, with what its identity provider says of it, and signs it in.
func (s *stack) signInUser(u *ketenhub.User) *client {
	s.t.Helper()
	ctx := context.Background()
	name := u.Name
	u.Issuer, u.Subject, u.Email = "https://idp.test", name, name+"@example.nl"
	if err := s.svc.Users.UpsertUser(ctx, u); err != nil {
		s.t.Fatalf("upsert user %s: %v", name, err)
	}
	token, sess, err := s.sessions.Create(ctx, u, auth.SessionMeta{Issuer: u.Issuer, UserAgent: "server_test"})
	if err != nil {
		s.t.Fatalf("create session for %s: %v", name, err)
	}
	return &client{t: s.t, base: s.url, user: u, token: token, csrf: sess.CSRFToken}
}

// anonymous is a client without a session.
func (s *stack) anonymous() *client { return &client{t: s.t, base: s.url} }

// response is what came back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// req is one request: headers are given as "Name: value" pairs.
func (c *client) do(method, path string, body any, headers ...string) *response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	case io.Reader:
		rd = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: c.token})
	}
	if c.csrf != "" {
		req.Header.Set(auth.CSRFHeader, c.csrf)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		if value == "" {
			req.Header.Del(name)
		} else {
			req.Header.Set(name, value)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: raw}
}

func (r *response) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

// must checks the status and decodes the JSON body into v (when not nil).
func (r *response) must(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("decode %s: %v", r.body, err)
		}
	}
}

// problem checks that the response is a problem+json with the status and
// code, both messages and (when field is not "") the field, and returns it.
func (r *response) problem(t *testing.T, status int, code, field string) server.Problem {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	if got, want := r.header.Get("Content-Type"), "application/problem+json"; got != want {
		t.Fatalf("Content-Type = %q, want %q", got, want)
	}
	var p server.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", r.body, err)
	}
	if p.Status != status || p.Code != code || p.Type != server.ProblemTypeBase+code {
		t.Fatalf("problem = %+v, want status %d code %q", p, status, code)
	}
	if p.DetailNL == "" || p.DetailEN == "" || p.Detail != p.DetailNL || p.Title == "" {
		t.Fatalf("problem messages incomplete (want Dutch detail by default): %+v", p)
	}
	for _, msg := range []string{p.DetailNL, p.DetailEN} {
		if !isSentence(msg) {
			t.Errorf("message %q is not a sentence: it must begin with a capital (or a quote) and end with a full stop", msg)
		}
	}
	if field != "" && p.Field != field {
		t.Fatalf("problem field = %q, want %q (%s)", p.Field, field, p.DetailEN)
	}
	return p
}

// world is a region with a workspace and its partners: the gemeente and
// the OM coordinate, the politie contributes, the GGD observes, and the
// RIEC is not a member.
type world struct {
	*stack
	beheerder, gemeente, politie, om, ggd, riec *client
	orgs                                        map[string]*ketenhub.Organisation
	workspace                                   *ketenhub.Workspace
}

// newWorld builds the world through the API, as a beheerder would.
func newWorld(t *testing.T, s *stack) *world {
	t.Helper()
	w := &world{stack: s, orgs: map[string]*ketenhub.Organisation{}}
	// The first organisation and its beheerder exist before anyone can sign in.
	ctx := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: 1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	regio := &ketenhub.Organisation{Name: "Regio Beheer", Kind: ketenhub.KindOverig}
	if err := s.svc.Organisations.CreateOrganisation(ctx, regio); err != nil {
		t.Fatalf("create first organisation: %v", err)
	}
	w.beheerder = s.signIn("beheerder", regio.ID, ketenhub.PlatformRoleBeheerder)
	for _, o := range []struct {
		key  string
		name string
		kind ketenhub.OrganisationKind
	}{
		{"gemeente", "Gemeente Leiden", ketenhub.KindGemeente},
		{"politie", "Politie Den Haag", ketenhub.KindPolitie},
		{"om", "OM Den Haag", ketenhub.KindOM},
		{"ggd", "GGD Hollands Midden", ketenhub.KindGGD},
		{"riec", "RIEC Haaglanden", ketenhub.KindRIEC},
	} {
		var org ketenhub.Organisation
		w.beheerder.do("POST", "/api/v1/organisations", map[string]any{"name": o.name, "kind": o.kind}).must(t, http.StatusCreated, &org)
		w.orgs[o.key] = &org
	}
	w.gemeente = s.signIn("oov-adviseur", w.orgs["gemeente"].ID, ketenhub.PlatformRoleNone)
	w.politie = s.signIn("teamchef", w.orgs["politie"].ID, ketenhub.PlatformRoleNone)
	w.om = s.signIn("officier", w.orgs["om"].ID, ketenhub.PlatformRoleNone)
	w.ggd = s.signIn("ggd-medewerker", w.orgs["ggd"].ID, ketenhub.PlatformRoleNone)
	w.riec = s.signIn("riec-analist", w.orgs["riec"].ID, ketenhub.PlatformRoleNone)

	w.workspace = new(ketenhub.Workspace)
	w.beheerder.do("POST", "/api/v1/workspaces", map[string]any{"title": "Ondermijning", "theme": ketenhub.ThemeOndermijning, "period": "IVP 2023-2026"}).
		must(t, http.StatusCreated, w.workspace)
	for key, role := range map[string]ketenhub.Role{"gemeente": ketenhub.RoleRegisseur, "politie": ketenhub.RolePartner, "om": ketenhub.RoleRegisseur, "ggd": ketenhub.RoleMeelezer} {
		w.beheerder.do("PUT", w.wsPath("/members/%d", w.orgs[key].ID), map[string]any{"role": role}).must(t, http.StatusOK, nil)
	}
	return w
}

// wsPath is a path under the world's workspace.
func (w *world) wsPath(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/workspaces/%d", w.workspace.ID) + fmt.Sprintf(format, args...)
}

// createAction creates an action as c and returns it.
func (w *world) createAction(t *testing.T, c *client, body map[string]any) *ketenhub.Action {
	t.Helper()
	var a ketenhub.Action
	c.do("POST", w.wsPath("/actions"), body).must(t, http.StatusCreated, &a)
	return &a
}

// restrictedTo is a visibility for the named organisations.
func restrictedTo(orgs ...*ketenhub.Organisation) map[string]any {
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	return map[string]any{"scope": ketenhub.ScopeRestricted, "organisations": ids}
}

// etag is the If-Match header for a version.
func etag(version int64) string { return fmt.Sprintf(`If-Match: "%d"`, version) }

// isSentence reports whether a message begins with a capital letter, a
// digit or a quote and ends with a full stop (or ? or !).
func isSentence(msg string) bool {
	r, _ := utf8.DecodeRuneInString(msg)
	last, _ := utf8.DecodeLastRuneInString(msg)
	return (unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"') && strings.ContainsRune(".?!", last)
}
