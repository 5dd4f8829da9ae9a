// Package policy is the access policy of DESIGN section 3, in one place and
// depending on nothing but the domain: who reads which items of a
// workspace, which events of its log, what may be copied or linked across,
// and who may change what. The store turns its Sight into SQL; the realtime
// hub and the exports apply the same Sight in memory.
package policy

import "github.com/ketenhub/ketenhub"

// Policy is the need-to-know policy:
//   - a viewer reads a workspace's items only if their organisation is a
//     member (regisseur, partner or meelezer);
//   - an item visible to the whole workspace is seen by every member
//     organisation, a restricted item only by the organisations it names;
//   - a platform beheerder manages workspaces but, outside their own
//     organisation's memberships, reads no item at all;
//   - history follows sight: an event reaches a viewer only if it happened
//     while their organisation was a member, its own visibility admitted
//     them, and its subject's current visibility admits them;
//   - nothing of an item is copied, and no link to it shown, where someone
//     who may not see it would read it;
//   - what is shown in a room is shown to everyone in it: only what every
//     organisation present may see;
//   - regisseur coordinates, partner contributes and edits its own
//     organisation's actions, meelezer only reads.
type Policy struct{}

var _ ketenhub.Policy = Policy{}

// Sight returns what v may see of a workspace in which v's organisation
// stands as m.
func (Policy) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	return ketenhub.Sight{
		Items:        m.Role.Valid(),
		Organisation: v.OrganisationID,
		History:      ketenhub.History{FromSeq: m.Since, FollowSubject: true},
	}
}

// CanShare: an item's content may go where every reader may see the item.
func (Policy) CanShare(vis ketenhub.Visibility, audience []ketenhub.Sight) bool {
	for _, s := range audience {
		if !s.Admits(vis) {
			return false
		}
	}
	return true
}

// ShowsLink: an id is shown only to those who may see what it names.
func (Policy) ShowsLink(s ketenhub.Sight, target ketenhub.Visibility) bool {
	return s.Admits(target)
}

// ShownInRoom: an item is shown in a room only if every organisation
// present may see it. It fails closed: while no attendance is recorded
// (present empty) nothing restricted is shown, and an attendee whose
// organisation is unknown (a guest, a user who left) hides everything
// restricted; an item open to the whole workspace is always shown.
func (Policy) ShownInRoom(present []int64, vis ketenhub.Visibility) bool {
	if vis.Scope == ketenhub.ScopeWorkspace {
		return true
	}
	if vis.Scope != ketenhub.ScopeRestricted || len(present) == 0 {
		return false
	}
	for _, org := range present {
		if org == ketenhub.UnknownOrganisation || !vis.Includes(org) {
			return false
		}
	}
	return true
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
