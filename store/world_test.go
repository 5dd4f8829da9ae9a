package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"gorm.io/gorm"
)

var worldTime = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var roles = []ketenhub.Role{ketenhub.RoleRegisseur, ketenhub.RolePartner, ketenhub.RoleMeelezer}

// otherSubjects are the subject types a visible_orgs row may carry besides
// the one being filtered: rows with the same subject id under another type
// must not let anyone see the item.
var otherSubjects = []ketenhub.SubjectType{
	ketenhub.SubjectAction, ketenhub.SubjectEvent, ketenhub.SubjectComment, ketenhub.SubjectGoal,
	ketenhub.SubjectAgendaItem, ketenhub.SubjectDecision, ketenhub.SubjectWorkspace,
}

// unknownScopes are visibility values a row might hold but the policy does
// not know; an item with one is seen by nobody.
var unknownScopes = []ketenhub.Scope{"Restricted", "public", "", "workspace "}

// groupNames are the IdP groups people of the world may be in (the same
// names in every organisation: an admission names groups of its own
// organisation's people only). nobodysGroup is one that admissions may
// name but nobody is in.
var groupNames = []string{"Team Ondermijning", "Recherche", "Handhaving", "Zorg en Veiligheid"}

const nobodysGroup = "Opgeheven team"

// buildWorld inserts a random world with raw SQL into the migrated schema.
func buildWorld(t *testing.T, tx *gorm.DB, rng *rand.Rand) *policyWorld {
	t.Helper()
	w := &policyWorld{roles: map[[2]int64]string{}, admitted: map[[2]int64]admitted{}, items: map[ketenhub.SubjectType][]item{},
		visible: map[visKey][]int64{}, visibleTo: map[visKey][]int64{}, lastSeq: map[int64]int64{}, refused: map[string]bool{}}
	for i := range 3 + rng.IntN(6) {
		w.orgs = append(w.orgs, insertRow(t, tx, "organisations", map[string]any{
			"name": fmt.Sprintf("Organisatie %d", i), "kind": string(ketenhub.OrganisationKinds[rng.IntN(len(ketenhub.OrganisationKinds))]),
			"version": 1, "created_at": worldTime, "updated_at": worldTime,
		}))
	}
	insertUsers(t, tx, rng, w)
	for i := range 2 + rng.IntN(3) {
		w.workspaces = append(w.workspaces, insertRow(t, tx, "workspaces", map[string]any{
			"title": fmt.Sprintf("Werkruimte %d", i), "description": "", "theme": string(ketenhub.ThemeOndermijning),
			"period": "2023-2026", "archived": false, "last_seq": 0, "version": 1, "created_at": worldTime, "updated_at": worldTime,
		}))
	}
	insertMemberships(t, tx, rng, w)
	insertAdmissions(t, tx, rng, w)
	creator := w.users[0].id
	for range 10 + rng.IntN(31) {
		insertItem(t, tx, rng, w, creator, ketenhub.SubjectAction)
	}
	for range 10 + rng.IntN(31) {
		insertItem(t, tx, rng, w, creator, ketenhub.SubjectEvent)
	}
	if len(w.refused) > 0 {
		t.Logf("the schema refused these adversarial values: %v", w.refused)
	}
	t.Logf("%d organisations, %d people, %d workspaces, %d memberships, %d admissions naming someone, %d actions, %d events",
		len(w.orgs), len(w.users), len(w.workspaces), len(w.roles), len(w.admitted), len(w.items[ketenhub.SubjectAction]), len(w.items[ketenhub.SubjectEvent]))
	return w
}

// insertUsers gives every organisation one to three people, each in a
// random set of groups.
func insertUsers(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld) {
	t.Helper()
	for i, org := range w.orgs {
		for j := range 1 + rng.IntN(3) {
			u := worldUser{org: org, id: insertRow(t, tx, "users", map[string]any{
				"issuer": "https://idp.example.nl", "subject": fmt.Sprintf("o%d-p%d", i, j), "name": fmt.Sprintf("Persoon %d.%d", i, j),
				"email": fmt.Sprintf("p%d.%d@example.nl", i, j), "organisation_id": org, "platform_role": "",
				"created_at": worldTime, "updated_at": worldTime,
			})}
			for _, g := range groupNames {
				if rng.IntN(3) == 0 {
					u.groups = append(u.groups, g)
					execRow(t, tx, "user_groups", map[string]any{"user_id": u.id, "name": g})
				}
			}
			w.users = append(w.users, u)
		}
	}
}

