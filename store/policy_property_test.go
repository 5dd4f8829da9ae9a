package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"gorm.io/gorm"
)

const (
	policySeedBase = 20260302 // change to explore; a failure names the world's seed
	policyWorlds   = 30       // random worlds per database kind
)

// unknownRoles are role strings a database might hold but the policy does
// not know; they must count as no role at all.
var unknownRoles = []string{"beheerder", "Regisseur", "owner", "regisseur ", ""}

// world is one random arrangement of organisations, their people,
// workspaces, memberships, admissions, actions and events, as inserted.
type policyWorld struct {
	orgs       []int64
	users      []worldUser
	workspaces []int64
	roles      map[[2]int64]string // (workspace, organisation) → role string as stored
	admitted   map[[2]int64]admitted
	items      map[ketenhub.SubjectType][]item
	visible    map[visKey][]int64 // the visible_orgs rows, adversarial ones included
	visibleTo  map[visKey][]int64 // the visible_users rows, adversarial ones included
	lastSeq    map[int64]int64    // per workspace, for events
	refused    map[string]bool    // adversarial values the schema would not store
}

// worldUser is a person of the world: their id, organisation and IdP groups
// (the user_groups rows).
type worldUser struct {
	id     int64
	org    int64
	groups []string
}

// viewer is u signed in as themselves.
func (u worldUser) viewer() ketenhub.Viewer {
	return ketenhub.Viewer{UserID: u.id, OrganisationID: u.org, Groups: u.groups}
}

// admitted is the admitted_users and admitted_groups rows of one
// (workspace, organisation), adversarial ones included: a user of another
// organisation, a group nobody is in.
type admitted struct {
	users  []int64
	groups []string
}

// item is an action or event row: its id, workspace and visibility scope;
// for an event also its sequence number and the action it is about.
type item struct {
	id          int64
	workspaceID int64
	scope       ketenhub.Scope
	seq         int64
	subjectID   int64
	linked      int64 // an action the event's payload names, 0 for none
}

// visKey names the subject of visible_orgs and visible_users rows.
type visKey struct {
	subject ketenhub.SubjectType
	id      int64
}

// visibilityOf is the visibility of an item as the realtime filter would
// build it: its scope, and the organisations and people that visible_orgs
// and visible_users name for it.
func (w *policyWorld) visibilityOf(subject ketenhub.SubjectType, it item) ketenhub.Visibility {
	k := visKey{subject, it.id}
	return ketenhub.Visibility{Scope: it.scope, Organisations: w.visible[k], Users: w.visibleTo[k]}
}

// roleOf is the role of org in workspace ws as the policy should read it:
// RoleNone for no membership or a role string it does not know.
func (w *policyWorld) roleOf(org, ws int64) ketenhub.Role {
	r := ketenhub.Role(w.roles[[2]int64{ws, org}])
	if !r.Valid() {
		return ketenhub.RoleNone
	}
	return r
}

// admissionOf is who of org take part in ws, from the world's own record
// of the rows it inserted (not from the store's reading of them).
func (w *policyWorld) admissionOf(org, ws int64) ketenhub.Admission {
	a := w.admitted[[2]int64{ws, org}]
	return ketenhub.Admission{WorkspaceID: ws, OrganisationID: org, Users: a.users, Groups: a.groups,
		Open: len(a.users) == 0 && len(a.groups) == 0}
}

// open reports whether org names nobody in ws, and so admits all its people.
func (w *policyWorld) open(org, ws int64) bool {
	a := w.admitted[[2]int64{ws, org}]
	return len(a.users) == 0 && len(a.groups) == 0
}

// takesPart reports whether the person user of organisation org, in the
// given groups, takes part in ws: org is a member and names nobody, or
// names them, or names one of their groups. Written out here rather than
// through Admission.Admits, so that the linked audience below does not
// lean on the code under test.
func (w *policyWorld) takesPart(user, org int64, groups []string, ws int64) bool {
	if !w.roleOf(org, ws).Valid() {
		return false
	}
	a := w.admitted[[2]int64{ws, org}]
	return w.open(org, ws) || slices.Contains(a.users, user) ||
		slices.ContainsFunc(groups, func(g string) bool { return slices.Contains(a.groups, g) })
}

