package ketenhub

import (
	"context"
	"encoding/json"
	"time"
)

// Event types: "<subject>.<verb>".
const (
	EventWorkspaceCreated  = "workspace.created"
	EventWorkspaceUpdated  = "workspace.updated"
	EventMembershipSet     = "membership.set"
	EventMembershipRemoved = "membership.removed"
	EventGoalCreated       = "goal.created"
	EventGoalUpdated       = "goal.updated"
	EventActionCreated     = "action.created"
	EventActionUpdated     = "action.updated"
	EventCommentCreated    = "comment.created"
	EventActionEscalated   = "action.escalated"
	EventMeetingCreated    = "meeting.created"
	EventMeetingUpdated    = "meeting.updated" // plan, state or live run
	EventAgendaItemCreated = "agenda_item.created"
	EventAgendaItemUpdated = "agenda_item.updated"
	EventAgendaReordered   = "agenda.reordered" // payload: the meeting's item ids in order
	EventDecisionCreated   = "decision.created"
	EventDecisionUpdated   = "decision.updated"
	EventDisplayPaired     = "display.paired"  // a room screen now shows the meeting
	EventDisplayRevoked    = "display.revoked" // it no longer does
	EventAdmissionSet      = "admission.set"   // who of an organisation take part; seen by that organisation only
)

// Event is one entry of the append-only log of every change. Seq is the
// workspace's sequence number: gapless and in commit order. Visibility is the
// visibility of the subject after the change; PreviousVisibility, when set,
// is what it was before, so that those who lost sight of it can be told.
type Event struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Seq         int64           `json:"seq"`
	Type        string          `json:"type"`
	Subject     SubjectType     `json:"subject"`
	SubjectID   int64           `json:"subject_id"`
	ActorUserID int64           `json:"actor_user_id"`
	ActorOrgID  int64           `json:"actor_organisation_id"`
	Payload     json.RawMessage `json:"payload"`
	Visibility  Visibility      `json:"visibility"`
	// PreviousVisibility is never sent: it names organisations that could
	// see the subject once, which those who may see it now need not know.
	PreviousVisibility *Visibility `json:"-"`
	// MeetingID names the meeting the event is about, if any, so that a
	// meeting board can follow only its meeting.
	MeetingID *int64    `json:"meeting_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Current is what the subject's visibility is now, for the history
	// rule (Sight.AdmitsEvent): its own and, for a comment, its action's,
	// for a decision, its agenda item's. Filled where events are read back
	// from the log; empty for a subject without a visibility of its own.
	Current []Visibility `json:"-"`
}

// EventFilter selects a workspace's events after a sequence number.
type EventFilter struct {
	WorkspaceID int64
	AfterSeq    int64
	Limit       int
}

// EventService reads the event log.
type EventService interface {
	// FindEvents returns the events the viewer may see, in sequence order.
	// Reading the log is for a regisseur of the workspace (EFORBIDDEN otherwise).
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
}
