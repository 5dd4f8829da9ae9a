package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// serving is a hub that app.run serves in the test's process.
type serving struct {
	base    string
	metrics string // the metrics listener's base URL, "" without one
	stderr  *syncBuffer
	cancel  context.CancelFunc
	exited  chan int
}

// startServe runs `ketenhub serve` with vars until the test ends (or stop).
func startServe(t *testing.T, vars map[string]string) *serving {
	t.Helper()
	if vars["KETENHUB_ADDR"] == "" {
		vars["KETENHUB_ADDR"] = "127.0.0.1:0"
	}
	if vars["KETENHUB_METRICS_ADDR"] == "" {
		vars["KETENHUB_METRICS_ADDR"] = "127.0.0.1:0"
	}
	a, _, stderr := testApp(vars)
	addrs, metricsAddrs := make(chan net.Addr, 1), make(chan net.Addr, 1)
	a.ready = func(addr net.Addr) { addrs <- addr }
	a.metricsReady = func(addr net.Addr) { metricsAddrs <- addr }
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stderr: stderr, cancel: cancel, exited: make(chan int, 1)}
	go func() { s.exited <- a.run(ctx, []string{"serve"}) }()
	t.Cleanup(func() { s.stop(t) })
	select {
	case addr := <-addrs:
		s.base = "http://" + addr.String()
		select {
		case addr := <-metricsAddrs: // it listens before the public port is served
			s.metrics = "http://" + addr.String()
		default:
		}
	case code := <-s.exited:
		t.Fatalf("serve exited with %d before it was ready; log:\n%s", code, stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve not ready after a minute; log:\n%s", stderr)
	}
	return s
}

// stop cancels serve and waits for it; it returns the exit code (-1 if
// already stopped).
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code, ok := <-s.exited:
		if !ok {
			return -1
		}
		close(s.exited)
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of cancel")
		return -1
	}
}

// waitFor polls cond until it holds; the deadline only guards against a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServe_MetricsListener checks that the metrics are served on their
// own listener only: there, and not on the public port, nor anything else
// on the metrics port.
func TestServe_MetricsListener(t *testing.T) {
	vars := databaseEnv(t, "sqlite")
	vars["KETENHUB_DEV"], vars["KETENHUB_DEMO"] = "true", "false"
	hub := startServe(t, vars)
	if hub.metrics == "" {
		t.Fatalf("no metrics listener; log:\n%s", hub.stderr)
	}
	if res, body := get(t, hub.metrics+"/metrics"); res.StatusCode != http.StatusOK || !strings.Contains(body, "ketenhub_websocket_connections 0") {
		t.Errorf("GET /metrics on the metrics listener: %d\n%s", res.StatusCode, grepLines(body, "ketenhub_"))
	}
	res, body := get(t, hub.base+"/metrics")
	if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, "KETENHUB_METRICS_ADDR") {
		t.Errorf("GET /metrics on the public port: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	for _, path := range []string{"/healthz", "/api/v1/me", "/"} {
		if res, _ := get(t, hub.metrics+path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s on the metrics listener: %d, want 404", path, res.StatusCode)
		}
	}

	t.Run("Off", func(t *testing.T) {
		vars := databaseEnv(t, "sqlite")
		vars["KETENHUB_DEV"], vars["KETENHUB_DEMO"], vars["KETENHUB_METRICS_ADDR"] = "true", "false", "off"
		if hub := startServe(t, vars); hub.metrics != "" {
			t.Errorf("a metrics listener at %s although it is off", hub.metrics)
		}
	})
}

