package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/devidp"
	"github.com/ketenhub/ketenhub/frontend"
	"github.com/ketenhub/ketenhub/policy"
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
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
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

// TestRun_DevBesideOIDCConfig: the development identity provider never runs
// beside production issuers; asking for both stops the start.
func TestRun_DevBesideOIDCConfig(t *testing.T) {
	a, _, stderr := testApp(map[string]string{"KETENHUB_DEV": "true", "KETENHUB_OIDC_CONFIG": writeOIDCConfig(t), "KETENHUB_DATA_DIR": t.TempDir()})
	if got, want := a.run(context.Background(), []string{"serve"}), exitUsage; got != want {
		t.Errorf("exit code %d, want %d", got, want)
	}
	for _, want := range []string{"KETENHUB_DEV", "KETENHUB_OIDC_CONFIG"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the message does not name %s:\n%s", want, stderr)
		}
	}
}

func TestRun_Serve(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			vars := databaseEnv(t, kind)
			vars["KETENHUB_ADDR"] = "127.0.0.1:0"
			vars["KETENHUB_METRICS_ADDR"] = "127.0.0.1:0"
			vars["KETENHUB_DEMO"] = "true"
			vars["KETENHUB_DEV"] = "true" // the default on SQLite, asked for on PostgreSQL
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

			t.Run("StartPage", func(t *testing.T) {
				res, body := get(t, base+"/")
				if got, want := res.StatusCode, http.StatusOK; got != want {
					t.Errorf("GET /: status %d, want %d", got, want)
				}
				if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
					t.Errorf("GET /: Content-Type %q, want text/html", got)
				}
				// The web app when it was built (make build), else the
				// placeholder page that says how to build it.
				want := []string{`<html lang="nl">`, `<div id="root">`, `src="/assets/`}
				if !frontend.Built() {
					want = []string{`<html lang="nl">`, `href="/auth/login"`, `href="/api/v1/me"`, `href="/api/v1/workspaces"`}
				}
				for _, w := range want {
					if !strings.Contains(body, w) {
						t.Errorf("GET /: the start page lacks %s:\n%s", w, body)
					}
				}
			})
			t.Run("SignInPage", func(t *testing.T) {
				res, body := get(t, base+"/auth/login")
				if got, want := res.StatusCode, http.StatusOK; got != want {
					t.Fatalf("GET /auth/login: status %d, want %d", got, want)
				}
				for _, want := range []string{`href="/auth/login/dev"`, "ontwikkelmodus", `href="/style.css"`} {
					if !strings.Contains(body, want) {
						t.Errorf("GET /auth/login lacks %q:\n%s", want, body)
					}
				}
			})
			t.Run("TwoPartnersSeeDifferentThings", func(t *testing.T) { testTwoPartners(t, base) })
			t.Run("LiveUpdatesFollowVisibility", func(t *testing.T) { testLiveUpdates(t, base) })
			t.Run("BackChannelLogoutClosesWebsocket", func(t *testing.T) { testBackChannelLogout(t, base) })
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
			for _, want := range []string{`"msg":"demo data seeded"`, `"msg":"signed in"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
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

// testTwoPartners signs in, in two browsers, as the GGD-medewerker and the
// RIEC-analist, and shows that in the Ondermijning workspace, where both
// organisations are members, the RIEC's restricted case is the RIEC's alone.
func testTwoPartners(t *testing.T, base string) {
	ggd, riec := signInAs(t, base, "ggd"), signInAs(t, base, "riec-analist")

	ws := riec.workspaceID(t, "Ondermijning")
	if got := ggd.workspaceID(t, "Ondermijning"); got != ws {
		t.Fatalf("the two see workspace ids %d and %d", got, ws)
	}
	riecActions, ggdActions := riec.actions(t, ws), ggd.actions(t, ws)
	restricted, ok := riecActions[riecCase]
	if !ok {
		t.Fatalf("the RIEC-analist does not see %q in %v", riecCase, riecActions)
	}
	// The persona who signed in is the seeded user who created the case.
	if got, want := restricted.CreatedByUserID, riec.me.User.ID; got != want {
		t.Errorf("the case was created by user %d; the RIEC-analist signed in as user %d", got, want)
	}
	if _, seen := ggdActions[riecCase]; seen {
		t.Errorf("the GGD-medewerker sees the restricted %q in the list", riecCase)
	}
	if len(ggdActions) == 0 || len(ggdActions) >= len(riecActions) {
		t.Errorf("the GGD-medewerker sees %d actions and the RIEC-analist %d; want fewer, but some", len(ggdActions), len(riecActions))
	}
	path := fmt.Sprintf("/api/v1/actions/%d", restricted.ID)
	if got, want := riec.getJSON(t, path, nil), http.StatusOK; got != want {
		t.Errorf("the RIEC-analist: GET %s: status %d, want %d", path, got, want)
	}
	if got, want := ggd.getJSON(t, path, nil), http.StatusNotFound; got != want {
		t.Errorf("the GGD-medewerker: GET %s: status %d, want %d", path, got, want)
	}
}

// riecCase is a demo action restricted to gemeente, politie, OM and RIEC.
const riecCase = "RIEC-casus: verwevenheid vastgoed en horeca"

// browser is one person's browser: a cookie jar, redirects followed.
type browser struct {
	base   string
	client *http.Client
	me     me
}

// me is the part of GET /api/v1/me the tests read.
type me struct {
	User struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	Organisation struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"organisation"`
	CSRFToken string `json:"csrf_token"`
}

