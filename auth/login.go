package auth

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ketenhub/ketenhub"
)

// LoginConfig is what the sign-in flow needs. Providers, PublicURL,
// Sessions, Users, Organisations and Clock are required.
type LoginConfig struct {
	// Providers are the identity providers users may sign in with, as
	// validated by ParseOIDCConfig or LoadOIDCConfig.
	Providers []ProviderConfig
	// PublicURL is the hub's external base URL (https://hub.example.nl); the
	// redirect URI registered at each provider is PublicURL/auth/callback/<id>.
	PublicURL     string
	Sessions      *Sessions
	Users         ketenhub.UserService
	Organisations OrganisationResolver
	Clock         ketenhub.Clock
	// CookieSecure marks the cookies Secure (set it whenever the hub is served over TLS).
	CookieSecure bool
	// FlowKey seals the flow cookie (FlowKeySize bytes). Every replica must
	// have the same key; nil makes a random key per process, which only
	// works with a single node.
	FlowKey []byte
	// HTTPClient talks to the identity providers; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// ClientIP returns the client's address for the session record; nil
	// means the request's RemoteAddr.
	ClientIP func(*http.Request) string
	// Logger receives one line per sign-in, refusal and sign-out (never a token); nil discards.
	Logger *slog.Logger
	// Stylesheet is the path of a stylesheet the sign-in page links to
	// (served by the hub, such as "/style.css"); empty links none.
	Stylesheet string
}

// Login is the OIDC sign-in flow as a plain http.Handler. Mount it under
// /auth/ with the full path (it routes on /auth/...):
//
//	GET  /auth/login                the sign-in page: a link per provider (?return_to=/path)
//	GET  /auth/providers            JSON list of {id, display_name, login_url}
//	GET  /auth/login/{provider}     start: redirect to the provider (?return_to=/path)
//	GET  /auth/callback/{provider}  the redirect URI registered at the provider
//	POST /auth/logout               end the session (CSRF token required) and at the provider
//	POST /auth/backchannel-logout/{provider}  the provider ends sessions (OIDC back-channel logout)
type Login struct {
	providers map[string]*provider
	ordered   []*provider
	byIssuer  map[string]*provider
	publicURL string
	sessions  *Sessions
	users     ketenhub.UserService
	orgs      OrganisationResolver
	clock     ketenhub.Clock
	secure    bool
	sealer    *sealer
	client    *http.Client
	clientIP  func(*http.Request) string
	log       *slog.Logger
	style     string
	mux       *http.ServeMux
}

// ProviderInfo is what the sign-in page shows of a provider.
type ProviderInfo struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	LoginURL    string `json:"login_url"`
}

// NewLogin returns the sign-in flow for cfg.
func NewLogin(cfg LoginConfig) (*Login, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("auth: login: %w", err)
	}
	key := cfg.FlowKey
	if key == nil {
		key = make([]byte, FlowKeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("auth: login: flow key: %w", err)
		}
	}
	seal, err := newSealer(key)
	if err != nil {
		return nil, fmt.Errorf("auth: login: %w", err)
	}
	l := &Login{
		providers: map[string]*provider{},
		byIssuer:  map[string]*provider{},
		publicURL: strings.TrimSuffix(cfg.PublicURL, "/"),
		sessions:  cfg.Sessions,
		users:     cfg.Users,
		orgs:      cfg.Organisations,
		clock:     cfg.Clock,
		secure:    cfg.CookieSecure,
		sealer:    seal,
		client:    cfg.HTTPClient,
		clientIP:  cfg.ClientIP,
		log:       cfg.Logger,
		style:     cfg.Stylesheet,
	}
	if l.client == nil {
		l.client = &http.Client{Timeout: discoveryTimeout}
	}
	if l.clientIP == nil {
		l.clientIP = func(r *http.Request) string { return r.RemoteAddr }
	}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	for _, pc := range cfg.Providers {
		p := &provider{cfg: pc, redirectURL: l.RedirectURI(pc.ID)}
		l.providers[pc.ID] = p
		l.byIssuer[pc.Issuer] = p
		l.ordered = append(l.ordered, p)
	}
	l.routes()
	return l, nil
}

