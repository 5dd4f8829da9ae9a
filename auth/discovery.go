package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// DiscoveryError is a provider whose discovery document could not be read
// as configured. Unreachable says whether it may come right by itself (the
// provider did not answer, or answered with a server error) or is a mistake
// in the configuration that only an administrator can mend (no discovery
// document at the issuer, or a provider that names another issuer).
type DiscoveryError struct {
	Provider    string
	Unreachable bool
	Err         error
}

func (e *DiscoveryError) Error() string {
	return fmt.Sprintf("provider %s: %v", e.Provider, e.Err)
}

func (e *DiscoveryError) Unwrap() error { return e.Err }

// checkDiscovery reads the provider's discovery document itself before
// go-oidc does, to tell an unreachable provider from a wrong issuer: go-oidc
// reports both as plain errors. The issuer must match exactly (OpenID
// Connect Discovery 1.0, section 4.3): a trailing slash or another host
// name for the same server is another issuer.
func checkDiscovery(ctx context.Context, client *http.Client, id, issuer string) error {
	wellKnown := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wellKnown, nil)
	if err != nil {
		return &DiscoveryError{Provider: id, Err: fmt.Errorf("issuer %q: %w", issuer, err)}
	}
	res, err := client.Do(req)
	if err != nil {
		return &DiscoveryError{Provider: id, Unreachable: true, Err: fmt.Errorf("%s cannot be reached: %w", wellKnown, err)}
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode >= 500:
		return &DiscoveryError{Provider: id, Unreachable: true, Err: fmt.Errorf("%s answered %s", wellKnown, res.Status)}
	case res.StatusCode != http.StatusOK:
		return &DiscoveryError{Provider: id, Err: fmt.Errorf("%s answered %s: is the issuer %q right?", wellKnown, res.Status, issuer)}
	}
	var doc struct {
		Issuer string `json:"issuer"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&doc); err != nil {
		return &DiscoveryError{Provider: id, Err: fmt.Errorf("%s is not a discovery document: %w", wellKnown, err)}
	}
	if doc.Issuer != issuer {
		return &DiscoveryError{Provider: id, Err: fmt.Errorf("the provider names itself %q, the configuration says %q; set issuer exactly as the provider names itself (trailing slash and host name included)", doc.Issuer, issuer)}
	}
	return nil
}
