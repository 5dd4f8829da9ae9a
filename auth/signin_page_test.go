package auth_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSignInPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, kind string) {
		e := newOIDCEnv(t, kind, envOptions{})
		t.Run("ListsTheProviders", func(t *testing.T) {
			p := fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login", nil)
			if got, want := p.status, http.StatusOK; got != want {
				t.Fatalf("status %d, want %d: %s", got, want, p.body)
			}
			for _, want := range []string{
				`<html lang="nl">`, `lang="en"`, "<title>Aanmelden – Ketenhub</title>",
				`<a href="/auth/login/a">Regionale Keycloak</a>`, `<a href="/auth/login/b">Politie</a>`,
			} {
				if !strings.Contains(p.body, want) {
					t.Errorf("page lacks %q:\n%s", want, p.body)
				}
			}
			if strings.Contains(strings.ToLower(p.body), "<script") || strings.Contains(p.body, "stylesheet") {
				t.Errorf("page has a script or an unconfigured stylesheet:\n%s", p.body)
			}
			for name, want := range map[string]string{
				"Content-Type":            "text/html; charset=utf-8",
				"Cache-Control":           "no-store",
				"Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
			} {
				if got := p.header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
		t.Run("CarriesReturnTo", func(t *testing.T) {
			p := fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login?return_to=%2Facties%3Fx%3D1", nil)
			if want := `<a href="/auth/login/a?return_to=%2Facties%3Fx%3D1">`; !strings.Contains(p.body, want) {
				t.Errorf("page lacks %q:\n%s", want, p.body)
			}
		})
		t.Run("DropsAForeignReturnTo", func(t *testing.T) {
			p := fetch(t, e.browser, http.MethodGet, e.hubURL+"/auth/login?return_to=%2F%2Fevil.example%2F", nil)
			if strings.Contains(p.body, "return_to") || strings.Contains(p.body, "evil") || !strings.Contains(p.body, `href="/auth/login/a"`) {
				t.Errorf("a foreign return_to reached the page:\n%s", p.body)
			}
		})
	})
}