// TestServe_Operations runs the hub on a PostgreSQL server of its own and
// checks what an operator relies on: the probes (also while the database
// is down), the metrics, the security headers on pages, the API and the
// websocket upgrade, and logs that carry request ids and audit fields but
// no secret, cookie or free text.
func TestServe_Operations(t *testing.T) {
	pg, err := storetest.StartPostgres()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pg.Stop)
	hub := startServe(t, map[string]string{"KETENHUB_DATABASE_URL": pg.URL, "KETENHUB_DEV": "true", "KETENHUB_DEMO": "true"})
	base := hub.base

	t.Run("Healthz", func(t *testing.T) {
		if res, body := get(t, base+"/healthz"); res.StatusCode != http.StatusOK || !strings.Contains(body, `"ok"`) {
			t.Errorf("GET /healthz: %d %s", res.StatusCode, body)
		}
	})
	t.Run("Readyz", func(t *testing.T) {
		// The realtime listener connects in the background after the start.
		var body string
		waitFor(t, "/readyz to answer 200", func() bool {
			var res *http.Response
			res, body = get(t, base+"/readyz")
			return res.StatusCode == http.StatusOK
		})
		for _, check := range []string{"database", "migrations", "realtime"} {
			if !strings.Contains(body, `"`+check+`":"ok"`) {
				t.Errorf("/readyz does not report %s ok: %s", check, body)
			}
		}
	})
	t.Run("SecurityHeaders", func(t *testing.T) {
		for _, path := range []string{"/", "/api/v1/me", "/api/v1/workspaces/1/actions", "/healthz"} {
			res, _ := get(t, base+path)
			checkHeaders(t, "GET "+path, res.Header, true)
		}
		// The sign-in pages keep their own, stricter policy.
		res, _ := get(t, base+"/auth/login")
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("sign-in page: Content-Security-Policy %q", csp)
		}
		checkHeaders(t, "GET /auth/login", res.Header, false)
		res, _ = get(t, base+"/dev-idp/login?authRequestID=x")
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("persona picker: Content-Security-Policy %q", csp)
		}
	})

	riec := signInAs(t, base, "riec-analist")
	ws := riec.workspaceID(t, "Ondermijning")
	const marker = "MARKER-vrije-tekst-7f3a"
	var live *websocket.Conn
	parent := t
	t.Run("WebsocketUpgradeHeaders", func(t *testing.T) {
		dialer := websocket.Dialer{Jar: riec.client.Jar, HandshakeTimeout: 10 * time.Second}
		conn, res, err := dialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/ws", http.Header{"Origin": {base}})
		if err != nil {
			t.Fatalf("open websocket: %v", err)
		}
		parent.Cleanup(func() { conn.Close() })
		checkHeaders(t, "websocket upgrade", res.Header, true)
		if res.Header.Get("X-Request-Id") == "" {
			t.Error("websocket upgrade: no X-Request-Id")
		}
		if err := conn.WriteJSON(map[string]any{"type": "subscribe", "topic": fmt.Sprintf("workspace:%d", ws)}); err != nil {
			t.Fatal(err)
		}
		for msg := readMessage(t, conn); msg.Type != "position"; msg = readMessage(t, conn) {
		} // subscribed from now on
		live = conn
	})
	t.Run("AWriteWithFreeText", func(t *testing.T) {
		var public action
		for _, a := range riec.actions(t, ws) {
			if a.OwnerOrgID == riec.me.Organisation.ID && a.Visibility.Scope == "workspace" {
				public = a
			}
		}
		riec.patch(t, public, fmt.Sprintf(`"title": %q, "description": %q`, "Controle "+marker, "Toelichting "+marker))
		if live != nil {
			waitForEvent(t, live, public.ID)
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		if res, _ := get(t, base+"/metrics"); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET /metrics on the public port: %d, want 404", res.StatusCode)
		}
		_, body := get(t, hub.metrics+"/metrics")
		for _, want := range []string{
			`ketenhub_http_requests_total{method="PATCH",route="/api/v1/actions/:id",status="200"} 1`,
			`ketenhub_http_request_duration_seconds_count{method="GET",route="/api/v1/workspaces/:id/actions"}`,
			"ketenhub_websocket_connections 1",
			"ketenhub_realtime_slow_clients_dropped_total 0",
			"ketenhub_realtime_replay_events_count 1",
			`go_sql_max_open_connections{db_name="ketenhub"} 40`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if !regexp.MustCompile(`(?m)^ketenhub_realtime_events_fanned_out_total [1-9]`).MatchString(body) {
			t.Errorf("/metrics counts no event fanned out:\n%s", grepLines(body, "ketenhub_realtime"))
		}
	})
	t.Run("Logs", func(t *testing.T) {
		secrets := secretsOf(t, riec, marker) // before the sign-out clears the cookie
		riec.signOut(t)
		checkLogs(t, hub.stderr.String(), riec, secrets)
	})

	pg.Stop()
	t.Run("ReadyzWhileTheDatabaseIsDown", func(t *testing.T) {
		res, body := get(t, base+"/readyz")
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("GET /readyz: %d %s", res.StatusCode, body)
		}
		if !strings.Contains(body, "database") {
			t.Errorf("the problem does not name the database: %s", body)
		}
		waitFor(t, "/readyz to name the realtime listener", func() bool {
			_, body = get(t, base+"/readyz")
			return strings.Contains(body, "realtime")
		})
		if res, _ := get(t, base+"/healthz"); res.StatusCode != http.StatusOK {
			t.Errorf("GET /healthz while the database is down: %d, want 200 (alive)", res.StatusCode)
		}
	})
}

