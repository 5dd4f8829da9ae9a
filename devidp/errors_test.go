package devidp_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub/devidp"
)

// The provider's own endpoints answer bad requests, and failures behind
// them, with a message in Dutch and English and the status of its code; the
// text of a Go error (a relying party's answer, a parse error) never reaches
// the client.
func TestErrorsShowNoInternalDetail(t *testing.T) {
	const secret = "rp-internal-detail-7f3a"
	rpSrv, rpURL := localServer(t)
	rpSrv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, secret, http.StatusInternalServerError)
	})
	rpSrv.Start()
	idpSrv, idpURL := localServer(t)
	idp, err := devidp.New(idpURL, personas, []devidp.Client{{ID: "ketenhub", Secret: "s3cret",
		RedirectURIs: []string{rpURL + "/callback"}, BackChannelLogoutURI: rpURL + "/bcl"}})
	if err != nil {
		t.Fatal(err)
	}
	idpSrv.Config.Handler = idp.Handler()
	idpSrv.Start()

	const form = "application/x-www-form-urlencoded"
	for _, tt := range []struct {
		name, method, path, contentType, body string
		status                                int
		nl, en                                string
	}{
		{"back-channel logout refused by the relying party", http.MethodPost, "backchannel-logout", form, "subject=beheer",
			http.StatusBadGateway, "Verstuurd naar 0 clients", "Sent to 0 clients"},
		{"back-channel logout naming nobody", http.MethodPost, "backchannel-logout", form, "subject=",
			http.StatusBadRequest, "Geef subject en/of sid.", "Give subject and/or sid."},
		{"back-channel logout with a malformed form", http.MethodPost, "backchannel-logout", form, "subject=%zz",
			http.StatusBadRequest, "Geef subject en/of sid.", "Give subject and/or sid."},
		{"persona picked with a malformed form", http.MethodPost, "login", form, devidp.FieldAuthRequestID + "=%zz",
			http.StatusBadRequest, "Dit aanmeldverzoek of deze persona is onbekend", "This sign-in request or persona is unknown"},
		{"persona picked for an unknown request", http.MethodPost, "login", form, devidp.FieldAuthRequestID + "=nope&" + devidp.FieldPersona + "=beheer",
			http.StatusBadRequest, "Dit aanmeldverzoek of deze persona is onbekend", "This sign-in request or persona is unknown"},
		{"authorize with a malformed query", http.MethodGet, "authorize?client_id=ketenhub&redirect_uri=x%zz", "", "",
			http.StatusBadRequest, "De ontwikkel-identiteitsprovider heeft dit verzoek geweigerd", "The development identity provider refused this request"},
		{"introspection without a client", http.MethodPost, "oauth/introspect", form, "token=abc",
			http.StatusUnauthorized, "De ontwikkel-identiteitsprovider heeft dit verzoek geweigerd", "The development identity provider refused this request"},
		{"picker for an unknown request", http.MethodGet, "login?" + devidp.FieldAuthRequestID + "=nope", "", "",
			http.StatusBadRequest, "Dit aanmeldverzoek is onbekend of verlopen.", "This sign-in request is unknown or has expired."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, idp.Issuer()+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			body := string(b)
			if got, want := res.StatusCode, tt.status; got != want {
				t.Errorf("status %d, want %d", got, want)
			}
			if !strings.Contains(body, tt.nl) || !strings.Contains(body, tt.en) {
				t.Errorf("body %q, want the messages %q and %q", body, tt.nl, tt.en)
			}
			for _, leak := range []string{secret, "devidp:", "status 500", "invalid URL escape", "ErrorType=", "Parent=", "storage"} {
				if strings.Contains(body, leak) {
					t.Errorf("body %q shows internal detail %q", body, leak)
				}
			}
		})
	}
}
