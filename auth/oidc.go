package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ketenhub/ketenhub"
)

// OrganisationResolver finds the organisation an identity provider vouches
// for, by its exact name. cmd satisfies it with a small adapter over the
// store (the login flow has no viewer yet, so it cannot use
// ketenhub.OrganisationService, which needs one). It returns ENOTFOUND when
// there is no organisation of that name.
type OrganisationResolver interface {
	OrganisationByName(ctx context.Context, name string) (*ketenhub.Organisation, error)
}

// flowLifetime bounds how long a sign-in may take between leaving for the
// identity provider and coming back.
const flowLifetime = 10 * time.Minute

// discoveryTimeout bounds one call to an identity provider.
const discoveryTimeout = 10 * time.Second

// FlowCookie is the short-lived cookie that carries the sealed state of one
// sign-in between /auth/login and /auth/callback.
const FlowCookie = "ketenhub_oidc_flow"

// FlowKeySize is the size of the key that seals the flow cookie.
const FlowKeySize = 32

// flow is what the callback must know about the sign-in it completes. It
// travels sealed (encrypted and authenticated) in the flow cookie, so that
// any replica can complete a sign-in that another one started.
type flow struct {
	Provider string `json:"p"`
	Issuer   string `json:"i"` // binds the response to the issuer the request went to
	State    string `json:"s"`
	Verifier string `json:"v"` // PKCE code verifier
	Nonce    string `json:"n"`
	ReturnTo string `json:"r"`
	Expires  int64  `json:"e"` // unix seconds
}

// sealer encrypts and authenticates flows with AES-256-GCM.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) != FlowKeySize {
		return nil, fmt.Errorf("flow key: need %d bytes, got %d", FlowKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

func (s *sealer) seal(f *flow) (string, error) {
	plain, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := s.aead.Seal(nonce, nonce, plain, []byte(FlowCookie))
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// open returns the flow sealed in value if it is authentic and not expired at now.
func (s *sealer) open(value string, now time.Time) (*flow, error) {
	sealed, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(sealed) < s.aead.NonceSize() {
		return nil, errors.New("flow cookie is malformed")
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(FlowCookie))
	if err != nil {
		return nil, errors.New("flow cookie is not authentic")
	}
	var f flow
	if err := json.Unmarshal(plain, &f); err != nil {
		return nil, fmt.Errorf("flow cookie: %w", err)
	}
	if now.Unix() >= f.Expires {
		return nil, errors.New("flow cookie has expired")
	}
	return &f, nil
}

// provider is a configured identity provider with what discovery taught
// us about it. Discovery happens on first use and is retried until it
// succeeds, so that the hub starts while an identity provider is down.
type provider struct {
	cfg         ProviderConfig
	redirectURL string

	mu         sync.Mutex
	discovered *discovered
}

// discovered is a provider's metadata, fixed once read.
type discovered struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	// endSession is the RP-initiated logout endpoint, if the provider has one.
	endSession string
	// issParam: the provider puts iss in authorisation responses (RFC 9207),
	// so a response without it is refused.
	issParam bool
	// op asks the userinfo endpoint, when the provider has one.
	op *oidc.Provider
}

// discover returns the provider's metadata, fetching it on first use.
func (p *provider) discover(ctx context.Context, client *http.Client, clock ketenhub.Clock) (*discovered, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.discovered != nil {
		return p.discovered, nil
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, client), discoveryTimeout)
	defer cancel()
	if err := checkDiscovery(ctx, client, p.cfg.ID, p.cfg.Issuer); err != nil {
		return nil, err
	}
	op, err := oidc.NewProvider(ctx, p.cfg.Issuer)
	if err != nil {
		return nil, &DiscoveryError{Provider: p.cfg.ID, Unreachable: true, Err: fmt.Errorf("discover %s: %w", p.cfg.Issuer, err)}
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
		IssParam   bool   `json:"authorization_response_iss_parameter_supported"`
	}
	if err := op.Claims(&meta); err != nil {
		return nil, fmt.Errorf("discover %s: %w", p.cfg.Issuer, err)
	}
	p.discovered = &discovered{
		oauth: oauth2.Config{
			ClientID:     p.cfg.ClientID,
			ClientSecret: p.cfg.ClientSecret,
			Endpoint:     op.Endpoint(),
			RedirectURL:  p.redirectURL,
			Scopes:       p.cfg.Scopes,
		},
		verifier:   op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, Now: clock.Now}),
		endSession: meta.EndSession,
		issParam:   meta.IssParam,
		op:         op,
	}
	return p.discovered, nil
}

