package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/devidp"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// The organisations the test database holds.
const (
	orgPurmerend = "Gemeente Purmerend"
	orgPolitie   = "Politie Noord-Holland"
	orgRegio     = "Veiligheidsregio Zaanstreek-Waterland"
)

// Provider "a" reads the organisation from the claim and grants beheerder
// by group; provider "b" vouches for the police whatever the claims say.
var (
	personasA = []devidp.Persona{
		{Subject: "oov", Name: "Yasmina El Idrissi", Email: "y.elidrissi@purmerend.example", Title: "OOV-adviseur", Organisation: orgPurmerend},
		{Subject: "beheer", Name: "Sanne Vermeulen", Email: "s.vermeulen@vrzw.example", Title: "Functioneel beheerder", Organisation: orgRegio, Groups: []string{"ketenhub-beheerders"}},
		{Subject: "vreemd", Name: "Vera Vreemd", Email: "vera@onbekend.example", Organisation: "Stichting Onbekend"},
		{Subject: "los", Name: "Lars Los", Email: "lars@los.example"},
		{Subject: "rechercheur", Name: "Ruud Jansen", Email: "r.jansen@politie.example", Title: "  Rechercheur Team Ondermijning ", Organisation: orgPolitie,
			Groups: []string{"Team Ondermijning", "ketenhub-organisatiebeheerders", "Team Ondermijning", strings.Repeat("x", ketenhub.MaxGroupName+1)},
			Claims: map[string]any{"afgeschermd": true}},
	}
	personasB = []devidp.Persona{
		{Subject: "agent", Name: "Samira Haddou", Email: "samira.haddou@politie.example", Title: "Wijkagent", Organisation: orgPurmerend, Groups: []string{"ketenhub-beheerders"}},
	}
)

// oidcEnv is a hub with the Login handler, two development identity
// providers on their own servers, and a real database.
type oidcEnv struct {
	db       *store.DB
	svc      *store.Services
	sessions *auth.Sessions
	login    *auth.Login
	hubURL   string
	idp      map[string]*devidp.Provider
	// redeemed counts the token requests each provider received.
	redeemed map[string]*atomic.Int64
	orgs     map[string]int64
	jar      http.CookieJar
	browser  *http.Client // follows every redirect
	stop     *http.Client // stops at the hub's callback, to tamper with it
	logs     *lockedBuffer
	// ended holds the session ids that Sessions said were ended.
	endedMu sync.Mutex
	ended   []int64
}

// heardEnded is the sessions' Ended hook.
func (e *oidcEnv) heardEnded(_ context.Context, ids []int64) {
	e.endedMu.Lock()
	defer e.endedMu.Unlock()
	e.ended = append(e.ended, ids...)
}

// envOptions change the providers of one test.
type envOptions struct {
	idpA []devidp.Option
	mfaA auth.MFARule
	// secretA and issuerA, when set, replace provider a's client secret
	// and issuer in the hub's configuration: a mistake of its administrator.
	secretA string
	issuerA func(issuer string) string
	logoutA string // provider a's logout setting
}

