// Package auth holds who may do what: the access policy, sessions and CSRF
// protection, and (with the identity issue) OIDC sign-in.
package auth

import (
	"fmt"

	"github.com/ketenhub/ketenhub"
)

// Policy is the access policy of DESIGN section 3, in one place:
//   - a viewer sees a workspace's items only if their organisation is a member;
//   - an item visible to the whole workspace is seen by every member
//     organisation; a restricted item only by the organisations it names;
//   - a platform beheerder manages workspaces but, outside their own
//     organisation's memberships, reads no item at all (and so no restricted one);
//   - regisseur coordinates, partner contributes and edits its own
//     organisation's actions, meelezer only reads.
type Policy struct{}

var _ ketenhub.Policy = Policy{}

// CanSee reports whether v may see an item with visibility vis in a
// workspace where v's organisation has role.
func (Policy) CanSee(v ketenhub.Viewer, role ketenhub.Role, vis ketenhub.Visibility) bool {
	if !role.Valid() {
		return false
	}
	return vis.Scope == ketenhub.ScopeWorkspace || (vis.Scope == ketenhub.ScopeRestricted && vis.Includes(v.OrganisationID))
}

// VisibleWhere is CanSee as an SQL condition on the rows of table. It needs
// the memberships and visible_orgs tables of the store. Table and subject
// come from the code, never from input.
func (Policy) VisibleWhere(v ketenhub.Viewer, table string, subject ketenhub.SubjectType) (string, []any) {
	cond := fmt.Sprintf(`EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = %[1]s.workspace_id AND m.organisation_id = ? AND m.role IN (?, ?, ?))
AND (%[1]s.visibility = ? OR (%[1]s.visibility = ? AND EXISTS (SELECT 1 FROM visible_orgs vo WHERE vo.subject_type = ? AND vo.subject_id = %[1]s.id AND vo.organisation_id = ?)))`, table)
	return cond, []any{
		v.OrganisationID, ketenhub.RoleRegisseur, ketenhub.RolePartner, ketenhub.RoleMeelezer,
		ketenhub.ScopeWorkspace, ketenhub.ScopeRestricted, string(subject), v.OrganisationID,
	}
}

// CanManageWorkspace: change the workspace itself and its memberships.
func (Policy) CanManageWorkspace(v ketenhub.Viewer, role ketenhub.Role) bool {
	return v.IsBeheerder() || role == ketenhub.RoleRegisseur
}

// CanCoordinate: the regisseur's work: goals, the event log, every action.
func (Policy) CanCoordinate(_ ketenhub.Viewer, role ketenhub.Role) bool {
	return role == ketenhub.RoleRegisseur
}

// CanContribute: comment and propose.
func (Policy) CanContribute(_ ketenhub.Viewer, role ketenhub.Role) bool {
	return role == ketenhub.RoleRegisseur || role == ketenhub.RolePartner
}

// CanEditAction: create or change an action owned by ownerOrgID. A regisseur
// edits every action; a partner only those its own organisation owns.
func (Policy) CanEditAction(v ketenhub.Viewer, role ketenhub.Role, ownerOrgID int64) bool {
	return role == ketenhub.RoleRegisseur || (role == ketenhub.RolePartner && ownerOrgID == v.OrganisationID)
}

// CanRunMeeting: run a live meeting. A regisseur may; so may the chair and
// the minute-taker, as long as their organisation is a member.
func (Policy) CanRunMeeting(v ketenhub.Viewer, role ketenhub.Role, m *ketenhub.Meeting) bool {
	if role == ketenhub.RoleRegisseur {
		return true
	}
	isUser := func(id *int64) bool { return id != nil && *id == v.UserID }
	return role.Valid() && (isUser(m.ChairUserID) || isUser(m.MinuteTakerUserID))
}

// CanManageSessions: list and revoke the sign-in sessions of the user with
// userID. Users manage their own; a beheerder manages everyone's (to end
// the sessions of someone who left, or of a stolen laptop).
func (Policy) CanManageSessions(v ketenhub.Viewer, userID int64) bool {
	return v.IsBeheerder() || (v.UserID != 0 && v.UserID == userID)
}
