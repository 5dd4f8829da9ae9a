// Package devidp is a development OpenID provider: a real one (discovery,
// JWKS, authorize, token, userinfo, end_session; built on zitadel's
// pkg/op), whose sign-in page lets you pick a demo persona instead of
// typing a password. It lets a newcomer run Ketenhub with nothing else
// installed, and it lets tests run complete sign-ins without a browser.
//
// It is for development only: anyone who can reach it can sign in as any
// persona. cmd/ketenhub starts it only in dev mode and refuses to start it
// when a production issuer (KETENHUB_OIDC_CONFIG) is configured.
//
// The package does not import the demo data: the caller passes personas in.
package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Persona is a user the sign-in page offers. Subject is the OIDC subject;
// Organisation goes into the "organisation" claim, Title into "title" and
// Groups into "groups"; Claims are further claims, sent as they are (such
// as "shielded": true).
type Persona struct {
	Subject      string
	Name         string
	Email        string
	Title        string
	Organisation string
	Groups       []string
	Claims       map[string]any
}

// Client is a registered relying party (a confidential web client that
// authenticates with its secret and must use PKCE S256).
type Client struct {
	ID                     string
	Secret                 string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
	// BackChannelLogoutURI, if set, is where SendLogout (and POST
	// /backchannel-logout) sends this client's logout tokens.
	BackChannelLogoutURI string
}

// DefaultIDTokenLifetime is how long ID tokens are valid unless an option says otherwise.
const DefaultIDTokenLifetime = time.Hour

// authRequestLifetime bounds how long a user may take on the picker page.
const authRequestLifetime = 10 * time.Minute

// Option changes what the provider puts in its tokens.
type Option func(*options)

type options struct {
	acr              string
	amr              []string
	idTokenLifetime  time.Duration
	audience         []string
	nonce            *string
	unpublishedKey   bool
	accessTokenValid time.Duration
	profileOnlyInfo  bool
	log              *slog.Logger
}

// WithLogger sets where the provider logs what went wrong behind an error
// answer (which never shows it); without it nothing is logged.
func WithLogger(log *slog.Logger) Option {
	return func(o *options) { o.log = log }
}

// WithAuthContext sets the acr and amr claims of every ID token, as if each
// sign-in had used that method (for example "mfa" and ["pwd", "otp"]), to
// try a Ketenhub issuer that demands MFA. Without it tokens carry no acr
// and amr ["pwd"] (a persona pick counts as a password sign-in).
func WithAuthContext(acr string, amr ...string) Option {
	return func(o *options) { o.acr, o.amr = acr, amr }
}

// WithIDTokenLifetime sets the ID tokens' lifetime. TEST ONLY: a negative
// lifetime issues tokens that are already expired.
func WithIDTokenLifetime(d time.Duration) Option {
	return func(o *options) { o.idTokenLifetime = d }
}

// WithAudience addresses the ID tokens to aud (and azp to aud[0]) instead
// of the client. TEST ONLY: it makes tokens that a relying party must refuse.
func WithAudience(aud ...string) Option {
	return func(o *options) {
		if len(aud) > 0 {
			o.audience = aud
		}
	}
}

// WithNonce puts nonce in the ID tokens instead of the one the relying
// party sent. TEST ONLY: it makes tokens that a relying party must refuse.
func WithNonce(nonce string) Option {
	return func(o *options) { o.nonce = &nonce }
}

// WithUnpublishedSigningKey signs ID tokens with a key that is not in the
// JWKS (under the published key's id). TEST ONLY: it makes wrongly signed
// tokens that a relying party must refuse.
func WithUnpublishedSigningKey() Option {
	return func(o *options) { o.unpublishedKey = true }
}

// WithProfileOnlyInUserinfo leaves name and e-mail out of the ID tokens and
// gives them only at the userinfo endpoint, as some providers do (OpenID
// Connect Core 5.4 allows it), to try a relying party that must ask there.
func WithProfileOnlyInUserinfo() Option {
	return func(o *options) { o.profileOnlyInfo = true }
}

