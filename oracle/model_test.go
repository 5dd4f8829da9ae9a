package oracle_test

import (
	"math/rand/v2"
	"slices"

	"github.com/ketenhub/ketenhub"
)

// The oracle's own model of need-to-know, written from DESIGN section 3 and
// deliberately sharing no code with the policy package: a second, simple
// reading of the rules that the product must agree with.

// step is the oracle's clock: it ticks once for every change the scenario
// makes, so that the model can answer "who could see this then".
type step int

// span is a membership from a step until another (0: still a member).
type span struct{ from, until step }

// wsModel is a workspace: who was a member when, and, for mapping the
// product's events back to the change that caused them, where its log stood
// after each step.
type wsModel struct {
	id       int64
	title    string
	driehoek bool
	spans    map[int64][]span
	seqs     []seqMark
}

// seqMark says that after step at the workspace's log ended at seq.
type seqMark struct {
	at  step
	seq int64
}

// version is an item's texts after one write: the markers they carry.
type version struct {
	at      step
	markers []string
}

type visChange struct {
	at  step
	vis ketenhub.Visibility
}

type stateChange struct {
	at    step
	state ketenhub.AgendaItemState
}

// item is anything with a need-to-know: goal, meeting, action, comment,
// agenda item, decision.
type item struct {
	kind     ketenhub.SubjectType
	id       int64
	ws       *wsModel
	born     step
	parent   *item             // a comment's action, a decision's agenda item: sight needs both
	fields   map[string]string // the current marker of each text field
	versions []version
	vis      []visChange // none: the whole workspace (goals, meetings)
	states   []stateChange
	// escalated: an action put forward to the driehoek.
	escalated bool
}

func (it *item) String() string { return string(it.kind) + " " + itoa(it.id) }

// marker is a unique token in one text field of one item.
type marker struct {
	token, field string
	item         *item
}

// model is what the oracle knows of the region.
type model struct {
	now        step
	workspaces map[int64]*wsModel
	items      map[ketenhub.SubjectType]map[int64]*item
	markers    map[string]*marker
}

func newModel() *model {
	return &model{workspaces: map[int64]*wsModel{}, items: map[ketenhub.SubjectType]map[int64]*item{}, markers: map[string]*marker{}}
}

// markerLetters make the tokens: letters only, so that no personal-data
// check (numbers, plates) is set off and no id is mistaken for one.
const markerLetters = "abcdefghijklmnopqrstuvwxyz"

// newToken returns a fresh marker token: "zq" and ten random letters.
func (m *model) newToken(rng *rand.Rand) string {
	for {
		b := []byte("zq")
		for range 10 {
			b = append(b, markerLetters[rng.IntN(len(markerLetters))])
		}
		if _, taken := m.markers[string(b)]; !taken {
			m.markers[string(b)] = nil // reserved until it is written
			return string(b)
		}
	}
}

// tick starts the next step.
func (m *model) tick() step {
	m.now++
	return m.now
}

// addWorkspace records a new workspace.
func (m *model) addWorkspace(id int64, title string, driehoek bool) *wsModel {
	ws := &wsModel{id: id, title: title, driehoek: driehoek, spans: map[int64][]span{}}
	m.workspaces[id] = ws
	return ws
}

// join makes org a member of ws from now on; leave ends that.
func (m *model) join(ws *wsModel, org int64) {
	if !ws.member(org, m.now) {
		ws.spans[org] = append(ws.spans[org], span{from: m.now})
	}
}

func (m *model) leave(ws *wsModel, org int64) {
	if s := ws.spans[org]; len(s) > 0 && s[len(s)-1].until == 0 {
		s[len(s)-1].until = m.now
	}
}

// member reports whether org was a member of ws at step t.
func (ws *wsModel) member(org int64, t step) bool {
	for _, s := range ws.spans[org] {
		if s.from <= t && (s.until == 0 || t < s.until) {
			return true
		}
	}
	return false
}

// stepOf is the step whose change wrote event seq of the workspace's log.
func (ws *wsModel) stepOf(seq int64, now step) step {
	for _, mk := range ws.seqs {
		if mk.seq >= seq {
			return mk.at
		}
	}
	return now
}

// addItem records a new item with its texts (field: marker) and, for
// items that have one, its visibility.
func (m *model) addItem(kind ketenhub.SubjectType, id int64, ws *wsModel, fields map[string]string, vis *ketenhub.Visibility) *item {
	it := &item{kind: kind, id: id, ws: ws, born: m.now, fields: map[string]string{}}
	if m.items[kind] == nil {
		m.items[kind] = map[int64]*item{}
	}
	m.items[kind][id] = it
	if vis != nil {
		it.vis = []visChange{{m.now, *vis}}
	}
	m.write(it, fields)
	return it
}

