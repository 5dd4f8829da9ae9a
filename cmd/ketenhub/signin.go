package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/devidp"
	"github.com/ketenhub/ketenhub/frontend"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
)

// The development identity provider in dev mode: where it is mounted, the
// id of its provider in the sign-in flow (/auth/login/dev), and the client
// the hub is registered as.
const (
	devIdPPath     = "/dev-idp/"
	devProviderID  = "dev"
	devClientID    = "ketenhub"
	devDisplayName = "Demo-persona's (ontwikkelmodus)"
	// devShieldedClaim is the claim by which the development provider marks
	// a shielded persona (true).
	devShieldedClaim = "shielded"
)

// devIssuer is the development identity provider's issuer: on the hub
// itself, so that it needs nothing else running.
func devIssuer(publicURL string) string { return publicURL + devIdPPath }

// demoIssuer is the issuer the demo personas are seeded under: the
// development provider's in dev mode, so that a persona who signs in is
// the seeded user; demo.Issuer otherwise.
func demoIssuer(cfg Config) string {
	if cfg.Dev {
		return devIssuer(cfg.PublicURL)
	}
	return demo.Issuer
}

// signIn is the sign-in flow and, in dev mode, the development identity
// provider it signs in with. Both are nil when no provider is configured.
type signIn struct {
	login      *auth.Login
	idp        *devidp.Provider
	configFile string // KETENHUB_OIDC_CONFIG, for errors that name it
}

// newSignIn builds the sign-in flow for the providers of cfg, or for the
// development identity provider in dev mode.
func newSignIn(cfg Config, svc *store.Services, sessions *auth.Sessions, clock ketenhub.Clock, log *slog.Logger) (*signIn, error) {
	providers := cfg.Providers
	var devSecret string
	if cfg.Dev {
		secret, err := randomSecret()
		if err != nil {
			return nil, err
		}
		devSecret = secret
		providers = []auth.ProviderConfig{devProvider(cfg.PublicURL, secret)}
	}
	if len(providers) == 0 {
		log.Warn("no identity provider configured: nobody can sign in; set " + settingOIDCConfig.env + " (or " + settingDev.env + "=true to try the demo)")
		return &signIn{}, nil
	}
	orgs, ok := svc.Organisations.(*store.OrganisationService)
	if !ok {
		return nil, errors.New("sign-in: the organisation service cannot look organisations up by name")
	}
	if cfg.FlowKey == nil && !cfg.Dev {
		log.Warn("no " + settingFlowKeyFile.env + ": the sign-in flow key is random per process, so with several replicas a sign-in that one starts fails on another")
	}
	login, err := auth.NewLogin(auth.LoginConfig{
		Providers:     providers,
		PublicURL:     cfg.PublicURL,
		Sessions:      sessions,
		Users:         svc.Users,
		Organisations: organisationsByName{orgs},
		Clock:         clock,
		CookieSecure:  cfg.CookieSecure(),
		FlowKey:       cfg.FlowKey,
		Logger:        log,
		Stylesheet:    stylesheet(),
	})
	if err != nil {
		return nil, fmt.Errorf("sign-in: %w", err)
	}
	s := &signIn{login: login, configFile: cfg.OIDCConfig}
	if cfg.Dev {
		s.idp, err = devidp.New(devIssuer(cfg.PublicURL), devPersonas(), []devidp.Client{{
			ID:                     devClientID,
			Secret:                 devSecret,
			RedirectURIs:           []string{login.RedirectURI(devProviderID)},
			PostLogoutRedirectURIs: []string{login.PostLogoutRedirectURI()},
			BackChannelLogoutURI:   login.BackChannelLogoutURI(devProviderID),
		}}, devidp.WithLogger(log))
		if err != nil {
			return nil, fmt.Errorf("development identity provider: %w", err)
		}
		log.Warn("dev mode: the development identity provider runs; anyone who can reach the hub can sign in as any demo persona",
			"issuer", s.idp.Issuer(), "sign_in", cfg.PublicURL+"/auth/login")
	}
	return s, nil
}

