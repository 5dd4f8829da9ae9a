package ketenhub

import "slices"

// Scope says who in a workspace may see an item.
type Scope string

// Visibility scopes.
const (
	ScopeWorkspace  Scope = "workspace"  // every member organisation of the workspace
	ScopeRestricted Scope = "restricted" // only the named member organisations ("beperkt")
)

// Visibility is who may see an item. For ScopeRestricted, Organisations
// holds the organisations whose admitted people may, and Users the people
// named besides ("alleen zichtbaar voor P. van Leeuwen (OM)"). The creator
// is always included: their organisation when the item names no people,
// themselves when it does.
type Visibility struct {
	Scope         Scope   `json:"scope"`
	Organisations []int64 `json:"organisations,omitempty"`
	Users         []int64 `json:"users,omitempty"`
}

// Restricted reports whether the item is limited to named organisations.
func (v Visibility) Restricted() bool { return v.Scope == ScopeRestricted }

// Includes reports whether organisation orgID is named in a restricted visibility.
func (v Visibility) Includes(orgID int64) bool {
	for _, id := range v.Organisations {
		if id == orgID {
			return true
		}
	}
	return false
}

// IncludesUser reports whether user userID is named in a restricted visibility.
func (v Visibility) IncludesUser(userID int64) bool {
	return userID != 0 && slices.Contains(v.Users, userID)
}

// SubjectType names the kind of thing an event, comment or visibility row is about.
type SubjectType string

// Subject types.
const (
	SubjectOrganisation SubjectType = "organisation"
	SubjectUser         SubjectType = "user"
	SubjectWorkspace    SubjectType = "workspace"
	SubjectMembership   SubjectType = "membership"
	SubjectGoal         SubjectType = "goal"
	SubjectAction       SubjectType = "action"
	SubjectComment      SubjectType = "comment"
	SubjectEvent        SubjectType = "event"
	SubjectMeeting      SubjectType = "meeting"
	SubjectAgendaItem   SubjectType = "agenda_item"
	SubjectDecision     SubjectType = "decision"
	SubjectDisplay      SubjectType = "display"
	SubjectAdmission    SubjectType = "admission"
)

// Member is an organisation's standing in one workspace: its role (RoleNone
// if it is not a member), Since, the sequence number of the event that
// made it a member (0: a member from before the log began), and its
// Admission, who of its people take part.
type Member struct {
	Role      Role
	Since     int64
	Admission Admission
}

// Sight is what one viewer may see of one workspace, as data: the policy
// decides it, the store turns it into SQL, and the realtime hub and the
// exports apply it in memory, so that every channel agrees by construction.
type Sight struct {
	// Items: whether the viewer reads the workspace's items at all.
	Items bool
	// Organisation: restricted items that name it are seen.
	Organisation int64
	// User: restricted items that name this person are seen (0: none).
	User int64
	// History: which events of the log reach the viewer.
	History History
}

// History is the rule for events (DESIGN section 3, "history follows
// sight"): a viewer receives an event only if their organisation was a
// member when it happened, the event's own visibility admitted them, and
// the subject's current visibility admits them.
type History struct {
	// FromSeq is the first event received: the one that made the viewer's
	// organisation a member. Joining later gives the present, not the past.
	FromSeq int64
	// FollowSubject: an event is received only while its subject's current
	// visibility admits the viewer, so restricting an item later withdraws
	// its earlier, open versions.
	FollowSubject bool
}

// Admits reports whether an item with visibility vis is seen.
func (s Sight) Admits(vis Visibility) bool {
	if !s.Items {
		return false
	}
	return vis.Scope == ScopeWorkspace ||
		(vis.Scope == ScopeRestricted && (vis.Includes(s.Organisation) || vis.IncludesUser(s.User)))
}

// AdmitsEvent reports whether ev reaches the viewer, judged on its own
// visibility and on ev.Current, what its subject's visibility is now.
func (s Sight) AdmitsEvent(ev *Event) bool {
	if ev.Seq < s.History.FromSeq || !s.Admits(ev.Visibility) {
		return false
	}
	if s.History.FollowSubject {
		for _, vis := range ev.Current {
			if !s.Admits(vis) {
				return false
			}
		}
	}
	return true
}

// Policy is the one place that decides who may see and do what in a
// workspace (DESIGN section 3). REST queries, the realtime filter and the
// exports all ask it. role is the role of the viewer's organisation in the
// item's workspace, RoleNone if it is not a member.
type Policy interface {
	// Sight returns what v, whose organisation stands as m in a workspace,
	// may see of it.
	Sight(v Viewer, m Member) Sight
	// CanShare reports whether something of an item with visibility vis may
	// be copied to where everyone in audience (each reader's sight in the
	// item's workspace) will read it: only if every one of them may see it.
	CanShare(vis Visibility, audience []Sight) bool
	// ShowsLink reports whether a viewer with sight s may be shown the id of
	// (a link to) a subject with visibility target.
	ShowsLink(s Sight, target Visibility) bool
	// ShownInRoom reports whether an item with visibility vis may be shown
	// in a meeting room (the projector, a paired display) where the people
	// present, each as their sight in the workspace, are present (an
	// attendee who is not known, or not admitted, sees nothing): what is
	// shown in a room is shown to everyone in it.
	ShownInRoom(present []Sight, vis Visibility) bool
	// CanManageWorkspace: change the workspace and its members.
	CanManageWorkspace(v Viewer, role Role) bool
	// CanCoordinate: the regisseur's work (goals, the event log, all actions).
	CanCoordinate(v Viewer, role Role) bool
	// CanContribute: comment and propose.
	CanContribute(v Viewer, role Role) bool
	// CanEditAction: create or change an action owned by ownerOrgID.
	CanEditAction(v Viewer, role Role, ownerOrgID int64) bool
	// CanRunMeeting: run a live meeting (move the current item, keep time,
	// record attendance and decisions): a regisseur, or a member who is the
	// meeting's chair or minute-taker.
	CanRunMeeting(v Viewer, role Role, m *Meeting) bool
	// CanManageSessions: list and revoke the sign-in sessions of user
	// userID, who works for organisation userOrgID.
	CanManageSessions(v Viewer, userID, userOrgID int64) bool
	// CanManageAdmission: decide who of organisation orgID take part in a
	// workspace of which it is a member.
	CanManageAdmission(v Viewer, orgID int64) bool
	// ShowsName reports whether v may be shown the name (and e-mail
	// address) of person p, or only their function and organisation.
	ShowsName(v Viewer, p *User) bool
}