// identity is what an ID token says about the user, mapped to Ketenhub.
type identity struct {
	Issuer           string
	Subject          string
	Name             string
	Email            string
	OrganisationName string
	PlatformRole     ketenhub.PlatformRole
	OrganisationRole ketenhub.OrganisationRole
	Function         string
	// Groups are the user's groups at the provider, within the bounds of
	// boundGroups; DroppedGroups counts those left out.
	Groups        []string
	DroppedGroups int
	Shielded      bool
}

// idClaims are the standard claims Ketenhub reads; the others it reads
// by name from the raw claims.
type idClaims struct {
	Name              string   `json:"name"`
	PreferredUsername string   `json:"preferred_username"`
	Email             string   `json:"email"`
	ACR               string   `json:"acr"`
	AMR               []string `json:"amr"`
	AZP               string   `json:"azp"`
	SID               string   `json:"sid"`
}

// loginError is a refused sign-in: the error code (ketenhub.EINVALID and
// the others, whose status the page takes from ketenhub.StatusOf), the
// messages shown to the user (Dutch and English, safe to show) and the
// cause, which is only logged.
type loginError struct {
	Code   string
	NL, EN string
	Cause  error
	// SignOut heads the page "Afmelden mislukt" instead of "Aanmelden mislukt".
	SignOut bool
}

func (e *loginError) Error() string {
	if e.Cause != nil {
		return e.EN + ": " + e.Cause.Error()
	}
	return e.EN
}

// status is the HTTP status of the error page.
func (e *loginError) status() int { return ketenhub.StatusOf(e.Code) }

// refuse returns a refused sign-in with code, messages to show and the
// cause to log.
func refuse(code, nl, en string, cause error) *loginError {
	return &loginError{Code: code, NL: nl, EN: en, Cause: cause}
}

// errBadResponse is the message for any response that fails a check: the
// user can do nothing but try again, and an attacker learns nothing.
func errBadResponse(cause error) *loginError {
	return refuse(ketenhub.EINVALID,
		"Het antwoord van de identiteitsprovider is ongeldig of hoort niet bij deze aanmelding. Meld u opnieuw aan.",
		"The identity provider's response is invalid or does not belong to this sign-in. Please sign in again.",
		cause)
}

// checkToken checks what go-oidc's verifier does not: the nonce, the
// authorised party and the demanded MFA.
func (p *provider) checkToken(tok *oidc.IDToken, claims *idClaims, f *flow) *loginError {
	if !equalSecret(tok.Nonce, f.Nonce) {
		return errBadResponse(errors.New("nonce mismatch"))
	}
	if len(tok.Audience) > 1 && claims.AZP != p.cfg.ClientID {
		return errBadResponse(fmt.Errorf("several audiences and azp %q is not the client", claims.AZP))
	}
	if mfa := p.cfg.MFA; mfa.Demanded() {
		acrOK := len(mfa.ACRValues) == 0 || slices.Contains(mfa.ACRValues, claims.ACR)
		amrOK := len(mfa.AMR) == 0 || slices.ContainsFunc(claims.AMR, func(m string) bool { return slices.Contains(mfa.AMR, m) })
		if !acrOK || !amrOK {
			return refuse(ketenhub.EFORBIDDEN,
				"Voor deze organisatie is aanmelden met meerfactorauthenticatie verplicht. Uw identiteitsprovider heeft die niet bevestigd.",
				"This organisation requires multi-factor authentication, and your identity provider did not confirm it.",
				fmt.Errorf("mfa not met: acr %q amr %v", claims.ACR, claims.AMR))
		}
	}
	return nil
}

