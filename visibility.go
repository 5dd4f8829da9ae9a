package ketenhub

// Scope says who in a workspace may see an item.
type Scope string

// Visibility scopes.
const (
	ScopeWorkspace  Scope = "workspace"  // every member organisation of the workspace
	ScopeRestricted Scope = "restricted" // only the named member organisations ("beperkt")
)

// Visibility is who may see an item. For ScopeRestricted, Organisations holds
// the organisations that may; the creating organisation is always among them.
type Visibility struct {
	Scope         Scope   `json:"scope"`
	Organisations []int64 `json:"organisations,omitempty"`
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
)

// Policy is the one place that decides who may see and do what in a
// workspace (DESIGN section 3). REST queries, the realtime filter and the
// exports all ask it. role is the role of the viewer's organisation in the
// item's workspace, RoleNone if it is not a member.
type Policy interface {
	// CanSee reports whether v may see an item with visibility vis.
	CanSee(v Viewer, role Role, vis Visibility) bool
	// VisibleWhere returns an SQL condition, with its arguments, that selects
	// the rows of table (which has the columns id, workspace_id and visibility)
	// that v may see; subject names the rows in the visible_orgs table. It
	// agrees with CanSee on every row.
	VisibleWhere(v Viewer, table string, subject SubjectType) (string, []any)
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
}
