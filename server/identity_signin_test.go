package server_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/devidp"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// The police of the world (newWorld) as their identity provider knows them:
// a rechercheur of Team Ondermijning and a wijkagent of the basisteam.
var (
	rechercheur = devidp.Persona{Subject: "rechercheur", Name: "Ruud Jansen", Email: "r.jansen@politie.example", Title: "Rechercheur",
		Organisation: "Politie Den Haag", Groups: []string{"Team Ondermijning"}}
	wijkagent = devidp.Persona{Subject: "wijkagent", Name: "Wim Agent", Email: "w.agent@politie.example", Title: "Wijkagent",
		Organisation: "Politie Den Haag", Groups: []string{"Basisteam Centrum"}}
)

// newIdentityStack serves the sign-in flow with a development identity
// provider on the server itself, configured to read groups, function,
// organisatiebeheerder and shielded as a production provider would.
func newIdentityStack(t *testing.T, kind string) (*stack, *devidp.Provider) {
	t.Helper()
	var idp *devidp.Provider
	s := newStackWith(t, kind, func(base string, svc *store.Services, sessions *auth.Sessions) server.Config {
		issuer := base + "/dev-idp/"
		login, err := auth.NewLogin(auth.LoginConfig{
			Providers: []auth.ProviderConfig{{ID: "politie", DisplayName: "Politie", Issuer: issuer,
				ClientID: "ketenhub", ClientSecret: "geheim", OrganisationClaim: "organisation",
				Organisatiebeheerder: auth.ClaimRule{Values: []string{"ketenhub-organisatiebeheerders"}},
				Shielded:             auth.ClaimRule{Claim: "shielded", Values: []string{"true"}}}},
			PublicURL: base, Sessions: sessions, Users: svc.Users, Organisations: orgsByName{svc.Organisations.(*store.OrganisationService)},
			Clock: ketenhub.SystemClock{},
		})
		if err != nil {
			t.Fatal(err)
		}
		idp, err = devidp.New(issuer, []devidp.Persona{rechercheur, wijkagent},
			[]devidp.Client{{ID: "ketenhub", Secret: "geheim", RedirectURIs: []string{login.RedirectURI("politie")},
				PostLogoutRedirectURIs: []string{login.PostLogoutRedirectURI()}}})
		if err != nil {
			t.Fatal(err)
		}
		return server.Config{Login: login, IdentityProvider: idp.Handler(), IdentityProviderPath: "/dev-idp/"}
	})
	return s, idp
}

// signInAt signs in through the identity provider as the persona with
// subject, as a browser does, and returns a client with that session.
func (s *stack) signInAt(t *testing.T, subject string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, body := browse(t, browser, "GET", s.url+"/auth/login/politie", nil)
	m := authRequestField.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("no persona picker: %d %s", resp.StatusCode, body)
	}
	resp, body = browse(t, browser, "POST", s.url+"/dev-idp/login", url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {subject}})
	// The test server serves no web app: the sign-in lands on "/" all the same.
	if resp.Request.URL.Path != "/" {
		t.Fatalf("sign-in as %s landed on %s with %d: %s", subject, resp.Request.URL, resp.StatusCode, body)
	}
	base, _ := url.Parse(s.url)
	c := &client{t: t, base: s.url}
	for _, ck := range jar.Cookies(base) {
		if ck.Name == auth.SessionCookie {
			c.token = ck.Value
		}
	}
	var me struct {
		User      ketenhub.User `json:"user"`
		CSRFToken string        `json:"csrf_token"`
	}
	c.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, &me)
	c.user, c.csrf = &me.User, me.CSRFToken
	return c
}

// workspaceTitles are the titles of the workspaces c sees.
func workspaceTitles(t *testing.T, c *client) []string {
	t.Helper()
	var list struct {
		Items []ketenhub.Workspace `json:"items"`
	}
	c.do("GET", "/api/v1/workspaces", nil).must(t, http.StatusOK, &list)
	var titles []string
	for _, w := range list.Items {
		titles = append(titles, w.Title)
	}
	return titles
}

// TestGroupRemovedAtIdP: the police admit only Team Ondermijning to the
// workspace. A rechercheur in that group reads it; the basisteam's
// wijkagent does not. Removed from the group at the identity provider, the
// rechercheur loses the workspace at their next sign-in: 404, and gone
// from the list.
func TestGroupRemovedAtIdP(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s, idp := newIdentityStack(t, kind)
			w := newWorld(t, s)
			ws := fmt.Sprintf("/api/v1/workspaces/%d", w.workspace.ID)

			officer := s.signInAt(t, "rechercheur")
			if got := officer.user.Groups; !slices.Equal(got, []string{"Team Ondermijning"}) || officer.user.Function != "Rechercheur" {
				t.Fatalf("signed in with groups %q and function %q", got, officer.user.Function)
			}
			agent := s.signInAt(t, "wijkagent")

			// The police's own beheerder admits the team, and only the team.
			beheerder := s.signInAs("politie-beheerder", w.orgs["politie"].ID, true)
			beheerder.do("PUT", w.wsPath("/members/%d/admission", w.orgs["politie"].ID), map[string]any{"users": []int64{}, "groups": []string{"Team Ondermijning"}}).
				must(t, http.StatusOK, nil)

			officer.do("GET", ws, nil).must(t, http.StatusOK, nil)
			if !slices.Contains(workspaceTitles(t, officer), w.workspace.Title) {
				t.Fatal("the admitted rechercheur does not see the workspace in the list")
			}
			agent.do("GET", ws, nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			if slices.Contains(workspaceTitles(t, agent), w.workspace.Title) {
				t.Fatal("the wijkagent of the basisteam sees the workspace in the list")
			}

			// The IdP takes the rechercheur out of the team; they sign in again.
			moved := rechercheur
			moved.Groups = []string{"Basisteam Centrum"}
			if err := idp.SetPersona(moved); err != nil {
				t.Fatal(err)
			}
			officer = s.signInAt(t, "rechercheur")
			if got := officer.user.Groups; !slices.Equal(got, []string{"Basisteam Centrum"}) {
				t.Fatalf("signed in again with groups %q", got)
			}
			officer.do("GET", ws, nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			if slices.Contains(workspaceTitles(t, officer), w.workspace.Title) {
				t.Error("after leaving the team the rechercheur still sees the workspace in the list")
			}
		})
	}
}
