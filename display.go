package ketenhub

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Pairing codes are DisplayCodeLength characters of DisplayCodeAlphabet,
// which leaves out what is easily misread across a room (0/O, 1/I/L, 2/Z,
// 5/S, 8/B).
const (
	DisplayCodeLength   = 6
	DisplayCodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"
)

// NormalizeDisplayCode reads a code as a person may type it: in any case,
// with spaces or dashes between the characters. It is EINVALID on the field
// "code" when what remains is not a code at all.
func NormalizeDisplayCode(code string) (string, error) {
	code = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
	if len(code) != DisplayCodeLength || strings.Trim(code, DisplayCodeAlphabet) != "" {
		return "", FieldError("code",
			fmt.Sprintf("A pairing code is %d letters and digits, as the screen shows it.", DisplayCodeLength),
			fmt.Sprintf("Een koppelcode bestaat uit %d letters en cijfers, zoals het scherm die toont.", DisplayCodeLength))
	}
	return code, nil
}

// RoomView is a meeting as its room may see it: what the projector and a
// paired display show (DESIGN section 3, "what is shown in a room is shown
// to everyone in it"). The items on the agenda are numbered as the room
// sees them; an item the room may not see (Policy.ShownInRoom) is a placeholder
// without id or title; decisions and actions the room may not see are left
// out. It names no id of anything hidden.
type RoomView struct {
	Meeting RoomMeeting `json:"meeting"`
	// AttendanceRecorded is false while nobody is marked present: nothing
	// restricted is shown until someone is.
	AttendanceRecorded bool           `json:"attendance_recorded"`
	Items              []RoomItem     `json:"items"`
	Decisions          []RoomDecision `json:"decisions"`
}

// RoomMeeting is what the room sees of the meeting itself.
type RoomMeeting struct {
	ID             int64        `json:"id"`
	Kind           MeetingKind  `json:"kind"`
	Title          string       `json:"title"`
	StartsAt       time.Time    `json:"starts_at"`
	State          MeetingState `json:"state"`
	TimerStartedAt *time.Time   `json:"timer_started_at"`
	TimerElapsed   int64        `json:"timer_elapsed_seconds"`
}

// RoomItem is an item on the agenda as the room sees it. Number is its
// place on the agenda (1, 2, ...), the same for everyone in the room.
// A hidden item ("besloten agendapunt") has only Number, State, Current
// and Hidden.
type RoomItem struct {
	ID             int64           `json:"id,omitempty"`
	Number         int             `json:"number"`
	Title          string          `json:"title,omitempty"`
	Kind           AgendaItemKind  `json:"kind,omitempty"`
	MinutesPlanned int             `json:"minutes_planned,omitempty"`
	State          AgendaItemState `json:"state"`
	Current        bool            `json:"current"`
	Hidden         bool            `json:"hidden"`
}

// RoomDecision is a decision the room may see, on the item numbered
// ItemNumber, with the actions made from it that the room may see.
type RoomDecision struct {
	ItemNumber int          `json:"item_number"`
	Text       string       `json:"text"`
	DecidedAt  time.Time    `json:"decided_at"`
	Actions    []RoomAction `json:"actions"`
}

// RoomAction is an action made from a decision, as the room sees it.
type RoomAction struct {
	Title               string       `json:"title"`
	Status              ActionStatus `json:"status"`
	OwnerOrganisationID int64        `json:"owner_organisation_id"`
}

// Display is a screen in a meeting room paired with a meeting by its chair:
// it shows the meeting's room view without anyone's session. The browser
// holds a random secret (a cookie); only its hash is stored.
type Display struct {
	ID             int64     `json:"id"`
	MeetingID      int64     `json:"meeting_id"`
	PairedByUserID int64     `json:"paired_by_user_id"`
	PairedAt       time.Time `json:"paired_at"`
	// UserAgent is the screen's browser, as it said when it asked for a
	// code, so that the chair can tell screens apart.
	UserAgent string `json:"user_agent"`
}

// DisplayCode is what a screen shows to be paired: Code, typed in by the
// chair, until ExpiresAt. Secret is the screen's own key, kept in its
// browser; it is never shown.
type DisplayCode struct {
	Secret    string    `json:"-"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

// DisplayStatus is where a display stands.
type DisplayStatus string

// Display states.
const (
	DisplayWaiting DisplayStatus = "waiting" // showing its code, not paired yet
	DisplayPaired  DisplayStatus = "paired"  // showing its meeting's room view
	DisplayEnded   DisplayStatus = "ended"   // its meeting is afgerond or gearchiveerd
)

// DisplayState is what a display shows now: its code's expiry while
// waiting, the room view while paired, the meeting's title once it ended.
type DisplayState struct {
	Status        DisplayStatus `json:"status"`
	CodeExpiresAt *time.Time    `json:"code_expires_at,omitempty"`
	MeetingTitle  string        `json:"meeting_title,omitempty"`
	Room          *RoomView     `json:"room,omitempty"`
}

// DisplayService serves the room view to the projector and to paired
// displays, and pairs displays with meetings. Screens need no viewer: their
// secret is the credential, and they see only the room view.
type DisplayService interface {
	// FindRoomView returns the room view of a meeting, further limited to
	// what the viewer may see; ENOTFOUND if the viewer may not see the meeting.
	FindRoomView(ctx context.Context, meetingID int64) (*RoomView, error)
	// RequestDisplayCode starts a new display, without a viewer: a secret
	// for the screen's browser and a short code to pair it with.
	RequestDisplayCode(ctx context.Context, userAgent string) (*DisplayCode, error)
	// PairDisplay pairs the display showing code with a meeting, for those
	// who may run the meeting (EFORBIDDEN otherwise). An unknown or expired
	// code is EINVALID on the field "code"; a meeting that has ended ECONFLICT.
	PairDisplay(ctx context.Context, meetingID int64, code string) (*Display, error)
	// FindDisplays lists the displays paired with a meeting, for those who
	// may run it.
	FindDisplays(ctx context.Context, meetingID int64) ([]*Display, error)
	// RevokeDisplay unpairs a display of the meeting; ENOTFOUND if it has none such.
	RevokeDisplay(ctx context.Context, meetingID, displayID int64) error
	// DisplayState returns what the display holding secret shows, without a
	// viewer; ENOTFOUND for an unknown or revoked secret or an expired code.
	DisplayState(ctx context.Context, secret string) (*DisplayState, error)
	// DisplayWorkspace returns the workspace of the meeting the display
	// holding secret is paired with, 0 while it waits; ENOTFOUND as
	// DisplayState. The realtime hub follows that workspace for it.
	DisplayWorkspace(ctx context.Context, secret string) (int64, error)
}