// memberOf is how org stands in workspace ws, as stored.
func (w *policyWorld) memberOf(org, ws int64) ketenhub.Member {
	stored, ok := w.roles[[2]int64{ws, org}]
	if !ok {
		return ketenhub.Member{}
	}
	return ketenhub.Member{Role: w.roleOf(org, ws), Since: int64(len(stored)) % 7, Admission: w.admissionOf(org, ws)}
}

// currentOf is what the subject of event it looks like now: the visibility
// of the action it is about, if there is such an action, and the audience
// of the action it links to.
func (w *policyWorld) currentOf(it item) []ketenhub.Visibility {
	var out []ketenhub.Visibility
	for _, a := range w.items[ketenhub.SubjectAction] {
		if a.id == it.subjectID {
			out = append(out, w.visibilityOf(ketenhub.SubjectAction, a))
		}
		if a.id == it.linked {
			out = append(out, w.audienceOf(a))
		}
	}
	return out
}

// audienceOf is who may see linked action a now, as a restricted
// visibility: the people taking part in a's own workspace whom a's
// visibility admits. Organisations are the members that admit all their
// people and that a's visibility admits; Users are the people admitted by
// the other members whom it admits (their organisation named, or
// themselves), and the people it names whose organisation admits everyone.
func (w *policyWorld) audienceOf(a item) ketenhub.Visibility {
	vis := w.visibilityOf(ketenhub.SubjectAction, a)
	whole, restricted := vis.Scope == ketenhub.ScopeWorkspace, vis.Scope == ketenhub.ScopeRestricted
	audience := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}
	for _, org := range w.orgs {
		if w.roleOf(org, a.workspaceID).Valid() && w.open(org, a.workspaceID) && (whole || (restricted && slices.Contains(vis.Organisations, org))) {
			audience.Organisations = append(audience.Organisations, org)
		}
	}
	for _, u := range w.users {
		if !w.takesPart(u.id, u.org, u.groups, a.workspaceID) {
			continue
		}
		named := restricted && slices.Contains(vis.Users, u.id)
		if named || (!w.open(u.org, a.workspaceID) && (whole || (restricted && slices.Contains(vis.Organisations, u.org)))) {
			audience.Users = append(audience.Users, u.id)
		}
	}
	return audience
}

// seen is the in-memory decision: Sight.Admits for an action,
// Sight.AdmitsEvent for an event.
func (w *policyWorld) seen(s ketenhub.Sight, subject ketenhub.SubjectType, it item) bool {
	if subject == ketenhub.SubjectEvent {
		return s.AdmitsEvent(&ketenhub.Event{Seq: it.seq, Visibility: w.visibilityOf(subject, it), Current: w.currentOf(it)})
	}
	return s.Admits(w.visibilityOf(subject, it))
}

// The policy agreement property (DESIGN section 3): on random data, the SQL
// filters the store builds from a Sight (AdmitsSQL, VisibleEvents) select
// exactly the rows that the in-memory Sight.Admits and Sight.AdmitsEvent
// admit, for every viewer. REST lists use the first, the realtime filter the
// second; if they ever disagree, someone sees over the websocket what the
// list hides from them, or the other way round.
func TestPolicyAgreement(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		db := MustOpenDB(t, dbConfig(t, kind))
		cov := &coverage{pairs: map[string]int{}, refused: map[string]bool{}}
		for i := range policyWorlds {
			seed := uint64(policySeedBase) + uint64(i)
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				checkWorld(t, db, seed, cov)
			})
		}
		cov.check(t)
	})
}

// coverage counts the (viewer, row) pairs of every kind the worlds made, so
// that the test fails if the random data stops exercising a rule.
type coverage struct {
	pairs   map[string]int
	refused map[string]bool // adversarial values the schema would not store
}

// note records why the in-memory sight s of viewer v decided as it did
// for one pair.
func (c *coverage) note(w *policyWorld, v ketenhub.Viewer, s ketenhub.Sight, subject ketenhub.SubjectType, it item, seen bool) {
	org, ws := v.OrganisationID, it.workspaceID
	stored, member := w.roles[[2]int64{ws, org}]
	vis := w.visibilityOf(subject, it)
	m := w.memberOf(org, ws)
	takesPart := w.takesPart(v.UserID, org, v.Groups, ws)
	named := vis.Scope == ketenhub.ScopeRestricted && (slices.Contains(vis.Organisations, org) || slices.Contains(vis.Users, v.UserID))
	ownAdmits := vis.Scope == ketenhub.ScopeWorkspace || named
	event := subject == ketenhub.SubjectEvent
	reason := "hidden: not a member"
	switch {
	case !seen && event && takesPart && it.seq < m.Since:
		reason = "hidden: before the membership"
	case !seen && event && takesPart && ownAdmits && w.refusedByLinkedWorkspace(v, s, it):
		reason = "hidden: a linked action's workspace does not admit the person"
	case !seen && event && takesPart && ownAdmits && it.linked != 0:
		reason = "hidden: a linked subject is out of sight now"
	case !seen && event && takesPart && ownAdmits && len(w.currentOf(it)) > 0:
		reason = "hidden: the subject is out of sight now"
	case seen && vis.Scope == ketenhub.ScopeWorkspace:
		reason = "seen: whole workspace"
	case seen && slices.Contains(vis.Organisations, org):
		reason = "seen: named in restricted"
	case seen:
		reason = "seen: named as a person"
	case member && !ketenhub.Role(stored).Valid():
		reason = "hidden: unknown role"
	case m.Role.Valid() && !takesPart && w.admittedUnderOther(v, ws, false):
		reason = "hidden: admitted only under another organisation"
	case m.Role.Valid() && !takesPart && w.admittedUnderOther(v, ws, true):
		reason = "hidden: in a group only another organisation admits"
	case m.Role.Valid() && !takesPart:
		reason = "hidden: not admitted"
	case vis.Scope != ketenhub.ScopeWorkspace && vis.Scope != ketenhub.ScopeRestricted && member:
		reason = "hidden: unknown scope"
	case vis.Scope == ketenhub.ScopeRestricted && len(vis.Organisations) == 0 && len(vis.Users) == 0:
		reason = "hidden: restricted to nobody"
	case vis.Scope == ketenhub.ScopeRestricted && w.namedUnderOtherSubject(subject, it.id, v):
		reason = "hidden: named only under another subject type"
	case vis.Scope == ketenhub.ScopeRestricted && member:
		reason = "hidden: restricted, not named"
	case named:
		reason = "hidden: named but not a member"
	}
	if v.IsBeheerder() {
		reason += " (beheerder)"
	}
	c.pairs[string(subject)+" "+reason]++
	if a, ok := w.action(it.linked); ok && strings.HasPrefix(reason, "hidden: a linked action's workspace") {
		// Counted besides: the adversarial admissions the SQL must see through.
		if w.admittedUnderOther(v, a.workspaceID, true) {
			c.pairs[string(subject)+" hidden: a linked action's workspace admits the person only under another organisation"]++
		}
		if adm := w.admissionOf(org, a.workspaceID); len(adm.Users) == 0 {
			c.pairs[string(subject)+" hidden: a linked action's workspace admits only groups the person is not in"]++
		}
	}
	if seen && !m.Admission.Open && !slices.Contains(m.Admission.Users, v.UserID) {
		c.pairs[string(subject)+" seen: admitted by group"]++ // counted besides the reason above
	}
}

// refusedByLinkedWorkspace reports whether event it is kept from viewer v
// (sight s) only because v does not take part in the workspace of the
// action it links to: its subject admits v, the linked action's visibility
// admits v, v's organisation is a member there, but does not admit v.
func (w *policyWorld) refusedByLinkedWorkspace(v ketenhub.Viewer, s ketenhub.Sight, it item) bool {
	if it.linked == 0 {
		return false
	}
	for _, a := range w.items[ketenhub.SubjectAction] {
		if a.id == it.subjectID && !s.Admits(w.visibilityOf(ketenhub.SubjectAction, a)) {
			return false
		}
	}
	a, _ := w.action(it.linked)
	vis := w.visibilityOf(ketenhub.SubjectAction, a)
	admits := vis.Scope == ketenhub.ScopeWorkspace ||
		(vis.Scope == ketenhub.ScopeRestricted && (slices.Contains(vis.Organisations, v.OrganisationID) || slices.Contains(vis.Users, v.UserID)))
	return admits && w.roleOf(v.OrganisationID, a.workspaceID).Valid() && !w.takesPart(v.UserID, v.OrganisationID, v.Groups, a.workspaceID)
}

// action returns the action with the given id.
func (w *policyWorld) action(id int64) (item, bool) {
	for _, a := range w.items[ketenhub.SubjectAction] {
		if a.id == id {
			return a, true
		}
	}
	return item{}, false
}

