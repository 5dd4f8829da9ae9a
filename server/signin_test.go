package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/devidp"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// orgsByName resolves organisations for the sign-in flow, as cmd does.
type orgsByName struct{ orgs *store.OrganisationService }

func (o orgsByName) OrganisationByName(ctx context.Context, name string) (*ketenhub.Organisation, error) {
	return o.orgs.FindOrganisationByName(ctx, name)
}

// newSignInStack serves the sign-in flow at /auth/ and a development
// identity provider at /dev-idp/ on the server itself, as dev mode does.
func newSignInStack(t *testing.T, kind string) *stack {
	t.Helper()
	return newSignInStackWith(t, kind, func(*server.Config) {})
}

// newSignInStackWith is newSignInStack with further configuration.
func newSignInStackWith(t *testing.T, kind string, configure func(*server.Config)) *stack {
	t.Helper()
	return newStackWith(t, kind, func(base string, svc *store.Services, sessions *auth.Sessions) server.Config {
		issuer := base + "/dev-idp/"
		login, err := auth.NewLogin(auth.LoginConfig{
			Providers: []auth.ProviderConfig{{ID: "dev", DisplayName: "Demo-persona's", Issuer: issuer,
				ClientID: "ketenhub", ClientSecret: "geheim", OrganisationClaim: "organisation"}},
			PublicURL: base, Sessions: sessions, Users: svc.Users, Organisations: orgsByName{svc.Organisations.(*store.OrganisationService)},
			Clock: ketenhub.SystemClock{},
		})
		if err != nil {
			t.Fatal(err)
		}
		idp, err := devidp.New(issuer,
			[]devidp.Persona{{Subject: "ggd", Name: "Anouk Visser", Email: "a.visser@ggd.example", Organisation: "GGD Hollands Midden"}},
			[]devidp.Client{{ID: "ketenhub", Secret: "geheim", RedirectURIs: []string{login.RedirectURI("dev")},
				PostLogoutRedirectURIs: []string{login.PostLogoutRedirectURI()}}})
		if err != nil {
			t.Fatal(err)
		}
		cfg := server.Config{Login: login, IdentityProvider: idp.Handler(), IdentityProviderPath: "/dev-idp/"}
		configure(&cfg)
		return cfg
	})
}

var authRequestField = regexp.MustCompile(`name="` + devidp.FieldAuthRequestID + `" value="([^"]+)"`)

func TestSignInIsMounted(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s := newSignInStack(t, kind)
			w := newWorld(t, s)
			jar, _ := cookiejar.New(nil)
			browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}

			t.Run("the sign-in page, under the middleware", func(t *testing.T) {
				resp, body := browse(t, browser, "GET", s.url+"/auth/login", nil)
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/auth/login/dev"`) {
					t.Fatalf("GET /auth/login: %d %s", resp.StatusCode, body)
				}
				for _, h := range []string{server.RequestIDHeader, "X-Content-Type-Options", "X-Frame-Options"} {
					if resp.Header.Get(h) == "" {
						t.Errorf("GET /auth/login lacks %s", h)
					}
				}
			})
			t.Run("the identity provider at its full path", func(t *testing.T) {
				resp, body := browse(t, browser, "GET", s.url+"/dev-idp/.well-known/openid-configuration", nil)
				var doc struct{ Issuer string }
				if err := json.Unmarshal([]byte(body), &doc); err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("discovery: %d %s", resp.StatusCode, body)
				}
				if got, want := doc.Issuer, s.url+"/dev-idp/"; got != want {
					t.Errorf("issuer %q, want %q", got, want)
				}
			})
			t.Run("a sign-in gives a session the API accepts", func(t *testing.T) {
				resp, body := browse(t, browser, "GET", s.url+"/auth/login/dev?return_to=%2Fapi%2Fv1%2Fme", nil)
				m := authRequestField.FindStringSubmatch(body)
				if resp.StatusCode != http.StatusOK || m == nil {
					t.Fatalf("no persona picker: %d %s", resp.StatusCode, body)
				}
				form := url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {"ggd"}}
				resp, body = browse(t, browser, "POST", s.url+"/dev-idp/login", form)
				var me struct {
					User         ketenhub.User
					Organisation ketenhub.Organisation
				}
				if err := json.Unmarshal([]byte(body), &me); err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("landed on %s: %d %s", resp.Request.URL, resp.StatusCode, body)
				}
				if got, want := resp.Request.URL.Path, "/api/v1/me"; got != want {
					t.Errorf("landed on %s, want %s", got, want)
				}
				if got, want := me.Organisation.ID, w.orgs["ggd"].ID; got != want {
					t.Errorf("signed in for organisation %d, want %d", got, want)
				}
			})
			t.Run("other methods get the API's 405", func(t *testing.T) {
				s.anonymous().do("PUT", "/auth/logout", nil).problem(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
			})
			t.Run("the body limit holds", func(t *testing.T) {
				s.anonymous().do("POST", "/auth/logout", strings.Repeat("x", int(server.DefaultMaxBodyBytes)+1), "Content-Type: application/x-www-form-urlencoded").
					problem(t, http.StatusRequestEntityTooLarge, ketenhub.ETOOLARGE, "body")
			})
		})
	}
	t.Run("nothing is mounted without them", func(t *testing.T) {
		s := newStack(t, "sqlite", server.Config{})
		s.anonymous().do("GET", "/auth/login", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		s.anonymous().do("GET", "/dev-idp/.well-known/openid-configuration", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
	})
}

// browse sends a request as a browser that follows redirects.
func browse(t *testing.T, c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = c.PostForm(u, form)
	} else {
		resp, err = c.Get(u)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