// insertAdmissions decides, per workspace and member organisation, who of
// its people take part: nobody named (open to all), or named people and
// groups. Adversarially, an admission may name a group nobody is in or,
// once all are decided, a person of another organisation (which must not
// admit them), and a few admissions are recorded for organisations that
// are no member.
func insertAdmissions(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld) {
	t.Helper()
	for _, ws := range w.workspaces {
		for _, org := range w.orgs {
			if _, member := w.roles[[2]int64{ws, org}]; (member && rng.IntN(3) == 0) || (!member && rng.IntN(8) != 0) {
				continue // open to the whole organisation, or no member at all
			}
			byUsers, byGroups := true, true // people, groups, or both
			switch rng.IntN(3) {
			case 0:
				byGroups = false
			case 1:
				byUsers = false
			}
			for _, u := range w.users {
				if byUsers && u.org == org && rng.IntN(2) == 0 {
					admitUser(t, tx, w, ws, org, u.id)
				}
			}
			for _, g := range groupNames {
				if byGroups && rng.IntN(5) == 0 {
					admitGroup(t, tx, w, ws, org, g)
				}
			}
			if byGroups && rng.IntN(4) == 0 {
				admitGroup(t, tx, w, ws, org, nobodysGroup)
			}
			if _, named := w.admitted[[2]int64{ws, org}]; !named {
				admitGroup(t, tx, w, ws, org, nobodysGroup) // named nobody yet: admit nobody
			}
		}
	}
	for _, ws := range w.workspaces {
		for _, org := range w.orgs {
			if a, named := w.admitted[[2]int64{ws, org}]; !named || rng.IntN(3) == 0 || (len(a.users) == 0 && rng.IntN(2) == 0) {
				continue // some admissions keep naming groups only
			}
			// A person of another organisation, most often one their own
			// organisation does not admit, whom this must not let in.
			others := outsidersOf(w, org, ws)
			if len(others) == 0 || rng.IntN(4) == 0 {
				others = othersThan(w, org)
			}
			if len(others) > 0 {
				admitUser(t, tx, w, ws, org, others[rng.IntN(len(others))].id)
			}
		}
	}
}

// outsidersOf returns the people of organisations other than org that are
// members of ws but do not admit them.
func outsidersOf(w *policyWorld, org, ws int64) []worldUser {
	var out []worldUser
	for _, u := range othersThan(w, org) {
		if w.roleOf(u.org, ws).Valid() && !w.takesPart(u.id, u.org, u.groups, ws) {
			out = append(out, u)
		}
	}
	return out
}

// othersThan returns the people of w not of organisation org.
func othersThan(w *policyWorld, org int64) []worldUser {
	var out []worldUser
	for _, u := range w.users {
		if u.org != org {
			out = append(out, u)
		}
	}
	return out
}

func admitUser(t *testing.T, tx *gorm.DB, w *policyWorld, ws, org, user int64) {
	t.Helper()
	k := [2]int64{ws, org}
	a := w.admitted[k]
	a.users = append(a.users, user)
	w.admitted[k] = a
	execRow(t, tx, "admitted_users", map[string]any{"workspace_id": ws, "organisation_id": org, "user_id": user})
}

func admitGroup(t *testing.T, tx *gorm.DB, w *policyWorld, ws, org int64, group string) {
	t.Helper()
	k := [2]int64{ws, org}
	a := w.admitted[k]
	if slices.Contains(a.groups, group) {
		return
	}
	a.groups = append(a.groups, group)
	w.admitted[k] = a
	execRow(t, tx, "admitted_groups", map[string]any{"workspace_id": ws, "organisation_id": org, "name": group})
}

