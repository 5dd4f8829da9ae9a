package export_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/export"
	"github.com/ketenhub/ketenhub/export/exporttest"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// now is the fixed time of the demo region, so that due dates and
// overdue counts are the same on every run.
var now = storetest.NewClock()

// forEachKind runs fn on a freshly seeded demo region of every database kind.
func forEachKind(t *testing.T, fn func(t *testing.T, r *region)) {
	t.Helper()
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, seedRegion(t, kind))
		})
	}
}

// region is the seeded demo region with a context per persona.
type region struct {
	db    *store.DB
	svc   *store.Services
	as    map[string]context.Context // by persona key
	users map[string]*ketenhub.User  // by persona key
	orgs  map[string]int64           // by name
}

func seedRegion(t *testing.T, kind string) *region {
	t.Helper()
	ctx := context.Background()
	cfg := store.Config{DataDir: t.TempDir()}
	if kind == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	svc := store.NewServices(db, policy.Policy{}, now)
	if err := demo.Seed(ctx, demo.Services{Services: svc.Services, Clock: now}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	r := &region{db: db, svc: svc, as: map[string]context.Context{}, users: map[string]*ketenhub.User{}, orgs: map[string]int64{}}
	reader := ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{UserID: -1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	orgs, err := svc.Organisations.FindOrganisations(reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		r.orgs[o.Name] = o.ID
	}
	for _, p := range demo.Personas {
		u, err := p.SignIn(ctx, svc.Users, "", r.orgs[p.OrganisationName])
		if err != nil {
			t.Fatalf("sign in persona %q: %v", p.Key, err)
		}
		r.users[p.Key] = u
		r.as[p.Key] = ketenhub.NewContextWithViewer(ctx, u.Viewer())
	}
	return r
}

// workspace returns the id of the workspace titled title, as persona sees it.
func (r *region) workspace(t *testing.T, persona, title string) int64 {
	t.Helper()
	list, err := r.svc.Workspaces.FindWorkspaces(r.as[persona], ketenhub.WorkspaceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range list {
		if w.Title == title {
			return w.ID
		}
	}
	t.Fatalf("%s sees no workspace %q", persona, title)
	return 0
}

// hiddenFrom returns the actions the regisseur persona sees that persona
// may not: restricted to organisations other than persona's. It fails the
// test when there are none, so that absence checks cannot pass vacuously.
func (r *region) hiddenFrom(t *testing.T, regisseur, persona string) []*ketenhub.Action {
	t.Helper()
	org := r.users[persona].OrganisationID
	list, err := r.svc.Workspaces.FindWorkspaces(r.as[regisseur], ketenhub.WorkspaceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*ketenhub.Action
	for _, w := range list {
		page, _, err := r.svc.Actions.FindActions(r.as[regisseur], ketenhub.ActionFilter{WorkspaceID: w.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			if a.Visibility.Restricted() && !a.Visibility.Includes(org) {
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("the demo region has no action that %s sees and %s may not", regisseur, persona)
	}
	return out
}

// madeFor is who an export that persona asks for is made for, at the
// time of testMadeFor (a fixed one: tests may move the clock).
func (r *region) madeFor(t *testing.T, persona string) export.MadeFor {
	t.Helper()
	mf, err := export.CollectMadeFor(r.as[persona], r.svc.Services, testMadeFor.At)
	if err != nil {
		t.Fatalf("made for %s: %v", persona, err)
	}
	return mf
}

// madeForLine is the Dutch made-for line of an export that persona of
// organisation org asks for, written out here rather than by the code
// under test.
func (r *region) madeForLine(persona, org string) string {
	return fmt.Sprintf("Gemaakt voor %s (%s) op 2 maart 2026, 10:15", r.users[persona].Name, org)
}

// pdfText checks that b is a PDF that parses and returns its text.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	return exporttest.PDFText(t, b)
}

// pdfHas reports whether the PDF text holds s, ignoring where lines were
// wrapped (a wrapped line continues on the next row of text).
func pdfHas(text, s string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Contains(squash(text), squash(s))
}
