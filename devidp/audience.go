package devidp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	jose "github.com/go-jose/go-jose/v4"
)

// withAudience serves the token endpoint and re-signs the ID token of its
// answers with aud (and azp) replaced by the audience option. TEST ONLY:
// op always adds the client to the audience, so a token for someone else
// cannot be made inside op.
func (p *Provider) withAudience(next http.Handler) http.Handler {
	tokenPath := p.prefix + p.op.TokenEndpoint().Relative()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != tokenPath {
			next.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if rec.status == http.StatusOK {
			b, err := p.readdress(body)
			if err != nil {
				p.fail(w, r, errInternal, err)
				return
			}
			body = b
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

// readdress returns the token response with its ID token re-addressed.
func (p *Provider) readdress(body []byte) ([]byte, error) {
	var resp map[string]any
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, err
	}
	raw, _ := resp["id_token"].(string)
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("devidp: re-address id token: %w", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims); err != nil {
		return nil, err
	}
	claims["aud"] = p.storage.opts.audience
	claims["azp"] = p.storage.opts.audience[0]
	payload, err := json.Marshal(claims)
	if err != nil {
		return nil, err
	}
	key := p.storage.signWith
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key.key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", key.id))
	if err != nil {
		return nil, err
	}
	signed, err := signer.Sign(payload)
	if err != nil {
		return nil, err
	}
	if resp["id_token"], err = signed.CompactSerialize(); err != nil {
		return nil, err
	}
	return json.Marshal(resp)
}

// recorder keeps a response in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }
