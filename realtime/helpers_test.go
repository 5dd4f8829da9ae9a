package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// origin is the page origin the test hubs allow.
const origin = "https://hub.example.nl"

// forEachKind runs fn as a subtest on every database kind.
func forEachKind(t *testing.T, fn func(t *testing.T, kind string)) {
	t.Helper()
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, kind)
		})
	}
}

// party is an organisation, a user of it, the user's context and session token.
type party struct {
	Org   *ketenhub.Organisation
	User  *ketenhub.User
	Ctx   context.Context
	Token string
}

// env is a database with a workspace of A (regisseur), B and C (partners).
type env struct {
	tb       testing.TB
	kind     string
	cfg      store.Config
	db       *store.DB
	svc      *store.Services
	sessions *auth.Sessions
	bus      *realtime.LocalBus // SQLite only
	admin    context.Context
	A, B, C  party
	WS       *ketenhub.Workspace
}

func newEnv(tb testing.TB, kind string) *env {
	tb.Helper()
	switch kind {
	case "sqlite":
		return newEnvOn(tb, kind, store.Config{DataDir: tb.TempDir()})
	case "postgres":
		return newEnvOn(tb, kind, store.Config{DatabaseURL: storetest.PostgresURL(tb)})
	}
	tb.Fatalf("unknown kind %q", kind)
	return nil
}

