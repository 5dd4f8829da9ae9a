package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestHealthz(t *testing.T) {
	s := newStack(t, "sqlite", server.Config{})
	r := s.anonymous().do("GET", "/healthz", nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"status":"ok"`) {
		t.Fatalf("GET /healthz: %s", r)
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
}

// TestReadyz runs the database checks the binary runs on a PostgreSQL
// server of its own, and stops that server.
func TestReadyz(t *testing.T) {
	pg, err := storetest.StartPostgres()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pg.Stop)
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DatabaseURL: pg.URL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	migrations := server.ReadyCheck{Name: "migrations", Check: func(ctx context.Context) error {
		pending, err := db.PendingMigrations(ctx)
		if err == nil && len(pending) > 0 {
			err = fmt.Errorf("pending: %v", pending)
		}
		return err
	}}
	s := newStack(t, "sqlite", server.Config{Ready: []server.ReadyCheck{{Name: "database", Check: db.Ping}, migrations}})
	anon := s.anonymous()

	t.Run("MigrationsPending", func(t *testing.T) {
		p := anon.do("GET", "/readyz", nil).problem(t, http.StatusServiceUnavailable, "not_ready", "")
		if !strings.Contains(p.DetailEN, "migrations") || strings.Contains(p.DetailEN, "database") {
			t.Errorf("detail %q, want it to name migrations only", p.DetailEN)
		}
	})
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("Ready", func(t *testing.T) {
		r := anon.do("GET", "/readyz", nil)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), `"database":"ok"`) || !strings.Contains(string(r.body), `"migrations":"ok"`) {
			t.Fatalf("GET /readyz: %s", r)
		}
	})
	pg.Stop()
	t.Run("DatabaseDown", func(t *testing.T) {
		p := anon.do("GET", "/readyz", nil).problem(t, http.StatusServiceUnavailable, "not_ready", "")
		if !strings.Contains(p.Detail, "database") {
			t.Errorf("detail %q does not name the database", p.Detail)
		}
		if strings.Contains(p.Detail, "127.0.0.1") || strings.Contains(p.Detail, "connect") {
			t.Errorf("detail %q shows why; that belongs in the log", p.Detail)
		}
	})
	t.Run("StillAlive", func(t *testing.T) {
		anon.do("GET", "/healthz", nil).must(t, http.StatusOK, nil)
	})
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := server.NewMetrics()
	m.WatchDB(db.SQL())
	s := newStack(t, "sqlite", server.Config{Metrics: m})
	anon := s.anonymous()
	anon.do("GET", "/api/v1/actions/424242", nil)
	anon.do("GET", "/healthz", nil)
	anon.do("FROBNICATE", "/healthz", nil)
	m.ConnectionOpened()
	m.EventsFannedOut(3)
	m.Replayed(7)

	if r := anon.do("GET", "/metrics", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /metrics on the public handler: %d, want 404 (the metrics have their own listener)", r.status)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics handler: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`ketenhub_http_requests_total{method="GET",route="/api/v1/actions/:id",status="401"} 1`,
		`ketenhub_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`ketenhub_http_requests_total{method="other",route="unmatched",status="405"} 1`,
		`ketenhub_http_request_duration_seconds_bucket{method="GET",route="/healthz",le=`,
		"ketenhub_websocket_connections 1",
		"ketenhub_realtime_events_fanned_out_total 3",
		"ketenhub_realtime_slow_clients_dropped_total 0",
		"ketenhub_realtime_replay_events_sum 7",
		`go_sql_open_connections{db_name="ketenhub"}`,
		`go_sql_wait_count_total{db_name="ketenhub"}`,
		"go_goroutines",
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "424242") {
		t.Error("/metrics names an id: routes must be templates")
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Ketenhub</title>")}}
	for _, hsts := range []bool{false, true} {
		t.Run(fmt.Sprintf("HSTS=%v", hsts), func(t *testing.T) {
			s := newStack(t, "sqlite", server.Config{Static: app, HSTS: hsts})
			org := &ketenhub.Organisation{Name: "Gemeente Leiden", Kind: ketenhub.KindGemeente}
			system := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: -1, PlatformRole: ketenhub.PlatformRoleBeheerder})
			if err := s.svc.Organisations.CreateOrganisation(system, org); err != nil {
				t.Fatal(err)
			}
			user := s.signIn("oov", org.ID, ketenhub.PlatformRoleNone)
			for _, tt := range []struct {
				name   string
				c      *client
				path   string
				status int
			}{
				{"page", s.anonymous(), "/", 200},
				{"deep link", s.anonymous(), "/werkruimtes/3", 200},
				{"API", user, "/api/v1/me", 200},
				{"API problem", s.anonymous(), "/api/v1/me", 401},
				{"not found", s.anonymous(), "/api/v1/nope", 404},
				{"probe", s.anonymous(), "/healthz", 200},
			} {
				t.Run(tt.name, func(t *testing.T) {
					r := tt.c.do("GET", tt.path, nil)
					if r.status != tt.status {
						t.Fatalf("GET %s: %s", tt.path, r)
					}
					checkSecurityHeaders(t, r.header, hsts)
				})
			}
		})
	}
}