// checkHeaders checks the security headers of a response; withCSP checks
// the web app's policy.
func checkHeaders(t *testing.T, what string, h http.Header, withCSP bool) {
	t.Helper()
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	if withCSP && (!strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline")) {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Errorf("%s: HSTS over plain http", what)
	}
}

// waitForEvent reads the websocket until an event about the action arrives.
func waitForEvent(t *testing.T, conn *websocket.Conn, actionID int64) {
	t.Helper()
	for {
		msg := readMessage(t, conn)
		if msg.Type == "event" && msg.Event.SubjectID == actionID {
			return
		}
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// secretsOf are what no log line may hold: the browser's cookies, its CSRF
// token and the free text it wrote.
func secretsOf(t *testing.T, b *browser, marker string) map[string]string {
	t.Helper()
	secrets := map[string]string{"the free text": marker, "the CSRF token": b.me.CSRFToken}
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		secrets["cookie "+c.Name] = c.Value
	}
	if len(secrets) < 3 {
		t.Fatalf("the browser holds no cookie to look for: %v", secrets)
	}
	return secrets
}

// signOut signs out the way the web app does.
func (b *browser) signOut(t *testing.T) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+"/auth/logout", nil)
	req.Header.Set("Origin", b.base)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", b.me.CSRFToken)
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /auth/logout: %d", res.StatusCode)
	}
}

// checkLogs reads the hub's JSON log: every line a request produced
// carries its request id and origin; sign-in, sign-out, the write and a
// refused request carry the BIO audit fields; no line holds a secret.
func checkLogs(t *testing.T, log string, b *browser, secrets map[string]string) {
	t.Helper()
	var signedIn, signedOut, wrote, refused, requests int
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for what, secret := range secrets {
			if secret != "" && strings.Contains(line, secret) {
				t.Errorf("a log line holds %s: %s", what, line)
			}
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON line: %s", line)
			continue
		}
		if rec["msg"] == "request" {
			requests++
			for _, k := range []string{"request_id", "origin", "time"} {
				if rec[k] == nil || rec[k] == "" {
					t.Errorf("a request line lacks %s: %s", k, line)
				}
			}
		}
		audit := func() {
			for _, k := range []string{"actor", "action", "object", "result", "origin", "time", "request_id"} {
				if rec[k] == nil || rec[k] == "" {
					t.Errorf("an audit line lacks %s: %s", k, line)
				}
			}
		}
		switch {
		case rec["msg"] == "signed in":
			signedIn++
			audit()
			if rec["actor"] != "user:"+strconv.FormatInt(b.me.User.ID, 10) || rec["action"] != "sign_in" || rec["result"] != "success" {
				t.Errorf("sign-in audit fields: %s", line)
			}
		case rec["msg"] == "signed out":
			signedOut++
			audit()
			if rec["actor"] != "user:"+strconv.FormatInt(b.me.User.ID, 10) || rec["action"] != "sign_out" {
				t.Errorf("sign-out audit fields: %s", line)
			}
		case rec["msg"] == "request" && rec["status"] == float64(http.StatusUnauthorized):
			refused++
			audit()
			if rec["level"] != "WARN" || rec["actor"] != "anonymous" || rec["result"] != "refused" {
				t.Errorf("refusal audit fields: %s", line)
			}
		case rec["msg"] == "request" && rec["method"] == "PATCH":
			wrote++
			audit()
			if rec["actor"] != "user:"+strconv.FormatInt(b.me.User.ID, 10) || rec["action"] != "PATCH /api/v1/actions/:id" || rec["result"] != "success" {
				t.Errorf("write audit fields: %s", line)
			}
		}
	}
	if signedIn == 0 || signedOut == 0 || wrote == 0 || refused == 0 || requests == 0 {
		t.Errorf("the log has %d sign-ins, %d sign-outs, %d writes, %d refusals and %d requests; want each:\n%s",
			signedIn, signedOut, wrote, refused, requests, log)
	}
}

