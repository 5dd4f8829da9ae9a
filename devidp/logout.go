package devidp

import (
	"encoding/json"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// BackChannelLogoutEvent is the member of a logout token's events claim
// that makes it a back-channel logout (OpenID Connect Back-Channel Logout
// 1.0, section 2.4).
const BackChannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout"

// logoutTokenLifetime is how long the logout tokens of LogoutToken are valid.
const logoutTokenLifetime = 2 * time.Minute

// LogoutToken returns a back-channel logout token (typ logout+jwt, signed
// with the provider's key) that ends the sessions of subject, or the one
// session sid, at the relying party audience (its client id); either of
// subject and sid may be empty, not both. zitadel's op, on which this
// provider is built, publishes back-channel logout in its discovery but
// never sends a logout token, so the provider does not send it either: a
// test or an operator POSTs the token as logout_token to the relying
// party's back-channel logout URI. FOR TESTS AND OPERATORS' CHECKS.
func (p *Provider) LogoutToken(subject, sid, audience string) (string, error) {
	if subject == "" && sid == "" {
		return "", fmt.Errorf("devidp: a logout token needs a subject or a sid")
	}
	claims, err := p.LogoutClaims(subject, sid, audience)
	if err != nil {
		return "", err
	}
	return p.SignToken(claims, "logout+jwt")
}

// LogoutClaims returns the claims of the token LogoutToken would sign, with
// a fresh jti, for a test to change before SignToken. TEST ONLY.
func (p *Provider) LogoutClaims(subject, sid, audience string) (map[string]any, error) {
	jti, err := randomID()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	claims := map[string]any{
		"iss":    p.issuer,
		"aud":    audience,
		"iat":    now.Unix(),
		"exp":    now.Add(logoutTokenLifetime).Unix(),
		"jti":    jti,
		"events": map[string]any{BackChannelLogoutEvent: map[string]any{}},
	}
	if subject != "" {
		claims["sub"] = subject
	}
	if sid != "" {
		claims["sid"] = sid
	}
	return claims, nil
}

// SignToken signs claims as a JWT with the provider's signing key (RS256,
// the published key id), with the header typ (none if empty). TEST ONLY:
// it signs whatever it is given, which is how a test makes tokens that a
// relying party must refuse.
func (p *Provider) SignToken(claims map[string]any, typ string) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("devidp: sign: %w", err)
	}
	key := p.storage.signWith
	opts := (&jose.SignerOptions{}).WithHeader("kid", key.id)
	if typ != "" {
		opts = opts.WithType(jose.ContentType(typ))
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key.key}, opts)
	if err != nil {
		return "", fmt.Errorf("devidp: sign: %w", err)
	}
	signed, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("devidp: sign: %w", err)
	}
	return signed.CompactSerialize()
}
