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

// wsModel is a workspace: who was a member when, whom each member
// organisation admitted when, and, for mapping the product's events back
// to the change that caused them, where its log stood after each step.
type wsModel struct {
	id         int64
	title      string
	driehoek   bool
	spans      map[int64][]span
	admissions map[int64][]admChange
	seqs       []seqMark
}

// person is someone the oracle signs in as: their organisation, the groups
// their identity provider gives them, and their name and e-mail address,
// each a unique token, so that finding one in an answer is exact.
type person struct {
	id       int64
	org      int64
	groups   []string
	name     string // "zn" and ten letters
	email    string // "ze" and ten letters, @example.nl
	shielded bool
	// admin: their organisation's organisatiebeheerder, who enters every
	// workspace it is a member of to manage admission (title and members,
	// no items unless admitted).
	admin bool
}

// admChange is an organisation's admission to a workspace from a step on:
// the people and groups it names (neither: the whole organisation).
type admChange struct {
	at     step
	users  []int64
	groups []string
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
	// names are the people by the tokens of their names and e-mail addresses.
	names map[string]*person
}

func newModel() *model {
	return &model{workspaces: map[int64]*wsModel{}, items: map[ketenhub.SubjectType]map[int64]*item{}, markers: map[string]*marker{},
		names: map[string]*person{}}
}

// markerLetters make the tokens: letters only, so that no personal-data
// check (numbers, plates) is set off and no id is mistaken for one.
const markerLetters = "abcdefghijklmnopqrstuvwxyz"

// newToken returns a fresh marker token: "zq" and ten random letters.
func (m *model) newToken(rng *rand.Rand) string {
	for {
		tok := randomToken(rng, "zq")
		if _, taken := m.markers[tok]; !taken {
			m.markers[tok] = nil // reserved until it is written
			return tok
		}
	}
}

// newPerson returns a person of org with a fresh name token ("zn" and ten
// letters) and e-mail token ("ze" and ten letters).
func (m *model) newPerson(rng *rand.Rand, org int64) *person {
	p := &person{org: org}
	for _, prefix := range []string{"zn", "ze"} {
		tok := randomToken(rng, prefix)
		for m.names[tok] != nil {
			tok = randomToken(rng, prefix)
		}
		m.names[tok] = p
		if prefix == "zn" {
			p.name = tok
		} else {
			p.email = tok
		}
	}
	return p
}

func randomToken(rng *rand.Rand, prefix string) string {
	b := []byte(prefix)
	for range 10 {
		b = append(b, markerLetters[rng.IntN(len(markerLetters))])
	}
	return string(b)
}

// tick starts the next step.
func (m *model) tick() step {
	m.now++
	return m.now
}

// addWorkspace records a new workspace.
func (m *model) addWorkspace(id int64, title string, driehoek bool) *wsModel {
	ws := &wsModel{id: id, title: title, driehoek: driehoek, spans: map[int64][]span{}, admissions: map[int64][]admChange{}}
	m.workspaces[id] = ws
	return ws
}

// join makes org a member of ws from now on; leave ends that.
func (m *model) join(ws *wsModel, org int64) {
	if !ws.member(org, m.now) {
		ws.spans[org] = append(ws.spans[org], span{from: m.now})
	}
}