func (cfg *LoginConfig) check() error {
	switch {
	case len(cfg.Providers) == 0:
		return errors.New("no identity providers")
	case cfg.Sessions == nil || cfg.Users == nil || cfg.Organisations == nil || cfg.Clock == nil:
		return errors.New("Sessions, Users, Organisations and Clock are required")
	}
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("public URL %q is not an absolute http(s) URL", cfg.PublicURL)
	}
	// The providers must have passed validation; run it again for callers
	// who built them by hand.
	return (&OIDCConfig{Providers: cfg.Providers}).validate()
}

func (l *Login) routes() {
	l.mux = http.NewServeMux()
	l.mux.HandleFunc("GET /auth/login", l.handleSignInPage)
	l.mux.HandleFunc("GET /auth/providers", l.handleProviders)
	l.mux.HandleFunc("GET /auth/login/{provider}", l.handleLogin)
	l.mux.HandleFunc("GET /auth/callback/{provider}", l.handleCallback)
	l.mux.HandleFunc("POST /auth/logout", l.handleLogout)
	l.mux.HandleFunc("POST /auth/backchannel-logout/{provider}", l.handleBackChannelLogout)
	l.mux.HandleFunc("/auth/", func(w http.ResponseWriter, r *http.Request) {
		l.fail(w, r, "", refuse(ketenhub.ENOTFOUND, "Deze pagina bestaat niet.", "This page does not exist.", nil))
	})
}

// ServeHTTP implements http.Handler.
func (l *Login) ServeHTTP(w http.ResponseWriter, r *http.Request) { l.mux.ServeHTTP(w, r) }

// RedirectURI is the redirect URI to register at the provider with id.
func (l *Login) RedirectURI(id string) string { return l.publicURL + "/auth/callback/" + id }

// PostLogoutRedirectURI is the post-logout redirect URI to register at
// every provider that supports RP-initiated logout.
func (l *Login) PostLogoutRedirectURI() string { return l.publicURL + "/" }

// Providers lists the configured providers in configuration order.
func (l *Login) Providers() []ProviderInfo {
	out := make([]ProviderInfo, 0, len(l.ordered))
	for _, p := range l.ordered {
		out = append(out, ProviderInfo{ID: p.cfg.ID, DisplayName: p.cfg.DisplayName, LoginURL: "/auth/login/" + p.cfg.ID})
	}
	return out
}