// configure mounts what there is on the server.
func (s *signIn) configure(c *server.Config) {
	if s.login != nil {
		c.Login = s.login
	}
	if s.idp != nil {
		c.IdentityProvider = s.idp.Handler()
		c.IdentityProviderPath = devIdPPath
	}
}

// checkProviders reads every configured provider's discovery document
// before the hub serves. A mistake in the file (no discovery document at the
// issuer, a provider that names another issuer) stops the start, as every
// other configuration mistake does; a provider that cannot be reached now
// is logged, and sign-in with it retries on first use, so that the hub
// starts while an identity provider is down. The development provider is
// the hub itself and needs no check.
func (s *signIn) checkProviders(ctx context.Context, log *slog.Logger) error {
	if s.login == nil || s.idp != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, providerCheckTimeout)
	defer cancel()
	err := s.login.Discover(ctx)
	var mistakes []string
	for _, e := range unjoin(err) {
		var derr *auth.DiscoveryError
		if errors.As(e, &derr) && !derr.Unreachable {
			mistakes = append(mistakes, derr.Error())
			continue
		}
		log.Warn("an identity provider cannot be reached yet; sign-in with it retries on first use", "err", e)
	}
	if len(mistakes) > 0 {
		return invalid(settingOIDCConfig, s.configFile, strings.Join(mistakes, "; "))
	}
	return nil
}

// providerCheckTimeout bounds the start-up check of the identity providers.
const providerCheckTimeout = 15 * time.Second

// unjoin returns the errors joined in err (err itself if it joins none).
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// devProvider is the development identity provider as the sign-in flow
// sees it: the organisation comes from the persona's claim, the groups
// (teams) from "groups", the function from "title", the beheerder and
// organisatiebeheerder roles from a group, the shielded mark from a
// boolean claim.
func devProvider(publicURL, secret string) auth.ProviderConfig {
	return auth.ProviderConfig{
		ID:                   devProviderID,
		DisplayName:          devDisplayName,
		Issuer:               devIssuer(publicURL),
		ClientID:             devClientID,
		ClientSecret:         secret,
		OrganisationClaim:    "organisation",
		GroupsClaim:          "groups",
		FunctionClaim:        "title",
		Beheerder:            auth.ClaimRule{Claim: "groups", Values: []string{demo.BeheerderGroup}},
		Organisatiebeheerder: auth.ClaimRule{Claim: "groups", Values: []string{demo.OrganisatiebeheerderGroup}},
		Shielded:             auth.ClaimRule{Claim: devShieldedClaim, Values: []string{"true"}},
		// The development provider sends back-channel logouts when asked
		// (POST /dev-idp/backchannel-logout), to try them out.
		BackchannelLogout: true,
	}
}

// devPersonas are the demo personas as the development provider offers them.
func devPersonas() []devidp.Persona {
	out := make([]devidp.Persona, 0, len(demo.Personas))
	for _, p := range demo.Personas {
		out = append(out, devPersona(p))
	}
	return out
}

// devPersona is a demo persona as the development provider signs it in.
func devPersona(p demo.Persona) devidp.Persona {
	dp := devidp.Persona{Subject: p.Subject, Name: p.Name, Email: p.Email, Title: p.Title, Organisation: p.OrganisationName, Groups: p.Groups()}
	if p.Shielded {
		dp.Claims = map[string]any{devShieldedClaim: true}
	}
	return dp
}

// organisationsByName lets the sign-in flow find the organisation a
// provider vouches for, before anyone is signed in.
type organisationsByName struct{ orgs *store.OrganisationService }

var _ auth.OrganisationResolver = organisationsByName{}

// OrganisationByName implements auth.OrganisationResolver.
func (o organisationsByName) OrganisationByName(ctx context.Context, name string) (*ketenhub.Organisation, error) {
	return o.orgs.FindOrganisationByName(ctx, name)
}

// stylesheet is the web app's stylesheet for the sign-in page, if it has one.
func stylesheet() string {
	const name = "style.css"
	if _, err := fs.Stat(frontend.FS(), name); err != nil {
		return ""
	}
	return "/" + name
}

// randomSecret is a client secret for the development provider, new on
// every start: only this process needs to know it.
func randomSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("client secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