var authRequestField = regexp.MustCompile(`name="` + devidp.FieldAuthRequestID + `" value="([^"]+)"`)

// signInAs signs in as the demo persona with key the way a person does:
// the sign-in page, the development provider's persona picker, back to the
// hub. It checks that the API then knows who signed in.
func signInAs(t *testing.T, base, key string) *browser {
	t.Helper()
	p, ok := demo.PersonaByKey(key)
	if !ok {
		t.Fatalf("no persona %q", key)
	}
	jar, _ := cookiejar.New(nil)
	b := &browser{base: base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	res, page := b.get(t, "/auth/login")
	link := regexp.MustCompile(`href="(/auth/login/dev[^"]*)"`).FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || link == nil {
		t.Fatalf("sign-in page without the dev provider (%d):\n%s", res.StatusCode, page)
	}
	b.pickPersona(t, html.UnescapeString(link[1]), p.Subject)
	if got, want := b.getJSON(t, "/api/v1/me", &b.me), http.StatusOK; got != want {
		t.Fatalf("GET /api/v1/me after signing in as %s: status %d, want %d", key, got, want)
	}
	if got, want := b.me.User.Name+" ("+b.me.Organisation.Name+")", p.Name+" ("+p.OrganisationName+")"; got != want {
		t.Errorf("signed in as %q, want %q", got, want)
	}
	return b
}

// pickPersona starts a sign-in at the hub's path login, picks the persona
// with subject on the development provider's picker and follows the
// redirects back to the hub's start page.
func (b *browser) pickPersona(t *testing.T, login, subject string) {
	t.Helper()
	res, page := b.get(t, login)
	m := authRequestField.FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(page, `value="`+subject+`"`) {
		t.Fatalf("no persona picker offering %s (%d at %s):\n%s", subject, res.StatusCode, res.Request.URL, page)
	}
	picker := res.Request.URL.ResolveReference(&url.URL{Path: "login"})
	res, err := b.client.PostForm(picker.String(), url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {subject}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Request.URL.String(), b.base+"/"; res.StatusCode != http.StatusOK || got != want {
		t.Fatalf("after the picker: status %d at %s, want 200 at %s", res.StatusCode, got, want)
	}
}

func (b *browser) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	res, err := b.client.Get(b.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// getJSON gets path, decodes a 200 answer into v (when not nil) and returns the status.
func (b *browser) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	res, body := b.get(t, path)
	if res.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return res.StatusCode
}

// workspaceID is the id of the workspace with the title, as the browser's user sees it.
func (b *browser) workspaceID(t *testing.T, title string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"items"`
	}
	if got, want := b.getJSON(t, "/api/v1/workspaces", &list), http.StatusOK; got != want {
		t.Fatalf("GET /api/v1/workspaces: status %d, want %d", got, want)
	}
	for _, w := range list.Items {
		if w.Title == title {
			return w.ID
		}
	}
	t.Fatalf("%s does not see workspace %q in %+v", b.me.User.Name, title, list.Items)
	return 0
}

// action is the part of an action the tests read.
type action struct {
	ID              int64  `json:"id"`
	Title           string `json:"title"`
	CreatedByUserID int64  `json:"created_by_user_id"`
	OwnerOrgID      int64  `json:"owner_organisation_id"`
	Version         int64  `json:"version"`
	Visibility      struct {
		Scope string `json:"scope"`
	} `json:"visibility"`
}

// actions are the workspace's actions the browser's user sees, by title.
func (b *browser) actions(t *testing.T, workspaceID int64) map[string]action {
	t.Helper()
	var page struct {
		Items []action `json:"items"`
		Total int      `json:"total"`
	}
	path := fmt.Sprintf("/api/v1/workspaces/%d/actions?per_page=200", workspaceID)
	if got, want := b.getJSON(t, path, &page), http.StatusOK; got != want {
		t.Fatalf("GET %s: status %d, want %d", path, got, want)
	}
	if len(page.Items) != page.Total {
		t.Fatalf("GET %s: %d items of %d; the page is too small", path, len(page.Items), page.Total)
	}
	out := map[string]action{}
	for _, a := range page.Items {
		out[a.Title] = a
	}
	return out
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
