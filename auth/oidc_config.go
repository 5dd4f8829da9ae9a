package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// OIDCConfigEnv names the environment variable that points at the
// identity-provider configuration file (see docs/oidc.md).
const OIDCConfigEnv = "KETENHUB_OIDC_CONFIG"

// DefaultScopes are requested when a provider names none.
var DefaultScopes = []string{"openid", "profile", "email"}

// DefaultBeheerderClaim is the claim read for the beheerder role when a
// provider's beheerder rule names none. Entra ID puts app roles in "roles":
// name that claim explicitly there.
const DefaultBeheerderClaim = "groups"

// DefaultGroupsClaim is the claim whose string values are the user's groups
// when a provider names none: Keycloak's group-membership mapper and Entra
// ID both call it "groups".
const DefaultGroupsClaim = "groups"

// DefaultFunctionClaim is the claim holding the person's function (job
// title) when a provider names none. No standard OIDC claim carries it;
// "title" is the directory attribute (LDAP, Active Directory) it comes
// from, and the name the development provider and the Keycloak realm in
// deploy/ send it under.
const DefaultFunctionClaim = "title"

// Bounds on what a sign-in records of a person's groups. Groups beyond
// MaxUserGroups and longer names are dropped (and the drop is logged), not
// refused: the person may still sign in, and only admissions by a dropped
// group do not reach them. Entra ID sends at most 200 groups in a token too.
const (
	MaxUserGroups = 200
	MaxFunction   = 200
)

// OIDCConfig is the identity-provider configuration file: the issuers whose
// users may sign in, and how their claims map to organisation and role.
type OIDCConfig struct {
	Providers []ProviderConfig `yaml:"providers"`
}

// ProviderConfig is one identity provider (one OIDC client registration).
type ProviderConfig struct {
	// ID is the slug in Ketenhub's URLs: /auth/login/<id>, /auth/callback/<id>.
	ID string `yaml:"id"`
	// DisplayName is what the sign-in page shows on the provider's button.
	DisplayName string `yaml:"display_name"`
	// Issuer is the issuer URL; discovery is read from
	// <issuer>/.well-known/openid-configuration and must name it exactly.
	Issuer   string `yaml:"issuer"`
	ClientID string `yaml:"client_id"`
	// ClientSecret or ClientSecretFile (exactly one): the client's secret, or
	// a file holding it (relative paths are relative to the config file).
	ClientSecret     string `yaml:"client_secret"`
	ClientSecretFile string `yaml:"client_secret_file"`
	// Scopes requested; default openid profile email. Must include openid.
	Scopes []string `yaml:"scopes"`
	// Organisation is the fixed name of the organisation this issuer vouches
	// for. Exactly one of Organisation and OrganisationClaim is set.
	Organisation string `yaml:"organisation"`
	// OrganisationClaim names the ID-token claim that names the user's
	// organisation (a string, or a list with exactly one known value).
	OrganisationClaim string `yaml:"organisation_claim"`
	// OrganisationMap, with OrganisationClaim, maps claim values to
	// organisation names; values it does not list are refused.
	OrganisationMap map[string]string `yaml:"organisation_map"`
	// Beheerder says which claim values grant the platform role beheerder.
	Beheerder BeheerderRule `yaml:"beheerder"`
	// GroupsClaim names the claim whose string values are the user's groups
	// (default "groups"), by which their organisation admits them to
	// workspaces. Read afresh at every sign-in.
	GroupsClaim string `yaml:"groups_claim"`
	// FunctionClaim names the claim holding the person's function (job
	// title), shown instead of the name of a shielded officer (default "title").
	FunctionClaim string `yaml:"function_claim"`
	// Organisatiebeheerder says which claim values make a user the
	// beheerder of their own organisation (ketenhub.OrganisationRoleBeheerder).
	Organisatiebeheerder ClaimRule `yaml:"organisatiebeheerder"`
	// Shielded says which claim values mark a user as a shielded officer
	// (afgeschermde medewerker), shown to other organisations by function only.
	Shielded ClaimRule `yaml:"shielded"`
	// MFA, when set, is demanded of every sign-in through this provider.
	MFA MFARule `yaml:"mfa"`
	// Logout says what signing out does at this provider: LogoutProvider
	// (the default) ends the session there too and comes back to the hub;
	// LogoutProviderStay ends it there without asking to come back, for a
	// provider where the hub's post-logout redirect URI cannot be
	// registered; LogoutLocal ends only the hub's session.
	Logout string `yaml:"logout"`
	// BackchannelLogout accepts OpenID Connect back-channel logout from the
	// provider at /auth/backchannel-logout/<id>: the provider tells the hub
	// that a user's sessions ended there, and the hub ends them here.
	BackchannelLogout bool `yaml:"backchannel_logout"`
}

