package oracle_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// browser is a signed-in user: it sends the session cookie and the CSRF
// header on every request, as the web app does.
type browser struct {
	base  string
	user  *ketenhub.User
	token string
	csrf  string
}

// response is one answer of the hub, kept whole for the scans.
type response struct {
	method, path string
	status       int
	header       http.Header
	body         []byte
}

func (r *response) String() string {
	return fmt.Sprintf("%s %s: %d %s", r.method, r.path, r.status, r.body)
}

// do sends one request; body, when not nil, goes as JSON.
func (b *browser) do(method, path string, body any) (*response, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", origin)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.token})
	req.Header.Set(auth.CSRFHeader, b.csrf)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	return &response{method: method, path: path, status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

// write sends a change the scenario needs: any other status than want
// stops the test, and the JSON answer is decoded into out (when not nil).
func (b *browser) write(t *testing.T, method, path string, body any, want int, out any) *response {
	t.Helper()
	r, err := b.do(method, path, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.status != want {
		t.Fatalf("%s as %s: want %d", r, b.user.Name, want)
	}
	if out != nil {
		decode(t, r, out)
	}
	return r
}

// decode reads a JSON answer into out.
func decode(t *testing.T, r *response, out any) {
	t.Helper()
	if err := json.Unmarshal(r.body, out); err != nil {
		t.Fatalf("%s %s: decode %s: %v", r.method, r.path, r.body, err)
	}
}
