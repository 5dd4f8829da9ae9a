package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// syncBuffer collects the log of a run that other goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testApp returns an app whose environment is vars and whose output goes to buffers.
func testApp(vars map[string]string) (app, *syncBuffer, *syncBuffer) {
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	return app{stdout: stdout, stderr: stderr, getenv: env(vars)}, stdout, stderr
}

// databaseEnv returns the environment that points the binary at a fresh
// database of the given kind.
func databaseEnv(t *testing.T, kind string) map[string]string {
	t.Helper()
	if kind == "postgres" {
		return map[string]string{"KETENHUB_DATABASE_URL": storetest.PostgresURL(t)}
	}
	return map[string]string{"KETENHUB_DATA_DIR": t.TempDir()}
}

func TestRun_MigrateAndSeedDemo(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			vars := databaseEnv(t, kind)
			ctx := context.Background()
			for _, cmd := range []string{"migrate", "seed-demo", "seed-demo"} {
				a, _, stderr := testApp(vars)
				if code := a.run(ctx, []string{cmd}); code != exitOK {
					t.Fatalf("%s: exit code %d; log:\n%s", cmd, code, stderr)
				}
			}
			if got, want := countOrganisations(t, vars), 12; got != want {
				t.Errorf("%d organisations after seed-demo twice, want %d", got, want)
			}
		})
	}
}

// countOrganisations opens the database the binary used and counts its organisations.
func countOrganisations(t *testing.T, vars map[string]string) int {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DatabaseURL: vars["KETENHUB_DATABASE_URL"], DataDir: vars["KETENHUB_DATA_DIR"]})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := store.NewServices(db, auth.Policy{}, ketenhub.SystemClock{})
	// Any signed-in viewer may list organisations; no user need exist for that.
	reader := ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{UserID: -1})
	orgs, err := svc.Organisations.FindOrganisations(reader)
	if err != nil {
		t.Fatal(err)
	}
	return len(orgs)
}

func TestRun_Usage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // expected in stdout or stderr
	}{
		{[]string{"version"}, exitOK, "ketenhub "},
		{[]string{"help"}, exitOK, "KETENHUB_DATABASE_URL_FILE"},
		{[]string{"serve", "-h"}, exitOK, "seed-demo"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"migrate", "--session-idle", "soon"}, exitUsage, "invalid KETENHUB_SESSION_IDLE"},
		{[]string{"--nope"}, exitUsage, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			a, stdout, stderr := testApp(nil)
			if got, want := a.run(context.Background(), tt.args), tt.code; got != want {
				t.Errorf("exit code %d, want %d", got, want)
			}
			if out := stdout.String() + stderr.String(); !strings.Contains(out, tt.out) {
				t.Errorf("output lacks %q:\n%s", tt.out, out)
			}
		})
	}
}

func TestRun_Serve(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			vars := databaseEnv(t, kind)
			vars["KETENHUB_ADDR"] = "127.0.0.1:0"
			vars["KETENHUB_DEMO"] = "true"
			a, _, stderr := testApp(vars)
			addrs := make(chan net.Addr, 1)
			a.ready = func(addr net.Addr) { addrs <- addr }

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			exited := make(chan int, 1)
			go func() { exited <- a.run(ctx, []string{"serve"}) }()

			var base string
			select {
			case addr := <-addrs:
				base = "http://" + addr.String()
			case code := <-exited:
				t.Fatalf("serve exited with %d before it was ready; log:\n%s", code, stderr)
			case <-time.After(60 * time.Second):
				t.Fatalf("serve not ready after a minute; log:\n%s", stderr)
			}

			t.Run("PlaceholderPage", func(t *testing.T) {
				res, body := get(t, base+"/")
				if got, want := res.StatusCode, http.StatusOK; got != want {
					t.Errorf("GET /: status %d, want %d", got, want)
				}
				if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
					t.Errorf("GET /: Content-Type %q, want text/html", got)
				}
				if !strings.Contains(body, `<html lang="nl">`) || !strings.Contains(body, "/api/v1") {
					t.Errorf("GET /: not the placeholder page:\n%s", body)
				}
			})
			t.Run("MeWithoutSession", func(t *testing.T) {
				res, body := get(t, base+"/api/v1/me")
				if got, want := res.StatusCode, http.StatusUnauthorized; got != want {
					t.Errorf("GET /api/v1/me: status %d, want %d", got, want)
				}
				if got, want := res.Header.Get("Content-Type"), "application/problem+json"; !strings.HasPrefix(got, want) {
					t.Errorf("GET /api/v1/me: Content-Type %q, want %q", got, want)
				}
				if !strings.Contains(body, `"status":401`) && !strings.Contains(body, `"status": 401`) {
					t.Errorf("GET /api/v1/me: body %s, want a problem with status 401", body)
				}
			})

			cancel()
			select {
			case code := <-exited:
				if code != exitOK {
					t.Errorf("serve exited with %d after cancel, want %d; log:\n%s", code, exitOK, stderr)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop within 30s of cancel")
			}
			log := stderr.String()
			for _, want := range []string{`"msg":"demo data seeded"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
				if !strings.Contains(log, want) {
					t.Errorf("log lacks %s:\n%s", want, log)
				}
			}
			if _, err := http.Get(base + "/"); err == nil {
				t.Error("the server still answers after shutdown")
			}
		})
	}
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}
