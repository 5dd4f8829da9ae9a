package devidp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/ketenhub/ketenhub"
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
// never sends a logout token; SendLogout sends these to the clients that
// have a BackChannelLogoutURI, and a test or an operator can POST one as
// logout_token to a relying party's back-channel logout URI themselves.
// FOR TESTS AND OPERATORS' CHECKS.
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

// SendLogout tells every client with a BackChannelLogoutURI, by a logout
// token for subject and/or sid, that those sessions ended here, as a
// provider does when a user signs out or an administrator ends their
// sessions. It reports how many clients accepted it (answered 200) and the
// errors of the others.
func (p *Provider) SendLogout(ctx context.Context, subject, sid string) (int, error) {
	var ids []string
	for id, c := range p.storage.clients {
		if c.BackChannelLogoutURI != "" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	hc := &http.Client{Timeout: 10 * time.Second}
	sent := 0
	var errs []error
	for _, id := range ids {
		if err := p.sendLogout(ctx, hc, p.storage.clients[id], subject, sid); err != nil {
			errs = append(errs, fmt.Errorf("devidp: back-channel logout to %s: %w", id, err))
			continue
		}
		sent++
	}
	return sent, errors.Join(errs...)
}

func (p *Provider) sendLogout(ctx context.Context, hc *http.Client, c *client, subject, sid string) error {
	token, err := p.LogoutToken(subject, sid, c.ID)
	if err != nil {
		return err
	}
	form := url.Values{"logout_token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BackChannelLogoutURI, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("status %d: %s", res.StatusCode, body)
	}
	return nil
}

// handleSendLogout is POST /backchannel-logout: SendLogout for the form's
// subject and sid, so that a developer can try the relying party's side
// (curl -d subject=<persona> <issuer>backchannel-logout).
func (p *Provider) handleSendLogout(w http.ResponseWriter, r *http.Request) {
	subject, sid := r.PostFormValue("subject"), r.PostFormValue("sid")
	if subject == "" && sid == "" {
		p.fail(w, r, ketenhub.Errorf(ketenhub.EINVALID, "Give subject and/or sid.", "Geef subject en/of sid."), nil)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	sent, err := p.SendLogout(r.Context(), subject, sid)
	if err != nil {
		p.fail(w, r, ketenhub.Errorf(ketenhub.EUPSTREAM,
			fmt.Sprintf("Sent to %d clients; the others refused or could not be reached (the provider's log says why).", sent),
			fmt.Sprintf("Verstuurd naar %d clients; de andere weigerden of waren niet bereikbaar (het log van de provider zegt waarom).", sent)), err)
		return
	}
	fmt.Fprintf(w, "sent to %d clients\n", sent)
}