// admittedUnderOther reports whether an admitted_users row names person v
// in ws under another organisation than theirs, or, if byGroup, an
// admitted_groups row of another organisation names one of v's groups:
// adversarial, neither must admit them.
func (w *policyWorld) admittedUnderOther(v ketenhub.Viewer, ws int64, byGroup bool) bool {
	for k, a := range w.admitted {
		if k[0] != ws || k[1] == v.OrganisationID {
			continue
		}
		if slices.Contains(a.users, v.UserID) ||
			(byGroup && slices.ContainsFunc(v.Groups, func(g string) bool { return slices.Contains(a.groups, g) })) {
			return true
		}
	}
	return false
}

// check fails the test for every kind of pair no world produced. Unknown
// roles and scopes are excused when the schema itself refuses them.
func (c *coverage) check(t *testing.T) {
	t.Helper()
	excused := map[string]bool{"hidden: unknown role": false, "hidden: unknown scope": false}
	for k := range c.refused {
		excused["hidden: unknown role"] = excused["hidden: unknown role"] || strings.HasPrefix(k, "role ")
		excused["hidden: unknown scope"] = excused["hidden: unknown scope"] || strings.HasPrefix(k, "scope ")
	}
	for _, reason := range []string{
		"hidden: before the membership", "hidden: the subject is out of sight now", "hidden: a linked subject is out of sight now",
		"hidden: a linked action's workspace does not admit the person",
		"hidden: a linked action's workspace admits the person only under another organisation",
		"hidden: a linked action's workspace admits only groups the person is not in",
	} {
		if c.pairs[string(ketenhub.SubjectEvent)+" "+reason] == 0 {
			t.Errorf("no event pair of the kind %q: the random worlds no longer cover this rule", reason)
		}
	}
	for _, subject := range []ketenhub.SubjectType{ketenhub.SubjectAction, ketenhub.SubjectEvent} {
		for _, reason := range []string{
			"seen: whole workspace", "seen: named in restricted", "hidden: not a member", "hidden: unknown role",
			"hidden: restricted to nobody", "hidden: named only under another subject type",
			"hidden: restricted, not named", "hidden: named but not a member", "hidden: unknown scope",
			"seen: whole workspace (beheerder)", "hidden: not a member (beheerder)",
			"seen: named as a person", "seen: admitted by group", "hidden: not admitted",
			"hidden: admitted only under another organisation", "hidden: in a group only another organisation admits",
		} {
			if c.pairs[string(subject)+" "+reason] == 0 && !excused[reason] {
				t.Errorf("no %s pair of the kind %q: the random worlds no longer cover this rule", subject, reason)
			}
		}
	}
	t.Logf("pairs checked: %v", c.pairs)
	if len(c.refused) > 0 {
		t.Logf("adversarial values the schema refused: %v", slices.Sorted(maps.Keys(c.refused)))
	}
}

// errRollback ends a world's transaction so that the next world starts empty.
var errRollback = errors.New("rollback")

func checkWorld(t *testing.T, db *store.DB, seed uint64, cov *coverage) {
	t.Logf("world seed %d (rerun alone with -run 'TestPolicyAgreement/.*/seed=%d$')", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x6b6574656e687562))
	err := db.Gorm().WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		w := buildWorld(t, tx, rng)
		maps.Copy(cov.refused, w.refused)
		for _, v := range viewersOf(w) {
			for _, subject := range []ketenhub.SubjectType{ketenhub.SubjectAction, ketenhub.SubjectEvent} {
				compareFilters(t, tx, w, v, subject, cov)
			}
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("world transaction: %v", err)
	}
}

// viewersOf lists every person of w as themselves, the first person of
// each organisation also as a beheerder, and a person of an organisation
// that exists nowhere, as both.
func viewersOf(w *policyWorld) []ketenhub.Viewer {
	var vs []ketenhub.Viewer
	beheerder := map[int64]bool{}
	maxUser := int64(0)
	for _, u := range w.users {
		vs = append(vs, u.viewer())
		if !beheerder[u.org] {
			beheerder[u.org] = true
			b := u.viewer()
			b.PlatformRole = ketenhub.PlatformRoleBeheerder
			vs = append(vs, b)
		}
		maxUser = max(maxUser, u.id)
	}
	stranger := ketenhub.Viewer{UserID: maxUser + 1000, OrganisationID: slices.Max(w.orgs) + 1000, Groups: groupNames}
	beheerderStranger := stranger
	beheerderStranger.PlatformRole = ketenhub.PlatformRoleBeheerder
	return append(vs, stranger, beheerderStranger)
}

