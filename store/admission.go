package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// Admission (DESIGN section 3, issue 12): each member organisation names
// who of its people take part in a workspace, in admitted_users and
// admitted_groups; an organisation with neither admits all its people.
// The policy decides from ketenhub.Admission in memory; admittedSQL is the
// same rule as SQL, for queries over many workspaces or many people.

// admissionOf returns who of organisation orgID take part in a workspace.
func admissionOf(tx *gorm.DB, workspaceID, orgID int64) (ketenhub.Admission, error) {
	adm := ketenhub.Admission{WorkspaceID: workspaceID, OrganisationID: orgID, Users: []int64{}, Groups: []string{}}
	var rows []struct {
		UserID int64
		Name   string
	}
	err := tx.Raw(`SELECT user_id, '' AS name FROM admitted_users WHERE workspace_id = ? AND organisation_id = ?
UNION ALL SELECT 0, name FROM admitted_groups WHERE workspace_id = ? AND organisation_id = ?
ORDER BY 1, 2`, workspaceID, orgID, workspaceID, orgID).Scan(&rows).Error
	if err != nil {
		return adm, fmt.Errorf("find admission: %w", err)
	}
	for _, r := range rows {
		if r.UserID != 0 {
			adm.Users = append(adm.Users, r.UserID)
		} else {
			adm.Groups = append(adm.Groups, r.Name)
		}
	}
	adm.Open = !adm.Names()
	return adm, nil
}

// admittedSQL is Admission.Admits as an SQL condition: the person user
// (an SQL expression for their id), whose groups are listed by the SQL
// expression groups, of organisation org, takes part in workspace ws. All
// four are expressions from the code, never input.
func admittedSQL(ws, org, user, groups string) string {
	return fmt.Sprintf(`((NOT EXISTS (SELECT 1 FROM admitted_users au WHERE au.workspace_id = %[1]s AND au.organisation_id = %[2]s)
AND NOT EXISTS (SELECT 1 FROM admitted_groups ag WHERE ag.workspace_id = %[1]s AND ag.organisation_id = %[2]s))
OR EXISTS (SELECT 1 FROM admitted_users au WHERE au.workspace_id = %[1]s AND au.organisation_id = %[2]s AND au.user_id = %[3]s)
OR EXISTS (SELECT 1 FROM admitted_groups ag WHERE ag.workspace_id = %[1]s AND ag.organisation_id = %[2]s AND ag.name IN (%[4]s)))`,
		ws, org, user, groups)
}

// userTakesPartSQL: the stored user aliased u takes part in workspace
// workspaceID (their organisation is a member and admits them). The id is
// written into the SQL as a literal: it is a number, and appears several
// times.
func userTakesPartSQL(workspaceID int64) string {
	ws := strconv.FormatInt(workspaceID, 10)
	return fmt.Sprintf(`(EXISTS (SELECT 1 FROM memberships um WHERE um.workspace_id = %[1]s AND um.organisation_id = u.organisation_id AND um.role IN ('regisseur', 'partner', 'meelezer'))
AND %[2]s)`, ws, admittedSQL(ws, "u.organisation_id", "u.id", "SELECT ug.name FROM user_groups ug WHERE ug.user_id = u.id"))
}

// viewerAdmittedSQL: viewer v takes part in workspace ws (an SQL
// expression) as a person of organisation org (an SQL expression). It does
// not ask whether the organisation is a member.
func viewerAdmittedSQL(ws, org string, v ketenhub.Viewer) (string, []any) {
	groups, args := "NULL", []any{v.UserID}
	if len(v.Groups) > 0 {
		groups = "?"
		args = append(args, v.Groups)
	}
	return admittedSQL(ws, org, "?", groups), args
}

// viewerWorkspacesSQL is the condition "the workspace whose id is the SQL
// expression ws is one viewer v takes part in": their organisation is a
// member and admits them.
func viewerWorkspacesSQL(ws string, v ketenhub.Viewer) (string, []any) {
	cond, args := viewerAdmittedSQL("vm.workspace_id", "vm.organisation_id", v)
	return fmt.Sprintf(`%s IN (SELECT vm.workspace_id FROM memberships vm WHERE vm.organisation_id = ? AND vm.role IN ('regisseur', 'partner', 'meelezer') AND %s)`, ws, cond),
		append([]any{v.OrganisationID}, args...)
}