// write records new texts of an item (the fields given replace theirs).
func (m *model) write(it *item, fields map[string]string) {
	for field, token := range fields {
		it.fields[field] = token
		m.markers[token] = &marker{token: token, field: field, item: it}
	}
	var all []string
	for _, token := range it.fields {
		all = append(all, token)
	}
	slices.Sort(all)
	it.versions = append(it.versions, version{m.now, all})
}

// restrict records an item's new visibility.
func (m *model) restrict(it *item, vis ketenhub.Visibility) {
	it.vis = append(it.vis, visChange{m.now, vis})
}

// setState records an agenda item's new state.
func (m *model) setState(it *item, st ketenhub.AgendaItemState) {
	it.states = append(it.states, stateChange{m.now, st})
}

// visAt is an item's visibility at step t. A decision always has its
// agenda item's; goals and meetings are for the whole workspace.
func (it *item) visAt(t step) ketenhub.Visibility {
	if it.kind == ketenhub.SubjectDecision {
		return it.parent.visAt(t)
	}
	vis := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	for _, c := range it.vis {
		if c.at <= t {
			vis = c.vis
		}
	}
	return vis
}

// onAgenda reports whether an agenda item was on its meeting's agenda at t.
func (it *item) onAgenda(t step) bool {
	var st ketenhub.AgendaItemState
	for _, c := range it.states {
		if c.at <= t {
			st = c.state
		}
	}
	return st == ketenhub.ItemAccepted || st == ketenhub.ItemDiscussed
}

// admits is the visibility rule: the whole workspace, or named.
func admits(vis ketenhub.Visibility, org int64) bool {
	return vis.Scope == ketenhub.ScopeWorkspace || slices.Contains(vis.Organisations, org)
}

// sees reports whether org may see it at step t: a member then, admitted by
// its visibility then, and by that of what it hangs under.
func (it *item) sees(org int64, t step) bool {
	if t < it.born || !it.ws.member(org, t) || !admits(it.visAt(t), org) {
		return false
	}
	return it.parent == nil || it.parent.sees(org, t)
}

// everSaw reports whether org could see it at some step up to t.
func (it *item) everSaw(org int64, t step) bool {
	for s := it.born; s <= t; s++ {
		if it.sees(org, s) {
			return true
		}
	}
	return false
}

// versionAt is the item's texts at step t.
func (it *item) versionAt(t step) []string {
	var cur []string
	for _, v := range it.versions {
		if v.at <= t {
			cur = v.markers
		}
	}
	return cur
}

// markerVisible reports whether org may receive the marker at step t: it
// sees the item, and the marker is in its present texts or in a version
// written while org was a member and admitted (the history rule).
func (m *model) markerVisible(mk *marker, org int64, t step) bool {
	it := mk.item
	if !it.sees(org, t) {
		return false
	}
	if slices.Contains(it.versionAt(t), mk.token) {
		return true
	}
	for _, v := range it.versions {
		if v.at <= t && slices.Contains(v.markers, mk.token) && it.ws.member(org, v.at) && admits(it.visAt(v.at), org) {
			return true
		}
	}
	return false
}

// markerLeakKind says why a marker org may not receive at t was a leak:
// history when org sees the item (an old version) or could see this marker
// once (withdrawn since), content otherwise.
func (m *model) markerLeakKind(mk *marker, org int64, t step) string {
	if mk.item.sees(org, t) {
		return kindHistory
	}
	for s := mk.item.born; s < t; s++ {
		if m.markerVisible(mk, org, s) {
			return kindHistory
		}
	}
	return kindContent
}

// find returns the item of kind with id, nil if the oracle made none.
func (m *model) find(kind ketenhub.SubjectType, id int64) *item { return m.items[kind][id] }

// linkVisible reports whether org may be shown the id of it at t: it sees
// it, or it is an agenda item on the agenda of a meeting of org's
// workspace, shown in its place as "besloten agendapunt".
func linkVisible(it *item, org int64, t step) bool {
	if it.sees(org, t) {
		return true
	}
	return it.kind == ketenhub.SubjectAgendaItem && it.ws.member(org, t) && it.onAgenda(t)
}

// byKind lists the model's items of a kind in id order.
func (m *model) byKind(kind ketenhub.SubjectType) []*item {
	var out []*item
	for _, it := range m.items[kind] {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b *item) int { return int(a.id - b.id) })
	return out
}
