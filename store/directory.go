package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ketenhub/ketenhub"
)

// The user directory (GET /api/v1/users, issue 12): a viewer knows of the
// people of their own organisation and of the people who take part in a
// workspace they take part in themselves, nobody else. A shielded officer
// of another organisation is listed by function only (ketenhub.ShowPerson);
// e-mail addresses and groups are given only of the viewer's own people.

// FindUsers returns the users of an organisation (all organisations if
// orgID is 0) whom the viewer may know of, as they may be shown to them:
//   - the people of the viewer's own organisation (so an
//     organisatiebeheerder sees all their own users);
//   - the people of other organisations who take part in a workspace the
//     viewer takes part in: both organisations are members and each admits
//     its person (a person their organisation did not admit is as unknown
//     as if it were not a member);
//   - a platform beheerder, who manages everyone's sessions, knows of all.
//
// A shielded officer of another organisation has no name (Shielded true,
// Function kept). E-mail addresses and organisation roles are given only
// of the viewer's own organisation (a platform beheerder: of everyone shown
// by name), groups only of the viewer's own organisation. The list is ordered by what
// is shown (the name, or the function), then id, so that its order says
// nothing of a hidden name.
func (s *UserService) FindUsers(ctx context.Context, orgID int64) ([]*ketenhub.User, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	q := s.conn(ctx).Table("users AS u").Select("u.*")
	if orgID != 0 {
		q = q.Where("u.organisation_id = ?", orgID)
	}
	if !v.IsBeheerder() {
		shared, args := sharesWorkspaceSQL(v)
		q = q.Where("u.organisation_id = ? OR "+shared, append([]any{v.OrganisationID}, args...)...)
	}
	var rows []userRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	out := make([]*ketenhub.User, len(rows))
	own := map[int64]*ketenhub.User{}
	for i := range rows {
		out[i] = s.listed(v, rows[i].domain())
		if out[i].OrganisationID == v.OrganisationID {
			own[out[i].ID] = out[i]
		}
	}
	if err := withGroups(s.conn(ctx), own); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *ketenhub.User) int {
		return cmp.Or(strings.Compare(shownKey(a), shownKey(b)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// listed is user u as the directory shows them to v. A platform beheerder,
// who manages everyone's sign-ins, gets e-mail addresses and organisation
// roles of everyone they may see by name.
func (s *UserService) listed(v ketenhub.Viewer, u *ketenhub.User) *ketenhub.User {
	own := u.OrganisationID == v.OrganisationID
	shown := ketenhub.ShowPerson(s.policy, v, u, "", own || v.IsBeheerder())
	u.Name, u.Email, u.Groups = shown.Name, shown.Email, []string{}
	if !own && !v.IsBeheerder() {
		u.OrganisationRole = ketenhub.OrganisationRoleNone
	}
	return u
}

// shownKey is what the directory is ordered by: the name shown, or the
// function of one shown by function.
func shownKey(u *ketenhub.User) string {
	if u.Name != "" {
		return strings.ToLower(u.Name)
	}
	return strings.ToLower(u.Function)
}

// sharesWorkspaceSQL is the condition "the stored user aliased u takes
// part in a workspace viewer v takes part in": both organisations are
// members there and each admits its person.
func sharesWorkspaceSQL(v ketenhub.Viewer) (string, []any) {
	mine, args := viewerWorkspacesSQL("sw.id", v)
	theirs := fmt.Sprintf(`EXISTS (SELECT 1 FROM memberships um WHERE um.workspace_id = sw.id AND um.organisation_id = u.organisation_id AND um.role IN ('regisseur', 'partner', 'meelezer'))
AND %s`, admittedSQL("sw.id", "u.organisation_id", "u.id", "SELECT ug.name FROM user_groups ug WHERE ug.user_id = u.id"))
	return fmt.Sprintf(`EXISTS (SELECT 1 FROM workspaces sw WHERE %s AND %s)`, mine, theirs), args
}

// validRoles are the membership roles as stored, for queries.
var validRoles = []string{string(ketenhub.RoleRegisseur), string(ketenhub.RolePartner), string(ketenhub.RoleMeelezer)}