// TestBackup_FreshHubStartsFromCopy copies a serving hub's SQLite database
// with `ketenhub backup` and starts a second hub from the copy.
func TestBackup_FreshHubStartsFromCopy(t *testing.T) {
	dataA := t.TempDir()
	hubA := startServe(t, map[string]string{"KETENHUB_DATA_DIR": dataA})
	riec := signInAs(t, hubA.base, "riec-analist")
	ws := riec.workspaceID(t, "Ondermijning")
	restricted := riec.actions(t, ws)[riecCase]
	riec.patch(t, restricted, `"description": "Bijgewerkt vlak voor de back-up."`)

	dataB := t.TempDir()
	file := filepath.Join(dataB, "ketenhub.db")
	a, _, stderr := testApp(map[string]string{"KETENHUB_DATA_DIR": dataA})
	if code := a.run(context.Background(), []string{"backup", file}); code != exitOK {
		t.Fatalf("backup while serving: exit code %d; log:\n%s", code, stderr)
	}
	t.Run("RefusesToOverwrite", func(t *testing.T) {
		a, _, stderr := testApp(map[string]string{"KETENHUB_DATA_DIR": dataA})
		if code := a.run(context.Background(), []string{"backup", file}); code != exitError || !strings.Contains(stderr.String(), "already exists") {
			t.Errorf("backup over an existing file: exit code %d; log:\n%s", code, stderr)
		}
	})
	if code := hubA.stop(t); code != exitOK {
		t.Fatalf("hub A exited with %d", code)
	}

	hubB := startServe(t, map[string]string{"KETENHUB_DATA_DIR": dataB})
	if strings.Contains(hubB.stderr.String(), `"msg":"demo data seeded"`) {
		t.Error("the hub started from the copy seeded the demo again: the copy looked empty")
	}
	riecB := signInAs(t, hubB.base, "riec-analist")
	wsB := riecB.workspaceID(t, "Ondermijning")
	if got := riecB.actions(t, wsB)[riecCase]; got.Version != restricted.Version+1 {
		t.Errorf("the copy has version %d of the restricted case, want %d (the write before the backup)", got.Version, restricted.Version+1)
	}
	if got, want := countRows(t, dataB, "events"), countRows(t, dataA, "events"); got == 0 || got > want {
		t.Errorf("the copy holds %d events, the original %d", got, want)
	}
}

// countRows counts a table's rows in the SQLite database in dir.
func countRows(t *testing.T, dir, table string) int64 {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBackup_RefusedOnPostgres(t *testing.T) {
	a, _, stderr := testApp(map[string]string{"KETENHUB_DATABASE_URL": storetest.PostgresURL(t)})
	file := filepath.Join(t.TempDir(), "x.db")
	if code := a.run(context.Background(), []string{"backup", file}); code != exitError || !strings.Contains(stderr.String(), "pg_dump") {
		t.Errorf("exit code %d, want %d and a pointer to pg_dump; log:\n%s", code, exitError, stderr)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a file was written")
	}
	a, _, stderr = testApp(nil)
	if code := a.run(context.Background(), []string{"backup"}); code != exitUsage || !strings.Contains(stderr.String(), "name the file") {
		t.Errorf("backup without a file: exit code %d; %s", code, stderr)
	}
}

func TestCreateOrganisation(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			vars := databaseEnv(t, kind)
			vars["KETENHUB_DEMO"] = "false"
			run := func(args ...string) (int, string) {
				a, _, stderr := testApp(vars)
				return a.run(context.Background(), args), stderr.String()
			}
			if code, log := run("create-organisation", "--name", "Gemeente Zaanstad", "--kind=gemeente"); code != exitOK {
				t.Fatalf("exit code %d; log:\n%s", code, log)
			}
			if got := countOrganisations(t, vars); got != 1 {
				t.Errorf("%d organisations, want 1", got)
			}
			if code, log := run("create-organisation", "--kind", "politie", "--name=Gemeente Zaanstad"); code != exitError || !strings.Contains(log, "Gemeente Zaanstad") && !strings.Contains(log, "exists") {
				t.Errorf("a second one of the same name: exit code %d; log:\n%s", code, log)
			}
			if code, log := run("create-organisation", "--name", "Regio", "--kind", "waterschap"); code != exitError {
				t.Errorf("an unknown kind: exit code %d; log:\n%s", code, log)
			}
			if code, log := run("create-organisation", "--name", "Regio"); code != exitUsage || !strings.Contains(log, "--kind") {
				t.Errorf("without --kind: exit code %d; log:\n%s", code, log)
			}
			if got := countOrganisations(t, vars); got != 1 {
				t.Errorf("%d organisations after the refusals, want 1", got)
			}
		})
	}
}
