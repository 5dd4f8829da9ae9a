package server_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ketenhub/ketenhub/server"
)

// openAPIDoc is the part of docs/openapi.yaml the coverage test reads.
type openAPIDoc struct {
	OpenAPI string                    `yaml:"openapi"`
	Paths   map[string]map[string]any `yaml:"paths"`
}

var ginParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// openAPIOperations returns "METHOD /path" for every operation in the spec.
func openAPIOperations(t *testing.T) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("parse openapi.yaml: %v", err)
	}
	if got, want := doc.OpenAPI, "3.1.0"; got != want {
		t.Errorf("openapi version = %q, want %q", got, want)
	}
	ops := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				ops[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	return ops
}

// routerOperations returns "METHOD /path" for every route of the router,
// with gin's ":id" written as OpenAPI's "{id}".
func routerOperations(s *server.Server) map[string]bool {
	ops := map[string]bool{}
	for _, r := range s.Routes() {
		ops[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	return ops
}

func TestOpenAPICoversRoutes(t *testing.T) {
	spec := openAPIOperations(t)
	routes := routerOperations(server.New(server.Config{}, server.Services{}))
	if len(routes) < 20 {
		t.Fatalf("router has %d routes; the walk found too few", len(routes))
	}
	t.Run("every route is documented", func(t *testing.T) {
		for _, op := range sorted(routes) {
			if !spec[op] {
				t.Errorf("route %s is missing from docs/openapi.yaml", op)
			}
		}
	})
	t.Run("every documented operation is routed", func(t *testing.T) {
		for _, op := range sorted(spec) {
			if !routes[op] {
				t.Errorf("docs/openapi.yaml lists %s, which the router lacks", op)
			}
		}
	})
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIRefsResolve checks that every "$ref" in the spec points at a
// component that exists.
func TestOpenAPIRefsResolve(t *testing.T) {
	raw, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "$ref" {
					refs = append(refs, s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if len(refs) == 0 {
		t.Fatal("no $ref found: the walk is broken")
	}
	for _, ref := range refs {
		var node any = doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, _ := node.(map[string]any)
			node = m[part]
		}
		if node == nil {
			t.Errorf("$ref %q does not resolve", ref)
		}
	}
}
