package oracle_test

import (
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestExistenceComparison: answers for a hidden id and a missing one are the
// same when they differ only in the id asked and the request id, and differ
// in status, body or a header that matters.
func TestExistenceComparison(t *testing.T) {
	answer := func(status int, id, extra string) *response {
		h := http.Header{"Content-Type": {"application/problem+json"}, "X-Request-Id": {"r" + id}, "Date": {id}}
		return &response{status: status, header: h, body: []byte(`{"code":"not_found","detail":"Actie ` + id + ` bestaat niet` + extra + `","request_id":"r` + id + `"}`)}
	}
	for _, tc := range []struct {
		name   string
		hidden *response
		same   bool
	}{
		{"same but for the id", answer(404, "12", ""), true},
		{"another status", answer(403, "12", ""), false},
		{"another text", answer(404, "12", " of is niet van u"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := &findings{}
			c := &checker{m: newModel(), fs: fs}
			c.compareExistence(&viewer{name: "politie"}, "GET", "action 12", nil, tc.hidden, "12", answer(404, noneID, ""), noneID)
			if got := len(fs.all()) == 0; got != tc.same {
				t.Errorf("same = %v, want %v: %v", got, tc.same, fs.all())
			}
		})
	}
}

// TestModelHistoryRule pins the oracle's reading of DESIGN section 3: the
// present for whoever sees the item, the past only for whoever was a member
// and admitted then, nothing once the item is restricted away from them.
func TestModelHistoryRule(t *testing.T) {
	a, b := &person{id: 11, org: 1}, &person{id: 12, org: 2}
	m := newModel()
	ws := m.addWorkspace(7, "Ondermijning", false)
	m.tick()
	m.join(ws, a.org)
	m.tick()
	it := m.addItem("action", 3, ws, map[string]string{"title": "zqold", "description": "zqdesc"}, open)
	m.tick()
	m.join(ws, b.org) // b joins later
	m.tick()
	m.write(it, map[string]string{"title": "zqnew"})
	visible := func(token string, p *person) bool { return m.markerVisible(m.markers[token], p, m.now) }
	for _, tc := range []struct {
		token string
		p     *person
		want  bool
	}{
		{"zqold", a, true},  // a was a member when it was written
		{"zqold", b, false}, // b joined after: the present, not the past
		{"zqnew", b, true},  // the present
		{"zqdesc", b, true}, // unchanged, so present
	} {
		if got := visible(tc.token, tc.p); got != tc.want {
			t.Errorf("%s for %d = %v, want %v", tc.token, tc.p.id, got, tc.want)
		}
	}
	if got := m.markerLeakKind(m.markers["zqold"], b, m.now); got != kindHistory {
		t.Errorf("old title to the late joiner is %s, want %s", got, kindHistory)
	}
	m.tick()
	m.restrict(it, *only(b.org))
	if visible("zqold", a) || visible("zqnew", a) {
		t.Error("restricted away from a, its history must be withdrawn")
	}
	if got := m.markerLeakKind(m.markers["zqnew"], a, m.now); got != kindHistory {
		t.Errorf("withdrawn title is %s, want %s", got, kindHistory)
	}
}

// TestModelPersonRule pins the oracle's reading of admission and of items
// naming people: a person sees a workspace's items only while their
// organisation admits them (open, by name, or by one of their groups, of
// their own organisation's admission only), and an item naming people only
// if their organisation or they themselves are named.
func TestModelPersonRule(t *testing.T) {
	const gemeente, politie = 1, 2
	writer := &person{id: 10, org: politie, groups: teams}
	jeugd := &person{id: 11, org: politie, groups: []string{"Team Jeugd"}}
	loner := &person{id: 12, org: politie}
	other := &person{id: 20, org: gemeente, groups: []string{"Team Jeugd"}}
	m := newModel()
	ws := m.addWorkspace(7, "Jeugd", false)
	m.tick()
	m.join(ws, gemeente)
	m.join(ws, politie)
	everyone := m.addItem("action", 1, ws, map[string]string{"title": "zqopen"}, open)
	named := m.addItem("action", 2, ws, map[string]string{"title": "zqnamed"},
		&ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Users: []int64{loner.id, writer.id}})
	sees := func(it *item, p *person) bool { return it.sees(p, m.now) }
	for _, p := range []*person{writer, jeugd, loner, other} {
		if !sees(everyone, p) {
			t.Errorf("open admission: person %d must see the open item", p.id)
		}
	}
	if sees(named, jeugd) || sees(named, other) || !sees(named, loner) {
		t.Error("an item naming people is seen by them only")
	}
	m.tick()
	m.admit(ws, politie, []int64{writer.id}, []string{"Team Jeugd"})
	m.admit(ws, gemeente, []int64{}, []string{"Team Ondermijning"})
	if !sees(everyone, jeugd) || sees(everyone, loner) || !sees(everyone, writer) {
		t.Error("admission by name and group: the writer and the Team Jeugd member take part, the loner not")
	}
	if sees(named, loner) {
		t.Error("a named person who no longer takes part sees nothing")
	}
	if sees(everyone, other) {
		t.Error("another organisation's admission of a group of the same name admits nobody of the gemeente")
	}
	if got := leakCause(named, loner, m.now); got != causeNotAdmitted {
		t.Errorf("cause %q, want %q", got, causeNotAdmitted)
	}
	if got := leakCause(named, jeugd, m.now); got != causeNotNamed {
		t.Errorf("cause %q, want %q", got, causeNotNamed)
	}
	if lost := ws.lostAdmission(loner, 1, m.now); lost != m.now {
		t.Errorf("loner lost the workspace at %d, want %d", lost, m.now)
	}
}