// Discover reads every provider's discovery document now, for a start-up
// check. Sign-in does not need it: it discovers on first use and retries.
// The errors it returns are *DiscoveryError, joined.
func (l *Login) Discover(ctx context.Context) error {
	var errs []error
	for _, p := range l.ordered {
		if _, err := p.discover(ctx, l.client, l.clock); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (l *Login) handleProviders(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(l.Providers())
}

// handleSignInPage shows a link per provider, each carrying the page's
// return_to (when it is a path on this site) on to the sign-in.
func (l *Login) handleSignInPage(w http.ResponseWriter, r *http.Request) {
	returnTo := safeReturnTo(r.URL.Query().Get("return_to"))
	providers := l.Providers()
	if returnTo != "/" {
		for i := range providers {
			providers[i].LoginURL += "?return_to=" + url.QueryEscape(returnTo)
		}
	}
	setPageHeaders(w, l.style != "")
	signInPage.Execute(w, struct {
		Stylesheet string
		Providers  []ProviderInfo
	}{l.style, providers})
}

// handleLogin starts a sign-in: it seals the flow in a cookie and sends the
// browser to the provider with state, nonce and a PKCE challenge.
func (l *Login) handleLogin(w http.ResponseWriter, r *http.Request) {
	p := l.providers[r.PathValue("provider")]
	if p == nil {
		l.fail(w, r, "", errUnknownProvider())
		return
	}
	d, err := p.discover(r.Context(), l.client, l.clock)
	if err != nil {
		l.fail(w, r, p.cfg.ID, errDiscovery(err))
		return
	}
	f := &flow{
		Provider: p.cfg.ID,
		Issuer:   p.cfg.Issuer,
		Verifier: oauth2.GenerateVerifier(),
		ReturnTo: safeReturnTo(r.URL.Query().Get("return_to")),
		Expires:  l.clock.Now().Add(flowLifetime).Unix(),
	}
	if f.State, err = randomString(32); err == nil {
		f.Nonce, err = randomString(32)
	}
	var sealed string
	if err == nil {
		sealed, err = l.sealer.seal(f)
	}
	if err != nil {
		l.fail(w, r, p.cfg.ID, errInternal(err))
		return
	}
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(f.Verifier), oidc.Nonce(f.Nonce)}
	if acr := p.cfg.MFA.ACRValues; len(acr) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(acr, " ")))
	}
	l.setCookie(w, FlowCookie, sealed, "/auth/", time.Unix(f.Expires, 0))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, d.oauth.AuthCodeURL(f.State, opts...), http.StatusFound)
}

// handleCallback completes a sign-in, or refuses it with an error page and
// no session.
func (l *Login) handleCallback(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("provider")
	// Whatever happens, the flow is used up.
	l.setCookie(w, FlowCookie, "", "/auth/", time.Unix(0, 0))
	s, lerr := l.complete(r, id)
	if lerr != nil {
		l.fail(w, r, id, lerr)
		return
	}
	// A session the browser had before signing in is ended, so that no
	// session token outlives a change of user (session fixation).
	if old, err := r.Cookie(SessionCookie); err == nil && old.Value != "" {
		if err := l.sessions.Revoke(r.Context(), old.Value); err != nil {
			l.log.WarnContext(r.Context(), "revoke previous session", "err", err)
		}
	}
	l.setCookie(w, SessionCookie, s.token, "/", s.session.ExpiresAt)
	l.log.InfoContext(r.Context(), "signed in", append(Audit(UserActor(s.user.ID), "sign_in", SessionObject(s.session.ID), AuditSuccess),
		"provider", id, "user_id", s.user.ID, "organisation_id", s.user.OrganisationID,
		"platform_role", string(s.user.PlatformRole), "organisation_role", string(s.user.OrganisationRole), "session_id", s.session.ID)...)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.returnTo, http.StatusSeeOther)
}

// signIn is a completed sign-in.
type signIn struct {
	user     *ketenhub.User
	session  *ketenhub.Session
	token    string
	returnTo string
}

// complete runs the callback's checks in order and, when all pass, records
// the user and starts the session.
func (l *Login) complete(r *http.Request, id string) (*signIn, *loginError) {
	ctx := r.Context()
	p := l.providers[id]
	if p == nil {
		return nil, errUnknownProvider()
	}
	f, lerr := l.openFlow(r)
	if lerr != nil {
		return nil, lerr
	}
	d, err := p.discover(ctx, l.client, l.clock)
	if err != nil {
		return nil, errDiscovery(err)
	}
	if lerr := checkResponse(r.URL.Query(), p, d, f); lerr != nil {
		return nil, lerr
	}
	tok, raw, access, lerr := l.redeem(ctx, r.URL.Query().Get("code"), p, d, f)
	if lerr != nil {
		return nil, lerr
	}
	var claims idClaims
	var all map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, errBadResponse(fmt.Errorf("id token claims: %w", err))
	}
	if err := tok.Claims(&all); err != nil {
		return nil, errBadResponse(fmt.Errorf("id token claims: %w", err))
	}
	if lerr := p.checkToken(tok, &claims, f); lerr != nil {
		return nil, lerr
	}
	if lerr := l.completeFromUserinfo(ctx, d, access, tok.Subject, &claims, all); lerr != nil {
		return nil, lerr
	}
	ident, lerr := p.mapIdentity(tok, &claims, all)
	if lerr != nil {
		return nil, lerr
	}
	u, lerr := l.recordUser(ctx, ident)
	if lerr != nil {
		return nil, lerr
	}
	token, sess, err := l.sessions.Create(ctx, u, SessionMeta{
		Issuer:     ident.Issuer,
		IDToken:    raw,
		SID:        recordedSID(claims.SID),
		UserAgent:  truncate(r.UserAgent(), 512),
		RemoteAddr: l.clientIP(r),
	})
	if err != nil {
		return nil, errInternal(err)
	}
	return &signIn{user: u, session: sess, token: token, returnTo: f.ReturnTo}, nil
}

