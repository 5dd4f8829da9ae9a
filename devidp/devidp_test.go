package devidp_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ketenhub/ketenhub/devidp"
)

var personas = []devidp.Persona{
	{Subject: "oov", Name: "Yasmina El Idrissi", Email: "y.elidrissi@purmerend.example", Title: "OOV-adviseur", Organisation: "Gemeente Purmerend"},
	{Subject: "beheer", Name: "Sanne Vermeulen", Email: "s.vermeulen@vrzw.example", Title: "Functioneel beheerder", Organisation: "Veiligheidsregio", Groups: []string{"ketenhub-beheerders"}},
}

// localServer starts a server on a free loopback port and returns it with
// its URL under the name localhost (the name issuers use, see TOOLING.md).
func localServer(t *testing.T) (*httptest.Server, string) {
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

// rp is a minimal relying party built on go-oidc and x/oauth2, to show that
// the provider works with the libraries Ketenhub uses.
type rp struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	provider *oidc.Provider
	callback string
}

type env struct {
	idp     *devidp.Provider
	rp      *rp
	browser *http.Client
}

func newEnv(t *testing.T, opts ...devidp.Option) *env {
	t.Helper()
	idpSrv, idpURL := localServer(t)
	rpSrv, rpURL := localServer(t)
	callback := rpURL + "/callback"
	idp, err := devidp.New(idpURL, personas, []devidp.Client{{
		ID: "ketenhub", Secret: "s3cret", RedirectURIs: []string{callback}, PostLogoutRedirectURIs: []string{rpURL + "/"},
	}}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	idpSrv.Config.Handler = idp.Handler()
	idpSrv.Start()
	rpSrv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "rp") })
	rpSrv.Start()

	op, err := oidc.NewProvider(context.Background(), idp.Issuer())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	jar, _ := cookiejar.New(nil)
	return &env{
		idp: idp,
		rp: &rp{
			oauth:    oauth2.Config{ClientID: "ketenhub", ClientSecret: "s3cret", Endpoint: op.Endpoint(), RedirectURL: callback, Scopes: []string{"openid", "profile", "email"}},
			verifier: op.Verifier(&oidc.Config{ClientID: "ketenhub"}),
			provider: op,
			callback: callback,
		},
		browser: &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), callback) {
				return http.ErrUseLastResponse // stop where the RP would take over
			}
			return nil
		}},
	}
}

var hiddenID = regexp.MustCompile(`name="` + devidp.FieldAuthRequestID + `" value="([^"]+)"`)

// signIn runs the browser's part of a code flow and returns the callback
// URL with the code.
func (e *env) signIn(t *testing.T, subject, state, nonce, verifier string) *url.URL {
	t.Helper()
	start := e.rp.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce))
	page := get(t, e.browser, start)
	if got, want := page.status, http.StatusOK; got != want {
		t.Fatalf("picker status = %d, want %d: %s", got, want, page.body)
	}
	m := hiddenID.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no auth request id in picker page: %s", page.body)
	}
	action := page.url.ResolveReference(&url.URL{Path: "login"})
	resp, err := e.browser.PostForm(action.String(), url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {subject}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("no redirect to the callback (status %d): %v", resp.StatusCode, err)
	}
	return loc
}

type page struct {
	status int
	body   string
	url    *url.URL
}

func get(t *testing.T, c *http.Client, u string) page {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: string(b), url: resp.Request.URL}
}