// checkSecurityHeaders checks the headers every response carries.
func checkSecurityHeaders(t *testing.T, h http.Header, hsts bool) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy %q allows inline code", csp)
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := h.Get("Strict-Transport-Security"); (got != "") != hsts || (hsts && !strings.HasPrefix(got, "max-age=")) {
		t.Errorf("Strict-Transport-Security = %q with HSTS %v", got, hsts)
	}
}

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// getRaw sends GET url with the headers ("Name: value"), following no redirect.
func getRaw(t *testing.T, url string, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &response{status: res.StatusCode, header: res.Header, body: body}
}

// checkRateLimited checks a 429 problem with a sane Retry-After.
func checkRateLimited(t *testing.T, r *response) {
	t.Helper()
	r.problem(t, http.StatusTooManyRequests, ketenhub.ERATELIMIT, "")
	secs, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 3600 {
		t.Errorf("Retry-After = %q, want whole seconds within the hour", r.header.Get("Retry-After"))
	}
}

func TestLoginRateLimit(t *testing.T) {
	limit := server.RateLimit{Events: 3, Per: time.Hour}
	newLimited := func(t *testing.T, proxies []string) *stack {
		return newSignInStackWith(t, "sqlite", func(cfg *server.Config) {
			cfg.LoginLimit, cfg.TrustedProxies = limit, proxies
		})
	}
	t.Run("PerClientAddress", func(t *testing.T) {
		s := newLimited(t, nil)
		for i := range limit.Events {
			if r := getRaw(t, s.url+"/auth/login/dev"); r.status != http.StatusFound {
				t.Fatalf("sign-in %d: %s", i+1, r)
			}
		}
		checkRateLimited(t, getRaw(t, s.url+"/auth/login/dev"))
		checkRateLimited(t, getRaw(t, s.url+"/auth/callback/dev?code=x&state=y"))
		// Without trusted proxies a client cannot pose as another.
		checkRateLimited(t, getRaw(t, s.url+"/auth/login/dev", "X-Forwarded-For: 203.0.113.9"))
		if r := getRaw(t, s.url+"/auth/login/dev", "Accept-Language: en"); !strings.Contains(string(r.body), `"detail":"Too many requests`) {
			t.Errorf("no English detail for an English client: %s", r)
		}
		// The sign-in page itself is not an attempt.
		if r := getRaw(t, s.url+"/auth/login"); r.status != http.StatusOK {
			t.Errorf("GET /auth/login: %s", r)
		}
	})
	t.Run("BehindATrustedProxy", func(t *testing.T) {
		s := newLimited(t, []string{"127.0.0.1"})
		for range limit.Events {
			getRaw(t, s.url+"/auth/login/dev", "X-Forwarded-For: 203.0.113.9")
		}
		checkRateLimited(t, getRaw(t, s.url+"/auth/login/dev", "X-Forwarded-For: 203.0.113.9"))
		if r := getRaw(t, s.url+"/auth/login/dev", "X-Forwarded-For: 198.51.100.7"); r.status != http.StatusFound {
			t.Errorf("another client behind the proxy: %s", r)
		}
	})
}

func TestWriteRateLimit(t *testing.T) {
	limit := server.RateLimit{Events: 3, Per: time.Hour}
	s := newStack(t, "sqlite", server.Config{WriteLimit: limit})
	system := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: -1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	regio := &ketenhub.Organisation{Name: "Regio", Kind: ketenhub.KindOverig}
	if err := s.svc.Organisations.CreateOrganisation(system, regio); err != nil {
		t.Fatal(err)
	}
	busy, other := s.signIn("druk", regio.ID, ketenhub.PlatformRoleBeheerder), s.signIn("rustig", regio.ID, ketenhub.PlatformRoleBeheerder)
	create := func(c *client, i int) *response {
		return c.do("POST", "/api/v1/organisations", map[string]any{"name": fmt.Sprintf("Gemeente %s %d", c.user.Name, i), "kind": "gemeente"},
			"Origin: "+allowedOrigin)
	}
	for i := range limit.Events {
		create(busy, i).must(t, http.StatusCreated, nil)
	}
	checkRateLimited(t, create(busy, 99))
	t.Run("ReadsGoOn", func(t *testing.T) {
		busy.do("GET", "/api/v1/organisations", nil).must(t, http.StatusOK, nil)
	})
	t.Run("PerUser", func(t *testing.T) {
		create(other, 0).must(t, http.StatusCreated, nil)
	})
}

// TestCookieSecure: under an https public URL (CookieSecure, HSTS) the
// cookies the server sets are Secure; under plain http they cannot be.
func TestCookieSecure(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("Secure=%v", secure), func(t *testing.T) {
			s := newStack(t, "sqlite", server.Config{CookieSecure: secure, HSTS: secure})
			stale := &client{t: t, base: s.url, token: "verlopen-sessie"}
			r := stale.do("GET", "/api/v1/me", nil)
			cookie := r.header.Get("Set-Cookie")
			if !strings.HasPrefix(cookie, auth.SessionCookie+"=") {
				t.Fatalf("no session cookie cleared: %q", cookie)
			}
			if got := strings.Contains(cookie, "; Secure"); got != secure {
				t.Errorf("Set-Cookie %q: Secure %v, want %v", cookie, got, secure)
			}
		})
	}
}
