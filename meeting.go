package ketenhub

import (
	"context"
	"time"
)

// MeetingKind is the sort of overleg a meeting is.
type MeetingKind string

// Meeting kinds.
const (
	MeetingDriehoek         MeetingKind = "driehoek"
	MeetingSignaaloverleg   MeetingKind = "signaaloverleg"
	MeetingProgrammaoverleg MeetingKind = "programmaoverleg"
	MeetingCasusoverleg     MeetingKind = "casusoverleg"
	MeetingWijkoverleg      MeetingKind = "wijkoverleg"
	MeetingOverig           MeetingKind = "overig"
)

// MeetingKinds lists every kind.
var MeetingKinds = []MeetingKind{MeetingDriehoek, MeetingSignaaloverleg, MeetingProgrammaoverleg, MeetingCasusoverleg, MeetingWijkoverleg, MeetingOverig}

// Valid reports whether k is a known kind.
func (k MeetingKind) Valid() bool { return oneOf(k, MeetingKinds) }

// MeetingState is where a meeting is in its life (DESIGN section 2).
type MeetingState string

// Meeting states, in order.
const (
	MeetingConcept     MeetingState = "concept"            // being planned
	MeetingAgendaOpen  MeetingState = "agenda_open"        // partners propose items
	MeetingAgendaFixed MeetingState = "agenda_vastgesteld" // agenda fixed and shared
	MeetingLive        MeetingState = "live"               // in session
	MeetingFinished    MeetingState = "afgerond"           // decisions list final
	MeetingArchived    MeetingState = "gearchiveerd"
)

// MeetingStates lists every state in order.
var MeetingStates = []MeetingState{MeetingConcept, MeetingAgendaOpen, MeetingAgendaFixed, MeetingLive, MeetingFinished, MeetingArchived}

// meetingTransitions are the legal moves. Going back is allowed while
// nothing has happened that depends on the later state: an open agenda can
// return to concept, a fixed one can be reopened.
var meetingTransitions = map[MeetingState][]MeetingState{
	MeetingConcept:     {MeetingAgendaOpen},
	MeetingAgendaOpen:  {MeetingConcept, MeetingAgendaFixed},
	MeetingAgendaFixed: {MeetingAgendaOpen, MeetingLive},
	MeetingLive:        {MeetingFinished},
	MeetingFinished:    {MeetingArchived},
	MeetingArchived:    {},
}

// Valid reports whether s is a known state.
func (s MeetingState) Valid() bool { return oneOf(s, MeetingStates) }

// Next lists the states a meeting in state s may move to.
func (s MeetingState) Next() []MeetingState { return meetingTransitions[s] }

// CanMoveTo reports whether a meeting in state s may move to next.
func (s MeetingState) CanMoveTo(next MeetingState) bool { return oneOf(next, s.Next()) }

// Open reports whether the meeting can still change (not afgerond or gearchiveerd).
func (s MeetingState) Open() bool { return s != MeetingFinished && s != MeetingArchived }