func TestCodeFlow(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		verifier := oauth2.GenerateVerifier()
		cb := e.signIn(t, "beheer", "st", "nonce-1", verifier)
		if got, want := cb.Query().Get("state"), "st"; got != want {
			t.Fatalf("state = %q, want %q", got, want)
		}
		tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		idt, err := e.rp.verifier.Verify(context.Background(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		var c struct {
			Name, Email, Organisation string
			Groups                    []string
			AMR                       []string `json:"amr"`
			SID                       string   `json:"sid"`
		}
		if err := idt.Claims(&c); err != nil {
			t.Fatal(err)
		}
		if got, want := idt.Subject, "beheer"; got != want {
			t.Errorf("sub = %q, want %q", got, want)
		}
		if c.SID == "" {
			t.Error("the ID token has no sid")
		}
		if got, want := idt.Nonce, "nonce-1"; got != want {
			t.Errorf("nonce = %q, want %q", got, want)
		}
		if got, want := c.Organisation, "Veiligheidsregio"; got != want {
			t.Errorf("organisation = %q, want %q", got, want)
		}
		if got, want := c.Name, "Sanne Vermeulen"; got != want {
			t.Errorf("name = %q, want %q", got, want)
		}
		if got, want := c.Email, "s.vermeulen@vrzw.example"; got != want {
			t.Errorf("email = %q, want %q", got, want)
		}
		if got, want := strings.Join(c.Groups, ","), "ketenhub-beheerders"; got != want {
			t.Errorf("groups = %q, want %q", got, want)
		}
		if got, want := strings.Join(c.AMR, ","), "pwd"; got != want {
			t.Errorf("amr = %q, want %q", got, want)
		}
		info, err := e.rp.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatalf("userinfo: %v", err)
		}
		if got, want := info.Subject, "beheer"; got != want {
			t.Errorf("userinfo sub = %q, want %q", got, want)
		}

		// The code is single-use.
		if _, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(verifier)); err == nil {
			t.Error("a replayed code was exchanged again")
		}
	})

	t.Run("ErrWrongVerifier", func(t *testing.T) {
		e := newEnv(t)
		cb := e.signIn(t, "oov", "st", "n", oauth2.GenerateVerifier())
		if _, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
			t.Error("code exchanged with the wrong PKCE verifier")
		}
	})

	t.Run("ErrNoPKCE", func(t *testing.T) {
		e := newEnv(t)
		resp, err := e.browser.Get(e.rp.oauth.AuthCodeURL("st"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := resp.Location()
		if loc == nil || loc.Query().Get("error") != "invalid_request" {
			t.Fatalf("authorisation without PKCE: status %d location %v, want an invalid_request redirect", resp.StatusCode, loc)
		}
	})

	t.Run("ErrUnknownPersona", func(t *testing.T) {
		e := newEnv(t)
		p := get(t, e.browser, e.rp.oauth.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		m := hiddenID.FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no picker: %s", p.body)
		}
		resp, err := e.browser.PostForm(p.url.ResolveReference(&url.URL{Path: "login"}).String(), url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {"nobody"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("status = %d, want %d", got, want)
		}
	})
}

func TestOptions(t *testing.T) {
	t.Run("AuthContext", func(t *testing.T) {
		e := newEnv(t, devidp.WithAuthContext("urn:ketenhub:mfa", "pwd", "otp"))
		v := oauth2.GenerateVerifier()
		cb := e.signIn(t, "oov", "st", "n", v)
		tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(v))
		if err != nil {
			t.Fatal(err)
		}
		idt, err := e.rp.verifier.Verify(context.Background(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			ACR string   `json:"acr"`
			AMR []string `json:"amr"`
		}
		idt.Claims(&c)
		if got, want := c.ACR+" "+strings.Join(c.AMR, ","), "urn:ketenhub:mfa pwd,otp"; got != want {
			t.Errorf("acr amr = %q, want %q", got, want)
		}
	})
	// Each test-only option makes a token that go-oidc refuses.
	for name, opt := range map[string]devidp.Option{
		"IDTokenLifetime":       devidp.WithIDTokenLifetime(-time.Minute),
		"Audience":              devidp.WithAudience("someone-else"),
		"UnpublishedSigningKey": devidp.WithUnpublishedSigningKey(),
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, opt)
			v := oauth2.GenerateVerifier()
			cb := e.signIn(t, "oov", "st", "n", v)
			tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(v))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.rp.verifier.Verify(context.Background(), tok.Extra("id_token").(string)); err == nil {
				t.Error("go-oidc accepted the token")
			}
		})
	}
	t.Run("Nonce", func(t *testing.T) {
		e := newEnv(t, devidp.WithNonce("other"))
		v := oauth2.GenerateVerifier()
		cb := e.signIn(t, "oov", "st", "mine", v)
		tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(v))
		if err != nil {
			t.Fatal(err)
		}
		idt, err := e.rp.verifier.Verify(context.Background(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := idt.Nonce, "other"; got != want {
			t.Errorf("nonce = %q, want %q", got, want)
		}
	})
}