// sightTakesPartSQL: the person whose sight is s takes part in workspace ws
// (an SQL expression): their organisation is a member and admits them, by
// the groups recorded for them at their last sign-in. The sight's ids are
// numbers from the code, written into the SQL as literals.
func sightTakesPartSQL(ws string, s ketenhub.Sight) string {
	org, user := strconv.FormatInt(s.Organisation, 10), strconv.FormatInt(s.User, 10)
	return fmt.Sprintf(`(EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = %s AND m.organisation_id = %s AND m.role IN ('regisseur', 'partner', 'meelezer')) AND %s)`,
		ws, org, admittedSQL(ws, org, user, "SELECT ug.name FROM user_groups ug WHERE ug.user_id = "+user))
}

// presentSights returns the sight in the meeting's workspace of each person
// recorded present: a guest, a user who left or whose organisation is not
// a member, or a person not admitted, has a sight that admits nothing. Nil
// when nobody is present.
func (b *base) presentSights(tx *gorm.DB, m *ketenhub.Meeting) ([]ketenhub.Sight, error) {
	if len(m.Attendance) == 0 {
		return nil, nil
	}
	users, err := usersByID(tx, m.Attendance)
	if err != nil {
		return nil, err
	}
	members := map[int64]ketenhub.Member{}
	out := make([]ketenhub.Sight, 0, len(m.Attendance))
	for _, id := range uniqueIDs(m.Attendance) {
		u, ok := users[id]
		if !ok {
			out = append(out, ketenhub.Sight{})
			continue
		}
		member, ok := members[u.OrganisationID]
		if !ok {
			if member, err = memberIn(tx, m.WorkspaceID, u.OrganisationID); err != nil {
				return nil, err
			}
			members[u.OrganisationID] = member
		}
		out = append(out, b.policy.Sight(u.Viewer(), member))
	}
	return out, nil
}

// usersByID returns the users with the given ids that exist, with their groups.
func usersByID(tx *gorm.DB, ids []int64) (map[int64]*ketenhub.User, error) {
	var rows []userRow
	if err := tx.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	out := make(map[int64]*ketenhub.User, len(rows))
	for i := range rows {
		out[rows[i].ID] = rows[i].domain()
	}
	if err := withGroups(tx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// withGroups fills in the groups of the given users.
func withGroups(tx *gorm.DB, users map[int64]*ketenhub.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(users))
	for id, u := range users {
		ids = append(ids, id)
		u.Groups = []string{}
	}
	var rows []struct {
		UserID int64
		Name   string
	}
	if err := tx.Raw("SELECT user_id, name FROM user_groups WHERE user_id IN ? ORDER BY name", ids).Scan(&rows).Error; err != nil {
		return fmt.Errorf("find user groups: %w", err)
	}
	for _, r := range rows {
		users[r.UserID].Groups = append(users[r.UserID].Groups, r.Name)
	}
	return nil
}

// AdmissionService implements ketenhub.AdmissionService.
type AdmissionService struct{ *base }

var _ ketenhub.AdmissionService = (*AdmissionService)(nil)

// FindAdmission returns who of organisation orgID take part in a workspace,
// to that organisation's beheerder and its people who take part; anyone
// else finds it absent.
func (s *AdmissionService) FindAdmission(ctx context.Context, workspaceID, orgID int64) (*ketenhub.Admission, error) {
	tx := s.conn(ctx)
	a, err := s.enter(ctx, tx, workspaceID)
	if err != nil {
		return nil, err
	}
	own := a.OrganisationID == orgID && (a.Sight.Items || s.policy.CanManageAdmission(a.Viewer, orgID))
	if !own {
		return nil, errAdmissionNotFound()
	}
	role, err := roleIn(tx, workspaceID, orgID)
	if err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, errAdmissionNotFound()
	}
	adm, err := admissionOf(tx, workspaceID, orgID)
	return &adm, err
}

func errAdmissionNotFound() error { return ketenhub.NotFound("admission", "toelating") }