// completeFromUserinfo fills the name and e-mail address the ID token lacks
// from the provider's userinfo endpoint (OpenID Connect Core 5.4 lets a
// provider keep them there), and any claim the mapping reads that the ID
// token does not carry. The answer must be about the same subject (Core
// 5.3.2); a provider without a userinfo endpoint leaves things as they are.
func (l *Login) completeFromUserinfo(ctx context.Context, d *discovered, access *oauth2.Token, subject string, claims *idClaims, all map[string]any) *loginError {
	if (claims.Name != "" && claims.Email != "") || d.op == nil || d.op.UserInfoEndpoint() == "" || access == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, l.client), discoveryTimeout)
	defer cancel()
	info, err := d.op.UserInfo(ctx, oauth2.StaticTokenSource(access))
	if err != nil {
		return errUnreachable(fmt.Errorf("userinfo: %w", err))
	}
	if info.Subject != subject {
		return errBadResponse(fmt.Errorf("userinfo is about %q, the ID token about %q", info.Subject, subject))
	}
	var more idClaims
	var extra map[string]any
	if err := info.Claims(&more); err != nil {
		return errBadResponse(fmt.Errorf("userinfo claims: %w", err))
	}
	if err := info.Claims(&extra); err != nil {
		return errBadResponse(fmt.Errorf("userinfo claims: %w", err))
	}
	claims.Name = firstNonEmpty(claims.Name, more.Name)
	claims.PreferredUsername = firstNonEmpty(claims.PreferredUsername, more.PreferredUsername)
	claims.Email = firstNonEmpty(claims.Email, more.Email)
	for k, v := range extra {
		if _, ok := all[k]; !ok {
			all[k] = v
		}
	}
	return nil
}

// openFlow returns the flow this browser started, from its sealed cookie.
func (l *Login) openFlow(r *http.Request) (*flow, *loginError) {
	c, err := r.Cookie(FlowCookie)
	if err != nil || c.Value == "" {
		return nil, errNoFlow(errors.New("no flow cookie"))
	}
	f, err := l.sealer.open(c.Value, l.clock.Now())
	if err != nil {
		return nil, errNoFlow(err)
	}
	return f, nil
}