// insertMemberships gives some organisations a random role in some
// workspaces. At least one organisation is a member of nothing, and now and
// then a membership carries a role string the policy does not know.
func insertMemberships(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld) {
	t.Helper()
	outsider := w.orgs[rng.IntN(len(w.orgs))]
	for _, org := range w.orgs {
		if org == outsider || rng.IntN(5) == 0 {
			continue // a member of no workspace at all
		}
		for _, ws := range w.workspaces {
			if rng.IntN(2) == 0 {
				continue
			}
			role := string(roles[rng.IntN(len(roles))])
			if rng.IntN(10) == 0 {
				bad := unknownRoles[rng.IntN(len(unknownRoles))]
				if tryMembership(t, tx, ws, org, bad) == nil {
					w.roles[[2]int64{ws, org}] = bad
					continue
				}
				w.refused["role "+bad] = true // the schema itself keeps it out: fine
			}
			if err := tryMembership(t, tx, ws, org, role); err != nil {
				t.Fatalf("insert membership: %v", err)
			}
			w.roles[[2]int64{ws, org}] = role
		}
	}
}

func tryMembership(t *testing.T, tx *gorm.DB, ws, org int64, role string) error {
	t.Helper()
	return tryExecRow(t, tx, "memberships", map[string]any{
		"workspace_id": ws, "organisation_id": org, "role": role, "created_at": worldTime, "updated_at": worldTime,
		"since_seq": int64(len(role)) % 7, // arbitrary but fixed per role string: some members joined late
	})
}

// insertItem inserts one action or event with a random visibility: the
// whole workspace, or a random (possibly empty) set of organisations and of
// people, who may include non-members and people not taking part.
// Adversarial visible_orgs and visible_users rows go with it: rows under
// other subject types with the same id, and rows for items visible to the
// whole workspace anyway.
func insertItem(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld, userID int64, subject ketenhub.SubjectType) {
	t.Helper()
	ws := w.workspaces[rng.IntN(len(w.workspaces))]
	vis := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	if rng.IntN(2) == 0 {
		vis.Scope = ketenhub.ScopeRestricted
		namesPeople := rng.IntN(2) == 0
		if rng.IntN(10) == 0 {
			vis.Scope = unknownScopes[rng.IntN(len(unknownScopes))]
		}
		for _, org := range w.orgs {
			if rng.IntN(3) == 0 {
				vis.Organisations = append(vis.Organisations, org)
			}
		}
		for _, u := range w.users {
			if namesPeople && rng.IntN(4) == 0 {
				vis.Users = append(vis.Users, u.id)
			}
		}
	}
	insert := insertAction
	if subject == ketenhub.SubjectEvent {
		insert = insertEvent
	}
	id, err := insert(t, tx, rng, w, ws, userID, vis)
	if err != nil && vis.Scope != ketenhub.ScopeRestricted && vis.Scope != ketenhub.ScopeWorkspace {
		w.refused[fmt.Sprintf("scope %q", vis.Scope)] = true // the schema itself keeps it out: fine
		vis.Scope = ketenhub.ScopeRestricted
		id, err = insert(t, tx, rng, w, ws, userID, vis)
	}
	if err != nil {
		t.Fatalf("insert %s: %v", subject, err)
	}
	for _, org := range vis.Organisations {
		insertVisibleOrg(t, tx, w, subject, id, org)
	}
	for _, u := range vis.Users {
		insertVisibleUser(t, tx, w, subject, id, u)
	}
	if vis.Scope == ketenhub.ScopeWorkspace && rng.IntN(5) == 0 {
		insertVisibleOrg(t, tx, w, subject, id, w.orgs[rng.IntN(len(w.orgs))])
	}
	if vis.Scope == ketenhub.ScopeWorkspace && rng.IntN(5) == 0 {
		insertVisibleUser(t, tx, w, subject, id, w.users[rng.IntN(len(w.users))].id)
	}
	if rng.IntN(3) == 0 {
		other := otherSubjects[rng.IntN(len(otherSubjects))]
		for other == subject {
			other = otherSubjects[rng.IntN(len(otherSubjects))]
		}
		for _, org := range w.orgs {
			if rng.IntN(2) == 0 {
				insertVisibleOrg(t, tx, w, other, id, org)
			}
		}
		for _, u := range w.users {
			if rng.IntN(3) == 0 {
				insertVisibleUser(t, tx, w, other, id, u.id)
			}
		}
	}
	it := item{id: id, workspaceID: ws, scope: vis.Scope}
	if subject == ketenhub.SubjectEvent {
		it.seq = w.lastSeq[ws]
		tx.Raw("SELECT subject_id FROM events WHERE id = ?", id).Scan(&it.subjectID)
		// Some events name an action besides their own subject, of any
		// workspace (an escalation's source lives in another one).
		if actions := w.items[ketenhub.SubjectAction]; len(actions) > 0 && rng.IntN(2) == 0 {
			it.linked = actions[rng.IntN(len(actions))].id
			execRow(t, tx, "event_links", map[string]any{"event_id": id, "subject_type": string(ketenhub.SubjectAction), "subject_id": it.linked})
		}
	}
	w.items[subject] = append(w.items[subject], it)
}