func newOIDCEnv(t *testing.T, kind string, opt envOptions) *oidcEnv {
	t.Helper()
	e := &oidcEnv{idp: map[string]*devidp.Provider{}, orgs: map[string]int64{}, logs: &lockedBuffer{},
		redeemed: map[string]*atomic.Int64{"a": {}, "b": {}}}
	e.db = openOIDCDB(t, kind)
	clock := ketenhub.SystemClock{}
	e.svc = store.NewServices(e.db, policy.Policy{}, clock)
	for _, name := range []string{orgPurmerend, orgPolitie, orgRegio} {
		e.orgs[name] = createOrganisation(t, e.db, name)
	}
	e.sessions = auth.NewSessions(e.svc.Sessions, e.svc.Users, clock, auth.SessionOptions{Ended: e.heardEnded})

	hub, hubURL := localhostServer(t)
	e.hubURL = hubURL
	idpA, urlA := localhostServer(t)
	idpB, urlB := localhostServer(t)
	client := func(id string) []devidp.Client {
		return []devidp.Client{{ID: "ketenhub-" + id, Secret: "secret-" + id,
			RedirectURIs: []string{hubURL + "/auth/callback/" + id}, PostLogoutRedirectURIs: []string{hubURL + "/"}}}
	}
	e.idp["a"] = startIDP(t, idpA, urlA, e.redeemed["a"], personasA, client("a"), opt.idpA...)
	e.idp["b"] = startIDP(t, idpB, urlB, e.redeemed["b"], personasB, client("b"))

	// Provider b reads its secret from a file, as the shipped production
	// files do, so every sign-in through b starts from a loaded file.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret-b"), []byte("secret-b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "oidc.yaml"), []byte(fmt.Sprintf(`
providers:
  - id: a
    display_name: Regionale Keycloak
    issuer: %s
    client_id: ketenhub-a
    client_secret: secret-a
    organisation_claim: organisation
    beheerder: {claim: groups, values: [ketenhub-beheerders]}
    organisatiebeheerder: {values: [ketenhub-organisatiebeheerders]}
    shielded: {claim: afgeschermd, values: ["true"]}
    backchannel_logout: true
  - id: b
    display_name: Politie
    issuer: %s
    client_id: ketenhub-b
    client_secret_file: secret-b
    organisation: %s
`, e.idp["a"].Issuer(), e.idp["b"].Issuer(), orgPolitie)), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := auth.LoadOIDCConfig(filepath.Join(dir, "oidc.yaml"))
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.Providers[0].MFA = opt.mfaA
	if opt.secretA != "" {
		cfg.Providers[0].ClientSecret = opt.secretA
	}
	if opt.issuerA != nil {
		cfg.Providers[0].Issuer = opt.issuerA(cfg.Providers[0].Issuer)
	}
	if opt.logoutA != "" {
		cfg.Providers[0].Logout = opt.logoutA
	}
	e.login, err = auth.NewLogin(auth.LoginConfig{
		Providers:     cfg.Providers,
		PublicURL:     hubURL,
		Sessions:      e.sessions,
		Users:         e.svc.Users,
		Organisations: orgsByName{e.db},
		Clock:         clock,
		Logger:        slog.New(slog.NewTextHandler(e.logs, nil)),
	})
	if err != nil {
		t.Fatalf("new login: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/", e.login)
	mux.HandleFunc("/whoami", e.whoami)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "hub %s", r.URL.RequestURI()) })
	hub.Config.Handler = mux
	hub.Start()

	e.jar, _ = cookiejar.New(nil)
	e.browser = &http.Client{Jar: e.jar, Timeout: 10 * time.Second}
	e.stop = &http.Client{Jar: e.jar, Timeout: 10 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), hubURL+"/auth/callback/") {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	t.Cleanup(func() { e.checkLogs(t) })
	return e
}

// startIDP starts a development provider on srv, counting in redeemed the
// token requests (code redemptions) it receives.
func startIDP(t *testing.T, srv *httptest.Server, issuer string, redeemed *atomic.Int64, personas []devidp.Persona, clients []devidp.Client, opts ...devidp.Option) *devidp.Provider {
	t.Helper()
	p, err := devidp.New(issuer+"/", personas, clients, opts...)
	if err != nil {
		t.Fatalf("devidp: %v", err)
	}
	h := p.Handler()
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/token") {
			redeemed.Add(1)
		}
		h.ServeHTTP(w, r)
	})
	srv.Start()
	return p
}

// localhostServer returns an unstarted server on a free loopback port and
// its URL under the name localhost, which issuers use (see TOOLING.md).
func localhostServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Listener.Close()
	srv.Listener = ln
	t.Cleanup(srv.Close)
	return srv, fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
}

// openOIDCDB opens a fresh, migrated database of the given kind.
func openOIDCDB(t *testing.T, kind string) *store.DB {
	t.Helper()
	var cfg store.Config
	switch kind {
	case "sqlite":
		cfg.DataDir = t.TempDir()
	case "postgres":
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", kind, err)
	}
	return db
}

// createOrganisation adds an organisation row directly: the service needs
// a signed-in beheerder, and signing in is what is under test.
func createOrganisation(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	g := db.Gorm().WithContext(context.Background())
	now := time.Now().UTC()
	if err := g.Exec(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`,
		name, string(ketenhub.KindOverig), now, now).Error; err != nil {
		t.Fatalf("insert organisation: %v", err)
	}
	var id int64
	if err := g.Raw(`SELECT id FROM organisations WHERE name = ?`, name).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

// orgsByName is the OrganisationResolver cmd provides, here over SQL.
type orgsByName struct{ db *store.DB }

func (o orgsByName) OrganisationByName(ctx context.Context, name string) (*ketenhub.Organisation, error) {
	var org ketenhub.Organisation
	res := o.db.Gorm().WithContext(ctx).Raw(`SELECT id, name, kind FROM organisations WHERE name = ?`, name).Scan(&org)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ketenhub.NotFound("organisation", "organisatie")
	}
	return &org, nil
}