// checkResponse checks that the authorisation response belongs to flow f
// and came from the provider it was sent to, before anything is redeemed.
func checkResponse(q url.Values, p *provider, d *discovered, f *flow) *loginError {
	if !equalSecret(q.Get("state"), f.State) {
		return errBadResponse(errors.New("state does not match the flow"))
	}
	// Issuer mix-up: the response must arrive at the callback of the
	// provider the request was sent to, and (RFC 9207) name its issuer.
	if f.Provider != p.cfg.ID || f.Issuer != p.cfg.Issuer {
		return errBadResponse(fmt.Errorf("flow was started for provider %q, response arrived at %q", f.Provider, p.cfg.ID))
	}
	if q.Has("iss") && q.Get("iss") != f.Issuer {
		return errBadResponse(fmt.Errorf("iss %q is not the flow's issuer %q", q.Get("iss"), f.Issuer))
	}
	if !q.Has("iss") && d.issParam {
		return errBadResponse(errors.New("provider announces RFC 9207 but the response has no iss"))
	}
	if code := q.Get("error"); code != "" {
		shown := "onbekend / unknown"
		if idpErrorCode.MatchString(code) {
			shown = code
		}
		return refuse(ketenhub.EFORBIDDEN,
			"De identiteitsprovider heeft de aanmelding niet toegestaan (foutcode: "+shown+").",
			"The identity provider did not allow the sign-in (error code: "+shown+").",
			fmt.Errorf("provider error %q", code))
	}
	if q.Get("code") == "" {
		return errBadResponse(errors.New("response has no code"))
	}
	return nil
}

// redeem exchanges the code (with the PKCE verifier) and verifies the ID
// token: signature, issuer, audience and expiry.
func (l *Login) redeem(ctx context.Context, code string, p *provider, d *discovered, f *flow) (*oidc.IDToken, string, *oauth2.Token, *loginError) {
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, l.client), discoveryTimeout)
	defer cancel()
	tok, err := d.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) && (rerr.ErrorCode == "invalid_client" || rerr.ErrorCode == "unauthorized_client") {
		// The provider refuses the hub itself (a wrong client secret or
		// client id): no user can mend that by signing in again.
		return nil, "", nil, errMisconfigured(fmt.Errorf("code exchange refused the hub's client: %s %s", rerr.ErrorCode, rerr.ErrorDescription))
	} else if errors.As(err, &rerr) {
		return nil, "", nil, errBadResponse(fmt.Errorf("code exchange refused: %s %s", rerr.ErrorCode, rerr.ErrorDescription))
	} else if err != nil {
		return nil, "", nil, errUnreachable(fmt.Errorf("code exchange: %w", err))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, "", nil, errBadResponse(errors.New("token response has no id_token"))
	}
	idt, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, "", nil, errBadResponse(fmt.Errorf("id token: %w", err))
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, "", nil, errBadResponse(fmt.Errorf("at_hash: %w", err))
		}
	}
	return idt, raw, tok, nil
}

// recordUser resolves the organisation and creates or updates the user,
// keyed by issuer and subject (never by e-mail).
func (l *Login) recordUser(ctx context.Context, id *identity) (*ketenhub.User, *loginError) {
	org, err := l.orgs.OrganisationByName(ctx, id.OrganisationName)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		return nil, errNoOrganisation(fmt.Errorf("organisation %q does not exist", id.OrganisationName))
	} else if err != nil {
		return nil, errInternal(fmt.Errorf("find organisation %q: %w", id.OrganisationName, err))
	}
	u := &ketenhub.User{
		Issuer:           id.Issuer,
		Subject:          id.Subject,
		Name:             id.Name,
		Email:            id.Email,
		OrganisationID:   org.ID,
		PlatformRole:     id.PlatformRole,
		OrganisationRole: id.OrganisationRole,
		Function:         id.Function,
		Groups:           id.Groups,
		Shielded:         id.Shielded,
	}
	if id.DroppedGroups > 0 {
		l.log.WarnContext(ctx, "groups left out at sign-in: too many or too long", "issuer", id.Issuer,
			"organisation", id.OrganisationName, "kept", len(id.Groups), "dropped", id.DroppedGroups)
	}
	if err := l.users.UpsertUser(ctx, u); err != nil {
		return nil, errInternal(fmt.Errorf("upsert user: %w", err))
	}
	return u, nil
}

