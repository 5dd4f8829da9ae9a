package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
)

// writeRoute is a write route with valid ids, the client allowed to call
// it, a valid body, and a text field and a wrong-typed field to spoil it.
type writeRoute struct {
	method, path string // gin path, as in the router
	url          string // the path with valid ids
	idParam      string // a path parameter, with badURL its URL with a bad value
	badURL       func(bad string) string
	as           *client
	body         string // a valid body ("" for routes without one)
	textField    string // required text field ("" if none)
	wrongType    string // a body with a field of the wrong type
	typeField    string
	patch        bool // needs a base version
	hasDate      bool
	nullField    string // an optional body field that cannot be null ("" if none)
	enumField    string // a body field with a fixed set of values ("" if none)
	refField     string // a body field referring to another object by id ("" if none)
}

func (w *world) writeRoutes(t *testing.T) []writeRoute {
	t.Helper()
	org, ws := w.orgs["riec"].ID, w.workspace.ID
	a := w.createAction(t, w.gemeente, map[string]any{"title": "Doelwit"})
	var g ketenhub.Goal
	w.gemeente.do("POST", w.wsPath("/goals"), map[string]any{"title": "Doel"}).must(t, http.StatusCreated, &g)
	// More sessions of the GGD user, for the beheerder to end.
	sessionPath := func() string {
		_, sess, err := w.sessions.Create(t.Context(), w.ggd.user, auth.SessionMeta{Issuer: w.ggd.user.Issuer, UserAgent: "tweede browser"})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/users/%d/sessions/%d", w.ggd.user.ID, sess.ID)
	}
	sess1, sess2 := sessionPath(), sessionPath()
	id := func(format string) func(string) string {
		return func(bad string) string { return fmt.Sprintf(format, bad) }
	}
	return append([]writeRoute{
		{method: "POST", path: "/api/v1/organisations", url: "/api/v1/organisations", as: w.beheerder,
			body: `{"name":"Halt Hollands Midden","kind":"halt"}`, textField: "name", wrongType: `{"name":"Halt","kind":7}`, typeField: "kind",
			enumField: "kind"},
		{method: "PATCH", path: "/api/v1/organisations/:id", url: fmt.Sprintf("/api/v1/organisations/%d", org), idParam: "id",
			badURL: id("/api/v1/organisations/%s"), as: w.beheerder, body: `{"name":"RIEC"}`, textField: "name",
			wrongType: `{"name":["RIEC"]}`, typeField: "name", patch: true},
		{method: "POST", path: "/api/v1/workspaces", url: "/api/v1/workspaces", as: w.beheerder,
			body: `{"title":"Jeugd","theme":"jeugd_en_veiligheid"}`, textField: "title", wrongType: `{"title":"Jeugd","theme":{"x":1}}`, typeField: "theme",
			nullField: "description"},
		{method: "PATCH", path: "/api/v1/workspaces/:id", url: fmt.Sprintf("/api/v1/workspaces/%d", ws), idParam: "id",
			badURL: id("/api/v1/workspaces/%s"), as: w.gemeente, body: `{"title":"Ondermijning 2"}`, textField: "title",
			wrongType: `{"archived":"yes"}`, typeField: "archived", patch: true},
		{method: "PUT", path: "/api/v1/workspaces/:id/members/:orgId", url: fmt.Sprintf("/api/v1/workspaces/%d/members/%d", ws, org), idParam: "orgId",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/workspaces/%d/members/%s", ws, bad) }, as: w.gemeente,
			body: `{"role":"partner"}`, textField: "role", wrongType: `{"role":1}`, typeField: "role", enumField: "role"},
		{method: "PUT", path: "/api/v1/workspaces/:id/members/:orgId/admission", url: w.admissionPath("politie"), idParam: "orgId",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/workspaces/%d/members/%s/admission", ws, bad) },
			as:     w.signInAs("politie-beheer", w.orgs["politie"].ID, true), body: `{"users":[],"groups":["Team Ondermijning"]}`,
			wrongType: `{"users":"iedereen","groups":[]}`, typeField: "users", nullField: "groups"},
		{method: "PUT", path: "/api/v1/users/:id/shielded", url: fmt.Sprintf("/api/v1/users/%d/shielded", w.politie.user.ID), idParam: "id",
			badURL: id("/api/v1/users/%s/shielded"), as: w.signInAs("politie-beheer-2", w.orgs["politie"].ID, true),
			body: `{"shielded":true}`, wrongType: `{"shielded":"ja"}`, typeField: "shielded", nullField: "shielded"},
		{method: "DELETE", path: "/api/v1/workspaces/:id/members/:orgId", url: fmt.Sprintf("/api/v1/workspaces/%d/members/%d", ws, w.orgs["ggd"].ID), idParam: "id",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/workspaces/%s/members/%d", bad, org) }, as: w.gemeente},
		{method: "POST", path: "/api/v1/workspaces/:id/goals", url: w.wsPath("/goals"), idParam: "id",
			badURL: id("/api/v1/workspaces/%s/goals"), as: w.gemeente, body: `{"title":"Minder inbraken"}`, textField: "title",
			wrongType: `{"title":"Minder inbraken","target":"zes"}`, typeField: "target", nullField: "unit"},
		{method: "PATCH", path: "/api/v1/goals/:id", url: fmt.Sprintf("/api/v1/goals/%d", g.ID), idParam: "id",
			badURL: id("/api/v1/goals/%s"), as: w.gemeente, body: `{"title":"Minder woninginbraken"}`, textField: "title",
			wrongType: `{"target":true}`, typeField: "target", patch: true},
		{method: "POST", path: "/api/v1/workspaces/:id/actions", url: w.wsPath("/actions"), idParam: "id",
			badURL: id("/api/v1/workspaces/%s/actions"), as: w.gemeente, body: `{"title":"Keurmerk Veilig Ondernemen"}`, textField: "title",
			wrongType: `{"title":"Keurmerk","visibility":{"scope":"restricted","organisations":["politie"]}}`, typeField: "visibility.organisations", hasDate: true,
			nullField: "visibility", enumField: "status", refField: "owner_organisation_id"},
		{method: "PATCH", path: "/api/v1/actions/:id", url: fmt.Sprintf("/api/v1/actions/%d", a.ID), idParam: "id",
			badURL: id("/api/v1/actions/%s"), as: w.gemeente, body: `{"title":"Keurmerk"}`, textField: "title",
			wrongType: `{"count_done":1.5}`, typeField: "count_done", patch: true, hasDate: true,
			nullField: "description", enumField: "status", refField: "goal_id"},
		{method: "POST", path: "/api/v1/actions/:id/comments", url: fmt.Sprintf("/api/v1/actions/%d/comments", a.ID), idParam: "id",
			badURL: id("/api/v1/actions/%s/comments"), as: w.gemeente, body: `{"body":"Akkoord"}`, textField: "body",
			wrongType: `{"body":"Akkoord","visibility":"iedereen"}`, typeField: "visibility", nullField: "visibility"},
		{method: "DELETE", path: "/api/v1/users/:id/sessions/:sessionId", url: sess1, idParam: "sessionId",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/users/%d/sessions/%s", w.ggd.user.ID, bad) }, as: w.beheerder},
		{method: "DELETE", path: "/api/v1/users/:id/sessions/:sessionId", url: sess2, idParam: "id",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/users/%s/sessions/1", bad) }, as: w.beheerder},
	}, append(w.meetingWriteRoutes(t), w.displayWriteRoutes(t)...)...)
}

// badCase is one way to spoil a request, and the field the problem names.
type badCase struct {
	name    string
	applies func(r writeRoute) bool
	send    func(r writeRoute) (url string, body any, headers []string)
	status  int
	code    string
	field   func(r writeRoute) string
}

func withBody(r writeRoute) bool { return r.body != "" }

// spoil adds "field": value to the route's valid body.
func spoil(r writeRoute, field, value string) string {
	return strings.TrimSuffix(r.body, "}") + fmt.Sprintf(",%q:%s}", field, value)
}

// chunked hides a reader's length so that the body is sent chunked.
type chunked struct{ io.Reader }

func badCases(limit int64) []badCase {
	fixed := func(f string) func(writeRoute) string { return func(writeRoute) string { return f } }
	text := func(r writeRoute) string { return r.textField }
	plain := func(r writeRoute) (string, any, []string) { return r.url, nil, nil }
	_ = plain
	body := func(b func(r writeRoute) string) func(r writeRoute) (string, any, []string) {
		return func(r writeRoute) (string, any, []string) {
			var hs []string
			if r.patch {
				hs = append(hs, etag(1))
			}
			return r.url, b(r), hs
		}
	}
	huge := strings.Repeat(" ", int(limit))
	return []badCase{
		{"unknown field", withBody, body(func(r writeRoute) string { return spoil(r, "bogus", "1") }), 400, ketenhub.EINVALID, fixed("bogus")},
		{"unknown nested field", func(r writeRoute) bool { return r.hasDate },
			body(func(r writeRoute) string { return spoil(r, "visibility", `{"scope":"workspace","secret":true}`) }), 400, ketenhub.EINVALID, fixed("secret")},
		{"wrong type", withBody, body(func(r writeRoute) string { return r.wrongType }), 400, ketenhub.EINVALID, func(r writeRoute) string { return r.typeField }},
		{"empty text", withBody, body(func(r writeRoute) string { return fmt.Sprintf(`{%q:"  "}`, r.textField) }), 400, ketenhub.EINVALID, text},
		{"null text", withBody, body(func(r writeRoute) string { return fmt.Sprintf(`{%q:null}`, r.textField) }), 400, ketenhub.EINVALID, text},
		{"over-long text", withBody, body(func(r writeRoute) string {
			return fmt.Sprintf(`{%q:%q}`, r.textField, strings.Repeat("lang ", 2001))
		}), 400, ketenhub.EINVALID, text},
		{"NUL in text", withBody, body(func(r writeRoute) string { return fmt.Sprintf(`{%q:"a\u0000b"}`, r.textField) }), 400, ketenhub.EINVALID, text},
		{"bad date", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "due_date", `"2026-02-30"`) }), 400, ketenhub.EINVALID, fixed("due_date")},
		{"date in another format", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "due_date", `"31-12-2026"`) }), 400, ketenhub.EINVALID, fixed("due_date")},
		{"bad status", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "status", `"klaar"`) }), 400, ketenhub.EINVALID, fixed("status")},
		{"count near the int64 limit", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "count_done", "9223372036854775806") }), 400, ketenhub.EINVALID, fixed("count_done")},
		{"count over the bound", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "count_target", "1000000001") }), 400, ketenhub.EINVALID, fixed("count_target")},
		{"bad visibility scope", func(r writeRoute) bool { return r.hasDate }, body(func(r writeRoute) string { return spoil(r, "visibility", `{"scope":"geheim"}`) }), 400, ketenhub.EINVALID, fixed("visibility.scope")},
		{"invalid UTF-8", withBody, body(func(r writeRoute) string { return fmt.Sprintf("{%q:\"caf\xe9\"}", r.textField) }), 400, ketenhub.EINVALID, fixed("body")},
		{"malformed JSON", withBody, body(func(r writeRoute) string { return fmt.Sprintf(`{%q: `, r.textField) }), 400, ketenhub.EINVALID, fixed("body")},
		{"syntax error", withBody, body(func(r writeRoute) string { return `{"title" "x"}` }), 400, ketenhub.EINVALID, fixed("body")},
		{"trailing garbage", withBody, body(func(r writeRoute) string { return r.body + ` {"more":1}` }), 400, ketenhub.EINVALID, fixed("body")},
		{"empty body", withBody, body(func(r writeRoute) string { return "" }), 400, ketenhub.EINVALID, fixed("body")},
		{"null body", withBody, body(func(r writeRoute) string { return "null" }), 400, ketenhub.EINVALID, fixed("body")},
		{"array body", withBody, body(func(r writeRoute) string { return "[" + r.body + "]" }), 400, ketenhub.EINVALID, fixed("body")},
		{"not JSON", withBody, func(r writeRoute) (string, any, []string) {
			return r.url, r.body, []string{"Content-Type: text/plain", etag(1)}
		}, 400, ketenhub.EINVALID, fixed("body")},
		{"oversized body", withBody, body(func(r writeRoute) string { return r.body + huge }), 413, ketenhub.ETOOLARGE, fixed("body")},
		{"oversized chunked body", withBody, func(r writeRoute) (string, any, []string) {
			return r.url, chunked{strings.NewReader(r.body + huge)}, []string{etag(1)}
		}, 413, ketenhub.ETOOLARGE, fixed("body")},
		{"path id not a number", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("abc"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"path id zero", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("0"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"path id negative", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("-3"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"path id overflows", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("99999999999999999999"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"missing version", func(r writeRoute) bool { return r.patch }, func(r writeRoute) (string, any, []string) {
			return r.url, r.body, nil
		}, 400, ketenhub.EINVALID, fixed("version")},
		{"malformed If-Match", func(r writeRoute) bool { return r.patch }, func(r writeRoute) (string, any, []string) {
			return r.url, r.body, []string{`If-Match: W/"x"`}
		}, 400, ketenhub.EINVALID, fixed("If-Match")},
		{"version of the wrong type", func(r writeRoute) bool { return r.patch }, func(r writeRoute) (string, any, []string) {
			return r.url, spoil(r, "version", `"1"`), nil
		}, 400, ketenhub.EINVALID, fixed("version")},
		{"case-folded field name", withBody, body(func(r writeRoute) string { return fmt.Sprintf(`{%q:"x"}`, strings.ToUpper(r.textField)) }),
			400, ketenhub.EINVALID, func(r writeRoute) string { return strings.ToUpper(r.textField) }},
		{"case-folded nested field name", func(r writeRoute) bool { return r.hasDate },
			body(func(r writeRoute) string { return spoil(r, "visibility", `{"Scope":"workspace"}`) }), 400, ketenhub.EINVALID, fixed("Scope")},
		{"null for a field that cannot be null", func(r writeRoute) bool { return r.nullField != "" },
			body(func(r writeRoute) string { return spoil(r, r.nullField, "null") }), 400, ketenhub.EINVALID, func(r writeRoute) string { return r.nullField }},
		{"null in a list", func(r writeRoute) bool { return r.hasDate },
			body(func(r writeRoute) string {
				return spoil(r, "visibility", `{"scope":"restricted","organisations":[null]}`)
			}), 400, ketenhub.EINVALID, fixed("visibility.organisations")},
		{"empty enum", func(r writeRoute) bool { return r.enumField != "" },
			body(func(r writeRoute) string { return spoil(r, r.enumField, `""`) }), 400, ketenhub.EINVALID, func(r writeRoute) string { return r.enumField }},
		{"null enum", func(r writeRoute) bool { return r.enumField != "" },
			body(func(r writeRoute) string { return spoil(r, r.enumField, `null`) }), 400, ketenhub.EINVALID, func(r writeRoute) string { return r.enumField }},
		{"zero id in the body", func(r writeRoute) bool { return r.refField != "" },
			body(func(r writeRoute) string { return spoil(r, r.refField, "0") }), 400, ketenhub.EINVALID, func(r writeRoute) string { return r.refField }},
		{"path id with a plus sign", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("+7"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"zero-padded path id", func(r writeRoute) bool { return r.idParam != "" }, func(r writeRoute) (string, any, []string) {
			return r.badURL("07"), nilIfEmpty(r.body), []string{etag(1)}
		}, 400, ketenhub.EINVALID, func(r writeRoute) string { return r.idParam }},
		{"nothing to change", func(r writeRoute) bool { return r.patch }, body(func(r writeRoute) string { return `{}` }), 400, ketenhub.EINVALID, fixed("body")},
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestBadInputOnEveryWriteRoute spoils every write route in every way that
// applies: each gets a 4xx problem naming the field, never a 5xx, and
// nothing is written.
func TestBadInputOnEveryWriteRoute(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		routes := w.writeRoutes(t)
		t.Run("the table covers every write route", func(t *testing.T) {
			covered := map[string]bool{}
			for _, r := range routes {
				covered[r.method+" "+r.path] = true
			}
			for _, r := range s.server.Routes() {
				if r.Method != "GET" && !covered[r.Method+" "+r.Path] {
					t.Errorf("write route %s %s is not in the bad-input table", r.Method, r.Path)
				}
			}
		})
		var before struct{ Last int64 }
		before.Last = w.lastSeq(t)
		for _, r := range routes {
			for _, bc := range badCases(server.DefaultMaxBodyBytes) {
				if !bc.applies(r) {
					continue
				}
				t.Run(r.method+" "+r.path+"/"+bc.name, func(t *testing.T) {
					url, body, headers := bc.send(r)
					resp := r.as.do(r.method, url, body, headers...)
					if resp.status >= 500 {
						t.Fatalf("server error: %s", resp)
					}
					resp.problem(t, bc.status, bc.code, bc.field(r))
				})
			}
		}
		if got, want := w.lastSeq(t), before.Last; got != want {
			t.Errorf("bad input changed the workspace: last_seq %d, want %d", got, want)
		}
		t.Run("the valid bodies pass", func(t *testing.T) {
			for _, r := range routes {
				var hs []string
				if r.patch {
					var cur struct{ Version int64 }
					r.as.do("GET", r.url, nil).must(t, http.StatusOK, &cur)
					hs = append(hs, etag(cur.Version))
				}
				resp := r.as.do(r.method, r.url, nilIfEmpty(r.body), hs...)
				if resp.status >= 300 {
					t.Errorf("%s %s with a valid body: %s", r.method, r.url, resp)
				}
			}
		})
	})
}

// lastSeq is the workspace's newest event number, as a regisseur sees it.
func (w *world) lastSeq(t *testing.T) int64 {
	t.Helper()
	var ws ketenhub.Workspace
	w.gemeente.do("GET", w.wsPath(""), nil).must(t, http.StatusOK, &ws)
	return ws.LastSeq
}

// TestBadInputOnReads: query parameters are as strict as bodies: an unknown
// sort is refused, ids only in their canonical form, and no message quotes
// an odd bound.
func TestBadInputOnReads(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		owner := w.orgs["gemeente"].ID
		tests := []struct {
			name, url, field string
		}{
			{"unknown sort", w.wsPath("/actions?sort=prioriteit"), "sort"},
			{"case-folded sort", w.wsPath("/actions?sort=TITLE"), "sort"},
			{"unknown sort on export", w.wsPath("/actions/export?sort=prioriteit"), "sort"},
			{"unknown order", w.wsPath("/actions?order=up"), "order"},
			{"zero-padded query id", w.wsPath("/actions?owner=0%d", owner), "owner"},
			{"query id with a plus sign", w.wsPath("/actions?owner=%%2B%d", owner), "owner"},
			{"zero query id", w.wsPath("/actions?goal=0"), "goal"},
			{"zero-padded page", w.wsPath("/actions?page=01"), "page"},
			{"zero-padded path id", fmt.Sprintf("/api/v1/workspaces/0%d/actions", w.workspace.ID), "id"},
			{"path id with a plus sign", fmt.Sprintf("/api/v1/workspaces/+%d/actions", w.workspace.ID), "id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := w.gemeente.do("GET", tt.url, nil).problem(t, http.StatusBadRequest, ketenhub.EINVALID, tt.field)
				if strings.Contains(p.DetailEN, "4611686018427387904") || strings.Contains(p.DetailEN, "9223372036854775807") {
					t.Errorf("message quotes an odd bound: %s", p.DetailEN)
				}
			})
		}
		t.Run("the canonical forms pass", func(t *testing.T) {
			w.gemeente.do("GET", w.wsPath("/actions?owner=%d&sort=title&order=desc&page=1", owner), nil).must(t, http.StatusOK, nil)
		})
		t.Run("empty meeting state", func(t *testing.T) {
			body := `{"title":"Wijkoverleg","starts_at":"2027-01-10T10:00:00+01:00","state":""}`
			w.gemeente.do("POST", w.wsPath("/meetings"), body).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "state")
		})
	})
}