// compareFilters checks that the SQL filter and the in-memory one pick the
// same rows.
func compareFilters(t *testing.T, tx *gorm.DB, w *policyWorld, v ketenhub.Viewer, subject ketenhub.SubjectType, cov *coverage) {
	t.Helper()
	var p policy.Policy
	table := tableOf(subject)
	var got, want []int64
	for _, ws := range w.workspaces {
		sight := p.Sight(v, w.memberOf(v.OrganisationID, ws))
		q := tx.Table(table).Where(table+".workspace_id = ?", ws)
		if subject == ketenhub.SubjectEvent {
			q = store.VisibleEvents(q, sight)
		} else {
			cond, args := store.AdmitsSQL(sight, table, subject)
			q = q.Where(cond, args...)
		}
		var ids []int64
		if err := q.Order(table+".id").Pluck(table+".id", &ids).Error; err != nil {
			t.Fatalf("%s filter for %+v: %v", table, v, err)
		}
		got = append(got, ids...)
		for _, it := range w.items[subject] {
			if it.workspaceID != ws {
				continue
			}
			seen := w.seen(sight, subject, it)
			if seen {
				want = append(want, it.id)
			}
			cov.note(w, v, sight, subject, it, seen)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s visible to %+v:\n  SQL    %v\n  memory %v\n%s",
			table, v, got, want, explainDiff(w, v, subject, got, want))
	}
}

// explainDiff describes each row on which the two filters disagree.
func explainDiff(w *policyWorld, v ketenhub.Viewer, subject ketenhub.SubjectType, got, want []int64) string {
	var b strings.Builder
	byID := map[int64]item{}
	for _, it := range w.items[subject] {
		byID[it.id] = it
	}
	standing := func(ws int64) string {
		return fmt.Sprintf("role %q (stored %q), admission %+v, takes part %v", w.roleOf(v.OrganisationID, ws),
			w.roles[[2]int64{ws, v.OrganisationID}], w.admissionOf(v.OrganisationID, ws), w.takesPart(v.UserID, v.OrganisationID, v.Groups, ws))
	}
	describe := func(which string, id int64) {
		it := byID[id]
		fmt.Fprintf(&b, "  %s only: %s %d in workspace %d, visibility %+v; viewer: %s",
			which, subject, id, it.workspaceID, w.visibilityOf(subject, it), standing(it.workspaceID))
		if w.namedUnderOtherSubject(subject, id, v) {
			fmt.Fprintf(&b, "; visible_orgs or visible_users names the viewer for id %d under another subject type", id)
		}
		if subject == ketenhub.SubjectEvent {
			fmt.Fprintf(&b, "; seq %d, about action %d, now %+v", it.seq, it.subjectID, w.currentOf(it))
			if a, ok := w.action(it.linked); ok {
				fmt.Fprintf(&b, "; links action %d in workspace %d, visibility %+v, where the viewer has %s",
					a.id, a.workspaceID, w.visibilityOf(ketenhub.SubjectAction, a), standing(a.workspaceID))
			}
		}
		b.WriteString("\n")
	}
	for _, id := range got {
		if !slices.Contains(want, id) {
			describe("SQL", id)
		}
	}
	for _, id := range want {
		if !slices.Contains(got, id) {
			describe("memory", id)
		}
	}
	return b.String()
}

// namedUnderOtherSubject reports whether a visible_orgs row names v's
// organisation, or a visible_users row v, for id under a subject type
// other than subject.
func (w *policyWorld) namedUnderOtherSubject(subject ketenhub.SubjectType, id int64, v ketenhub.Viewer) bool {
	for k, orgs := range w.visible {
		if k.id == id && k.subject != subject && slices.Contains(orgs, v.OrganisationID) {
			return true
		}
	}
	for k, users := range w.visibleTo {
		if k.id == id && k.subject != subject && slices.Contains(users, v.UserID) {
			return true
		}
	}
	return false
}

func tableOf(subject ketenhub.SubjectType) string {
	switch subject {
	case ketenhub.SubjectAction:
		return "actions"
	case ketenhub.SubjectEvent:
		return "events"
	}
	panic("no table for " + subject)
}
