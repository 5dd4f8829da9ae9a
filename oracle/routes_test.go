package oracle_test

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ketenhub/ketenhub"
)

// The GET routes come from docs/openapi.yaml, so that a new route is read
// by the oracle without editing it.

// route is one GET operation of the spec.
type route struct {
	path  string // "/api/v1/actions/{id}"
	query []queryParam
}

// queryParam is a query parameter with its schema, references resolved.
type queryParam struct {
	name   string
	schema map[string]any
}

// readRoutes returns every GET route of the spec, in path order.
func readRoutes(t *testing.T) []route {
	t.Helper()
	raw, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("parse openapi.yaml: %v", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	var out []route
	for path, v := range paths {
		ops, _ := v.(map[string]any)
		get, ok := ops["get"].(map[string]any)
		if !ok {
			continue
		}
		r := route{path: path}
		params := append(list(ops["parameters"]), list(get["parameters"])...)
		for _, p := range params {
			p = resolve(doc, p)
			if p["in"] != "query" {
				continue
			}
			r.query = append(r.query, queryParam{name: p["name"].(string), schema: resolve(doc, asMap(p["schema"]))})
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b route) int { return strings.Compare(a.path, b.path) })
	if len(out) < 20 {
		t.Fatalf("openapi.yaml has %d GET routes; the reading is broken", len(out))
	}
	return out
}

func list(v any) []map[string]any {
	var out []map[string]any
	items, _ := v.([]any)
	for _, e := range items {
		out = append(out, asMap(e))
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// resolve follows a "$ref" to its component.
func resolve(doc, node map[string]any) map[string]any {
	ref, ok := node["$ref"].(string)
	if !ok {
		return node
	}
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = asMap(cur)[part]
	}
	return asMap(cur)
}

// pathParam finds a route's path parameter ({id}) and the segment before it,
// which names its kind.
var pathParam = regexp.MustCompile(`/([a-z-]+)/\{([A-Za-z]+)\}`)

// paramKinds says what the collection a path parameter follows holds. A
// route under a collection missing here fails the oracle until taught.
var paramKinds = map[string]ketenhub.SubjectType{
	"organisations": ketenhub.SubjectOrganisation,
	"members":       ketenhub.SubjectOrganisation,
	"users":         ketenhub.SubjectUser,
	"workspaces":    ketenhub.SubjectWorkspace,
	"goals":         ketenhub.SubjectGoal,
	"actions":       ketenhub.SubjectAction,
	"meetings":      ketenhub.SubjectMeeting,
	"agenda-items":  ketenhub.SubjectAgendaItem,
	"decisions":     ketenhub.SubjectDecision,
	"calendar":      subjectCalendar,
}

// subjectCalendar is a calendar feed's file: the viewer's own.
const subjectCalendar ketenhub.SubjectType = "calendar"

// pagingParams ask for whole lists: they are set to their maximum on every request.
var pagingParams = []string{"limit", "per_page"}

// idParams are query parameters that name a subject, with its kind.
var idParams = map[string]ketenhub.SubjectType{
	"owner":           ketenhub.SubjectOrganisation,
	"organisation_id": ketenhub.SubjectOrganisation,
	"goal":            ketenhub.SubjectGoal,
}

// baseline is the query every request of r carries: whole pages.
func (r route) baseline() url.Values {
	q := url.Values{}
	for _, p := range r.query {
		if slices.Contains(pagingParams, p.name) {
			if maxi, ok := p.schema["maximum"]; ok {
				q.Set(p.name, fmt.Sprint(maxi))
			}
		}
	}
	return q
}

// queries are the baseline and its variants. Enums choose how the answer
// is given (format, language, order): variant i sets each to its i-th value
// other than the default, so every value is asked once while the content
// stays whole. Filters narrow the content, so each is set alone: true for a
// flag, a few ids for an id, the minimum of a number (after=0 on the
// events), the example where the spec gives one.
func (r route) queries(ids func(ketenhub.SubjectType) []int64) []url.Values {
	out := []url.Values{r.baseline()}
	for i := 0; ; i++ {
		q, set := r.baseline(), false
		for _, p := range r.query {
			if values := enumValues(p); i < len(values) {
				q.Set(p.name, values[i])
				set = true
			}
		}
		if !set {
			break
		}
		out = append(out, q)
	}
	with := func(name, value string) {
		q := r.baseline()
		q.Set(name, value)
		out = append(out, q)
	}
	for _, p := range r.query {
		switch {
		case slices.Contains(pagingParams, p.name) || p.schema["enum"] != nil:
		case p.schema["type"] == "boolean":
			with(p.name, "true")
		case idParams[p.name] != "":
			for _, id := range ids(idParams[p.name]) {
				with(p.name, itoa(id))
			}
		case p.schema["type"] == "integer" && p.schema["minimum"] != nil:
			with(p.name, fmt.Sprint(p.schema["minimum"]))
		case p.schema["example"] != nil:
			with(p.name, fmt.Sprint(p.schema["example"]))
		}
	}
	return out
}

// enumValues are an enum parameter's values other than its default.
func enumValues(p queryParam) []string {
	var out []string
	for _, e := range list0(p.schema["enum"]) {
		if e != p.schema["default"] {
			out = append(out, fmt.Sprint(e))
		}
	}
	return out
}

func list0(v any) []any {
	xs, _ := v.([]any)
	return xs
}

// withQuery is path with its query.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