// whoami shows who the session cookie signs in, as the hub sees it.
func (e *oidcEnv) whoami(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(auth.SessionCookie)
	if err != nil {
		http.Error(w, "no cookie", http.StatusUnauthorized)
		return
	}
	sess, u, err := e.sessions.Resolve(r.Context(), c.Value)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	json.NewEncoder(w).Encode(whoami{UserID: u.ID, Name: u.Name, Email: u.Email, Organisation: u.OrganisationID,
		Role: string(u.PlatformRole), Issuer: sess.Issuer, CSRF: sess.CSRFToken})
}

type whoami struct {
	UserID       int64  `json:"user_id"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Organisation int64  `json:"organisation_id"`
	Role         string `json:"platform_role"`
	Issuer       string `json:"issuer"`
	CSRF         string `json:"csrf"`
}

// me returns who the browser is signed in as, or nil.
func (e *oidcEnv) me(t *testing.T) *whoami {
	t.Helper()
	resp, err := e.browser.Get(e.hubURL + "/whoami")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	var w whoami
	if err := json.NewDecoder(resp.Body).Decode(&w); err != nil {
		t.Fatal(err)
	}
	return &w
}

var authRequestField = regexp.MustCompile(`name="` + devidp.FieldAuthRequestID + `" value="([^"]+)"`)

// toCallback starts a sign-in at the hub with provider id, picks persona
// on the provider's page, and returns the callback URL the provider sends
// the browser back to, without visiting it.
func (e *oidcEnv) toCallback(t *testing.T, id, persona, returnTo string) *url.URL {
	t.Helper()
	start := e.hubURL + "/auth/login/" + id
	if returnTo != "" {
		start += "?return_to=" + url.QueryEscape(returnTo)
	}
	page := fetch(t, e.stop, http.MethodGet, start, nil)
	m := authRequestField.FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		t.Fatalf("no persona picker (status %d): %s", page.status, page.body)
	}
	action := page.url.ResolveReference(&url.URL{Path: "login"}).String()
	resp, err := e.stop.PostForm(action, url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {persona}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("provider did not redirect to the callback (status %d)", resp.StatusCode)
	}
	return loc
}

// signIn runs a whole sign-in and returns the page the browser lands on.
func (e *oidcEnv) signIn(t *testing.T, id, persona, returnTo string) page {
	t.Helper()
	return fetch(t, e.browser, http.MethodGet, e.toCallback(t, id, persona, returnTo).String(), nil)
}

type page struct {
	status int
	body   string
	url    *url.URL
	header http.Header
}

func fetch(t *testing.T, c *http.Client, method, u string, form url.Values, header ...string) page {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: string(b), url: resp.Request.URL, header: resp.Header}
}

// sessionCount is the number of sessions in the database.
func (e *oidcEnv) sessionCount(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := e.db.Gorm().WithContext(context.Background()).Raw(`SELECT COUNT(*) FROM sessions`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// mustRefuse checks that p is the error page with status, and that no
// session exists and the browser is not signed in.
func (e *oidcEnv) mustRefuse(t *testing.T, p page, status int) {
	t.Helper()
	if got, want := p.status, status; got != want {
		t.Errorf("status = %d, want %d; body: %s", got, want, p.body)
	}
	for _, want := range []string{`lang="nl"`, "Aanmelden mislukt", "Sign-in failed"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("error page lacks %q: %s", want, p.body)
		}
	}
	if got := p.header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
		t.Errorf("content type = %q, want text/html", got)
	}
	if n := e.sessionCount(t); n != 0 {
		t.Errorf("%d sessions exist after a refused sign-in", n)
	}
	if me := e.me(t); me != nil {
		t.Errorf("browser is signed in as %+v after a refused sign-in", me)
	}
}

// mustNotRedeem fails the test if any code was sent to a token endpoint:
// a response that does not belong to its flow must not be redeemed, least
// of all at another issuer (which would leak the code to it).
func (e *oidcEnv) mustNotRedeem(t *testing.T) {
	t.Helper()
	for id, n := range e.redeemed {
		if n.Load() != 0 {
			t.Errorf("provider %s received %d token requests, want none", id, n.Load())
		}
	}
}

// checkLogs fails the test if a log line holds a token: a JWT, or the
// session cookie's value.
func (e *oidcEnv) checkLogs(t *testing.T) {
	logs := e.logs.String()
	if strings.Contains(logs, "eyJ") {
		t.Errorf("the log holds a JWT:\n%s", logs)
	}
	for _, c := range e.jar.Cookies(mustParse(t, e.hubURL)) {
		if c.Value != "" && strings.Contains(logs, c.Value) {
			t.Errorf("the log holds the value of cookie %s", c.Name)
		}
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// lockedBuffer is a log sink that the servers' goroutines share.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func forEachDB(t *testing.T, f func(t *testing.T, kind string)) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f(t, kind)
		})
	}
}

func TestOIDCSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		t.Run("ProfileFromUserinfo", func(t *testing.T) {
			// The provider keeps name and e-mail at its userinfo endpoint.
			e := newOIDCEnv(t, kind, envOptions{idpA: []devidp.Option{devidp.WithProfileOnlyInUserinfo()}})
			e.signIn(t, "a", "oov", "")
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			if got, want := me.Name+" <"+me.Email+">", "Yasmina El Idrissi <y.elidrissi@purmerend.example>"; got != want {
				t.Errorf("user = %q, want %q (from userinfo)", got, want)
			}
		})

		t.Run("OrganisationFromClaim", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			p := e.signIn(t, "a", "oov", "/werkruimtes/3?tab=acties")
			if got, want := p.url.String(), e.hubURL+"/werkruimtes/3?tab=acties"; got != want {
				t.Errorf("landed on %q, want %q", got, want)
			}
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			if got, want := me.Organisation, e.orgs[orgPurmerend]; got != want {
				t.Errorf("organisation = %d, want %d (%s)", got, want, orgPurmerend)
			}
			if got, want := me.Name+" <"+me.Email+">", "Yasmina El Idrissi <y.elidrissi@purmerend.example>"; got != want {
				t.Errorf("user = %q, want %q", got, want)
			}
			if got, want := me.Role, ""; got != want {
				t.Errorf("platform role = %q, want none", got)
			}
			if got, want := me.Issuer, e.idp["a"].Issuer(); got != want {
				t.Errorf("session issuer = %q, want %q", got, want)
			}
			// Signing in again is the same user (issuer + subject), in a new session.
			first := me.UserID
			e.signIn(t, "a", "oov", "")
			if got := e.me(t); got == nil || got.UserID != first {
				t.Errorf("second sign-in: %+v, want user %d again", got, first)
			}
		})

		t.Run("FixedOrganisation", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "b", "agent", "")
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			// The claim names Purmerend, but provider b vouches for the police only.
			if got, want := me.Organisation, e.orgs[orgPolitie]; got != want {
				t.Errorf("organisation = %d, want %d (%s)", got, want, orgPolitie)
			}
			// b has no beheerder rule: the group grants nothing there.
			if got, want := me.Role, ""; got != want {
				t.Errorf("platform role = %q, want none", got)
			}
		})

		t.Run("Beheerder", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "a", "beheer", "")
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			if got, want := me.Role, string(ketenhub.PlatformRoleBeheerder); got != want {
				t.Errorf("platform role = %q, want %q", got, want)
			}
			if got, want := me.Organisation, e.orgs[orgRegio]; got != want {
				t.Errorf("organisation = %d, want %d", got, want)
			}
		})

		t.Run("Cookies", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(e.hubURL + "/auth/login/a")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			flow := cookieNamed(resp, auth.FlowCookie)
			if flow == nil || !flow.HttpOnly || flow.SameSite != http.SameSiteLaxMode || flow.Path != "/auth/" || flow.Expires.After(time.Now().Add(11*time.Minute)) {
				t.Errorf("flow cookie = %+v, want HttpOnly, SameSite=Lax, Path=/auth/, at most ~10 minutes", flow)
			}
			loc, _ := resp.Location()
			q := loc.Query()
			for k, want := range map[string]string{"response_type": "code", "client_id": "ketenhub-a", "code_challenge_method": "S256", "redirect_uri": e.hubURL + "/auth/callback/a"} {
				if got := q.Get(k); got != want {
					t.Errorf("authorisation request %s = %q, want %q", k, got, want)
				}
			}
			for _, k := range []string{"state", "nonce", "code_challenge"} {
				if q.Get(k) == "" {
					t.Errorf("authorisation request has no %s", k)
				}
			}
			if q.Has("acr_values") {
				t.Error("acr_values sent without an MFA rule")
			}

			cb := e.toCallback(t, "a", "oov", "")
			noFollow := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err = noFollow.Get(cb.String())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			sess := cookieNamed(resp, auth.SessionCookie)
			if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Secure {
				t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/, not Secure without TLS", sess)
			}
			if c := cookieNamed(resp, auth.FlowCookie); c == nil || c.MaxAge >= 0 {
				t.Errorf("flow cookie not cleared after the callback: %+v", c)
			}
		})

		t.Run("PreviousSessionEnds", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "a", "oov", "")
			old := cookieValue(e.jar, e.hubURL, auth.SessionCookie)
			e.signIn(t, "b", "agent", "")
			if _, _, err := e.sessions.Resolve(context.Background(), old); ketenhub.ErrorCode(err) != ketenhub.EUNAUTHORIZED {
				t.Errorf("the session from before the new sign-in still resolves: %v", err)
			}
		})

		t.Run("ReturnTo", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			for returnTo, want := range map[string]string{
				"/acties?x=1":          "/acties?x=1",
				"//evil.example/":      "/",
				"https://evil.example": "/",
				`/\evil.example`:       "/",
				"acties":               "/",
			} {
				p := e.signIn(t, "a", "oov", returnTo)
				if got := strings.TrimPrefix(p.url.String(), e.hubURL); got != want {
					t.Errorf("return_to %q: landed on %q, want %q", returnTo, got, want)
				}
			}
		})
	})
}

