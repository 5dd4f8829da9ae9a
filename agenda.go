package ketenhub

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// AgendaItemKind says what the meeting is asked to do with an item.
type AgendaItemKind string

// Agenda item kinds.
const (
	ItemInformerend    AgendaItemKind = "informerend"    // for information
	ItemBespreken      AgendaItemKind = "bespreken"      // for discussion
	ItemBesluitvormend AgendaItemKind = "besluitvormend" // for a decision
)

// AgendaItemKinds lists every kind.
var AgendaItemKinds = []AgendaItemKind{ItemInformerend, ItemBespreken, ItemBesluitvormend}

// Valid reports whether k is a known kind.
func (k AgendaItemKind) Valid() bool { return oneOf(k, AgendaItemKinds) }

// AgendaItemState is where an agenda item stands.
type AgendaItemState string

// Agenda item states.
const (
	ItemProposed  AgendaItemState = "voorgesteld"   // proposed by a partner
	ItemAccepted  AgendaItemState = "geaccepteerd"  // on the agenda
	ItemRejected  AgendaItemState = "afgewezen"     // not on the agenda
	ItemDiscussed AgendaItemState = "besproken"     // dealt with in the meeting
	ItemDeferred  AgendaItemState = "doorgeschoven" // moved to the next meeting
)

// AgendaItemStates lists every state.
var AgendaItemStates = []AgendaItemState{ItemProposed, ItemAccepted, ItemRejected, ItemDiscussed, ItemDeferred}

// agendaTransitions are the moves the regisseur or chair may make.
var agendaTransitions = map[AgendaItemState][]AgendaItemState{
	ItemProposed:  {ItemAccepted, ItemRejected},
	ItemAccepted:  {ItemProposed, ItemRejected, ItemDiscussed},
	ItemRejected:  {ItemProposed, ItemAccepted},
	ItemDiscussed: {ItemAccepted},
	ItemDeferred:  {},
}

// Valid reports whether s is a known state.
func (s AgendaItemState) Valid() bool { return oneOf(s, AgendaItemStates) }

// Next lists the states an item in state s may be set to.
func (s AgendaItemState) Next() []AgendaItemState { return agendaTransitions[s] }

// CanMoveTo reports whether an item in state s may be set to next.
func (s AgendaItemState) CanMoveTo(next AgendaItemState) bool { return oneOf(next, s.Next()) }

// OnAgenda reports whether an item in state s is part of the meeting's agenda.
func (s AgendaItemState) OnAgenda() bool { return s == ItemAccepted || s == ItemDiscussed }

// AgendaItem is an agendapunt of a meeting. Position is its number on the
// agenda, the same for everyone in the room ("punt 4" is one item): the
// items on the agenda (accepted or discussed) are numbered 1..n without
// gaps, those restricted to others included (they show as placeholders in
// their place); proposals and rejected and deferred items are not numbered
// (Position 0). An item put forward from another workspace ("agenderen voor
// de driehoek") is Escalated and names its source, but only to viewers who
// may see that source; an item deferred from an earlier meeting names the
// item it continues.
type AgendaItem struct {
	ID                int64           `json:"id"`
	MeetingID         int64           `json:"meeting_id"`
	WorkspaceID       int64           `json:"workspace_id"`
	Position          int             `json:"position"`
	Title             string          `json:"title"`
	Notes             string          `json:"notes"`
	Kind              AgendaItemKind  `json:"kind"`
	State             AgendaItemState `json:"state"`
	ProposedByOrgID   int64           `json:"proposed_by_organisation_id"`
	ProposedByUserID  int64           `json:"proposed_by_user_id"`
	PresenterUserID   *int64          `json:"presenter_user_id"`
	MinutesPlanned    int             `json:"minutes_planned"`
	ExternalRef       string          `json:"external_ref"`
	Visibility        Visibility      `json:"visibility"`
	Escalated         bool            `json:"escalated"`
	SourceActionID    *int64          `json:"source_action_id"`
	SourceWorkspaceID *int64          `json:"source_workspace_id"`
	PreviousItemID    *int64          `json:"previous_item_id"` // deferred from
	DiscussedSeconds  int64           `json:"discussed_seconds"`
	Version           int64           `json:"version"`
	CreatedAt         time.Time       `json:"created_at"`
	UpdatedAt         time.Time       `json:"updated_at"`

	// Hidden marks the placeholder of an item on the agenda that the viewer
	// may not see ("besloten agendapunt"): only ID, MeetingID, WorkspaceID,
	// Position and State are set.
	Hidden bool `json:"hidden,omitempty"`

	// Allowed is what the viewer may do with the item now; set on what the
	// API answers one viewer, never in an event's payload nor on a placeholder.
	Allowed *Allowed `json:"allowed,omitempty"`
}

// Placeholder returns what a viewer who may not see item gets of it.
func (it *AgendaItem) Placeholder() *AgendaItem {
	return &AgendaItem{
		ID: it.ID, MeetingID: it.MeetingID, WorkspaceID: it.WorkspaceID,
		Position: it.Position, State: it.State, Hidden: true,
		Visibility: Visibility{Scope: ScopeRestricted},
	}
}