// Logout settings of a provider.
const (
	LogoutProvider     = "provider"
	LogoutProviderStay = "provider_without_return"
	LogoutLocal        = "local"
)

// BeheerderRule grants the platform role beheerder to users whose Claim (a
// string or a list of strings) holds one of Values. Without values nobody
// signing in through the provider is beheerder.
type BeheerderRule = ClaimRule

// ClaimRule holds for users whose Claim (a string, a list of strings, or a
// boolean read as "true" or "false") holds one of Values. Without values it
// holds for nobody.
type ClaimRule struct {
	Claim  string   `yaml:"claim"`
	Values []string `yaml:"values"`
}

// Holds reports whether the claims raw satisfy the rule.
func (r ClaimRule) Holds(raw map[string]any) bool {
	if len(r.Values) == 0 {
		return false
	}
	return slices.ContainsFunc(claimStrings(raw[r.Claim]), func(v string) bool { return slices.Contains(r.Values, v) })
}

// validate checks a rule named field and fills in its default claim.
func (r *ClaimRule) validate(field, defaultClaim string, bad func(field, format string, args ...any)) {
	if len(r.Values) == 0 && r.Claim != "" {
		bad(field+".values", "is empty; list the claim values that make the rule hold, or leave out %s", field)
	}
	if len(r.Values) > 0 && r.Claim == "" {
		r.Claim = defaultClaim
	}
	if slices.Contains(r.Values, "") {
		bad(field+".values", "holds an empty value")
	}
}

// MFARule demands a strong sign-in. With ACRValues the authorisation
// request asks for them and the ID token's acr must be one of them; with
// AMR the ID token's amr must hold at least one of them. Both may be set.
type MFARule struct {
	ACRValues []string `yaml:"acr_values"`
	AMR       []string `yaml:"amr"`
}

// Demanded reports whether the rule asks for anything.
func (m MFARule) Demanded() bool { return len(m.ACRValues) > 0 || len(m.AMR) > 0 }

// LoadOIDCConfig reads, strictly decodes and validates the configuration
// file at path (YAML or JSON), and reads the client secret files it names.
func LoadOIDCConfig(path string) (*OIDCConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oidc config: %w", err)
	}
	cfg, err := ParseOIDCConfig(data)
	if err != nil {
		return nil, fmt.Errorf("oidc config %s: %w", path, err)
	}
	if err := cfg.readSecretFiles(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("oidc config %s: %w", path, err)
	}
	return cfg, nil
}

// ParseOIDCConfig strictly decodes (an unknown key is an error naming it)
// and validates a configuration, filling in defaults. It reads no files:
// client_secret_file is resolved by LoadOIDCConfig.
func ParseOIDCConfig(data []byte) (*OIDCConfig, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var cfg OIDCConfig
	if err := dec.Decode(&cfg); errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty; it needs a list of providers")
	} else if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

var providerIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// validate checks every provider, fills in defaults and reports all
// problems at once, each naming the provider and the field.
func (c *OIDCConfig) validate() error {
	if len(c.Providers) == 0 {
		return errors.New("providers: the list is empty; configure at least one identity provider")
	}
	var errs []error
	ids := map[string]bool{}
	issuers := map[string]string{}
	for i := range c.Providers {
		p := &c.Providers[i]
		name := p.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		for _, err := range p.validate() {
			errs = append(errs, fmt.Errorf("provider %s: %w", name, err))
		}
		if p.ID != "" && ids[p.ID] {
			errs = append(errs, fmt.Errorf("provider %s: id: used by another provider", name))
		}
		ids[p.ID] = true
		// One issuer, one mapping: users are keyed by issuer and subject,
		// so two mappings for one issuer would move users between organisations.
		if other, ok := issuers[p.Issuer]; ok && p.Issuer != "" {
			errs = append(errs, fmt.Errorf("provider %s: issuer: already configured for provider %s", name, other))
		}
		issuers[p.Issuer] = name
	}
	return errors.Join(errs...)
}