// TestOIDCPersonClaims: what the provider says of a person at each
// sign-in (groups, function, the organisatiebeheerder role, the shielded
// mark) is what Ketenhub records, and a later sign-in replaces it: a group,
// role or mark taken away at the provider is gone after the next sign-in.
func TestOIDCPersonClaims(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		e := newOIDCEnv(t, kind, envOptions{})
		e.signIn(t, "a", "rechercheur", "")
		me := e.me(t)
		if me == nil {
			t.Fatal("not signed in")
		}
		u := e.user(t, me.UserID)
		if got, want := u.Function, "Rechercheur Team Ondermijning"; got != want {
			t.Errorf("function = %q, want %q", got, want)
		}
		// Repeats are kept once; a name longer than ketenhub.MaxGroupName is left out.
		if got, want := strings.Join(u.Groups, "|"), "Team Ondermijning|ketenhub-organisatiebeheerders"; got != want {
			t.Errorf("groups = %q, want %q", got, want)
		}
		if u.OrganisationRole != ketenhub.OrganisationRoleBeheerder || u.PlatformRole != ketenhub.PlatformRoleNone {
			t.Errorf("roles = %q / %q, want organisatiebeheerder and no platform role", u.OrganisationRole, u.PlatformRole)
		}
		if !u.Shielded {
			t.Error("the shielded claim did not shield the user")
		}
		if !strings.Contains(e.logs.String(), "groups left out") {
			t.Error("the dropped group was not logged")
		}

		// The provider takes the group, the role and the mark away, and puts
		// the person in more groups than Ketenhub keeps.
		p := personasA[4]
		p.Groups = nil
		for i := range auth.MaxUserGroups + 20 {
			p.Groups = append(p.Groups, fmt.Sprintf("groep-%03d", i))
		}
		p.Claims = map[string]any{"afgeschermd": false}
		if err := e.idp["a"].SetPersona(p); err != nil {
			t.Fatal(err)
		}
		e.signIn(t, "a", "rechercheur", "")
		u = e.user(t, me.UserID)
		if len(u.Groups) != auth.MaxUserGroups || slices.Contains(u.Groups, "Team Ondermijning") || u.Groups[0] != "groep-000" {
			t.Errorf("after the second sign-in: %d groups from %v, want the first %d and not Team Ondermijning", len(u.Groups), u.Groups[0], auth.MaxUserGroups)
		}
		if u.OrganisationRole != ketenhub.OrganisationRoleNone || u.Shielded {
			t.Errorf("after the second sign-in: role %q, shielded %t; want neither", u.OrganisationRole, u.Shielded)
		}
	})
}

