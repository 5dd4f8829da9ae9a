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

// world is one random arrangement of organisations, workspaces, memberships,
// actions and events, as inserted.
type policyWorld struct {
	orgs       []int64
	workspaces []int64
	roles      map[[2]int64]string // (workspace, organisation) → role string as stored
	items      map[ketenhub.SubjectType][]item
	visible    map[visKey][]int64 // the visible_orgs rows, adversarial ones included
	lastSeq    map[int64]int64    // per workspace, for events
	refused    map[string]bool    // adversarial values the schema would not store
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

// visKey names the subject of visible_orgs rows.
type visKey struct {
	subject ketenhub.SubjectType
	id      int64
}

// visibilityOf is the visibility of an item as the realtime filter would
// build it: its scope, and the organisations that visible_orgs names for it.
func (w *policyWorld) visibilityOf(subject ketenhub.SubjectType, it item) ketenhub.Visibility {
	return ketenhub.Visibility{Scope: it.scope, Organisations: w.visible[visKey{subject, it.id}]}
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

// memberOf is how org stands in workspace ws, as stored.
func (w *policyWorld) memberOf(org, ws int64) ketenhub.Member {
	stored, ok := w.roles[[2]int64{ws, org}]
	if !ok {
		return ketenhub.Member{}
	}
	return ketenhub.Member{Role: w.roleOf(org, ws), Since: int64(len(stored)) % 7}
}

// currentOf is what the subject of event it looks like now: the visibility
// of the action it names, none if there is no such action.
// A linked action counts as restricted to the members of its own workspace
// that its visibility admits.
func (w *policyWorld) currentOf(it item) []ketenhub.Visibility {
	var out []ketenhub.Visibility
	for _, a := range w.items[ketenhub.SubjectAction] {
		if a.id == it.subjectID {
			out = append(out, w.visibilityOf(ketenhub.SubjectAction, a))
		}
		if a.id == it.linked {
			vis := w.visibilityOf(ketenhub.SubjectAction, a)
			audience := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}
			for _, org := range w.orgs {
				if w.roleOf(org, a.workspaceID).Valid() && (vis.Scope == ketenhub.ScopeWorkspace || (vis.Scope == ketenhub.ScopeRestricted && vis.Includes(org))) {
					audience.Organisations = append(audience.Organisations, org)
				}
			}
			out = append(out, audience)
		}
	}
	return out
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

// note records why the in-memory sight decided as it did for one pair.
func (c *coverage) note(w *policyWorld, v ketenhub.Viewer, subject ketenhub.SubjectType, it item, seen bool) {
	stored, member := w.roles[[2]int64{it.workspaceID, v.OrganisationID}]
	vis := w.visibilityOf(subject, it)
	reason := "hidden: not a member"
	m := w.memberOf(v.OrganisationID, it.workspaceID)
	switch {
	case !seen && subject == ketenhub.SubjectEvent && member && m.Role.Valid() && it.seq < m.Since:
		reason = "hidden: before the membership"
	case !seen && subject == ketenhub.SubjectEvent && member && m.Role.Valid() && (vis.Scope == ketenhub.ScopeWorkspace || vis.Includes(v.OrganisationID)) && vis.Scope != "" && it.linked != 0:
		reason = "hidden: a linked subject is out of sight now"
	case !seen && subject == ketenhub.SubjectEvent && member && m.Role.Valid() && (vis.Scope == ketenhub.ScopeWorkspace || vis.Includes(v.OrganisationID)) && vis.Scope != "" && len(w.currentOf(it)) > 0:
		reason = "hidden: the subject is out of sight now"
	case seen && vis.Scope == ketenhub.ScopeWorkspace:
		reason = "seen: whole workspace"
	case seen:
		reason = "seen: named in restricted"
	case member && !ketenhub.Role(stored).Valid():
		reason = "hidden: unknown role"
	case vis.Scope != ketenhub.ScopeWorkspace && vis.Scope != ketenhub.ScopeRestricted && member:
		reason = "hidden: unknown scope"
	case vis.Scope == ketenhub.ScopeRestricted && len(vis.Organisations) == 0:
		reason = "hidden: restricted to nobody"
	case vis.Scope == ketenhub.ScopeRestricted && w.namedUnderOtherSubject(subject, it.id, v.OrganisationID):
		reason = "hidden: named only under another subject type"
	case vis.Scope == ketenhub.ScopeRestricted && member:
		reason = "hidden: restricted, not named"
	case vis.Scope == ketenhub.ScopeRestricted && vis.Includes(v.OrganisationID):
		reason = "hidden: named but not a member"
	}
	if v.IsBeheerder() {
		reason += " (beheerder)"
	}
	c.pairs[string(subject)+" "+reason]++
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
	for _, reason := range []string{"hidden: before the membership", "hidden: the subject is out of sight now", "hidden: a linked subject is out of sight now"} {
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

// viewersOf lists every organisation of w as an ordinary viewer and as a
// beheerder, plus a viewer of an organisation that exists nowhere.
func viewersOf(w *policyWorld) []ketenhub.Viewer {
	var vs []ketenhub.Viewer
	for i, org := range w.orgs {
		vs = append(vs,
			ketenhub.Viewer{UserID: int64(1000 + i), OrganisationID: org},
			ketenhub.Viewer{UserID: int64(2000 + i), OrganisationID: org, PlatformRole: ketenhub.PlatformRoleBeheerder})
	}
	stranger := slices.Max(w.orgs) + 1000
	return append(vs,
		ketenhub.Viewer{UserID: 3000, OrganisationID: stranger},
		ketenhub.Viewer{UserID: 3001, OrganisationID: stranger, PlatformRole: ketenhub.PlatformRoleBeheerder})
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
			cov.note(w, v, subject, it, seen)
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
	describe := func(which string, id int64) {
		it := byID[id]
		fmt.Fprintf(&b, "  %s only: %s %d in workspace %d, visibility %+v, viewer role %q (stored %q)",
			which, subject, id, it.workspaceID, w.visibilityOf(subject, it), w.roleOf(v.OrganisationID, it.workspaceID), w.roles[[2]int64{it.workspaceID, v.OrganisationID}])
		if w.namedUnderOtherSubject(subject, id, v.OrganisationID) {
			fmt.Fprintf(&b, "; visible_orgs names organisation %d for id %d under another subject type", v.OrganisationID, id)
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

// namedUnderOtherSubject reports whether a visible_orgs row names org for
// id under a subject type other than subject.
func (w *policyWorld) namedUnderOtherSubject(subject ketenhub.SubjectType, id, org int64) bool {
	for k, orgs := range w.visible {
		if k.id == id && k.subject != subject && slices.Contains(orgs, org) {
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