// newEnvOn is newEnv on the database of cfg.
func newEnvOn(tb testing.TB, kind string, cfg store.Config) *env {
	tb.Helper()
	e := &env{tb: tb, kind: kind, cfg: cfg}
	e.db = openDB(tb, e.cfg)
	if err := e.db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	e.svc = store.NewServices(e.db, policy.Policy{}, ketenhub.SystemClock{})
	e.sessions = auth.NewSessions(e.svc.Sessions, e.svc.Users, ketenhub.SystemClock{}, auth.SessionOptions{})
	if kind == "sqlite" {
		e.bus = realtime.NewLocalBus()
		e.db.SetCommitHook(e.bus.Publish)
	}
	var platform int64
	now := time.Now().UTC()
	err := e.db.Gorm().Raw(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?) RETURNING id`,
		"Platformbeheer", string(ketenhub.KindVeiligheidsregio), now, now).Scan(&platform).Error
	if err != nil {
		tb.Fatalf("insert platform organisation: %v", err)
	}
	beheerder := e.user("Sanne Beheer", platform, ketenhub.PlatformRoleBeheerder)
	e.admin = ketenhub.NewContextWithViewer(context.Background(), beheerder.Viewer())
	e.A = e.party("Gemeente Zaanstad", "Olga Oov", ketenhub.KindGemeente)
	e.B = e.party("Politie Zaanstreek", "Wim Wijkagent", ketenhub.KindPolitie)
	e.C = e.party("GGD Zaanstreek", "Gerda Ggd", ketenhub.KindGGD)
	e.WS = &ketenhub.Workspace{Title: "Ondermijning", Theme: ketenhub.ThemeOndermijning, Period: "IVP 2023-2026"}
	if err := e.svc.Workspaces.CreateWorkspace(e.admin, e.WS); err != nil {
		tb.Fatalf("create workspace: %v", err)
	}
	for _, m := range []struct {
		p    party
		role ketenhub.Role
	}{{e.A, ketenhub.RoleRegisseur}, {e.B, ketenhub.RolePartner}, {e.C, ketenhub.RolePartner}} {
		if _, err := e.svc.Workspaces.SetMembership(e.admin, e.WS.ID, m.p.Org.ID, m.role); err != nil {
			tb.Fatalf("set membership: %v", err)
		}
	}
	return e
}

func openDB(tb testing.TB, cfg store.Config) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func (e *env) user(name string, orgID int64, role ketenhub.PlatformRole) *ketenhub.User {
	e.tb.Helper()
	subject := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: subject, Name: name, OrganisationID: orgID, PlatformRole: role}
	if err := e.svc.Users.UpsertUser(context.Background(), u); err != nil {
		e.tb.Fatalf("upsert user: %v", err)
	}
	return u
}

func (e *env) party(org, person string, kind ketenhub.OrganisationKind) party {
	e.tb.Helper()
	o := &ketenhub.Organisation{Name: org, Kind: kind}
	if err := e.svc.Organisations.CreateOrganisation(e.admin, o); err != nil {
		e.tb.Fatalf("create organisation: %v", err)
	}
	u := e.user(person, o.ID, ketenhub.PlatformRoleNone)
	token, _, err := e.sessions.Create(context.Background(), u, auth.SessionMeta{})
	if err != nil {
		e.tb.Fatalf("create session: %v", err)
	}
	return party{Org: o, User: u, Ctx: ketenhub.NewContextWithViewer(context.Background(), u.Viewer()), Token: token}
}

// action creates an action owned by p's organisation with the visibility.
func (e *env) action(p party, title string, vis ketenhub.Visibility) *ketenhub.Action {
	e.tb.Helper()
	a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: title, OwnerOrganisationID: p.Org.ID, Visibility: vis}
	if err := e.svc.Actions.CreateAction(p.Ctx, a); err != nil {
		e.tb.Fatalf("create action %q: %v", title, err)
	}
	return a
}

var everyone = ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}

func only(orgs ...int64) ketenhub.Visibility {
	return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
}

// node is a hub serving websockets on a test server.
type node struct {
	hub *realtime.Hub
	srv *httptest.Server
	url string
}

// newNode starts a hub on e's database: on the local bus for SQLite, on
// its own PostgreSQL listener otherwise.
func newNode(tb testing.TB, e *env, feed *store.DB, tune func(*realtime.Config)) (*node, realtime.Bus) {
	tb.Helper()
	var bus realtime.Bus = e.bus
	if e.kind == "postgres" {
		pg := pgbus.New(e.cfg.DatabaseURL, feed, nil)
		pg.MinBackoff = 500 * time.Millisecond
		bus = pg
	}
	cfg := realtime.Config{Policy: policy.Policy{}, Sessions: e.sessions, Feed: feed, Bus: bus, AllowedOrigins: []string{origin}}
	if tune != nil {
		tune(&cfg)
	}
	hub, err := realtime.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); hub.Run(ctx) }()
	srv := httptest.NewUnstartedServer(hub)
	srv.Listener = smallBuffers{srv.Listener}
	srv.Start()
	tb.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		hub.Shutdown(sctx)
		cancel()
		<-done
		srv.Close()
	})
	n := &node{hub: hub, srv: srv, url: "ws" + strings.TrimPrefix(srv.URL, "http")}
	if pg, ok := bus.(*pgbus.Bus); ok {
		waitFor(tb, "listener connected", func() bool { return pg.PID() != 0 })
	}
	return n, bus
}

// smallBuffers gives accepted connections small socket send buffers, so
// that a client that stops reading pushes back on the hub within a few
// messages instead of after megabytes of kernel buffer.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16384)
	}
	return c, err
}

// msg is any server message.
type msg struct {
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	Topic     string          `json:"topic"`
	Seq       int64           `json:"seq"`
	Event     *ketenhub.Event `json:"event"`
	Subject   string          `json:"subject"`
	SubjectID int64           `json:"subject_id"`
	Code      string          `json:"code"`
	Message   string          `json:"message"`
	MessageNL string          `json:"message_nl"`
	Reason    string          `json:"reason"`
	Users     []struct {
		UserID int64  `json:"user_id"`
		Name   string `json:"name"`
	} `json:"users"` // presence
}

// title is the title in an event's payload.
func (m msg) title() string {
	if m.Event == nil {
		return ""
	}
	var p struct {
		Title string `json:"title"`
	}
	json.Unmarshal(m.Event.Payload, &p)
	return p.Title
}

type client struct {
	tb testing.TB
	ws *websocket.Conn
}

// dial opens a websocket to n as the holder of token.
func dial(tb testing.TB, n *node, token string) *client {
	tb.Helper()
	return dialWith(tb, websocket.DefaultDialer, n, token)
}

// stalledDialer makes connections with a tiny receive buffer, so that a
// client that does not read soon pushes back on the server.
var stalledDialer = &websocket.Dialer{
	NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(4096)
		}
		return c, err
	},
}

func dialWith(tb testing.TB, d *websocket.Dialer, n *node, token string) *client {
	tb.Helper()
	ws, resp, err := d.Dial(n.url, header(origin, token))
	if err != nil {
		tb.Fatalf("dial: %v (response %v)", err, resp)
	}
	tb.Cleanup(func() { ws.Close() })
	return &client{tb: tb, ws: ws}
}

func header(origin, token string) http.Header {
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if token != "" {
		h.Set("Cookie", auth.SessionCookie+"="+token)
	}
	return h
}

func (c *client) send(v any) {
	c.tb.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.tb.Fatalf("send: %v", err)
	}
}

// next reads the next message, failing the test after a few seconds.
func (c *client) next() msg {
	c.tb.Helper()
	m, err := c.read(5 * time.Second)
	if err != nil {
		c.tb.Fatalf("read: %v", err)
	}
	return m
}

func (c *client) read(timeout time.Duration) (msg, error) {
	var m msg
	c.ws.SetReadDeadline(time.Now().Add(timeout))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("decode %s: %w", data, err)
	}
	return m, nil
}

// expect reads the next message and checks its type.
func (c *client) expect(typ string) msg {
	c.tb.Helper()
	m := c.next()
	if m.Type != typ {
		c.tb.Fatalf("got message %+v, want type %q", m, typ)
	}
	return m
}

// subscribe subscribes to topic (from since when not nil) and returns the
// replayed messages and the position that ends the replay.
func (c *client) subscribe(topic string, since *int64) ([]msg, int64) {
	c.tb.Helper()
	req := map[string]any{"type": "subscribe", "topic": topic, "id": "s1"}
	if since != nil {
		req["since"] = *since
	}
	c.send(req)
	sub := c.expect("subscribed")
	if since != nil && sub.Seq != *since {
		c.tb.Fatalf("subscribed at %d, want %d", sub.Seq, *since)
	}
	var replayed []msg
	for {
		m := c.next()
		if m.Type == "position" {
			return replayed, m.Seq
		}
		replayed = append(replayed, m)
	}
}

// nextEvent reads until an event or removed message, skipping positions.
func (c *client) nextEvent() msg {
	c.tb.Helper()
	for {
		m := c.next()
		if m.Type != "position" {
			return m
		}
	}
}

// closeCode reads until the connection ends and returns its close code.
func (c *client) closeCode(timeout time.Duration) int {
	c.tb.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		_, err := c.read(time.Until(deadline))
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			break
		}
		return -1 // ended without a close frame
	}
	c.tb.Fatalf("connection still open after %v", timeout)
	return 0
}

func topicOf(ws *ketenhub.Workspace) string { return fmt.Sprintf("workspace:%d", ws.ID) }

// waitFor polls cond for up to 10 s.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	tb.Fatalf("timed out waiting for %s", what)
}