// user reads a user as the session middleware does.
func (e *oidcEnv) user(t *testing.T, id int64) *ketenhub.User {
	t.Helper()
	u, err := e.svc.Users.FindUserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestOIDCRefusals(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		t.Run("WrongState", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "a", "oov", "")
			q := cb.Query()
			q.Set("state", q.Get("state")+"x")
			cb.RawQuery = q.Encode()
			e.mustRefuse(t, fetch(t, e.browser, http.MethodGet, cb.String(), nil), http.StatusBadRequest)
			e.mustNotRedeem(t)
		})

		t.Run("NoFlowCookie", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "a", "oov", "")
			jar, _ := cookiejar.New(nil)
			p := fetch(t, &http.Client{Jar: jar}, http.MethodGet, cb.String(), nil)
			e.mustRefuse(t, p, http.StatusBadRequest)
		})

		t.Run("ReplayedCode", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "a", "oov", "")
			flow := cookieValue(e.jar, e.hubURL+"/auth/", auth.FlowCookie)
			if p := fetch(t, e.browser, http.MethodGet, cb.String(), nil); p.status != http.StatusOK {
				t.Fatalf("first use: status %d", p.status)
			}
			// Replay the response with the flow cookie it came with, in a
			// browser that is not signed in.
			jar, _ := cookiejar.New(nil)
			jar.SetCookies(mustParse(t, e.hubURL+"/auth/"), []*http.Cookie{{Name: auth.FlowCookie, Value: flow, Path: "/auth/"}})
			p := fetch(t, &http.Client{Jar: jar}, http.MethodGet, cb.String(), nil)
			if got, want := p.status, http.StatusBadRequest; got != want {
				t.Errorf("replay: status = %d, want %d", got, want)
			}
			if n := e.sessionCount(t); n != 1 {
				t.Errorf("%d sessions after a replayed code, want only the first", n)
			}
		})

		// An administrator's mistake is told apart from a provider that is
		// down: trying again helps only with the second.
		misconfigured := func(t *testing.T, e *oidcEnv, p page) {
			t.Helper()
			e.mustRefuse(t, p, http.StatusBadGateway)
			if !strings.Contains(p.body, "niet goed ingesteld") || !strings.Contains(p.body, "not set up correctly") {
				t.Errorf("the page does not say sign-in is set up wrongly: %s", p.body)
			}
		}
		t.Run("WrongClientSecret", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{secretA: "not-the-secret"})
			misconfigured(t, e, e.signIn(t, "a", "oov", ""))
			if !strings.Contains(e.logs.String(), "invalid_client") {
				t.Errorf("the log does not name invalid_client:\n%s", e.logs)
			}
		})
		for name, mangle := range map[string]func(string) string{
			"IssuerWithoutTrailingSlash": func(iss string) string { return strings.TrimSuffix(iss, "/") },
			"IssuerByAddress":            func(iss string) string { return strings.Replace(iss, "localhost", "127.0.0.1", 1) },
		} {
			t.Run(name, func(t *testing.T) {
				e := newOIDCEnv(t, kind, envOptions{issuerA: mangle})
				misconfigured(t, e, fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login/a", nil))
				var derr *auth.DiscoveryError
				if err := e.login.Discover(context.Background()); !errors.As(err, &derr) || derr.Unreachable || derr.Provider != "a" {
					t.Errorf("Discover = %v, want a configuration mistake of provider a", err)
				}
			})
		}
		t.Run("IssuerUnreachable", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{issuerA: func(string) string { return "http://localhost:1/" }})
			p := fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login/a", nil)
			e.mustRefuse(t, p, http.StatusBadGateway)
			if !strings.Contains(p.body, "niet bereikbaar") {
				t.Errorf("the page does not say the provider cannot be reached: %s", p.body)
			}
			var derr *auth.DiscoveryError
			if err := e.login.Discover(context.Background()); !errors.As(err, &derr) || !derr.Unreachable {
				t.Errorf("Discover = %v, want provider a unreachable", err)
			}
		})

		t.Run("NonceMismatch", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{idpA: []devidp.Option{devidp.WithNonce("not-the-flows-nonce")}})
			e.mustRefuse(t, e.signIn(t, "a", "oov", ""), http.StatusBadRequest)
		})

		t.Run("ExpiredIDToken", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{idpA: []devidp.Option{devidp.WithIDTokenLifetime(-time.Minute)}})
			e.mustRefuse(t, e.signIn(t, "a", "oov", ""), http.StatusBadRequest)
		})

		t.Run("WronglySigned", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{idpA: []devidp.Option{devidp.WithUnpublishedSigningKey()}})
			e.mustRefuse(t, e.signIn(t, "a", "oov", ""), http.StatusBadRequest)
		})

		t.Run("WrongAudience", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{idpA: []devidp.Option{devidp.WithAudience("another-app")}})
			e.mustRefuse(t, e.signIn(t, "a", "oov", ""), http.StatusBadRequest)
		})

		t.Run("MixUpResponseAtOtherCallback", func(t *testing.T) {
			// The flow went to provider b; its response arrives at a's callback.
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "b", "agent", "")
			cb.Path = "/auth/callback/a"
			e.mustRefuse(t, fetch(t, e.browser, http.MethodGet, cb.String(), nil), http.StatusBadRequest)
			e.mustNotRedeem(t)
		})

		t.Run("MixUpIssParameter", func(t *testing.T) {
			// RFC 9207: a response naming another issuer is refused.
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "a", "oov", "")
			q := cb.Query()
			q.Set("iss", e.idp["b"].Issuer())
			cb.RawQuery = q.Encode()
			e.mustRefuse(t, fetch(t, e.browser, http.MethodGet, cb.String(), nil), http.StatusBadRequest)
			e.mustNotRedeem(t)
		})

		t.Run("MixUpCodeFromOtherIssuer", func(t *testing.T) {
			// A code from b, slipped into a's flow with a's state: a does
			// not know it, so nothing is signed in.
			e := newOIDCEnv(t, kind, envOptions{})
			fromB := e.toCallback(t, "b", "agent", "")
			cb := e.toCallback(t, "a", "oov", "")
			q := cb.Query()
			q.Set("code", fromB.Query().Get("code"))
			cb.RawQuery = q.Encode()
			e.mustRefuse(t, fetch(t, e.browser, http.MethodGet, cb.String(), nil), http.StatusBadRequest)
		})

		t.Run("ProviderError", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			cb := e.toCallback(t, "a", "oov", "")
			q := url.Values{"state": {cb.Query().Get("state")}, "error": {"access_denied"}}
			cb.RawQuery = q.Encode()
			p := fetch(t, e.browser, http.MethodGet, cb.String(), nil)
			e.mustRefuse(t, p, http.StatusForbidden)
			if !strings.Contains(p.body, "access_denied") {
				t.Errorf("error page does not name the provider's error code: %s", p.body)
			}
		})

		t.Run("UnknownOrganisation", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			p := e.signIn(t, "a", "vreemd", "")
			e.mustRefuse(t, p, http.StatusForbidden)
			if !strings.Contains(p.body, "organisatie") || !strings.Contains(p.body, "organisation") {
				t.Errorf("error page does not explain the organisation: %s", p.body)
			}
		})

		t.Run("NoOrganisationClaim", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.mustRefuse(t, e.signIn(t, "a", "los", ""), http.StatusForbidden)
		})

		t.Run("UnknownProvider", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.mustRefuse(t, fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login/c", nil), http.StatusNotFound)
		})
	})
}