// Meeting is an overleg of a workspace: its plan, its state and, while live,
// the current agenda item and its timer. Participants are organisations
// and persons invited; Attendance is who was there, recorded while live.
type Meeting struct {
	ID          int64        `json:"id"`
	WorkspaceID int64        `json:"workspace_id"`
	Kind        MeetingKind  `json:"kind"`
	Title       string       `json:"title"`
	StartsAt    time.Time    `json:"starts_at"`
	Minutes     int          `json:"duration_minutes"` // planned length
	Location    string       `json:"location"`         // a room, an address or a meeting link
	State       MeetingState `json:"state"`
	ChairUserID *int64       `json:"chair_user_id"`
	// MinuteTakerUserID may run the live meeting on the chair's behalf.
	MinuteTakerUserID        *int64     `json:"minute_taker_user_id"`
	ParticipantOrganisations []int64    `json:"participant_organisations"`
	ParticipantUsers         []int64    `json:"participant_users"`
	Attendance               []int64    `json:"attendance"` // users recorded present
	ProposalDeadline         *time.Time `json:"proposal_deadline"`
	// RecurEveryWeeks, when set, plans the next meeting of the series that
	// many weeks later once this one is afgerond.
	RecurEveryWeeks int `json:"recur_every_weeks"`
	// PreviousMeetingID links a meeting to the one of its series before it.
	PreviousMeetingID *int64 `json:"previous_meeting_id"`

	CurrentItemID *int64 `json:"current_item_id"`
	// The timer of the current item: running since TimerStartedAt (nil
	// when stopped), with TimerElapsed seconds from earlier runs.
	TimerStartedAt *time.Time `json:"timer_started_at"`
	TimerElapsed   int64      `json:"timer_elapsed_seconds"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Allowed is what the viewer may do with the meeting now; set on what
	// the API answers one viewer, never in an event's payload.
	Allowed *MeetingAllowed `json:"allowed,omitempty"`
}

// EndsAt is when the meeting is planned to end.
func (m *Meeting) EndsAt() time.Time {
	return m.StartsAt.Add(time.Duration(max(m.Minutes, 0)) * time.Minute)
}

// MeetingUpdate holds the plan fields to change; nil means unchanged.
type MeetingUpdate struct {
	Kind                     *MeetingKind `json:"kind"`
	Title                    *string      `json:"title"`
	StartsAt                 *time.Time   `json:"starts_at"`
	Minutes                  *int         `json:"duration_minutes"`
	Location                 *string      `json:"location"`
	ChairUserID              *int64       `json:"chair_user_id"`
	ClearChair               bool         `json:"-"`
	MinuteTakerUserID        *int64       `json:"minute_taker_user_id"`
	ClearMinuteTaker         bool         `json:"-"`
	ParticipantOrganisations *[]int64     `json:"participant_organisations"`
	ParticipantUsers         *[]int64     `json:"participant_users"`
	ProposalDeadline         *time.Time   `json:"proposal_deadline"`
	ClearProposalDeadline    bool         `json:"-"`
	RecurEveryWeeks          *int         `json:"recur_every_weeks"`
	Version                  int64        `json:"version"`
}

// MeetingFilter selects meetings. Zero values mean "any".
type MeetingFilter struct {
	WorkspaceID int64 // 0: every workspace the viewer's organisation is a member of
	States      []MeetingState
	From        *time.Time // starting at or after
	To          *time.Time // starting before
	Limit       int
}

// LiveCommand is one step of the chair (or minute-taker) in a live meeting.
// Exactly one of its parts is set; Version is the meeting version it is based on.
type LiveCommand struct {
	// Move the current item: "next", "previous", or to ItemID.
	Move   string `json:"move,omitempty"`
	ItemID *int64 `json:"item_id,omitempty"`
	// Timer: "start" or "stop" the current item's timer.
	Timer string `json:"timer,omitempty"`
	// Attendance: mark UserID present or not.
	Attendance *Attendance `json:"attendance,omitempty"`
	Version    int64       `json:"version"`
}

// Attendance records whether a user was present.
type Attendance struct {
	UserID  int64 `json:"user_id"`
	Present bool  `json:"present"`
}

// Live command values.
const (
	MoveNext     = "next"
	MovePrevious = "previous"
	MoveTo       = "item"
	TimerStart   = "start"
	TimerStop    = "stop"
)

// MeetingService manages meetings, their state and their live run. Members
// read meetings; a regisseur plans them and moves their state; while live,
// the chair or minute-taker (or a regisseur) runs them.
type MeetingService interface {
	// FindMeetings lists the meetings the viewer may see, by start time.
	FindMeetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error)
	// FindMeetingByID returns ENOTFOUND if absent or not visible.
	FindMeetingByID(ctx context.Context, id int64) (*Meeting, error)
	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, id int64, upd MeetingUpdate) (*Meeting, error)
	// TransitionMeeting moves a meeting to state to. An illegal move is
	// ECONFLICT naming the allowed ones. Finishing a recurring meeting
	// plans its successor.
	TransitionMeeting(ctx context.Context, id int64, to MeetingState, version int64) (*Meeting, error)
	// RunMeeting applies one live command to a live meeting.
	RunMeeting(ctx context.Context, id int64, cmd LiveCommand) (*Meeting, error)
}

func oneOf[T comparable](x T, xs []T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
