package main

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/devidp"
)

// shippedProviderFiles are the identity-provider files the repository ships:
// the documented example, the compose stack's and the Kubernetes ConfigMap's.
func shippedProviderFiles(t *testing.T) map[string]string {
	t.Helper()
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var cm struct {
		Data map[string]string `yaml:"data"`
	}
	if err := yaml.Unmarshal([]byte(read("../../deploy/kubernetes/configmap.yaml")), &cm); err != nil || cm.Data["oidc.yaml"] == "" {
		t.Fatalf("configmap.yaml: no oidc.yaml (%v)", err)
	}
	return map[string]string{
		"docs":       read("../../docs/oidc.example.yaml"),
		"compose":    read("../../deploy/ketenhub/oidc.yaml"),
		"kubernetes": cm.Data["oidc.yaml"],
	}
}

var (
	secretFileLine = regexp.MustCompile(`client_secret_file: \S+`)
	issuerLine     = regexp.MustCompile(`issuer: (\S+)`)
)

// TestServe_ShippedProviderFiles starts `ketenhub serve` with every
// identity-provider file the repository ships, as an administrator would
// after the bootstrap of docs/oidc.md (create-organisation first), each
// provider of the file played by a real OpenID provider started here, and
// signs in through every provider. Only the issuers and the secret file's
// path are changed: the client ids, claims, organisation maps and MFA rules
// are the shipped ones. The demo region is never seeded beside them.
func TestServe_ShippedProviderFiles(t *testing.T) {
	for name, content := range shippedProviderFiles(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testShippedFile(t, content)
		})
	}
}