// mapIdentity maps the verified claims to the user's identity in Ketenhub.
func (p *provider) mapIdentity(tok *oidc.IDToken, claims *idClaims, raw map[string]any) (*identity, *loginError) {
	org, lerr := p.organisationName(raw)
	if lerr != nil {
		return nil, lerr
	}
	id := &identity{
		Issuer:           tok.Issuer,
		Subject:          tok.Subject,
		Name:             firstNonEmpty(claims.Name, claims.PreferredUsername, claims.Email, tok.Subject),
		Email:            claims.Email,
		OrganisationName: org,
		PlatformRole:     ketenhub.PlatformRoleNone,
	}
	if p.cfg.Beheerder.Holds(raw) {
		id.PlatformRole = ketenhub.PlatformRoleBeheerder
	}
	if p.cfg.Organisatiebeheerder.Holds(raw) {
		id.OrganisationRole = ketenhub.OrganisationRoleBeheerder
	}
	id.Shielded = p.cfg.Shielded.Holds(raw)
	id.Function = functionOf(raw[p.cfg.FunctionClaim])
	id.Groups, id.DroppedGroups = boundGroups(claimStrings(raw[p.cfg.GroupsClaim]))
	return id, nil
}

// functionOf reads the function claim: a string, or the first of a list
// (Entra ID and LDAP may send a multi-valued attribute). Too long a
// function is cut rather than refused: it is shown, not matched.
func functionOf(v any) string {
	values := claimStrings(v)
	if len(values) == 0 {
		return ""
	}
	f := strings.TrimSpace(values[0])
	if utf8.RuneCountInString(f) > MaxFunction {
		f = string([]rune(f)[:MaxFunction])
	}
	return f
}

// boundGroups keeps, in order and without repeats, at most MaxUserGroups
// groups whose names are valid UTF-8 of at most ketenhub.MaxGroupName
// characters, and counts the others: a person in more groups, or in a
// group with a longer name, still signs in, and is admitted by the groups
// kept. A longer name could never match an admission anyway, whose group
// names are bounded alike.
func boundGroups(groups []string) ([]string, int) {
	out := make([]string, 0, min(len(groups), MaxUserGroups))
	dropped := 0
	for _, g := range groups {
		switch {
		case slices.Contains(out, g):
		case len(out) >= MaxUserGroups || !utf8.ValidString(g) || utf8.RuneCountInString(g) > ketenhub.MaxGroupName || strings.TrimSpace(g) == "":
			dropped++
		default:
			out = append(out, g)
		}
	}
	return out, dropped
}

// organisationName is the fixed organisation, or the one the organisation
// claim names (through the map, when there is one). Exactly one is needed.
func (p *provider) organisationName(raw map[string]any) (string, *loginError) {
	if p.cfg.Organisation != "" {
		return p.cfg.Organisation, nil
	}
	var names []string
	for _, v := range claimStrings(raw[p.cfg.OrganisationClaim]) {
		name := v
		if p.cfg.OrganisationMap != nil {
			name = p.cfg.OrganisationMap[v]
		}
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	switch len(names) {
	case 1:
		return names[0], nil
	case 0:
		return "", errNoOrganisation(fmt.Errorf("claim %q names no known organisation", p.cfg.OrganisationClaim))
	default:
		return "", errNoOrganisation(fmt.Errorf("claim %q names several organisations %q", p.cfg.OrganisationClaim, names))
	}
}

func errNoOrganisation(cause error) *loginError {
	return refuse(ketenhub.EFORBIDDEN,
		"U bent wel aangemeld bij uw identiteitsprovider, maar uw account hoort niet bij een organisatie die aan Ketenhub deelneemt. Neem contact op met de beheerder van Ketenhub in uw regio.",
		"You signed in with your identity provider, but your account does not belong to an organisation that takes part in Ketenhub. Please contact the Ketenhub administrator of your region.",
		cause)
}

// claimStrings reads a claim that is a string or a list of strings; a
// boolean reads as "true" or "false" (an IdP may send a flag such as
// "shielded": true, which a rule then matches with the value "true").
func claimStrings(v any) []string {
	switch v := v.(type) {
	case bool:
		return []string{strconv.FormatBool(v)}
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// equalSecret compares two secrets in constant time; empty never matches.
func equalSecret(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// randomString returns n random bytes as unpadded base64url.
func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
