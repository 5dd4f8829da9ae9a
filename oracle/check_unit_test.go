package oracle_test

import (
	"net/http"
	"testing"
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
	const a, b = 1, 2
	m := newModel()
	ws := m.addWorkspace(7, "Ondermijning", false)
	m.tick()
	m.join(ws, a)
	m.tick()
	it := m.addItem("action", 3, ws, map[string]string{"title": "zqold", "description": "zqdesc"}, open)
	m.tick()
	m.join(ws, b) // b joins later
	m.tick()
	m.write(it, map[string]string{"title": "zqnew"})
	visible := func(token string, org int64) bool { return m.markerVisible(m.markers[token], org, m.now) }
	for _, tc := range []struct {
		token string
		org   int64
		want  bool
	}{
		{"zqold", a, true},  // a was a member when it was written
		{"zqold", b, false}, // b joined after: the present, not the past
		{"zqnew", b, true},  // the present
		{"zqdesc", b, true}, // unchanged, so present
	} {
		if got := visible(tc.token, tc.org); got != tc.want {
			t.Errorf("%s for %d = %v, want %v", tc.token, tc.org, got, tc.want)
		}
	}
	if got := m.markerLeakKind(m.markers["zqold"], b, m.now); got != kindHistory {
		t.Errorf("old title to the late joiner is %s, want %s", got, kindHistory)
	}
	m.tick()
	m.restrict(it, *only(b))
	if visible("zqold", a) || visible("zqnew", a) {
		t.Error("restricted away from a, its history must be withdrawn")
	}
	if got := m.markerLeakKind(m.markers["zqnew"], a, m.now); got != kindHistory {
		t.Errorf("withdrawn title is %s, want %s", got, kindHistory)
	}
}