func testShippedFile(t *testing.T, content string) {
	secret := writeFile(t, "client-secret", "s3cret\n")
	content = secretFileLine.ReplaceAllString(content, "client_secret_file: "+secret)
	shipped, err := auth.ParseOIDCConfig([]byte(content))
	if err != nil {
		t.Fatalf("the shipped file does not load: %v", err)
	}
	addr := freeAddr(t)
	base := "http://" + addr
	orgs := map[string]bool{}
	var subjects []string
	for i, p := range shipped.Providers {
		persona, opts := personaFor(p, i)
		orgs[personaOrganisation(p)] = true
		subjects = append(subjects, persona.Subject)
		idp := startProvider(t, p, persona, base, opts...)
		content = strings.Replace(content, "issuer: "+p.Issuer, "issuer: "+idp.Issuer(), 1)
	}
	if got := issuerLine.FindAllStringSubmatch(content, -1); len(got) != len(shipped.Providers) {
		t.Fatalf("%d issuers in the file, want %d", len(got), len(shipped.Providers))
	}
	vars := map[string]string{"KETENHUB_DATA_DIR": t.TempDir(), "KETENHUB_OIDC_CONFIG": writeFile(t, "oidc.yaml", content)}
	for org := range orgs {
		a, _, stderr := testApp(vars)
		if code := a.run(context.Background(), []string{"create-organisation", "--name", org, "--kind", "gemeente"}); code != exitOK {
			t.Fatalf("create-organisation %q: exit %d\n%s", org, code, stderr)
		}
	}
	vars["KETENHUB_ADDR"] = addr
	s := startServe(t, vars)
	if s.base != base {
		t.Fatalf("serving at %s, want %s", s.base, base)
	}
	for i, p := range shipped.Providers {
		jar, _ := cookiejar.New(nil)
		b := &browser{base: base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
		b.pickPersona(t, "/auth/login/"+p.ID, subjects[i])
		if got := b.getJSON(t, "/api/v1/me", &b.me); got != http.StatusOK {
			t.Fatalf("provider %s: GET /api/v1/me after signing in: %d", p.ID, got)
		}
		if want := personaOrganisation(p); b.me.Organisation.Name != want {
			t.Errorf("provider %s: signed in for %q, want %q", p.ID, b.me.Organisation.Name, want)
		}
		var who struct {
			User struct {
				Function         string `json:"function"`
				OrganisationRole string `json:"organisation_role"`
				Shielded         bool   `json:"shielded"`
			} `json:"user"`
		}
		b.getJSON(t, "/api/v1/me", &who)
		want := fmt.Sprintf("Functie Gebruiker %d|%t|%t", i, len(p.Organisatiebeheerder.Values) > 0, len(p.Shielded.Values) > 0)
		if got := fmt.Sprintf("%s|%t|%t", who.User.Function, who.User.OrganisationRole == "organisatiebeheerder", who.User.Shielded); got != want {
			t.Errorf("provider %s: function|organisatiebeheerder|shielded = %s, want %s", p.ID, got, want)
		}
	}
	if got := countOrganisations(t, vars); got != len(orgs) {
		t.Errorf("%d organisations, want the %d created: the demo region must not be seeded beside real providers", got, len(orgs))
	}
}

// personaFor is a user the provider p signs in: with the organisation claim
// the file maps, the groups that make a beheerder where it names the groups
// claim, and the authentication methods its MFA rule asks for.
func personaFor(p auth.ProviderConfig, i int) (devidp.Persona, []devidp.Option) {
	persona := devidp.Persona{Subject: fmt.Sprintf("user-%d", i), Name: fmt.Sprintf("Gebruiker %d", i), Email: fmt.Sprintf("u%d@example.nl", i),
		Organisation: personaOrganisation(p)}
	if claim, ok := firstMapped(p); ok {
		persona.Organisation = claim // the claim value the map turns into the organisation
	}
	if p.Beheerder.Claim == "groups" {
		persona.Groups = p.Beheerder.Values
	}
	// Every person claim the file reads, where it reads it: the function,
	// and the values that make the organisatiebeheerder and shield.
	claims := map[string]any{}
	if p.FunctionClaim == "title" {
		persona.Title = "Functie " + persona.Name
	} else {
		claims[p.FunctionClaim] = "Functie " + persona.Name
	}
	for _, rule := range []auth.ClaimRule{p.Organisatiebeheerder, p.Shielded} {
		switch {
		case len(rule.Values) == 0:
		case rule.Claim == "groups":
			persona.Groups = append(slices.Clone(persona.Groups), rule.Values[0])
		case rule.Values[0] == "true":
			claims[rule.Claim] = true // a boolean claim, as a Keycloak attribute mapper sends it
		default:
			list, _ := claims[rule.Claim].([]any)
			claims[rule.Claim] = append(list, rule.Values[0])
		}
	}
	persona.Claims = claims
	var opts []devidp.Option
	if len(p.MFA.ACRValues) > 0 || len(p.MFA.AMR) > 0 {
		acr := ""
		if len(p.MFA.ACRValues) > 0 {
			acr = p.MFA.ACRValues[0]
		}
		opts = append(opts, devidp.WithAuthContext(acr, p.MFA.AMR...))
	}
	return persona, opts
}

// personaOrganisation is the organisation a user of p is signed in for.
func personaOrganisation(p auth.ProviderConfig) string {
	if p.Organisation != "" {
		return p.Organisation
	}
	if claim, ok := firstMapped(p); ok {
		return p.OrganisationMap[claim]
	}
	return "Gemeente Purmerend"
}

// firstMapped is the first claim value (in sort order) of p's organisation map.
func firstMapped(p auth.ProviderConfig) (string, bool) {
	keys := slices.Sorted(maps.Keys(p.OrganisationMap))
	if len(keys) == 0 {
		return "", false
	}
	return keys[0], true
}

// startProvider starts a real OpenID provider for p on a loopback port,
// with p's client registered for the hub at base.
func startProvider(t *testing.T, p auth.ProviderConfig, persona devidp.Persona, base string, opts ...devidp.Option) *devidp.Provider {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://localhost:" + portOf(t, srv.Listener.Addr()) + "/"
	idp, err := devidp.New(issuer, []devidp.Persona{persona}, []devidp.Client{{
		ID: p.ClientID, Secret: "s3cret", RedirectURIs: []string{base + "/auth/callback/" + p.ID}, PostLogoutRedirectURIs: []string{base + "/"},
	}}, opts...)
	if err != nil {
		t.Fatalf("provider %s: %v", p.ID, err)
	}
	srv.Config.Handler = idp.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return idp
}

func portOf(t *testing.T, addr net.Addr) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// freeAddr returns a loopback address with a port free now, for a hub whose
// public URL must be known before it starts (providers register it).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServe_ProviderMistakes: a mistake in the identity-provider file stops
// the start with exit code 2 and a message naming the provider, whether the
// loader finds it (an unknown field, a missing secret file) or the start-up
// check of the provider does (an issuer the provider does not call itself);
// a provider that cannot be reached does not stop the start.
func TestServe_ProviderMistakes(t *testing.T) {
	p := auth.ProviderConfig{ID: "regio", ClientID: "ketenhub"}
	persona, _ := personaFor(p, 0)
	idp := startProvider(t, p, persona, "http://127.0.0.1:1")
	secret := writeFile(t, "client-secret", "s3cret\n")
	file := func(issuer, secretFile, extra string) string {
		return writeFile(t, "oidc.yaml", fmt.Sprintf(`providers:
  - id: regio
    display_name: Regio
    issuer: %s
    client_id: ketenhub
    client_secret_file: %s
    organisation_claim: organisation
%s`, issuer, secretFile, extra))
	}
	for name, tt := range map[string]struct {
		config string
		want   []string
	}{
		"IssuerWithoutTrailingSlash": {file(strings.TrimSuffix(idp.Issuer(), "/"), secret, ""), []string{"regio", "names itself"}},
		"IssuerByAddress":            {file(strings.Replace(idp.Issuer(), "localhost", "127.0.0.1", 1), secret, ""), []string{"regio", "names itself"}},
		"UnknownField":               {file(idp.Issuer(), secret, "    organisation_claims: organisation\n"), []string{"organisation_claims"}},
		"MissingSecretFile":          {file(idp.Issuer(), secret+".missing", ""), []string{"regio", "client_secret_file"}},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a start that is not refused must not hang the test
			defer cancel()
			a, _, stderr := testApp(map[string]string{"KETENHUB_DATA_DIR": t.TempDir(), "KETENHUB_OIDC_CONFIG": tt.config, "KETENHUB_ADDR": "127.0.0.1:0"})
			if got, want := a.run(ctx, []string{"serve"}), exitUsage; got != want {
				t.Errorf("exit code %d, want %d; log:\n%s", got, want, stderr)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("the message does not name %q:\n%s", want, stderr)
				}
			}
		})
	}
	t.Run("Unreachable", func(t *testing.T) {
		s := startServe(t, map[string]string{"KETENHUB_DATA_DIR": t.TempDir(), "KETENHUB_OIDC_CONFIG": file("http://localhost:1/", secret, "")})
		if !strings.Contains(s.stderr.String(), "cannot be reached") {
			t.Errorf("no warning that the provider cannot be reached:\n%s", s.stderr)
		}
		res, body := get(t, s.base+"/auth/login/regio")
		if res.StatusCode != http.StatusBadGateway || !strings.Contains(body, "niet bereikbaar") {
			t.Errorf("sign-in with an unreachable provider: %d\n%s", res.StatusCode, body)
		}
	})
}