// validate returns the provider's problems, each naming its field, and
// fills in defaults.
func (p *ProviderConfig) validate() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if !providerIDPattern.MatchString(p.ID) {
		bad("id", "%q is not a slug (lower-case letters, digits and hyphens, at most 63)", p.ID)
	}
	if strings.TrimSpace(p.DisplayName) == "" {
		bad("display_name", "is required")
	}
	if err := checkIssuerURL(p.Issuer); err != nil {
		bad("issuer", "%v", err)
	}
	if p.ClientID == "" {
		bad("client_id", "is required")
	}
	if (p.ClientSecret == "") == (p.ClientSecretFile == "") {
		bad("client_secret", "set exactly one of client_secret and client_secret_file")
	}
	if len(p.Scopes) == 0 {
		p.Scopes = slices.Clone(DefaultScopes)
	} else if !slices.Contains(p.Scopes, "openid") {
		bad("scopes", "must include openid")
	}
	switch {
	case (p.Organisation == "") == (p.OrganisationClaim == ""):
		bad("organisation", "set exactly one of organisation and organisation_claim")
	case p.Organisation != "" && len(p.OrganisationMap) > 0:
		bad("organisation_map", "only applies with organisation_claim")
	}
	for value, org := range p.OrganisationMap {
		if strings.TrimSpace(org) == "" {
			bad("organisation_map", "value %q maps to an empty organisation name", value)
		}
	}
	if p.GroupsClaim == "" {
		p.GroupsClaim = DefaultGroupsClaim
	}
	if p.FunctionClaim == "" {
		p.FunctionClaim = DefaultFunctionClaim
	}
	p.Beheerder.validate("beheerder", DefaultBeheerderClaim, bad)
	// The organisation's own roles read the groups claim unless told
	// otherwise: "a member of this group at our IdP".
	p.Organisatiebeheerder.validate("organisatiebeheerder", p.GroupsClaim, bad)
	p.Shielded.validate("shielded", p.GroupsClaim, bad)
	if slices.Contains(p.MFA.ACRValues, "") {
		bad("mfa.acr_values", "holds an empty value")
	}
	if slices.Contains(p.MFA.AMR, "") {
		bad("mfa.amr", "holds an empty value")
	}
	switch p.Logout {
	case "":
		p.Logout = LogoutProvider
	case LogoutProvider, LogoutProviderStay, LogoutLocal:
	default:
		bad("logout", "%q is not one of %s, %s and %s", p.Logout, LogoutProvider, LogoutProviderStay, LogoutLocal)
	}
	return errs
}

// checkIssuerURL accepts an absolute https URL without query or fragment,
// or plain http on a loopback host (development only).
func checkIssuerURL(issuer string) error {
	if issuer == "" {
		return errors.New("is required")
	}
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute URL without query or fragment", issuer)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("%q must use https (plain http only on localhost)", issuer)
}

func isLoopback(host string) bool {
	// Names under .localhost are loopback names too (RFC 6761); the compose
	// stack in deploy/ serves its Keycloak as keycloak.localhost.
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readSecretFiles fills ClientSecret from ClientSecretFile, relative to dir,
// and clears ClientSecretFile.
func (c *OIDCConfig) readSecretFiles(dir string) error {
	for i := range c.Providers {
		p := &c.Providers[i]
		if p.ClientSecretFile == "" {
			continue
		}
		path := p.ClientSecretFile
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("provider %s: client_secret_file: %w", p.ID, err)
		}
		secret := strings.TrimSpace(string(b))
		if secret == "" {
			return fmt.Errorf("provider %s: client_secret_file: %s is empty", p.ID, path)
		}
		// Once read, the file is resolved: the provider then has exactly one
		// secret, so validating it again (as NewLogin does) still passes.
		p.ClientSecret, p.ClientSecretFile = secret, ""
	}
	return nil
}
