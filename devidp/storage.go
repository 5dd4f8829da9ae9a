package devidp

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// storage keeps the provider's state in memory: pending sign-ins, codes
// and access tokens. It implements op.Storage.
type storage struct {
	issuer  string
	opts    options
	clients map[string]*client
	// published is in the JWKS; signWith signs (it is published unless a
	// test asked for a wrong signature).
	published signingKey
	signWith  signingKey

	mu       sync.Mutex
	personas map[string]Persona
	order    []Persona
	requests map[string]*authRequest
	codes    map[string]string // code → request id
	tokens   map[string]accessToken
}

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

type accessToken struct {
	subject  string
	clientID string
	scopes   []string
	expires  time.Time
}

func newStorage(issuer string, personas []Persona, clients []Client, o options) (*storage, error) {
	if err := checkPersonas(personas); err != nil {
		return nil, err
	}
	s := &storage{
		issuer:   issuer,
		opts:     o,
		personas: map[string]Persona{},
		order:    slices.Clone(personas),
		clients:  map[string]*client{},
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
		tokens:   map[string]accessToken{},
	}
	for _, ps := range personas {
		s.personas[ps.Subject] = ps
	}
	for _, c := range clients {
		if c.ID == "" || c.Secret == "" || len(c.RedirectURIs) == 0 {
			return nil, fmt.Errorf("devidp: client %q needs an id, a secret and a redirect URI", c.ID)
		}
		s.clients[c.ID] = &client{Client: c, loginURL: issuer + "login?authRequestID=", lifetime: o.idTokenLifetime}
	}
	key, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	kid, err := randomID()
	if err != nil {
		return nil, err
	}
	s.published = signingKey{id: kid, key: key}
	s.signWith = s.published
	if o.unpublishedKey {
		other, err := newSigningKey()
		if err != nil {
			return nil, err
		}
		s.signWith = signingKey{id: kid, key: other}
	}
	return s, nil
}

// CreateAuthRequest records a validated authorisation request. PKCE with
// S256 is required, as Ketenhub always sends it.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if slices.Contains(req.Prompt, oidc.PromptNone) {
		return nil, oidc.ErrLoginRequired()
	}
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method S256 is required")
	}
	id, err := randomID()
	if err != nil {
		return nil, err
	}
	ar := &authRequest{
		ID:           id,
		ClientID:     req.ClientID,
		RedirectURI:  req.RedirectURI,
		State:        req.State,
		Nonce:        req.Nonce,
		Scopes:       req.Scopes,
		ResponseType: req.ResponseType,
		ResponseMode: req.ResponseMode,
		Challenge:    &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		Created:      time.Now(),
		opts:         &s.opts,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	s.requests[id] = ar
	return ar.copy(), nil
}

// pruneLocked forgets sign-ins that were never finished.
func (s *storage) pruneLocked() {
	for id, ar := range s.requests {
		if time.Since(ar.Created) > authRequestLifetime {
			delete(s.requests, id)
		}
	}
	for id, t := range s.tokens {
		if time.Now().After(t.expires) {
			delete(s.tokens, id)
		}
	}
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || time.Since(ar.Created) > authRequestLifetime {
		return nil, errors.New("unknown or expired auth request")
	}
	return ar.copy(), nil
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("unknown or used code")
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest is called once the code is redeemed: the request and
// its code are gone, so a replayed code is refused.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// complete marks the sign-in id as done by the persona with subject.
func (s *storage) complete(id, subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || time.Since(ar.Created) > authRequestLifetime {
		return errors.New("unknown or expired auth request")
	}
	if _, ok := s.personas[subject]; !ok {
		return errors.New("unknown persona")
	}
	ar.Subject, ar.AuthTime, ar.IsDone = subject, time.Now(), true
	return nil
}

// pending reports whether id is a sign-in waiting for a persona.
func (s *storage) pending(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	return ok && !ar.IsDone && time.Since(ar.Created) <= authRequestLifetime
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	id, err := randomID()
	if err != nil {
		return "", time.Time{}, err
	}
	var clientID string
	if ar, ok := req.(*authRequest); ok {
		clientID = ar.ClientID
	}
	t := accessToken{subject: req.GetSubject(), clientID: clientID, scopes: req.GetScopes(), expires: time.Now().Add(s.opts.accessTokenValid)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = t
	return id, t.expires, nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not supported")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errors.New("refresh tokens are not supported")
}

// TerminateSession ends the persona's tokens for the client (end_session).
func (s *storage) TerminateSession(_ context.Context, subject, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.tokens {
		if t.subject == subject && t.clientID == clientID {
			delete(s.tokens, id)
		}
	}
	return nil
}

func (s *storage) RevokeToken(_ context.Context, tokenOrID, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[tokenOrID]; ok && t.clientID == clientID {
		delete(s.tokens, tokenOrID)
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return &s.signWith, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.published}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := s.clients[id]
	if !ok {
		return nil, fmt.Errorf("unknown client %q", id)
	}
	return c, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := s.clients[id]
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return errors.New("wrong client id or secret")
	}
	return nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims.
// Each sign-in is a session of its own at the provider: the ID token's
// sid is the sign-in's request id, by which LogoutToken can name it.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if s.opts.profileOnlyInfo {
		scopes = slices.DeleteFunc(slices.Clone(scopes), func(sc string) bool { return sc == oidc.ScopeProfile || sc == oidc.ScopeEmail })
	}
	if err := s.setUserinfo(info, req.GetSubject(), scopes); err != nil {
		return err
	}
	if a, ok := req.(op.AuthRequest); ok {
		info.AppendClaims("sid", a.GetID())
	}
	return nil
}

// SetUserinfoFromToken fills the userinfo endpoint's answer.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return errors.New("unknown or expired access token")
	}
	return s.setUserinfo(info, t.subject, t.scopes)
}

// persona returns the persona with subject as it is now.
func (s *storage) persona(subject string) (Persona, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps, ok := s.personas[subject]
	return ps, ok
}

// personas returns the personas in the picker's order.
func (s *storage) personaList() []Persona {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order)
}

// setPersona replaces the persona with ps's subject.
func (s *storage) setPersona(ps Persona) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.personas[ps.Subject]; !ok || ps.Name == "" {
		return fmt.Errorf("devidp: no persona %q to replace, or no name", ps.Subject)
	}
	ps.Groups, ps.Claims = slices.Clone(ps.Groups), maps.Clone(ps.Claims)
	s.personas[ps.Subject] = ps
	for i := range s.order {
		if s.order[i].Subject == ps.Subject {
			s.order[i] = ps
		}
	}
	return nil
}

func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	ps, ok := s.persona(subject)
	if !ok {
		return errors.New("unknown persona")
	}
	info.Subject = ps.Subject
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = ps.Name
		info.PreferredUsername = ps.Email
	}
	if slices.Contains(scopes, oidc.ScopeEmail) && ps.Email != "" {
		info.Email = ps.Email
		info.EmailVerified = true
	}
	// Ketenhub's claims, as a regional Keycloak would send them with mappers.
	if ps.Organisation != "" {
		info.AppendClaims("organisation", ps.Organisation)
	}
	if ps.Title != "" {
		info.AppendClaims("title", ps.Title)
	}
	info.AppendClaims("groups", append([]string{}, ps.Groups...))
	for k, v := range ps.Claims {
		info.AppendClaims(k, v)
	}
	return nil
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("introspection is not supported")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT profile grants are not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("JWT profile grants are not supported")
}

func (s *storage) Health(context.Context) error { return nil }

// randomID returns 16 random bytes as unpadded base64url.
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("devidp: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