// handleLogout ends the session here and, where the provider supports it,
// at the provider. A browser that asks with Accept: application/json (a
// fetch from the web app) gets {"redirect": url} to navigate to; a form
// post gets a 303 to it.
func (l *Login) handleLogout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	target := "/"
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		sess, _, err := l.sessions.Resolve(ctx, c.Value)
		switch {
		case err == nil:
			if !CheckCSRF(sess, presentedCSRF(r)) {
				e := refuse(ketenhub.EFORBIDDEN,
					"Afmelden is geweigerd: het beveiligingstoken ontbreekt of klopt niet. Vernieuw de pagina en probeer het opnieuw.",
					"Sign-out was refused: the security token is missing or wrong. Reload the page and try again.",
					errors.New("csrf token mismatch on logout"))
				e.SignOut = true
				l.fail(w, r, "", e)
				return
			}
			target = l.endSessionURL(ctx, sess)
		case ketenhub.ErrorCode(err) != ketenhub.EUNAUTHORIZED:
			l.fail(w, r, "", errInternal(err))
			return
		}
		// A session that is already over is revoked too: harmless, and the
		// outcome (no live session for this cookie) is what was asked.
		if err := l.sessions.Revoke(ctx, c.Value); err != nil {
			l.fail(w, r, "", errInternal(err))
			return
		}
		if sess != nil {
			l.log.InfoContext(ctx, "signed out", append(Audit(UserActor(sess.UserID), "sign_out", SessionObject(sess.ID), AuditSuccess),
				"user_id", sess.UserID, "session_id", sess.ID)...)
		}
	}
	l.setCookie(w, SessionCookie, "", "/", time.Unix(0, 0))
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"redirect": target})
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// presentedCSRF is the CSRF token of a request: the header, or the form
// field csrf_token of a form post.
func presentedCSRF(r *http.Request) string {
	if t := r.Header.Get(CSRFHeader); t != "" {
		return t
	}
	return r.PostFormValue("csrf_token")
}