// An organisation that leaves loses its admission too: a new membership
// starts open.
func (m *model) leave(ws *wsModel, org int64) {
	if s := ws.spans[org]; len(s) > 0 && s[len(s)-1].until == 0 {
		s[len(s)-1].until = m.now
	}
	if len(ws.admissions[org]) > 0 {
		m.admit(ws, org, nil, nil)
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

// admit records org's admission to ws from now on.
func (m *model) admit(ws *wsModel, org int64, users []int64, groups []string) {
	ws.admissions[org] = append(ws.admissions[org], admChange{at: m.now, users: users, groups: groups})
}

// admitted reports whether p's organisation admitted p to ws at step t:
// it named nobody, or p, or a group of p's.
func (ws *wsModel) admitted(p *person, t step) bool {
	var cur admChange
	for _, c := range ws.admissions[p.org] {
		if c.at <= t {
			cur = c
		}
	}
	if len(cur.users) == 0 && len(cur.groups) == 0 {
		return true
	}
	return slices.Contains(cur.users, p.id) || slices.ContainsFunc(p.groups, func(g string) bool { return slices.Contains(cur.groups, g) })
}

// takesPart reports whether p took part in ws at step t: their
// organisation a member, and admitting them.
func (ws *wsModel) takesPart(p *person, t step) bool {
	return ws.member(p.org, t) && ws.admitted(p, t)
}

// lostAdmission is the first step after from and up to to at which p's
// organisation, still a member of ws, no longer admitted p (0: none).
func (ws *wsModel) lostAdmission(p *person, from, to step) step {
	for t := from + 1; t <= to; t++ {
		if !ws.member(p.org, t) {
			return 0
		}
		if !ws.admitted(p, t) {
			return t
		}
	}
	return 0
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

// admitsOrg: a visibility for the whole workspace, or naming org.
func admitsOrg(vis ketenhub.Visibility, org int64) bool {
	return vis.Scope == ketenhub.ScopeWorkspace || slices.Contains(vis.Organisations, org)
}

// admits is the visibility rule for a person: the whole workspace, their
// organisation named, or they themselves.
func admits(vis ketenhub.Visibility, p *person) bool {
	return admitsOrg(vis, p.org) || slices.Contains(vis.Users, p.id)
}

// sees reports whether p may see it at step t: taking part in its
// workspace then, admitted by its visibility then, and by that of what it
// hangs under.
func (it *item) sees(p *person, t step) bool {
	return it.ws.takesPart(p, t) && it.shownAt(p, t)
}

// shownAt reports whether the item and what it hangs under existed at t
// and their visibility admitted p and p's organisation was a member: what
// p's organisation's history holds for p, whether or not p's organisation
// admitted p then (admission is asked now, not of the past).
func (it *item) shownAt(p *person, t step) bool {
	if t < it.born || !it.ws.member(p.org, t) || !admits(it.visAt(t), p) {
		return false
	}
	return it.parent == nil || it.parent.shownAt(p, t)
}

// everSaw reports whether p, taking part at t, may have received the item
// at some step up to t: it was in p's organisation's history for p then.
func (it *item) everSaw(p *person, t step) bool {
	if !it.ws.takesPart(p, t) {
		return false
	}
	for s := it.born; s <= t; s++ {
		if it.shownAt(p, s) {
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

// markerVisible reports whether p may receive the marker at step t: p
// sees the item, and the marker is in its present texts or in a version
// written while p's organisation was a member and that version's
// visibility admitted p (the history rule: history follows the
// organisation's membership; admission, like the item's present
// visibility, is asked now).
func (m *model) markerVisible(mk *marker, p *person, t step) bool {
	it := mk.item
	if !it.sees(p, t) {
		return false
	}
	if slices.Contains(it.versionAt(t), mk.token) {
		return true
	}
	for _, v := range it.versions {
		if v.at <= t && slices.Contains(v.markers, mk.token) && it.ws.member(p.org, v.at) && admits(it.visAt(v.at), p) {
			return true
		}
	}
	return false
}

// markerLeakKind says why a marker p may not receive at t was a leak:
// history when p sees the item (an old version) or could see this marker
// once (withdrawn since), content otherwise.
func (m *model) markerLeakKind(mk *marker, p *person, t step) string {
	if mk.item.sees(p, t) {
		return kindHistory
	}
	for s := mk.item.born; s < t; s++ {
		if m.markerVisible(mk, p, s) {
			return kindHistory
		}
	}
	return kindContent
}

// leakCause says, for the self-test, which person-level rule a leak of
// it to p at t broke: p not admitted by their organisation, or p not named
// in a visibility that names people; "" for any other.
func leakCause(it *item, p *person, t step) string {
	for ; it != nil; it = it.parent {
		switch vis := it.visAt(t); {
		case it.ws.member(p.org, t) && !it.ws.admitted(p, t):
			return causeNotAdmitted
		case len(vis.Users) > 0 && !admits(vis, p):
			return causeNotNamed
		}
	}
	return ""
}

// Causes of a leak at the level of persons.
const (
	causeNotAdmitted = "not admitted"
	causeNotNamed    = "not named"
)

// find returns the item of kind with id, nil if the oracle made none.
func (m *model) find(kind ketenhub.SubjectType, id int64) *item { return m.items[kind][id] }

// linkVisible reports whether p may be shown the id of it at t: p sees
// it, or it is an agenda item on the agenda of a meeting of a workspace p
// takes part in, shown in its place as "besloten agendapunt".
func linkVisible(it *item, p *person, t step) bool {
	if it.sees(p, t) {
		return true
	}
	return it.kind == ketenhub.SubjectAgendaItem && it.ws.takesPart(p, t) && it.onAgenda(t)
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
