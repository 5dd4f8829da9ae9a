// Package policy is the access policy of DESIGN section 3, in one place and
// depending on nothing but the domain: who reads which items of a
// workspace, which events of its log, what may be copied or linked across,
// and who may change what. The store turns its Sight into SQL; the realtime
// hub and the exports apply the same Sight in memory.
package policy

import "github.com/ketenhub/ketenhub"

// Policy is the need-to-know policy:
//   - a viewer reads a workspace's items only if their organisation is a
//     member (regisseur, partner or meelezer) and admits them: each
//     organisation names who of its people take part (people, groups of
//     its identity provider), or names nobody and so admits all of them;
//   - an item visible to the whole workspace is seen by every admitted
//     person, a restricted item only by the admitted people of the
//     organisations it names and by the people it names;
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
//     organisation's actions, meelezer only reads;
//   - an organisation's own beheerder (organisatiebeheerder) decides its
//     admissions and manages its people's sessions; a shielded officer is
//     named only to their own organisation, to others by function.
type Policy struct{}

var _ ketenhub.Policy = Policy{}

// Sight returns what v may see of a workspace in which v's organisation
// stands as m.
func (Policy) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	return ketenhub.Sight{
		Items:        m.Role.Valid() && m.Admission.Admits(v),
		Organisation: v.OrganisationID,
		User:         v.UserID,
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

// ShownInRoom: an item is shown in a room only if everyone present may see
// it. It fails closed: while no attendance is recorded (present empty)
// nothing restricted is shown, and an attendee who may not read the
// workspace (a guest, a user who left, a person not admitted) hides
// everything restricted; an item open to the whole workspace is always
// shown.
func (p Policy) ShownInRoom(present []ketenhub.Sight, vis ketenhub.Visibility) bool {
	if vis.Scope == ketenhub.ScopeWorkspace {
		return true
	}
	return vis.Scope == ketenhub.ScopeRestricted && len(present) > 0 && p.CanShare(vis, present)
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
// userID, of organisation userOrgID. Users manage their own; their
// organisation's beheerder manages theirs (to end the sessions of someone
// who left, or of a stolen laptop), and so does the platform beheerder.
func (Policy) CanManageSessions(v ketenhub.Viewer, userID, userOrgID int64) bool {
	return v.IsBeheerder() || v.IsOrganisationBeheerder(userOrgID) || (v.UserID != 0 && v.UserID == userID)
}

// CanManageAdmission: who of an organisation takes part is the
// organisation's own decision, made by its beheerder; not by the
// regisseur, and not by the platform beheerder, who has no say over
// another organisation's people.
func (Policy) CanManageAdmission(v ketenhub.Viewer, orgID int64) bool {
	return v.IsOrganisationBeheerder(orgID)
}

// ShowsName: a shielded officer is named only to their own organisation;
// everyone else sees their function and organisation.
func (Policy) ShowsName(v ketenhub.Viewer, p *ketenhub.User) bool {
	return !p.Shielded || (v.OrganisationID != 0 && v.OrganisationID == p.OrganisationID)
}