// endSessionURL is where the browser ends its session at the provider that
// signed it in (RP-initiated logout), or "/" when there is none.
func (l *Login) endSessionURL(ctx context.Context, sess *ketenhub.Session) string {
	p := l.byIssuer[sess.Issuer]
	if p == nil || p.cfg.Logout == LogoutLocal {
		return "/"
	}
	d, err := p.discover(ctx, l.client, l.clock)
	if err != nil || d.endSession == "" {
		return "/"
	}
	u, err := url.Parse(d.endSession)
	if err != nil {
		return "/"
	}
	q := u.Query()
	if sess.IDToken != "" {
		q.Set("id_token_hint", sess.IDToken)
	}
	q.Set("client_id", p.cfg.ClientID)
	if p.cfg.Logout != LogoutProviderStay {
		q.Set("post_logout_redirect_uri", l.PostLogoutRedirectURI())
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// fail logs a refused request and shows the error page.
func (l *Login) fail(w http.ResponseWriter, r *http.Request, providerID string, e *loginError) {
	level := slog.LevelWarn
	if e.status() >= 500 {
		level = slog.LevelError
	}
	l.log.Log(r.Context(), level, "sign-in refused", append(Audit(UserActor(0), "sign_in", "provider:"+providerID, AuditRefused),
		"provider", providerID, "path", r.URL.Path, "status", e.status(), "code", e.Code, "reason", e.Error())...)
	renderError(w, e)
}

func (l *Login) setCookie(w http.ResponseWriter, name, value, path string, expires time.Time) {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		Expires:  expires,
		HttpOnly: true,
		Secure:   l.secure,
		SameSite: http.SameSiteLaxMode,
	}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// safeReturnTo keeps return_to only if it is a path on this site: it starts
// with a single "/" and names no other host. Anything else becomes "/", so
// that the sign-in cannot be used to send users elsewhere.
func safeReturnTo(s string) string {
	if len(s) == 0 || len(s) > 2048 || s[0] != '/' || strings.HasPrefix(s, "//") || strings.ContainsAny(s, `\`) {
		return "/"
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return s
}

func errNoFlow(cause error) *loginError {
	return refuse(ketenhub.EINVALID,
		"Deze aanmelding is verlopen of in een ander venster begonnen. Meld u opnieuw aan.",
		"This sign-in has expired or was started in another window. Please sign in again.", cause)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func errUnknownProvider() *loginError {
	return refuse(ketenhub.ENOTFOUND,
		"Deze identiteitsprovider is niet bekend in Ketenhub.",
		"This identity provider is not known to Ketenhub.", nil)
}

func errUnreachable(cause error) *loginError {
	return refuse(ketenhub.EUPSTREAM,
		"De identiteitsprovider van uw organisatie is op dit moment niet bereikbaar. Probeer het later opnieuw.",
		"Your organisation's identity provider cannot be reached at the moment. Please try again later.", cause)
}

// errDiscovery is the page for a provider whose discovery failed: try later
// when it may come right by itself, ask the administrator when not.
func errDiscovery(err error) *loginError {
	var derr *DiscoveryError
	if errors.As(err, &derr) && !derr.Unreachable {
		return errMisconfigured(err)
	}
	return errUnreachable(err)
}

func errMisconfigured(cause error) *loginError {
	return refuse(ketenhub.EUPSTREAM,
		"Aanmelden via de identiteitsprovider van uw organisatie is in Ketenhub niet goed ingesteld. Opnieuw proberen helpt niet: meld dit aan de beheerder van Ketenhub.",
		"Signing in through your organisation's identity provider is not set up correctly in Ketenhub. Trying again will not help: please tell the Ketenhub administrator.", cause)
}

func errInternal(cause error) *loginError {
	return refuse(ketenhub.EINTERNAL,
		"Er ging iets mis bij het aanmelden. Probeer het opnieuw.",
		"Something went wrong while signing in. Please try again.", cause)
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .SignOut}}Afmelden{{else}}Aanmelden{{end}} mislukt – Ketenhub</title>
</head>
<body>
<main>
<h1>{{if .SignOut}}Afmelden{{else}}Aanmelden{{end}} mislukt</h1>
<p>{{.NL}}</p>
<h2 lang="en">{{if .SignOut}}Sign-out{{else}}Sign-in{{end}} failed</h2>
<p lang="en">{{.EN}}</p>
<p><a href="/">Terug naar Ketenhub</a> · <a href="/" lang="en">Back to Ketenhub</a></p>
</main>
</body>
</html>
`))

// renderError shows the error page with e's messages and the status of its
// code.
func renderError(w http.ResponseWriter, e *loginError) {
	setPageHeaders(w, false)
	w.WriteHeader(e.status())
	errorPage.Execute(w, e)
}

// setPageHeaders forbids scripts, forms, framing and caching on the
// sign-in pages; withStyle allows a stylesheet from the hub itself.
func setPageHeaders(w http.ResponseWriter, withStyle bool) {
	csp := "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	if withStyle {
		csp += "; style-src 'self'"
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", csp)
}

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aanmelden – Ketenhub</title>
{{if .Stylesheet}}<link rel="stylesheet" href="{{.Stylesheet}}">
{{end}}</head>
<body>
<main>
<h1>Aanmelden bij Ketenhub</h1>
<p>Kies de identiteitsprovider van uw organisatie. U meldt zich daar aan en komt daarna terug in Ketenhub.</p>
<p lang="en">Sign in: choose your organisation's identity provider. You sign in there and then return to Ketenhub.</p>
<nav aria-label="Identiteitsproviders">
<ul>
{{range .Providers}}<li><a href="{{.LoginURL}}">{{.DisplayName}}</a></li>
{{end}}</ul>
</nav>
<p><a href="/">Terug naar Ketenhub</a> · <a href="/" lang="en">Back to Ketenhub</a></p>
</main>
</body>
</html>
`))

// idpErrorCode matches the OAuth error codes a provider may send back; any
// other text is not shown.
var idpErrorCode = regexp.MustCompile(`^[a-z_]{1,64}$`)