func insertAction(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld, ws, userID int64, vis ketenhub.Visibility) (int64, error) {
	t.Helper()
	owner := w.orgs[rng.IntN(len(w.orgs))]
	return tryInsertRow(t, tx, "actions", map[string]any{
		"workspace_id": ws, "title": "Actie", "description": "", "owner_organisation_id": owner,
		"status": string(ketenhub.StatusOpen), "count_done": 0, "external_ref": "", "visibility": string(vis.Scope),
		"created_by_user_id": userID, "created_by_org_id": owner, "created_by_organisation_id": owner,
		"version": 1, "created_at": worldTime, "updated_at": worldTime,
	})
}

func insertEvent(t *testing.T, tx *gorm.DB, rng *rand.Rand, w *policyWorld, ws, userID int64, vis ketenhub.Visibility) (int64, error) {
	t.Helper()
	w.lastSeq[ws]++
	return tryInsertRow(t, tx, "events", map[string]any{
		"workspace_id": ws, "seq": w.lastSeq[ws], "type": ketenhub.EventActionUpdated,
		"subject": string(ketenhub.SubjectAction), "subject_type": string(ketenhub.SubjectAction),
		"subject_id": rng.Int64N(100) + 1, "actor_user_id": userID,
		"actor_org_id": w.orgs[0], "actor_organisation_id": w.orgs[0], "payload": "{}",
		"visibility": string(vis.Scope), "created_at": worldTime,
	})
}

// insertVisibleOrg names org in the visible-to set of (subject, id), once.
func insertVisibleOrg(t *testing.T, tx *gorm.DB, w *policyWorld, subject ketenhub.SubjectType, id, org int64) {
	t.Helper()
	k := visKey{subject, id}
	if slices.Contains(w.visible[k], org) {
		return
	}
	w.visible[k] = append(w.visible[k], org)
	execRow(t, tx, "visible_orgs", map[string]any{"subject_type": string(subject), "subject_id": id, "organisation_id": org})
}

// insertVisibleUser names person user in the visible-to set of (subject, id), once.
func insertVisibleUser(t *testing.T, tx *gorm.DB, w *policyWorld, subject ketenhub.SubjectType, id, user int64) {
	t.Helper()
	k := visKey{subject, id}
	if slices.Contains(w.visibleTo[k], user) {
		return
	}
	w.visibleTo[k] = append(w.visibleTo[k], user)
	execRow(t, tx, "visible_users", map[string]any{"subject_type": string(subject), "subject_id": id, "user_id": user})
}

// insertRow inserts one row and returns its id. See rowFor for the columns.
func insertRow(t *testing.T, tx *gorm.DB, table string, known map[string]any) int64 {
	t.Helper()
	id, err := tryInsertRow(t, tx, table, known)
	if err != nil {
		t.Fatalf("insert into %s: %v", table, err)
	}
	return id
}

// tryInsertRow inserts one row under a savepoint, so that a row the schema
// refuses (a CHECK constraint on an adversarial value) leaves the world's
// transaction usable.
func tryInsertRow(t *testing.T, tx *gorm.DB, table string, known map[string]any) (int64, error) {
	t.Helper()
	q, args := insertSQL(table, rowFor(t, tx, table, known))
	var id int64
	err := tx.Transaction(func(sp *gorm.DB) error {
		if err := sp.Raw(q+" RETURNING id", args...).Scan(&id).Error; err != nil {
			return err
		}
		if id == 0 {
			return fmt.Errorf("no id returned")
		}
		return nil
	})
	return id, err
}

// execRow inserts one row into a table without an id column.
func execRow(t *testing.T, tx *gorm.DB, table string, known map[string]any) {
	t.Helper()
	if err := tryExecRow(t, tx, table, known); err != nil {
		t.Fatalf("insert into %s: %v", table, err)
	}
}