// SetAdmission replaces who of organisation orgID take part in a workspace.
// It is told at once to everyone of the organisation following the
// workspace, so that a person no longer admitted stops receiving it.
func (s *AdmissionService) SetAdmission(ctx context.Context, workspaceID, orgID int64, in ketenhub.AdmissionInput) (*ketenhub.Admission, error) {
	in, err := cleanAdmission(in)
	if err != nil {
		return nil, err
	}
	var out ketenhub.Admission
	err = s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if !s.policy.CanManageAdmission(a.Viewer, orgID) {
			return ketenhub.Forbidden()
		}
		if role, err := roleIn(tx, workspaceID, orgID); err != nil {
			return err
		} else if !role.Valid() {
			return errAdmissionNotFound()
		}
		if err := checkOwnPeople(tx, orgID, in.Users); err != nil {
			return err
		}
		if err := clearAdmission(tx, workspaceID, orgID); err != nil {
			return err
		}
		if err := insertAdmission(tx, workspaceID, orgID, in); err != nil {
			return err
		}
		if out, err = admissionOf(tx, workspaceID, orgID); err != nil {
			return err
		}
		ownOrganisation := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{orgID}}
		_, err = s.appendEvent(tx, a, ketenhub.EventAdmissionSet, ketenhub.SubjectAdmission, orgID, out, ownOrganisation, nil)
		return err
	})
	return &out, err
}

