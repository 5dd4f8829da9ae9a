package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// planMeeting creates a meeting of the world's workspace as its regisseur,
// a week from the clock's now, after change (if any) adjusts the plan.
func (w *world) planMeeting(title string, change func(m *ketenhub.Meeting)) *ketenhub.Meeting {
	w.tb.Helper()
	m := &ketenhub.Meeting{WorkspaceID: w.WS.ID, Kind: ketenhub.MeetingSignaaloverleg, Title: title,
		StartsAt: w.Clock.Now().Add(7 * 24 * time.Hour), Minutes: 90, Location: "Stadhuis, kamer 2"}
	if change != nil {
		change(m)
	}
	mustOK(w.tb, w.Svc.Meetings.CreateMeeting(w.Gemeente.Ctx, m), "create meeting "+title)
	return m
}

// forceMeetingState puts a meeting in a state straight in the table (fixture
// data: the way there is tested elsewhere) and returns it as now stored.
func (w *world) forceMeetingState(m *ketenhub.Meeting, state ketenhub.MeetingState) *ketenhub.Meeting {
	w.tb.Helper()
	if err := w.DB.Gorm().Exec(`UPDATE meetings SET state = ? WHERE id = ?`, string(state), m.ID).Error; err != nil {
		w.tb.Fatalf("set meeting state: %v", err)
	}
	got, err := w.Svc.Meetings.FindMeetingByID(w.Gemeente.Ctx, m.ID)
	mustOK(w.tb, err, "find meeting")
	return got
}

// insertItem adds an agenda item at position straight into the table (the
// agenda service is tested on its own); a restricted item names orgs.
func (w *world) insertItem(m *ketenhub.Meeting, position int, title string, state ketenhub.AgendaItemState, vis ketenhub.Visibility) int64 {
	w.tb.Helper()
	now := w.Clock.Now()
	var id int64
	err := w.DB.Gorm().Raw(`INSERT INTO agenda_items (meeting_id, workspace_id, position, title, notes, kind, state,
		proposed_by_org_id, proposed_by_user_id, minutes_planned, external_ref, visibility, discussed_seconds, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 10, '', ?, 0, 1, ?, ?) RETURNING id`,
		m.ID, m.WorkspaceID, position, title, string(ketenhub.ItemBespreken), string(state), w.Gemeente.Org.ID, w.Gemeente.User.ID,
		string(vis.Scope), now, now).Scan(&id).Error
	if err != nil || id == 0 {
		w.tb.Fatalf("insert agenda item %q: id %d, %v", title, id, err)
	}
	for _, org := range vis.Organisations {
		if err := w.DB.Gorm().Exec(`INSERT INTO visible_orgs (subject_type, subject_id, organisation_id) VALUES ('agenda_item', ?, ?)`, id, org).Error; err != nil {
			w.tb.Fatalf("insert item visibility: %v", err)
		}
	}
	return id
}

// storedItem is an agenda item's row as the live run changes it.
type storedItem struct {
	State            string
	DiscussedSeconds int64
	Version          int64
}

func (w *world) item(id int64) storedItem {
	w.tb.Helper()
	var it storedItem
	if err := w.DB.Gorm().Raw(`SELECT state, discussed_seconds, version FROM agenda_items WHERE id = ?`, id).Scan(&it).Error; err != nil {
		w.tb.Fatalf("read agenda item %d: %v", id, err)
	}
	return it
}

// run applies a live command as by and fails the test on an error.
func (w *world) run(by party, m *ketenhub.Meeting, cmd ketenhub.LiveCommand) *ketenhub.Meeting {
	w.tb.Helper()
	cmd.Version = m.Version
	got, err := w.Svc.Meetings.RunMeeting(by.Ctx, m.ID, cmd)
	mustOK(w.tb, err, "run meeting")
	if got.Version != m.Version+1 {
		w.tb.Fatalf("version after a live command = %d, want %d", got.Version, m.Version+1)
	}
	return got
}

// transition moves m to state as by and fails the test on an error.
func (w *world) transition(by party, m *ketenhub.Meeting, to ketenhub.MeetingState) *ketenhub.Meeting {
	w.tb.Helper()
	got, err := w.Svc.Meetings.TransitionMeeting(by.Ctx, m.ID, to, m.Version)
	mustOK(w.tb, err, "move meeting to "+string(to))
	return got
}

// idsOfMeetings returns the ids of meetings, in order.
func idsOfMeetings(ms []*ketenhub.Meeting) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func sameInstant(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

func isID(p *int64, id int64) bool { return p != nil && *p == id }

// loggedEvent is an events row with its meeting and payload.
type loggedEvent struct {
	Seq         int64
	Type        string
	SubjectType string
	SubjectID   int64
	MeetingID   *int64
	Visibility  string
	Payload     string
}

// meetingLog reads the events of m's workspace after seq, in order, whatever their meeting.
func meetingLog(tb testing.TB, f *fixture, workspaceID, afterSeq int64) []loggedEvent {
	tb.Helper()
	var out []loggedEvent
	err := f.DB.Gorm().Raw(`SELECT seq, type, subject_type, subject_id, meeting_id, visibility, payload FROM events
		WHERE workspace_id = ? AND seq > ? ORDER BY seq`, workspaceID, afterSeq).Scan(&out).Error
	if err != nil {
		tb.Fatalf("read events: %v", err)
	}
	return out
}

// wantEvents fails unless the events of m's workspace after seq have these
// types and are all about meeting m.
func wantEvents(tb testing.TB, f *fixture, m *ketenhub.Meeting, afterSeq int64, types ...string) []loggedEvent {
	tb.Helper()
	got := meetingLog(tb, f, m.WorkspaceID, afterSeq)
	names := make([]string, len(got))
	for i, ev := range got {
		names[i] = ev.Type
		if !isID(ev.MeetingID, m.ID) {
			tb.Errorf("event %d %s has meeting_id %v, want %d", ev.Seq, ev.Type, ev.MeetingID, m.ID)
		}
	}
	if !slices.Equal(names, types) {
		tb.Fatalf("events after seq %d = %v, want %v", afterSeq, names, types)
	}
	return got
}
