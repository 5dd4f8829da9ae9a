package store

import (
	"fmt"

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

// userAdmittedSQL: the stored user aliased u takes part in workspace ws
// (an SQL expression), their organisation being a member there.
func userAdmittedSQL(ws string) string {
	return fmt.Sprintf(`EXISTS (SELECT 1 FROM memberships um WHERE um.workspace_id = %[1]s AND um.organisation_id = u.organisation_id AND um.role IN ('regisseur', 'partner', 'meelezer'))
AND %[2]s`, ws, admittedSQL(ws, "u.organisation_id", "u.id", "SELECT ug.name FROM user_groups ug WHERE ug.user_id = u.id"))
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
