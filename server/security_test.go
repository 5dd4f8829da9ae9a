package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/server"
)

func TestSessionIsRequired(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		anon := s.anonymous()
		for _, r := range []struct{ method, path string }{
			{"GET", "/api/v1/me"},
			{"GET", w.wsPath("/actions")},
			{"POST", w.wsPath("/actions")},
			{"PATCH", "/api/v1/actions/1"},
			{"DELETE", w.wsPath("/members/1")},
		} {
			t.Run(r.method+" "+r.path, func(t *testing.T) {
				anon.do(r.method, r.path, nilIfEmpty(map[string]string{"POST": `{"title":"x"}`, "PATCH": `{"title":"x"}`}[r.method])).
					problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
			})
		}
		t.Run("an unknown token", func(t *testing.T) {
			forged := &client{t: t, base: s.url, token: "not-a-session-token", csrf: "x"}
			r := forged.do("GET", "/api/v1/me", nil)
			r.problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
			if !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
				t.Errorf("the stale cookie is not cleared: %q", r.header.Get("Set-Cookie"))
			}
		})
		t.Run("the token only counts as a cookie", func(t *testing.T) {
			anon.do("GET", "/api/v1/me?ketenhub_session="+w.gemeente.token, nil, "Authorization: Bearer "+w.gemeente.token).
				problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
		})
		t.Run("a revoked session", func(t *testing.T) {
			c := s.signIn("vertrekt", w.orgs["gemeente"].ID, ketenhub.PlatformRoleNone)
			c.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, nil)
			if err := s.sessions.Revoke(t.Context(), c.token); err != nil {
				t.Fatal(err)
			}
			c.do("GET", "/api/v1/me", nil).problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
		})
	})
}

func TestCSRFAndOrigin(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		body := map[string]any{"title": "Keurmerk Veilig Ondernemen"}
		t.Run("no token", func(t *testing.T) {
			c := *w.gemeente
			c.csrf = ""
			c.do("POST", w.wsPath("/actions"), body).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			c.do("DELETE", w.wsPath("/members/%d", w.orgs["ggd"].ID), nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			c.do("GET", w.wsPath("/actions"), nil).must(t, http.StatusOK, nil) // safe methods need none
		})
		t.Run("another session's token", func(t *testing.T) {
			c := *w.gemeente
			c.csrf = w.politie.csrf
			c.do("POST", w.wsPath("/actions"), body).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
		t.Run("a foreign origin", func(t *testing.T) {
			w.gemeente.do("POST", w.wsPath("/actions"), body, "Origin: https://evil.example").problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.gemeente.do("POST", w.wsPath("/actions"), body, "Origin: null").problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
		t.Run("the allowed origin", func(t *testing.T) {
			w.gemeente.do("POST", w.wsPath("/actions"), body, "Origin: "+allowedOrigin).must(t, http.StatusCreated, nil)
		})
		t.Run("nothing was written", func(t *testing.T) {
			if _, total := w.listActions(t, w.gemeente, ""); total != 1 {
				t.Fatalf("actions = %d, want only the one from the allowed origin", total)
			}
		})
	})
}

func TestProblemResponses(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		t.Run("unknown route", func(t *testing.T) {
			w.gemeente.do("GET", "/api/v1/nope", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			s.anonymous().do("GET", "/api/v2/workspaces", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("method not allowed", func(t *testing.T) {
			r := w.gemeente.do("DELETE", w.wsPath(""), nil)
			r.problem(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
			if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "PATCH") {
				t.Errorf("Allow = %q", allow)
			}
		})
		t.Run("English on request", func(t *testing.T) {
			r := w.gemeente.do("GET", "/api/v1/actions/999999", nil, "Accept-Language: en-GB,en;q=0.9,nl;q=0.5")
			var p server.Problem
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatal(err)
			}
			if p.Status != http.StatusNotFound || p.Detail != p.DetailEN || p.DetailEN == p.DetailNL {
				t.Fatalf("problem = %+v, want English detail", p)
			}
		})
		t.Run("Dutch when preferred", func(t *testing.T) {
			w.gemeente.do("GET", "/api/v1/actions/999999", nil, "Accept-Language: nl-NL,en;q=0.8").problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("bad query parameters", func(t *testing.T) {
			for query, field := range map[string]string{
				"?page=0": "page", "?page=x": "page", "?per_page=201": "per_page", "?sort=owner": "sort",
				"?order=up": "order", "?status=open,klaar": "status", "?overdue=ja": "overdue", "?owner=-1": "owner",
				"?goal=abc": "goal", "?due_before=2026-13-01": "due_before", "?due_after=morgen": "due_after",
				"?colour=red": "colour", "?page=1&page=2": "page",
			} {
				w.gemeente.do("GET", w.wsPath("/actions%s", query), nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, field)
			}
			w.gemeente.do("GET", w.wsPath("/events?limit=0"), nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "limit")
			w.gemeente.do("GET", w.wsPath("/events?after=-1"), nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "after")
			w.gemeente.do("GET", "/api/v1/users?organisation_id=0", nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "organisation_id")
			w.gemeente.do("GET", "/api/v1/actions/1.5", nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "id")
		})
		t.Run("request id", func(t *testing.T) {
			r := w.gemeente.do("GET", "/api/v1/actions/999999", nil, "X-Request-Id: trace-42")
			if got, want := r.header.Get("X-Request-Id"), "trace-42"; got != want {
				t.Errorf("X-Request-Id = %q, want %q", got, want)
			}
			var p server.Problem
			json.Unmarshal(r.body, &p)
			if p.RequestID != "trace-42" {
				t.Errorf("problem request_id = %q", p.RequestID)
			}
			r = w.gemeente.do("GET", "/api/v1/me", nil, "X-Request-Id: bad id\twith tab")
			if got := r.header.Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " \t") {
				t.Errorf("X-Request-Id = %q, want a generated one", got)
			}
		})
	})
}