func TestOIDCMFA(t *testing.T) {
	mfa := auth.MFARule{ACRValues: []string{"urn:ketenhub:mfa"}, AMR: []string{"otp", "hwk"}}
	forEachDB(t, func(t *testing.T, kind string) {
		t.Run("ErrNotDone", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{mfaA: mfa})
			p := e.signIn(t, "a", "oov", "")
			e.mustRefuse(t, p, http.StatusForbidden)
			if !strings.Contains(p.body, "meerfactorauthenticatie") {
				t.Errorf("error page does not name MFA: %s", p.body)
			}
		})

		t.Run("ErrOnlyACR", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{mfaA: mfa, idpA: []devidp.Option{devidp.WithAuthContext("urn:ketenhub:mfa", "pwd")}})
			e.mustRefuse(t, e.signIn(t, "a", "oov", ""), http.StatusForbidden)
		})

		t.Run("OK", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{mfaA: mfa, idpA: []devidp.Option{devidp.WithAuthContext("urn:ketenhub:mfa", "pwd", "otp")}})
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(e.hubURL + "/auth/login/a")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if loc, _ := resp.Location(); loc == nil || loc.Query().Get("acr_values") != "urn:ketenhub:mfa" {
				t.Errorf("authorisation request does not ask for acr_values: %v", loc)
			}
			e.signIn(t, "a", "oov", "")
			if e.me(t) == nil {
				t.Error("not signed in after MFA")
			}
		})
	})
}