func TestPicker(t *testing.T) {
	e := newEnv(t)
	p := get(t, e.browser, e.rp.oauth.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	for _, want := range []string{`<html lang="nl">`, "Yasmina El Idrissi", "OOV-adviseur", "Gemeente Purmerend", "Sanne Vermeulen", `<button type="submit"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("picker lacks %q", want)
		}
	}
	if strings.Contains(p.body, "<script") {
		t.Error("picker has a script")
	}
	if got := get(t, e.browser, e.idp.Issuer()+"login?authRequestID=nope").status; got != http.StatusBadRequest {
		t.Errorf("unknown request: status = %d, want 400", got)
	}
}

func TestEndSession(t *testing.T) {
	e := newEnv(t)
	v := oauth2.GenerateVerifier()
	cb := e.signIn(t, "oov", "st", "n", v)
	tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := e.rp.provider.Claims(&meta); err != nil || meta.EndSession == "" {
		t.Fatalf("no end_session_endpoint in discovery: %v", err)
	}
	rpRoot := strings.TrimSuffix(e.rp.callback, "callback")
	q := url.Values{"id_token_hint": {tok.Extra("id_token").(string)}, "post_logout_redirect_uri": {rpRoot}}
	p := get(t, e.browser, meta.EndSession+"?"+q.Encode())
	if got, want := p.url.String(), rpRoot; got != want {
		t.Errorf("after end_session the browser is at %q, want %q", got, want)
	}
	// A redirect URI that is not registered is not followed.
	q.Set("post_logout_redirect_uri", "https://evil.example/")
	if p := get(t, e.browser, meta.EndSession+"?"+q.Encode()); p.url.Host == "evil.example" {
		t.Error("end_session redirected to an unregistered URI")
	}
}

func TestNewErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		issuer   string
		personas []devidp.Persona
		clients  []devidp.Client
	}{
		"BadIssuer":      {"localhost:8080", personas, nil},
		"NoPersonas":     {"http://localhost:1/", nil, nil},
		"DuplicateSub":   {"http://localhost:1/", []devidp.Persona{{Subject: "a", Name: "A"}, {Subject: "a", Name: "B"}}, nil},
		"ClientNoSecret": {"http://localhost:1/", personas, []devidp.Client{{ID: "c", RedirectURIs: []string{"http://localhost/cb"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := devidp.New(tc.issuer, tc.personas, tc.clients); err == nil {
				t.Error("New accepted it")
			}
		})
	}
}

// TestLogoutToken: the logout token verifies with the provider's published
// keys, names the subject and sid, and carries the back-channel event.
func TestLogoutToken(t *testing.T) {
	e := newEnv(t)
	raw, err := e.idp.LogoutToken("beheer", "sid-1", "ketenhub")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.rp.verifier.Verify(context.Background(), raw)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	var c struct {
		SID    string         `json:"sid"`
		JTI    string         `json:"jti"`
		IAT    int64          `json:"iat"`
		Events map[string]any `json:"events"`
	}
	if err := tok.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if tok.Subject != "beheer" || c.SID != "sid-1" || c.JTI == "" || c.IAT == 0 || tok.Nonce != "" {
		t.Errorf("claims sub %q sid %q jti %q iat %d nonce %q", tok.Subject, c.SID, c.JTI, c.IAT, tok.Nonce)
	}
	if _, ok := c.Events[devidp.BackChannelLogoutEvent]; !ok {
		t.Errorf("events = %v, want the back-channel logout event", c.Events)
	}
	header, _, _ := strings.Cut(raw, ".")
	if b, _ := base64.RawURLEncoding.DecodeString(header); !strings.Contains(string(b), `"typ":"logout+jwt"`) {
		t.Errorf("header = %s, want typ logout+jwt", b)
	}
	if _, err := e.idp.LogoutToken("", "", "ketenhub"); err == nil {
		t.Error("a token naming nobody was made")
	}
}

// TestSendLogout: the provider POSTs a logout token for the subject to
// each client's back-channel logout URI, also when asked over HTTP.
func TestSendLogout(t *testing.T) {
	rpSrv, rpURL := localServer(t)
	got := make(chan string, 2)
	rpSrv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "form expected", http.StatusBadRequest)
			return
		}
		got <- r.PostFormValue("logout_token")
	})
	rpSrv.Start()
	idpSrv, idpURL := localServer(t)
	idp, err := devidp.New(idpURL, personas, []devidp.Client{{ID: "ketenhub", Secret: "s3cret",
		RedirectURIs: []string{rpURL + "/callback"}, BackChannelLogoutURI: rpURL + "/bcl"}})
	if err != nil {
		t.Fatal(err)
	}
	idpSrv.Config.Handler = idp.Handler()
	idpSrv.Start()
	provider, err := oidc.NewProvider(context.Background(), idp.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	verifier := provider.Verifier(&oidc.Config{ClientID: "ketenhub"})

	if sent, err := idp.SendLogout(context.Background(), "beheer", ""); err != nil || sent != 1 {
		t.Fatalf("SendLogout = %d, %v; want 1 client", sent, err)
	}
	res, err := http.PostForm(idp.Issuer()+"backchannel-logout", url.Values{"subject": {"beheer"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST backchannel-logout: status %d", res.StatusCode)
	}
	for range 2 {
		tok, err := verifier.Verify(context.Background(), <-got)
		if err != nil {
			t.Errorf("received token: %v", err)
		} else if tok.Subject != "beheer" {
			t.Errorf("received token for %q, want beheer", tok.Subject)
		}
	}
}

// idTokenOf runs a whole sign-in as subject and returns the ID token's claims.
func (e *env) idTokenOf(t *testing.T, subject string) map[string]any {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	cb := e.signIn(t, subject, "st", "n", verifier)
	tok, err := e.rp.oauth.Exchange(context.Background(), cb.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	idt, err := e.rp.verifier.Verify(context.Background(), tok.Extra("id_token").(string))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// TestSetPersona: a persona changed at the provider (a group taken away, a
// claim added) signs in with the new claims from then on.
func TestSetPersona(t *testing.T) {
	e := newEnv(t)
	before := e.idTokenOf(t, "beheer")
	if got := fmt.Sprint(before["groups"]); got != "[ketenhub-beheerders]" {
		t.Fatalf("groups before = %s", got)
	}
	p := personas[1]
	p.Groups = []string{"Team Ondermijning"}
	p.Title = "Rechercheur"
	p.Claims = map[string]any{"shielded": true}
	if err := e.idp.SetPersona(p); err != nil {
		t.Fatal(err)
	}
	after := e.idTokenOf(t, "beheer")
	if got := fmt.Sprint(after["groups"]); got != "[Team Ondermijning]" {
		t.Errorf("groups after = %s, want [Team Ondermijning]", got)
	}
	if after["title"] != "Rechercheur" || after["shielded"] != true {
		t.Errorf("title %v, shielded %v; want Rechercheur and true", after["title"], after["shielded"])
	}
	if err := e.idp.SetPersona(devidp.Persona{Subject: "niemand", Name: "Niemand"}); err == nil {
		t.Error("SetPersona added a persona that did not exist")
	}
}