// TestDuplicateOrganisationName: a name another organisation has is a
// conflict (409) about the field name, not invalid input.
func TestDuplicateOrganisationName(t *testing.T) {
	s := newStack(t, "sqlite", server.Config{})
	w := newWorld(t, s)
	p := w.beheerder.do("POST", "/api/v1/organisations", map[string]any{"name": w.orgs["politie"].Name, "kind": "politie"}).
		problem(t, http.StatusConflict, ketenhub.ECONFLICT, "name")
	if !strings.HasSuffix(p.DetailNL, ".") || !strings.HasPrefix(p.DetailNL, "Er bestaat al") {
		t.Errorf("detail = %q, want a Dutch sentence", p.DetailNL)
	}
	org := w.orgs["riec"]
	w.beheerder.do("PATCH", fmt.Sprintf("/api/v1/organisations/%d", org.ID), map[string]any{"name": w.orgs["om"].Name}, etag(org.Version)).
		problem(t, http.StatusConflict, ketenhub.ECONFLICT, "name")
}

// TestMessagesNameFieldsByLabel: a message names a field by the label the
// screens show ("Titel"), while the problem's field keeps the JSON name.
func TestMessagesNameFieldsByLabel(t *testing.T) {
	s := newStack(t, "sqlite", server.Config{})
	w := newWorld(t, s)
	p := w.gemeente.do("POST", w.wsPath("/actions"), `{"title":" "}`).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "title")
	if got, want := p.DetailNL, "Titel is verplicht en mag niet leeg zijn."; got != want {
		t.Errorf("detail_nl = %q, want %q", got, want)
	}
	if got, want := p.DetailEN, "Title is required and may not be empty."; got != want {
		t.Errorf("detail_en = %q, want %q", got, want)
	}
	p = w.gemeente.do("POST", w.wsPath("/actions"), `{"title":"Controle","count_done":2000000000}`).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "count_done")
	if got, want := p.DetailNL, "Aantal gereed moet een geheel getal van 0 tot en met 1000000000 zijn."; got != want {
		t.Errorf("detail_nl = %q, want %q", got, want)
	}
}