// cleanAdmission checks an admission's input: bounded, people named once,
// groups named once, without surrounding spaces.
func cleanAdmission(in ketenhub.AdmissionInput) (ketenhub.AdmissionInput, error) {
	if len(in.Users) > ketenhub.MaxAdmittedUsers {
		return in, ketenhub.FieldError("users", fmt.Sprintf("An admission names at most %d people.", ketenhub.MaxAdmittedUsers),
			fmt.Sprintf("Een toelating noemt ten hoogste %d personen.", ketenhub.MaxAdmittedUsers))
	}
	if len(in.Groups) > ketenhub.MaxAdmittedGroups {
		return in, ketenhub.FieldError("groups", fmt.Sprintf("An admission names at most %d groups.", ketenhub.MaxAdmittedGroups),
			fmt.Sprintf("Een toelating noemt ten hoogste %d groepen.", ketenhub.MaxAdmittedGroups))
	}
	for _, id := range in.Users {
		if id <= 0 {
			return in, ketenhub.FieldError("users", "A person is named by their id, a positive number.", "Een persoon wordt genoemd met zijn id, een positief getal.")
		}
	}
	groups := make([]string, 0, len(in.Groups))
	for _, g := range in.Groups {
		g = strings.TrimSpace(g)
		if err := ketenhub.ValidateText("groups", g, true, ketenhub.MaxGroupName); err != nil {
			return in, err
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	return ketenhub.AdmissionInput{Users: uniqueIDs(in.Users), Groups: groups}, nil
}

// checkOwnPeople refuses to admit anyone who is not a person of organisation orgID.
func checkOwnPeople(tx *gorm.DB, orgID int64, users []int64) error {
	if len(users) == 0 {
		return nil
	}
	var n int64
	if err := tx.Model(&userRow{}).Where("id IN ? AND organisation_id = ?", users, orgID).Count(&n).Error; err != nil {
		return fmt.Errorf("check admitted people: %w", err)
	}
	if int(n) != len(users) {
		return ketenhub.FieldError("users", "An organisation admits only its own people.", "Een organisatie laat alleen haar eigen mensen toe.")
	}
	return nil
}

// clearAdmission forgets who of an organisation take part in a workspace:
// it is open to the whole organisation again.
func clearAdmission(tx *gorm.DB, workspaceID, orgID int64) error {
	for _, table := range []string{"admitted_users", "admitted_groups"} {
		if err := tx.Exec("DELETE FROM "+table+" WHERE workspace_id = ? AND organisation_id = ?", workspaceID, orgID).Error; err != nil {
			return fmt.Errorf("clear admission: %w", err)
		}
	}
	return nil
}

func insertAdmission(tx *gorm.DB, workspaceID, orgID int64, in ketenhub.AdmissionInput) error {
	for _, u := range in.Users {
		if err := tx.Exec("INSERT INTO admitted_users (workspace_id, organisation_id, user_id) VALUES (?, ?, ?)", workspaceID, orgID, u).Error; err != nil {
			return fmt.Errorf("admit person: %w", err)
		}
	}
	for _, g := range in.Groups {
		if err := tx.Exec("INSERT INTO admitted_groups (workspace_id, organisation_id, name) VALUES (?, ?, ?)", workspaceID, orgID, g).Error; err != nil {
			return fmt.Errorf("admit group: %w", err)
		}
	}
	return nil
}

// FindPeople returns the people who take part in a workspace, as the
// viewer may see them: whom a restricted item may name.
func (s *AdmissionService) FindPeople(ctx context.Context, workspaceID int64) ([]*ketenhub.Person, error) {
	tx := s.conn(ctx)
	a, err := s.enterItems(ctx, tx, workspaceID)
	if err != nil {
		return nil, err
	}
	var rows []userRow
	err = tx.Raw("SELECT u.* FROM users u WHERE " + userTakesPartSQL(workspaceID)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find people: %w", err)
	}
	out := make([]*ketenhub.Person, len(rows))
	for i := range rows {
		out[i] = s.personFor(a.Viewer, rows[i].domain())
		out[i].Admitted = true
	}
	sortPeople(out)
	return out, nil
}

// personFor shows user u to viewer v: a shielded officer of another
// organisation by function only, e-mail addresses only within the
// viewer's own organisation.
func (b *base) personFor(v ketenhub.Viewer, u *ketenhub.User) *ketenhub.Person {
	shown := ketenhub.ShowPerson(b.policy, v, u, "", u.OrganisationID == v.OrganisationID)
	return &ketenhub.Person{ID: u.ID, Name: shown.Name, Function: u.Function, OrganisationID: u.OrganisationID,
		Email: shown.Email, Shielded: u.Shielded}
}

// sortPeople orders people by organisation, then by what is shown of them
// (the name, or the function), so that the order says nothing of a hidden
// name.
func sortPeople(people []*ketenhub.Person) {
	key := func(p *ketenhub.Person) string { return strings.ToLower(cmp.Or(p.Name, p.Function)) }
	slices.SortFunc(people, func(a, b *ketenhub.Person) int {
		return cmp.Or(cmp.Compare(a.OrganisationID, b.OrganisationID), strings.Compare(key(a), key(b)), cmp.Compare(a.ID, b.ID))
	})
}

// AccessReview tells an organisation's beheerder who of its people take
// part in which of its workspaces, archived ones included.
func (s *AdmissionService) AccessReview(ctx context.Context, orgID int64) (*ketenhub.AccessReview, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if !s.policy.CanManageAdmission(v, orgID) {
		return nil, ketenhub.Forbidden()
	}
	tx := s.conn(ctx)
	var rows []workspaceRow
	err = tx.Where("id IN (SELECT workspace_id FROM memberships WHERE organisation_id = ?)", orgID).Order("title, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find workspaces of organisation: %w", err)
	}
	review := &ketenhub.AccessReview{OrganisationID: orgID, GeneratedAt: s.now(), Workspaces: []*ketenhub.AccessReviewEntry{}}
	for _, r := range rows {
		role, err := roleIn(tx, r.ID, orgID)
		if err != nil {
			return nil, err
		}
		entry := &ketenhub.AccessReviewEntry{Workspace: r.domain(role), Role: role, People: []*ketenhub.Person{}}
		if entry.Admission, err = admissionOf(tx, r.ID, orgID); err != nil {
			return nil, err
		}
		var people []userRow
		err = tx.Raw("SELECT u.* FROM users u WHERE u.organisation_id = ? AND "+userTakesPartSQL(r.ID), orgID).Scan(&people).Error
		if err != nil {
			return nil, fmt.Errorf("find people taking part: %w", err)
		}
		for i := range people {
			p := s.personFor(v, people[i].domain())
			p.Admitted = true
			entry.People = append(entry.People, p)
		}
		sortPeople(entry.People)
		review.Workspaces = append(review.Workspaces, entry)
	}
	return review, nil
}
