package auth_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub/auth"
)

const validConfig = `
providers:
  - id: regio
    display_name: Regionale Keycloak
    issuer: https://sso.example.nl/realms/ketenhub
    client_id: ketenhub
    client_secret: geheim
    organisation_claim: organisation
    beheerder: {values: [ketenhub-beheerders]}
`

func TestParseOIDCConfig(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		cfg, err := auth.ParseOIDCConfig([]byte(validConfig))
		if err != nil {
			t.Fatal(err)
		}
		p := cfg.Providers[0]
		if got, want := strings.Join(p.Scopes, " "), "openid profile email"; got != want {
			t.Errorf("scopes = %q, want %q", got, want)
		}
		if got, want := p.Beheerder.Claim, "groups"; got != want {
			t.Errorf("beheerder claim = %q, want %q", got, want)
		}
		if p.MFA.Demanded() {
			t.Error("MFA demanded without an mfa section")
		}
		if p.BackchannelLogout {
			t.Error("back-channel logout on without backchannel_logout")
		}
	})
	t.Run("PersonClaims", func(t *testing.T) {
		p := mustParse1(t, validConfig)
		if p.GroupsClaim != "groups" || p.FunctionClaim != "title" {
			t.Errorf("groups_claim %q, function_claim %q; want the defaults groups and title", p.GroupsClaim, p.FunctionClaim)
		}
		if p.Organisatiebeheerder.Holds(map[string]any{"groups": []any{"x"}}) || p.Shielded.Holds(map[string]any{"groups": []any{"x"}}) {
			t.Error("an absent organisatiebeheerder or shielded rule holds")
		}
		// Rules without a claim read the groups claim, whatever it is called.
		p = mustParse1(t, strings.Replace(validConfig, "client_id: ketenhub", `client_id: ketenhub
    groups_claim: teams
    function_claim: jobTitle
    organisatiebeheerder: {values: [ketenhub-organisatiebeheerders]}
    shielded: {claim: afgeschermd, values: ["true"]}`, 1))
		if p.GroupsClaim != "teams" || p.FunctionClaim != "jobTitle" || p.Organisatiebeheerder.Claim != "teams" || p.Shielded.Claim != "afgeschermd" {
			t.Errorf("read %+v", p)
		}
		if !p.Organisatiebeheerder.Holds(map[string]any{"teams": []any{"a", "ketenhub-organisatiebeheerders"}}) {
			t.Error("the organisatiebeheerder rule does not hold for a member of its group")
		}
		if !p.Shielded.Holds(map[string]any{"afgeschermd": true}) || p.Shielded.Holds(map[string]any{"afgeschermd": false}) {
			t.Error("the shielded rule does not read a boolean claim as true/false")
		}
	})
	t.Run("BackchannelLogout", func(t *testing.T) {
		cfg, err := auth.ParseOIDCConfig([]byte(strings.Replace(validConfig, "client_id: ketenhub", "client_id: ketenhub\n    backchannel_logout: true", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.Providers[0].BackchannelLogout {
			t.Error("backchannel_logout: true not read")
		}
	})

	t.Run("JSON", func(t *testing.T) {
		cfg, err := auth.ParseOIDCConfig([]byte(`{"providers": [{"id": "om", "display_name": "OM", "issuer": "https://login.om.example",
			"client_id": "hub", "client_secret": "x", "organisation": "Openbaar Ministerie", "mfa": {"acr_values": ["substantial"]}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cfg.Providers[0].Organisation, "Openbaar Ministerie"; got != want {
			t.Errorf("organisation = %q, want %q", got, want)
		}
		if !cfg.Providers[0].MFA.Demanded() {
			t.Error("MFA not demanded")
		}
	})

	t.Run("Example", func(t *testing.T) {
		data, err := os.ReadFile("../docs/oidc.example.yaml")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := auth.ParseOIDCConfig(data)
		if err != nil {
			t.Fatalf("docs/oidc.example.yaml: %v", err)
		}
		if got, want := len(cfg.Providers), 2; got != want {
			t.Errorf("%d providers, want %d", got, want)
		}
	})

	t.Run("ErrUnknownKey", func(t *testing.T) {
		_, err := auth.ParseOIDCConfig([]byte(strings.Replace(validConfig, "client_secret:", "client_secrte:", 1)))
		if err == nil || !strings.Contains(err.Error(), "client_secrte") {
			t.Errorf("error = %v, want one naming client_secrte", err)
		}
	})

	for name, tc := range map[string]struct{ from, to, want string }{
		"BadID":              {"id: regio", "id: Regio Noord", "provider Regio Noord: id:"},
		"NoDisplayName":      {"display_name: Regionale Keycloak", "display_name: ''", "provider regio: display_name: is required"},
		"HTTPIssuer":         {"https://sso.example.nl", "http://sso.example.nl", "provider regio: issuer: "},
		"NoClientID":         {"client_id: ketenhub", "client_id: ''", "provider regio: client_id: is required"},
		"TwoSecrets":         {"client_secret: geheim", "client_secret: geheim\n    client_secret_file: /x", "provider regio: client_secret: set exactly one"},
		"UnknownLogout":      {"client_secret: geheim", "client_secret: geheim\n    logout: nergens", "provider regio: logout: \"nergens\" is not one of"},
		"NoSecret":           {"client_secret: geheim", "", "provider regio: client_secret: set exactly one"},
		"NoOpenID":           {"client_id: ketenhub", "client_id: ketenhub\n    scopes: [profile]", "provider regio: scopes: must include openid"},
		"TwoOrgs":            {"organisation_claim: organisation", "organisation_claim: organisation\n    organisation: X", "provider regio: organisation: set exactly one"},
		"NoOrg":              {"organisation_claim: organisation", "", "provider regio: organisation: set exactly one"},
		"MapWithFixed":       {"organisation_claim: organisation", "organisation: X\n    organisation_map: {a: B}", "provider regio: organisation_map:"},
		"EmptyMapValue":      {"organisation_claim: organisation", "organisation_claim: org\n    organisation_map: {a: ''}", "provider regio: organisation_map:"},
		"BeheerderNoVals":    {"beheerder: {values: [ketenhub-beheerders]}", "beheerder: {claim: roles}", "provider regio: beheerder.values:"},
		"EmptyAMR":           {"beheerder:", "mfa: {amr: ['']}\n    beheerder:", "provider regio: mfa.amr:"},
		"OrgBeheerderNoVals": {"beheerder:", "organisatiebeheerder: {claim: roles}\n    beheerder:", "provider regio: organisatiebeheerder.values:"},
		"OrgBeheerderEmpty":  {"beheerder:", "organisatiebeheerder: {values: ['']}\n    beheerder:", "provider regio: organisatiebeheerder.values: holds an empty value"},
		"ShieldedNoVals":     {"beheerder:", "shielded: {claim: afgeschermd}\n    beheerder:", "provider regio: shielded.values:"},
		"ShieldedWord":       {"beheerder:", "shielded: ja\n    beheerder:", "cannot unmarshal"},
		"GroupsClaimList":    {"beheerder:", "groups_claim: [a, b]\n    beheerder:", "cannot unmarshal"},
		"NoProviders":        {validConfig, "providers: []", "providers: the list is empty"},
		"BackchannelWord":    {"client_id: ketenhub", "client_id: ketenhub\n    backchannel_logout: ja", "cannot unmarshal !!str `ja` into bool"},
	} {
		t.Run("Err"+name, func(t *testing.T) {
			_, err := auth.ParseOIDCConfig([]byte(strings.Replace(validConfig, tc.from, tc.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}

	t.Run("ErrDuplicates", func(t *testing.T) {
		twice := validConfig + strings.TrimPrefix(validConfig, "\nproviders:\n")
		_, err := auth.ParseOIDCConfig([]byte(twice))
		if err == nil || !strings.Contains(err.Error(), "id: used by another provider") || !strings.Contains(err.Error(), "issuer: already configured") {
			t.Errorf("error = %v, want both the duplicate id and issuer named", err)
		}
	})

	t.Run("ErrEmpty", func(t *testing.T) {
		if _, err := auth.ParseOIDCConfig(nil); err == nil {
			t.Error("an empty file was accepted")
		}
	})
}

func TestLoadOIDCConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret"), []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "oidc.yaml")
	data := strings.Replace(validConfig, "client_secret: geheim", "client_secret_file: secret", 1)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := auth.LoadOIDCConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Providers[0].ClientSecret, "s3cret"; got != want {
		t.Errorf("secret = %q, want %q (read relative to the file, trimmed)", got, want)
	}

	t.Run("ErrMissingSecretFile", func(t *testing.T) {
		os.Remove(filepath.Join(dir, "secret"))
		_, err := auth.LoadOIDCConfig(path)
		if err == nil || !strings.Contains(err.Error(), "provider regio: client_secret_file") {
			t.Errorf("error = %v, want one naming the provider and client_secret_file", err)
		}
	})
	if !slices.Contains(cfg.Providers[0].Scopes, "openid") {
		t.Error("no openid scope")
	}
}

// mustParse1 parses a configuration and returns its first provider.
func mustParse1(t *testing.T, data string) auth.ProviderConfig {
	t.Helper()
	cfg, err := auth.ParseOIDCConfig([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Providers[0]
}