// tryExecRow is tryInsertRow for a table without an id column.
func tryExecRow(t *testing.T, tx *gorm.DB, table string, known map[string]any) error {
	t.Helper()
	q, args := insertSQL(table, rowFor(t, tx, table, known))
	return tx.Transaction(func(sp *gorm.DB) error { return sp.Exec(q, args...).Error })
}

// column is what the test needs to know of a column of the migrated schema.
type column struct {
	name     string
	typ      string // lower case, as the database names it
	required bool   // NOT NULL without a default
}

// rowFor builds a row for table from the real migrated schema: the known
// values for the columns the table has (a known name the schema lacks, such
// as an alternative spelling, is dropped) and a plain value of the column's
// type for every other column that is NOT NULL without a default. The
// policy's own columns (id, workspace_id, visibility; memberships and
// visible_orgs) are fixed by the Policy contract and always known.
func rowFor(t *testing.T, tx *gorm.DB, table string, known map[string]any) map[string]any {
	t.Helper()
	cols := columnsOf(t, tx, table)
	row := map[string]any{}
	for _, c := range cols {
		if v, ok := known[c.name]; ok {
			row[c.name] = v
		} else if c.required && c.name != "id" {
			row[c.name] = plainValue(c.typ)
		}
	}
	return row
}

// plainValue is a valid value for a column of type typ.
func plainValue(typ string) any {
	switch {
	case strings.Contains(typ, "time"), strings.Contains(typ, "date"):
		return worldTime
	case strings.Contains(typ, "bool"):
		return false
	case strings.Contains(typ, "int"), strings.Contains(typ, "numeric"), strings.Contains(typ, "real"), strings.Contains(typ, "double"):
		return 0
	case strings.Contains(typ, "json"):
		return "{}"
	case strings.Contains(typ, "bytea"), strings.Contains(typ, "blob"):
		return []byte{0}
	}
	return "x"
}

// schemaColumns caches columnsOf per dialect and table: every database of
// a kind is migrated alike, and asking the catalogue for every row
// inserted would cost the property test a good part of its time.
var schemaColumns struct {
	sync.Mutex
	of map[string][]column
}

// columnsOf returns the columns of table, read once from the database's
// catalogue.
func columnsOf(t *testing.T, tx *gorm.DB, table string) []column {
	t.Helper()
	key := tx.Dialector.Name() + " " + table
	schemaColumns.Lock()
	defer schemaColumns.Unlock()
	if cols, ok := schemaColumns.of[key]; ok {
		return cols
	}
	cols := readColumns(t, tx, table)
	if schemaColumns.of == nil {
		schemaColumns.of = map[string][]column{}
	}
	schemaColumns.of[key] = cols
	return cols
}

// readColumns reads the columns of table from the database's catalogue.
func readColumns(t *testing.T, tx *gorm.DB, table string) []column {
	t.Helper()
	var cols []column
	switch tx.Dialector.Name() {
	case "postgres":
		var rows []struct {
			ColumnName    string
			DataType      string
			IsNullable    string
			ColumnDefault *string
		}
		err := tx.Raw(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, table).Scan(&rows).Error
		if err != nil {
			t.Fatalf("columns of %s: %v", table, err)
		}
		for _, r := range rows {
			cols = append(cols, column{name: r.ColumnName, typ: strings.ToLower(r.DataType), required: r.IsNullable == "NO" && r.ColumnDefault == nil})
		}
	case "sqlite":
		var rows []struct {
			Name      string
			Type      string
			NotNull   int
			DfltValue *string
			PK        int
		}
		if err := tx.Raw(`SELECT name, type, "notnull" AS not_null, dflt_value, pk FROM pragma_table_info(?)`, table).Scan(&rows).Error; err != nil {
			t.Fatalf("columns of %s: %v", table, err)
		}
		for _, r := range rows {
			cols = append(cols, column{name: r.Name, typ: strings.ToLower(r.Type), required: r.NotNull == 1 && r.DfltValue == nil})
		}
	default:
		t.Fatalf("unknown dialect %q", tx.Dialector.Name())
	}
	if len(cols) == 0 {
		t.Fatalf("the migrated schema has no table %s", table)
	}
	return cols
}

func insertSQL(table string, row map[string]any) (string, []any) {
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = row[c]
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "), marks), args
}