func TestOIDCLogout(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		t.Run("OK", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "a", "oov", "")
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			noFollow := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			p := fetch(t, noFollow, http.MethodPost, e.hubURL+"/auth/logout", nil, auth.CSRFHeader, me.CSRF)
			if got, want := p.status, http.StatusSeeOther; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			loc, err := url.Parse(p.header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := loc.Scheme+"://"+loc.Host+"/", e.idp["a"].Issuer(); got != want {
				t.Errorf("redirected to %q, want the issuer's end_session endpoint", loc)
			}
			if got, want := loc.Query().Get("post_logout_redirect_uri"), e.hubURL+"/"; got != want {
				t.Errorf("post_logout_redirect_uri = %q, want %q", got, want)
			}
			if loc.Query().Get("id_token_hint") == "" {
				t.Error("no id_token_hint")
			}
			if e.me(t) != nil {
				t.Error("still signed in after logout")
			}
			// The provider ends its side and sends the browser home.
			home := fetch(t, e.browser, http.MethodGet, loc.String(), nil)
			if got, want := home.url.String(), e.hubURL+"/"; got != want {
				t.Errorf("after logout at the provider the browser is at %q, want %q", got, want)
			}
		})

		// A provider where the hub cannot register where to come back to
		// is not asked to send the browser back; one set to local is not
		// asked at all.
		for logout, want := range map[string]string{auth.LogoutProviderStay: "provider", auth.LogoutLocal: "hub"} {
			t.Run(logout, func(t *testing.T) {
				e := newOIDCEnv(t, kind, envOptions{logoutA: logout})
				e.signIn(t, "a", "oov", "")
				me := e.me(t)
				if me == nil {
					t.Fatal("not signed in")
				}
				noFollow := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				loc, err := url.Parse(fetch(t, noFollow, http.MethodPost, e.hubURL+"/auth/logout", nil, auth.CSRFHeader, me.CSRF).header.Get("Location"))
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case want == "hub" && loc.String() != "/":
					t.Errorf("redirected to %q, want the hub's start page", loc)
				case want == "provider" && (loc.Scheme+"://"+loc.Host+"/" != e.idp["a"].Issuer() || loc.Query().Has("post_logout_redirect_uri")):
					t.Errorf("redirected to %q, want the provider's end_session endpoint without post_logout_redirect_uri", loc)
				}
				if e.me(t) != nil {
					t.Error("still signed in after logout")
				}
			})
		}

		t.Run("FormField", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "b", "agent", "")
			me := e.me(t)
			if me == nil {
				t.Fatal("not signed in")
			}
			p := fetch(t, e.browser, http.MethodPost, e.hubURL+"/auth/logout", url.Values{"csrf_token": {me.CSRF}})
			if got, want := p.url.String(), e.hubURL+"/"; got != want {
				t.Errorf("landed on %q, want %q", got, want)
			}
			if e.me(t) != nil {
				t.Error("still signed in after logout")
			}
		})

		t.Run("JSON", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "a", "oov", "")
			me := e.me(t)
			p := fetch(t, e.browser, http.MethodPost, e.hubURL+"/auth/logout", nil, auth.CSRFHeader, me.CSRF, "Accept", "application/json")
			var got struct{ Redirect string }
			if err := json.Unmarshal([]byte(p.body), &got); err != nil || !strings.HasPrefix(got.Redirect, strings.TrimSuffix(e.idp["a"].Issuer(), "/")) {
				t.Errorf("JSON logout = %d %s, want {redirect: end_session URL}", p.status, p.body)
			}
		})

		t.Run("ErrCSRF", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			e.signIn(t, "a", "oov", "")
			for name, header := range map[string][]string{"Missing": nil, "Wrong": {auth.CSRFHeader, "not-the-token"}} {
				p := fetch(t, e.browser, http.MethodPost, e.hubURL+"/auth/logout", nil, header...)
				if got, want := p.status, http.StatusForbidden; got != want {
					t.Errorf("%s: status = %d, want %d", name, got, want)
				}
				if !strings.Contains(p.body, "<h1>Afmelden mislukt</h1>") || strings.Contains(p.body, "Aanmelden") {
					t.Errorf("%s: the refusal is not headed as a failed sign-out: %s", name, p.body)
				}
			}
			if e.me(t) == nil {
				t.Error("signed out without a CSRF token")
			}
		})

		t.Run("NotSignedIn", func(t *testing.T) {
			e := newOIDCEnv(t, kind, envOptions{})
			p := fetch(t, e.browser, http.MethodPost, e.hubURL+"/auth/logout", nil)
			if got, want := p.url.String(), e.hubURL+"/"; got != want || p.status != http.StatusOK {
				t.Errorf("logout without a session: %d at %q, want home", p.status, got)
			}
		})
	})
}

func TestOIDCProviders(t *testing.T) {
	e := newOIDCEnv(t, "sqlite", envOptions{})
	p := fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/providers", nil)
	var got []auth.ProviderInfo
	if err := json.Unmarshal([]byte(p.body), &got); err != nil {
		t.Fatalf("providers: %v: %s", err, p.body)
	}
	want := []auth.ProviderInfo{{ID: "a", DisplayName: "Regionale Keycloak", LoginURL: "/auth/login/a"}, {ID: "b", DisplayName: "Politie", LoginURL: "/auth/login/b"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("providers = %+v, want %+v", got, want)
	}
	if err := e.login.Discover(context.Background()); err != nil {
		t.Errorf("discover: %v", err)
	}
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func cookieValue(jar http.CookieJar, u, name string) string {
	parsed, _ := url.Parse(u)
	for _, c := range jar.Cookies(parsed) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}