// Provider is a running development OpenID provider.
type Provider struct {
	issuer  string
	prefix  string // the issuer's path without its trailing slash, "" at the root
	op      *op.Provider
	storage *storage
	handler http.Handler
	log     *slog.Logger
}

// New returns a provider for issuer (an absolute URL such as
// http://localhost:8081/; a trailing slash is added if missing, and the
// issuer must then be configured with it) with the given personas and
// clients. It generates a fresh RSA 2048 signing key.
func New(issuer string, personas []Persona, clients []Client, opts ...Option) (*Provider, error) {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("devidp: issuer %q is not an absolute http(s) URL", issuer)
	}
	if !strings.HasSuffix(issuer, "/") {
		issuer += "/"
	}
	o := options{amr: []string{"pwd"}, idTokenLifetime: DefaultIDTokenLifetime, accessTokenValid: 5 * time.Minute,
		log: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	st, err := newStorage(issuer, personas, clients, o)
	if err != nil {
		return nil, err
	}
	var cryptoKey [32]byte
	if _, err := rand.Read(cryptoKey[:]); err != nil {
		return nil, fmt.Errorf("devidp: %w", err)
	}
	cfg := &op.Config{
		CryptoKey:                cryptoKey,
		CryptoKeyId:              "devidp",
		DefaultLogoutRedirectURI: issuer + "logged-out",
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		SupportedUILocales:       []language.Tag{language.Dutch, language.English},
	}
	provider, err := op.NewProvider(cfg, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("devidp: %w", err)
	}
	p := &Provider{issuer: issuer, prefix: strings.TrimSuffix(u.Path, "/"), op: provider, storage: st, log: o.log}
	p.handler = p.routes()
	return p, nil
}

// Issuer is the issuer URL, exactly as discovery and tokens state it.
func (p *Provider) Issuer() string { return p.issuer }

// SetPersona replaces the persona with p's subject: its next sign-in
// carries the new claims, as when an administrator changes a user's groups
// at a real provider. Sign-ins already made keep what they were given.
func (p *Provider) SetPersona(ps Persona) error {
	return p.storage.setPersona(ps)
}

// Handler serves the provider at the issuer's path: mount it at that path
// with the full request path (for an issuer at the root, mount it at "/").
// Besides the OpenID endpoints it serves GET/POST /login (the persona
// picker), GET /logged-out and POST /backchannel-logout (SendLogout for the
// form's subject and sid).
func (p *Provider) Handler() http.Handler { return p.handler }

func (p *Provider) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", p.showPicker)
	mux.HandleFunc("POST /login", p.pickPersona)
	mux.HandleFunc("GET /logged-out", p.showLoggedOut)
	mux.HandleFunc("POST /backchannel-logout", p.handleSendLogout)
	mux.Handle("/", p.hidePlainErrors(p.op))
	var h http.Handler = mux
	if p.prefix != "" {
		h = http.StripPrefix(p.prefix, mux)
	}
	if len(p.storage.opts.audience) > 0 {
		h = p.withAudience(h)
	}
	return h
}

// newSigningKey returns an RSA 2048 key.
func newSigningKey() (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("devidp: signing key: %w", err)
	}
	return key, nil
}

// checkPersonas refuses personas that could not sign in.
func checkPersonas(personas []Persona) error {
	if len(personas) == 0 {
		return errors.New("devidp: no personas")
	}
	seen := map[string]bool{}
	for _, ps := range personas {
		if ps.Subject == "" || ps.Name == "" {
			return fmt.Errorf("devidp: persona %q needs a subject and a name", ps.Name)
		}
		if seen[ps.Subject] {
			return fmt.Errorf("devidp: two personas have subject %q", ps.Subject)
		}
		seen[ps.Subject] = true
	}
	return nil
}