// AgendaItemUpdate holds the fields to change; nil means unchanged.
type AgendaItemUpdate struct {
	Title           *string          `json:"title"`
	Notes           *string          `json:"notes"`
	Kind            *AgendaItemKind  `json:"kind"`
	PresenterUserID *int64           `json:"presenter_user_id"`
	ClearPresenter  bool             `json:"-"`
	MinutesPlanned  *int             `json:"minutes_planned"`
	ExternalRef     *string          `json:"external_ref"`
	Visibility      *Visibility      `json:"visibility"`
	State           *AgendaItemState `json:"state"`
	Version         int64            `json:"version"`
}

// Escalation puts an action, or a topic of a theme workspace, forward to
// the next meeting of a driehoek workspace. The escalating user writes the
// Question to the driehoek: it becomes the item's notes, and its title
// unless Title is given. Nothing of the action is copied, except its title
// as the default title where every organisation that will see the item may
// see the action.
type Escalation struct {
	// ActionID is the action to put forward; zero for a topic of
	// SourceWorkspaceID.
	ActionID          int64          `json:"action_id"`
	SourceWorkspaceID int64          `json:"source_workspace_id"`
	TargetWorkspaceID int64          `json:"target_workspace_id"`
	Question          string         `json:"question"`
	Title             string         `json:"title"`
	Kind              AgendaItemKind `json:"kind"`
}

// ActionEscalation is an agenda item an action was put forward as, with the
// decisions taken on it, as the action's viewers may see them.
type ActionEscalation struct {
	Item      *AgendaItem `json:"item"`
	Meeting   *Meeting    `json:"meeting"`
	Decisions []*Decision `json:"decisions"`
}

// EscalationTarget is a driehoek workspace a theme's items may be put
// forward to, and whether a meeting of it accepts items now. Partners of the
// theme need not be members of the driehoek, and what they need to put an
// action forward is this much: its id and title and AcceptsItems. Only a
// viewer who may see the driehoek's meetings learns the meeting an item
// would land in (nil and "" for the others, and when none is open).
type EscalationTarget struct {
	WorkspaceID    int64      `json:"workspace_id"`
	WorkspaceTitle string     `json:"workspace_title"`
	AcceptsItems   bool       `json:"accepts_items"`
	MeetingID      *int64     `json:"meeting_id"`
	MeetingTitle   string     `json:"meeting_title"`
	MeetingStarts  *time.Time `json:"meeting_starts_at"`
}

// AgendaService manages agenda items. While the agenda is open, contributing
// partners propose items; the regisseur accepts, rejects, orders and times
// them. Items restricted to other organisations are hidden: on the agenda
// they appear only as placeholders, anywhere else not at all.
type AgendaService interface {
	// FindAgenda lists a meeting's items: those on the agenda by number,
	// then the others (proposals, rejected, deferred) the viewer may see.
	FindAgenda(ctx context.Context, meetingID int64) ([]*AgendaItem, error)
	// FindAgendaItemByID returns ENOTFOUND if absent or not visible.
	FindAgendaItemByID(ctx context.Context, id int64) (*AgendaItem, error)
	// ProposeAgendaItem adds an item to a meeting, at the end.
	ProposeAgendaItem(ctx context.Context, it *AgendaItem) error
	UpdateAgendaItem(ctx context.Context, id int64, upd AgendaItemUpdate) (*AgendaItem, error)
	// MoveAgendaItem puts an item on the agenda at number position,
	// renumbering the others; ECONFLICT for an item not on the agenda.
	MoveAgendaItem(ctx context.Context, id int64, position int, version int64) ([]*AgendaItem, error)
	// DeferAgendaItem moves an item to the next meeting of the workspace.
	DeferAgendaItem(ctx context.Context, id int64, version int64) (*AgendaItem, error)
	// Escalate puts an action or topic forward to the next open meeting of
	// a driehoek workspace, as a proposal linked to its source.
	Escalate(ctx context.Context, e Escalation) (*AgendaItem, error)
	// FindEscalationTargets lists the driehoek workspaces that items of a
	// workspace may be put forward to: those in which one of its regisseur
	// organisations takes part. For members of the workspace only.
	FindEscalationTargets(ctx context.Context, workspaceID int64) ([]*EscalationTarget, error)
	// FindActionEscalations lists what an action was put forward as and the
	// decisions on it, as far as the viewer may see both.
	FindActionEscalations(ctx context.Context, actionID int64) ([]*ActionEscalation, error)
}

// QuestionTitle is the title of an item put forward with only a question:
// its first line, cut at a word to fit MaxTitle characters.
func QuestionTitle(question string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(question), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) <= MaxTitle {
		return line
	}
	r := []rune(line)[:MaxTitle-1]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return strings.TrimSpace(string(r)[:i]) + "…"
	}
	return string(r) + "…"
}
