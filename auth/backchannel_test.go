package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/devidp"
)

// backChannel POSTs a logout token to provider id's back-channel logout URI,
// as the provider would (no cookies).
func (e *oidcEnv) backChannel(t *testing.T, id, token string) page {
	t.Helper()
	return fetch(t, &http.Client{Timeout: 10 * time.Second}, http.MethodPost, e.hubURL+"/auth/backchannel-logout/"+id,
		url.Values{"logout_token": {token}})
}

// freshSignIn signs persona in through provider a in a new browser, which
// the env then uses, and returns its session token.
func (e *oidcEnv) freshSignIn(t *testing.T, persona string) string {
	t.Helper()
	e.jar, _ = cookiejar.New(nil)
	e.browser.Jar, e.stop.Jar = e.jar, e.jar
	e.signIn(t, "a", persona, "")
	token := cookieValue(e.jar, e.hubURL, auth.SessionCookie)
	if token == "" {
		t.Fatalf("%s is not signed in", persona)
	}
	return token
}

// live reports whether the session of token is live.
func (e *oidcEnv) live(t *testing.T, token string) bool {
	t.Helper()
	_, _, err := e.sessions.Resolve(context.Background(), token)
	return err == nil
}

// sidOf is the provider session id recorded for the session of token.
func (e *oidcEnv) sidOf(t *testing.T, token string) string {
	t.Helper()
	sess, _, err := e.sessions.Resolve(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return sess.SID
}

func (e *oidcEnv) endedIDs() []int64 {
	e.endedMu.Lock()
	defer e.endedMu.Unlock()
	return slices.Clone(e.ended)
}

// mustAnswer checks the status of a back-channel logout answer, that it is
// not cached and, when it is an error, that it has an OAuth error body.
func mustAnswer(t *testing.T, p page, status int) {
	t.Helper()
	if p.status != status {
		t.Errorf("status = %d, want %d; body: %s", p.status, status, p.body)
	}
	if got, want := p.header.Get("Cache-Control"), "no-store"; got != want {
		t.Errorf("Cache-Control = %q, want %q", got, want)
	}
	if status == http.StatusOK {
		return
	}
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal([]byte(p.body), &body); err != nil || body.Error == "" || body.Description == "" {
		t.Errorf("error body = %s, want {error, error_description}", p.body)
	}
	if got := p.header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
}

func TestOIDCBackChannelLogout(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		e := newOIDCEnv(t, kind, envOptions{})
		idp := e.idp["a"]
		const aud = "ketenhub-a"

		t.Run("BySubject", func(t *testing.T) {
			first := e.freshSignIn(t, "oov")
			second := e.freshSignIn(t, "oov")
			other := e.freshSignIn(t, "beheer")
			e.freshSignIn(t, "oov")
			if e.me(t) == nil {
				t.Fatal("not signed in")
			}
			before := len(e.endedIDs())
			tok, err := idp.LogoutToken("oov", "", aud)
			if err != nil {
				t.Fatal(err)
			}
			mustAnswer(t, e.backChannel(t, "a", tok), http.StatusOK)
			if me := e.me(t); me != nil {
				t.Errorf("the next request is still signed in as %+v", me)
			}
			if e.live(t, first) || e.live(t, second) {
				t.Error("a session of the user outlived the back-channel logout")
			}
			if !e.live(t, other) {
				t.Error("another user's session ended")
			}
			if got, want := len(e.endedIDs())-before, 3; got != want {
				t.Errorf("Ended hook heard %d sessions, want %d", got, want)
			}
		})

		t.Run("BySID", func(t *testing.T) {
			first := e.freshSignIn(t, "oov")
			second := e.freshSignIn(t, "oov")
			sid := e.sidOf(t, first)
			if sid == "" || sid == e.sidOf(t, second) {
				t.Fatalf("sids %q and %q: want the ID token's sid recorded per sign-in", sid, e.sidOf(t, second))
			}
			tok, err := idp.LogoutToken("", sid, aud)
			if err != nil {
				t.Fatal(err)
			}
			mustAnswer(t, e.backChannel(t, "a", tok), http.StatusOK)
			if e.live(t, first) {
				t.Error("the session named by sid is live")
			}
			if !e.live(t, second) {
				t.Error("another session of the user ended")
			}
			// A session that is already over: still 200, nothing more ends.
			tok, _ = idp.LogoutToken("oov", sid, aud)
			mustAnswer(t, e.backChannel(t, "a", tok), http.StatusOK)
			if !e.live(t, second) {
				t.Error("a token naming another sid ended the user's other session")
			}
		})

		t.Run("ErrReplay", func(t *testing.T) {
			e.freshSignIn(t, "oov")
			tok, err := idp.LogoutToken("oov", "", aud)
			if err != nil {
				t.Fatal(err)
			}
			mustAnswer(t, e.backChannel(t, "a", tok), http.StatusOK)
			again := e.freshSignIn(t, "oov")
			mustAnswer(t, e.backChannel(t, "a", tok), http.StatusBadRequest)
			if !e.live(t, again) {
				t.Error("a replayed token ended a later session")
			}
		})

		// Each bad token is refused with 400 and ends nothing.
		bad := []struct {
			name  string
			edit  func(c map[string]any)
			typ   string
			other *devidp.Provider // signs instead of provider a
		}{
			{name: "WrongAudience", edit: func(c map[string]any) { c["aud"] = "ketenhub-b" }},
			{name: "NoncePresent", edit: func(c map[string]any) { c["nonce"] = "n-1" }},
			{name: "EventsMissing", edit: func(c map[string]any) { delete(c, "events") }},
			{name: "OtherEvent", edit: func(c map[string]any) {
				c["events"] = map[string]any{"http://schemas.openid.net/event/other": map[string]any{}}
			}},
			{name: "EventNotObject", edit: func(c map[string]any) { c["events"] = map[string]any{devidp.BackChannelLogoutEvent: true} }},
			{name: "WrongIssuer", edit: func(c map[string]any) { c["iss"] = e.idp["b"].Issuer() }},
			{name: "OtherProvidersKey", other: e.idp["b"]},
			{name: "Expired", edit: func(c map[string]any) {
				c["iat"] = time.Now().Add(-time.Hour).Unix()
				c["exp"] = time.Now().Add(-30 * time.Minute).Unix()
			}},
			{name: "NoExpiry", edit: func(c map[string]any) { delete(c, "exp") }},
			{name: "IssuedInFuture", edit: func(c map[string]any) { c["iat"] = time.Now().Add(time.Hour).Unix() }},
			{name: "NoIssuedAt", edit: func(c map[string]any) { delete(c, "iat") }},
			{name: "NoJTI", edit: func(c map[string]any) { delete(c, "jti") }},
			{name: "NoSubNorSID", edit: func(c map[string]any) { delete(c, "sub") }},
			{name: "IDTokenType", typ: "JWT"},
		}
		for _, tc := range bad {
			t.Run("Err"+tc.name, func(t *testing.T) {
				token := e.freshSignIn(t, "oov")
				signer := idp
				if tc.other != nil {
					signer = tc.other
				}
				claims, err := signer.LogoutClaims("oov", "", aud)
				if err != nil {
					t.Fatal(err)
				}
				claims["iss"] = idp.Issuer()
				if tc.edit != nil {
					tc.edit(claims)
				}
				typ := "logout+jwt"
				if tc.typ != "" {
					typ = tc.typ
				}
				raw, err := signer.SignToken(claims, typ)
				if err != nil {
					t.Fatal(err)
				}
				mustAnswer(t, e.backChannel(t, "a", raw), http.StatusBadRequest)
				if !e.live(t, token) {
					t.Error("a refused token ended the session")
				}
			})
		}

		t.Run("ErrNoToken", func(t *testing.T) {
			mustAnswer(t, e.backChannel(t, "a", ""), http.StatusBadRequest)
			p := fetch(t, http.DefaultClient, http.MethodPost, e.hubURL+"/auth/backchannel-logout/a", nil)
			mustAnswer(t, p, http.StatusBadRequest)
		})

		t.Run("ErrNotEnabled", func(t *testing.T) {
			token := e.freshSignIn(t, "oov")
			tok, err := e.idp["b"].LogoutToken("agent", "", "ketenhub-b")
			if err != nil {
				t.Fatal(err)
			}
			mustAnswer(t, e.backChannel(t, "b", tok), http.StatusNotFound)
			mustAnswer(t, e.backChannel(t, "onbekend", tok), http.StatusNotFound)
			if !e.live(t, token) {
				t.Error("session ended")
			}
		})

		if got := e.logs.String(); !strings.Contains(got, "back-channel logout refused") {
			t.Errorf("refusals are not logged:\n%s", got)
		} else if testing.Verbose() {
			for _, line := range strings.Split(got, "\n") {
				if strings.Contains(line, "back-channel") {
					t.Log(line)
				}
			}
		}
	})
}
