package ketenhub

// Verb names one thing a viewer may do with an item now. The API returns
// the verbs of each meeting, agenda item and action per viewer (their
// "allowed" field), decided by the store from the Policy and the item's
// state, so that the web app shows exactly what the hub would accept.
type Verb string

// Verbs.
const (
	// VerbEdit: change the item (an action's fields and visibility; an
	// agenda item's text, kind, presenter and visibility; a meeting's plan
	// and the order and acceptance of its agenda).
	VerbEdit Verb = "edit"
	// VerbComment: comment on the action.
	VerbComment Verb = "comment"
	// VerbEscalate: put the action forward to a driehoek.
	VerbEscalate Verb = "escalate"
	// VerbPropose: add an item to the meeting's agenda now.
	VerbPropose Verb = "propose"
	// VerbRun: run the meeting (pair room displays, see what the room
	// does not show) while it has not ended.
	VerbRun Verb = "run"
	// VerbRunLive: steer the live meeting now (current item, timer,
	// attendance, decisions).
	VerbRunLive Verb = "run_live"
	// VerbDecide: accept, reject or reopen the agenda item.
	VerbDecide Verb = "decide"
	// VerbMove: give the agenda item another number on the agenda.
	VerbMove Verb = "move"
	// VerbDefer: move the agenda item to the workspace's next meeting.
	VerbDefer Verb = "defer"
)

// Allowed is what the viewer may do with an agenda item or an action now.
// It is per viewer: it is never part of an event's payload.
type Allowed struct {
	Actions []Verb `json:"actions"`
}

// MeetingAllowed is what the viewer may do with a meeting now: the states
// they may move it to, and the verbs.
type MeetingAllowed struct {
	Transitions []MeetingState `json:"transitions"`
	Actions     []Verb         `json:"actions"`
}
