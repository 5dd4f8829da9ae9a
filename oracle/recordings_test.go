//go:build e2e

package oracle_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/store"
)

// TestBrowserRecordings scans what the browser tests' browsers received
// (every response body and websocket frame, recorded by frontend/e2e/
// browser.ts) against the hub's database after the run, with the oracle's
// own rule: a text of an item may reach an organisation only if it was ever
// visible to it, that is, it may see the item now, or one of the item's
// events admitted it while it was a member. `make test` runs it after the
// browser tests, with the build tag e2e and KETENHUB_E2E_DIR naming the
// folder that holds the hub's data and the recordings.
func TestBrowserRecordings(t *testing.T) {
	dir := os.Getenv("KETENHUB_E2E_DIR")
	if dir == "" {
		t.Fatal("KETENHUB_E2E_DIR names no folder: run the browser tests through make test, which sets it")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "..", "recordings", "*.jsonl"))
	if len(files) == 0 {
		t.Fatalf("no recordings beside %s: the browser tests recorded nothing", dir)
	}
	db, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := groundTruth(t, db)
	orgOf := map[string]string{}
	for _, p := range demo.Personas {
		orgOf[p.Name] = p.OrganisationName
	}
	scanned := 0
	for _, f := range files {
		scanned += scanRecording(t, f, g, orgOf)
	}
	t.Logf("%d recordings, %d responses and frames, %d texts of %d items checked", len(files), scanned, g.texts, len(g.items))
}

// scanRecording checks one browser's recording; it returns how many texts it held.
func scanRecording(t *testing.T, path string, g *truth, orgOf map[string]string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var rec struct{ Persona, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		org, ok := g.orgs[orgOf[rec.Persona]]
		if !ok {
			t.Fatalf("%s: persona %q of no known organisation", path, rec.Persona)
		}
		n++
		for _, it := range g.items {
			for _, text := range it.texts {
				if !g.everVisible(org, it) && !g.sharedWithVisible(org, text) && strings.Contains(rec.Text, text) {
					t.Errorf("%s (%s) received %q of %s %d, which it never could see:\n%.300s", rec.Persona, orgOf[rec.Persona], text, it.subject, it.id, rec.Text)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return n
}

// truth is the database after the browser tests, as the oracle reads it.
type truth struct {
	orgs    map[string]int64             // organisation name → id
	members map[[2]int64]bool            // (workspace, organisation) with a valid role
	named   map[string]map[int64][]int64 // subject type → id → organisations in its restricted set
	items   []*dbItem
	events  map[string]map[int64][]dbEvent // subject type → id → its events
	texts   int
}

type dbItem struct {
	subject    string
	id, ws     int64
	restricted bool
	texts      []string
}

type dbEvent struct {
	id         int64
	restricted bool
}

// minMarker is the shortest text taken as a marker: shorter ones ("Opening",
// "Rondvraag") recur in items everyone sees.
const minMarker = 16

func groundTruth(t *testing.T, db *store.DB) *truth {
	t.Helper()
	g := &truth{orgs: map[string]int64{}, members: map[[2]int64]bool{}, named: map[string]map[int64][]int64{}, events: map[string]map[int64][]dbEvent{}}
	q := db.Gorm()
	var orgs []struct {
		ID   int64
		Name string
	}
	must(t, q.Raw("SELECT id, name FROM organisations").Scan(&orgs).Error)
	for _, o := range orgs {
		g.orgs[o.Name] = o.ID
	}
	var members []struct{ WorkspaceID, OrganisationID int64 }
	must(t, q.Raw("SELECT workspace_id, organisation_id FROM memberships WHERE role IN ('regisseur', 'partner', 'meelezer')").Scan(&members).Error)
	for _, m := range members {
		g.members[[2]int64{m.WorkspaceID, m.OrganisationID}] = true
	}
	var named []struct {
		SubjectType             string
		SubjectID, Organisation int64
	}
	must(t, q.Raw("SELECT subject_type, subject_id, organisation_id AS organisation FROM visible_orgs").Scan(&named).Error)
	// An item restricted to named people is seen by their organisations'
	// browsers only through those people: counted here per organisation, which
	// is as fine as this scan of recordings per organisation goes (the browser
	// tests check the colleague of a named person themselves).
	var people []struct {
		SubjectType             string
		SubjectID, Organisation int64
	}
	must(t, q.Raw("SELECT v.subject_type, v.subject_id, u.organisation_id AS organisation FROM visible_users v JOIN users u ON u.id = v.user_id").Scan(&people).Error)
	named = append(named, people...)
	for _, n := range named {
		if g.named[n.SubjectType] == nil {
			g.named[n.SubjectType] = map[int64][]int64{}
		}
		g.named[n.SubjectType][n.SubjectID] = append(g.named[n.SubjectType][n.SubjectID], n.Organisation)
	}
	for _, src := range []struct{ subject, query string }{
		{"action", "SELECT id, workspace_id, visibility, title AS a, description AS b FROM actions"},
		{"agenda_item", "SELECT id, workspace_id, visibility, title AS a, notes AS b FROM agenda_items"},
		{"decision", "SELECT id, workspace_id, visibility, text AS a, '' AS b FROM decisions"},
		{"comment", "SELECT id, workspace_id, visibility, body AS a, '' AS b FROM comments"},
		{"meeting", "SELECT id, workspace_id, 'workspace' AS visibility, title AS a, location AS b FROM meetings"},
		{"goal", "SELECT id, workspace_id, 'workspace' AS visibility, title AS a, description AS b FROM goals"},
	} {
		var rows []struct {
			ID, WorkspaceID  int64
			Visibility, A, B string
		}
		must(t, q.Raw(src.query).Scan(&rows).Error)
		for _, r := range rows {
			it := &dbItem{subject: src.subject, id: r.ID, ws: r.WorkspaceID, restricted: r.Visibility == "restricted"}
			for _, text := range []string{r.A, r.B} {
				if text = strings.TrimSpace(text); len([]rune(text)) >= minMarker {
					it.texts = append(it.texts, text)
					g.texts++
				}
			}
			g.items = append(g.items, it)
		}
	}
	var evs []struct {
		ID, SubjectID      int64
		SubjectType, Scope string
	}
	must(t, q.Raw("SELECT id, subject_id, subject_type, visibility AS scope FROM events").Scan(&evs).Error)
	for _, e := range evs {
		if g.events[e.SubjectType] == nil {
			g.events[e.SubjectType] = map[int64][]dbEvent{}
		}
		g.events[e.SubjectType][e.SubjectID] = append(g.events[e.SubjectType][e.SubjectID], dbEvent{id: e.ID, restricted: e.Scope == "restricted"})
	}
	return g
}

// everVisible: org may see it now, or one of its events admitted org (as a
// member of its workspace now: the browser tests change no memberships).
func (g *truth) everVisible(org int64, it *dbItem) bool {
	if !g.members[[2]int64{it.ws, org}] {
		return false
	}
	if !it.restricted || contains(g.named[it.subject][it.id], org) {
		return true
	}
	for _, e := range g.events[it.subject][it.id] {
		if !e.restricted || contains(g.named["event"][e.id], org) {
			return true
		}
	}
	return false
}

// sharedWithVisible: the text is also (part of) a text of an item org may
// see, so finding it says nothing (an escalation titled after its source).
func (g *truth) sharedWithVisible(org int64, text string) bool {
	for _, it := range g.items {
		if !g.everVisible(org, it) {
			continue
		}
		for _, other := range it.texts {
			if strings.Contains(other, text) {
				return true
			}
		}
	}
	return false
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
