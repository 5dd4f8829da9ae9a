package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/ketenhub/ketenhub/server"
)

func TestServesTheWebApp(t *testing.T) {
	app := fstest.MapFS{
		"index.html":            {Data: []byte("<!doctype html><title>Ketenhub</title>")},
		"assets/app-3f2a1b.js":  {Data: []byte("console.log('hub')")},
		"assets/app-3f2a1b.css": {Data: []byte("body{}")},
		"favicon.svg":           {Data: []byte("<svg/>")},
	}
	hs := httptest.NewServer(server.New(server.Config{Static: app}, server.Services{}).Handler())
	t.Cleanup(hs.Close)
	get := func(t *testing.T, method, path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, hs.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, tt := range []struct {
		path, contentType, cache string
		status                   int
	}{
		{"/", "text/html; charset=utf-8", "no-cache", 200},
		{"/index.html", "text/html; charset=utf-8", "no-cache", 200},
		{"/werkruimtes/3/acties", "text/html; charset=utf-8", "no-cache", 200},
		{"/assets/app-3f2a1b.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/assets/app-3f2a1b.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/favicon.svg", "image/svg+xml", "no-cache", 200},
		{"/assets/app-gone.js", "application/problem+json", "no-store", 404},
		{"/robots.txt", "application/problem+json", "no-store", 404},
		{"/api/v1/anything", "application/problem+json", "no-store", 404},
		{"/api", "application/problem+json", "no-store", 404},
		{"/auth", "application/problem+json", "no-store", 404},
		{"/auth/unknown", "application/problem+json", "no-store", 404},
		{"/dev-idp/authorize", "application/problem+json", "no-store", 404},
		{"/werkruimtes/3/acties/nieuw", "text/html; charset=utf-8", "no-cache", 200},
		{"/authors", "text/html; charset=utf-8", "no-cache", 200},
		{"/../../etc/passwd", "text/html; charset=utf-8", "no-cache", 200},
	} {
		t.Run(tt.path, func(t *testing.T) {
			resp := get(t, "GET", tt.path)
			if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.contentType || resp.Header.Get("Cache-Control") != tt.cache {
				t.Fatalf("%s: %d %q %q, want %d %q %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"),
					resp.Header.Get("Cache-Control"), tt.status, tt.contentType, tt.cache)
			}
		})
	}
	t.Run("unsafe methods get no page", func(t *testing.T) {
		if got, want := get(t, "POST", "/werkruimtes").StatusCode, http.StatusNotFound; got != want {
			t.Fatalf("POST page = %d, want %d", got, want)
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		if got, want := get(t, "HEAD", "/").StatusCode, http.StatusOK; got != want {
			t.Fatalf("HEAD / = %d, want %d", got, want)
		}
	})
}
