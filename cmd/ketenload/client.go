package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/devidp"
)

// user is one simulated person signed in to the hub: a cookie jar holding
// the session, and what GET /api/v1/me said.
type user struct {
	base   string
	client *http.Client
	me     struct {
		User struct {
			ID int64 `json:"id"`
		} `json:"user"`
		Organisation struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"organisation"`
		CSRFToken string `json:"csrf_token"`
	}
}

// transport keeps a connection alive for every writer, as a browser keeps
// its connections: the default keeps two idle per host, so with one writer
// per workspace most PATCHes opened (and the hub accepted) a fresh TCP
// connection, work no browser makes the hub do.
var transport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 0, 256
	return t
}()

var (
	devLoginLink    = regexp.MustCompile(`href="(/auth/login/dev[^"]*)"`)
	authRequestSpot = regexp.MustCompile(`name="` + devidp.FieldAuthRequestID + `" value="([^"]+)"`)
)

// signIn signs in as the demo persona with key through the development
// identity provider, the way a browser does without showing anything.
func signIn(ctx context.Context, base, key string) (*user, error) {
	p, ok := demo.PersonaByKey(key)
	if !ok {
		return nil, fmt.Errorf("no demo persona %q", key)
	}
	jar, _ := cookiejar.New(nil)
	u := &user{base: base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: transport}}
	page, _, err := u.getPage(ctx, base+"/auth/login")
	if err != nil {
		return nil, err
	}
	link := devLoginLink.FindStringSubmatch(page)
	if link == nil {
		return nil, fmt.Errorf("the sign-in page offers no development provider: is the hub in dev mode (KETENHUB_DEV=true)?")
	}
	page, at, err := u.getPage(ctx, base+html.UnescapeString(link[1]))
	if err != nil {
		return nil, err
	}
	m := authRequestSpot.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("no persona picker at %s", at)
	}
	picker := at.ResolveReference(&url.URL{Path: "login"})
	form := url.Values{devidp.FieldAuthRequestID: {m[1]}, devidp.FieldPersona: {p.Subject}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, picker.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := u.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("persona picker: %w", err)
	}
	res.Body.Close()
	if err := u.do(ctx, http.MethodGet, "/api/v1/me", nil, &u.me); err != nil {
		return nil, fmt.Errorf("signed in as %s: %w", key, err)
	}
	return u, nil
}

func (u *user) getPage(ctx context.Context, target string) (string, *url.URL, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	res, err := u.client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("GET %s: %w", target, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return "", nil, fmt.Errorf("GET %s: %w", target, err)
	}
	if res.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("GET %s: status %d", target, res.StatusCode)
	}
	return string(body), res.Request.URL, nil
}

// do sends a JSON API request with the CSRF token and Origin a browser
// sends, and decodes a 2xx answer into out (when not nil).
func (u *user) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx, method, u.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", u.base)
	req.Header.Set("X-CSRF-Token", u.me.CSRFToken)
	res, err := u.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %s", method, path, res.StatusCode, bytes.TrimSpace(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return nil
}

// sessionCookie is the session cookie header, to reuse the session on
// other nodes that share the database.
func (u *user) sessionCookie() string {
	base, _ := url.Parse(u.base)
	var parts []string
	for _, c := range u.client.Jar.Cookies(base) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}
