package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // recurrence keeps Dutch wall-clock time even where the system has no zone files

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// MeetingService implements ketenhub.MeetingService.
type MeetingService struct{ *base }

var _ ketenhub.MeetingService = (*MeetingService)(nil)

// wholeWorkspace is the visibility of meeting events: every member sees the meeting.
var wholeWorkspace = ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}

// errMeetingEnded refuses a change to a meeting that is afgerond or gearchiveerd.
func errMeetingEnded() error {
	return ketenhub.Errorf(ketenhub.ECONFLICT,
		"This meeting has ended; it can no longer change.",
		"Dit overleg is afgelopen; het kan niet meer veranderen.")
}

// errMeetingNotLive refuses a live command outside the session.
func errMeetingNotLive() error {
	return ketenhub.Errorf(ketenhub.ECONFLICT, "The meeting is not live.", "Het overleg is niet live.")
}

// FindMeetings lists the meetings of one workspace, or, with WorkspaceID 0,
// of every workspace the viewer's organisation is a member of (the overview
// and the calendar feed), by start time.
func (s *MeetingService) FindMeetings(ctx context.Context, f ketenhub.MeetingFilter) ([]*ketenhub.Meeting, error) {
	var out []*ketenhub.Meeting
	err := s.transact(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&meetingRow{})
		accesses := map[int64]access{}
		if f.WorkspaceID != 0 {
			a, err := s.enter(ctx, tx, f.WorkspaceID)
			if err != nil {
				return err
			}
			q = q.Where("workspace_id = ?", f.WorkspaceID)
			accesses[f.WorkspaceID] = a
			if !a.Sight.Items {
				q = q.Where("1 = 0") // a beheerder outside the workspace reads none of its items
			}
		} else {
			v, err := viewer(ctx)
			if err != nil {
				return err
			}
			cond, args := viewerWorkspacesSQL("workspace_id", v)
			q = q.Where(cond, args...)
		}
		if len(f.States) > 0 {
			states := make([]string, len(f.States))
			for i, st := range f.States {
				states[i] = string(st)
			}
			q = q.Where("state IN ?", states)
		}
		if f.From != nil {
			q = q.Where("starts_at >= ?", f.From.UTC())
		}
		if f.To != nil {
			q = q.Where("starts_at < ?", f.To.UTC())
		}
		var rows []meetingRow
		if err := q.Order("starts_at, id").Limit(pageLimit(f.Limit)).Find(&rows).Error; err != nil {
			return fmt.Errorf("find meetings: %w", err)
		}
		out = make([]*ketenhub.Meeting, len(rows))
		for i := range rows {
			out[i] = rows[i].domain()
		}
		return s.allowMeetingsIn(ctx, tx, accesses, out)
	})
	return out, err
}

// FindMeetingByID returns ENOTFOUND if absent or not visible.
func (s *MeetingService) FindMeetingByID(ctx context.Context, id int64) (*ketenhub.Meeting, error) {
	var out *ketenhub.Meeting
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, id, false)
		if err != nil {
			return err
		}
		s.allowMeetings(a, m)
		out = m
		return nil
	})
	return out, err
}

// CreateMeeting plans a meeting, as a regisseur of its workspace. It starts
// as concept, or with its agenda open; what only the service sets (the live
// run, the series link) is ignored.
func (s *MeetingService) CreateMeeting(ctx context.Context, m *ketenhub.Meeting) error {
	if m.State == "" {
		m.State = ketenhub.MeetingConcept
	}
	if m.State != ketenhub.MeetingConcept && m.State != ketenhub.MeetingAgendaOpen {
		return ketenhub.FieldError("state", "A new meeting starts as concept or agenda_open.", "Een nieuw overleg begint als concept of agenda_open.")
	}
	m.Title = strings.TrimSpace(m.Title)
	m.ParticipantOrganisations, m.ParticipantUsers = uniqueIDs(m.ParticipantOrganisations), uniqueIDs(m.ParticipantUsers)
	m.Attendance, m.PreviousMeetingID, m.CurrentItemID, m.TimerStartedAt, m.TimerElapsed = []int64{}, nil, nil, nil, 0
	if err := m.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, m.WorkspaceID)
		if err != nil {
			return err
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if err := checkMeetingPeople(tx, m); err != nil {
			return err
		}
		if err := s.insert(tx, a, m); err != nil {
			return err
		}
		s.allowMeetings(a, m)
		return nil
	})
}

// insert writes a new meeting and its meeting.created event, and sets m to
// the meeting as stored.
func (s *MeetingService) insert(tx *gorm.DB, a access, m *ketenhub.Meeting) error {
	now := s.now()
	m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
	row := rowOfMeeting(m)
	row.ID = 0
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("create meeting: %w", err)
	}
	*m = *row.domain()
	_, err := s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventMeetingCreated, ketenhub.SubjectMeeting, m.ID, m, wholeWorkspace, nil)
	return err
}

// checkMeetingPeople checks who a meeting names against its workspace:
// participant organisations must be members, and the chair, the
// minute-taker and participant users must take part (their organisation a
// member that admits them).
func checkMeetingPeople(tx *gorm.DB, m *ketenhub.Meeting) error {
	if len(m.ParticipantOrganisations) > 0 {
		var n int64
		err := tx.Table("memberships").Where("workspace_id = ? AND organisation_id IN ?", m.WorkspaceID, m.ParticipantOrganisations).Count(&n).Error
		if err != nil {
			return fmt.Errorf("check participant organisations: %w", err)
		}
		if int(n) != len(m.ParticipantOrganisations) {
			return ketenhub.FieldError("participant_organisations", "Every participant organisation must be a member of the workspace.", "Elke deelnemende organisatie moet lid zijn van de werkruimte.")
		}
	}
	people := map[string][]int64{"participant_users": m.ParticipantUsers}
	if m.ChairUserID != nil {
		people["chair_user_id"] = []int64{*m.ChairUserID}
	}
	if m.MinuteTakerUserID != nil {
		people["minute_taker_user_id"] = []int64{*m.MinuteTakerUserID}
	}
	// Fixed order, so that the same input always names the same field.
	for _, field := range []string{"chair_user_id", "minute_taker_user_id", "participant_users"} {
		ok, err := membersOnly(tx, m.WorkspaceID, people[field])
		if err != nil {
			return err
		}
		if !ok {
			return ketenhub.FieldError(field, "Every person named must take part in the workspace.", "Elke genoemde persoon moet deelnemen aan de werkruimte.")
		}
	}
	return nil
}

// membersOnly reports whether every user of ids (unique) takes part in the
// workspace: their organisation is a member and admits them.
func membersOnly(tx *gorm.DB, workspaceID int64, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	taking, err := takingPart(tx, workspaceID, ids)
	return len(taking) == len(ids), err
}

// uniqueIDs returns ids sorted without duplicates, never nil.
func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sortInt64s(out)
	return out
}

// UpdateMeeting changes a meeting's plan, as a regisseur, while it has not
// ended; ECONFLICT with the current meeting on a stale version.
func (s *MeetingService) UpdateMeeting(ctx context.Context, id int64, upd ketenhub.MeetingUpdate) (*ketenhub.Meeting, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Meeting
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if !m.State.Open() {
			return errMeetingEnded()
		}
		if m.Version != upd.Version {
			s.allowMeetings(a, m)
			return ketenhub.StaleVersion(m)
		}
		next := *m
		applyMeetingUpdate(&next, upd)
		if err := next.Validate(); err != nil {
			return err
		}
		if err := checkMeetingPeople(tx, &next); err != nil {
			return err
		}
		row := rowOfMeeting(&next)
		out, err = s.save(tx, a, m, map[string]any{
			"kind": row.Kind, "title": row.Title, "starts_at": row.StartsAt, "minutes": row.Minutes, "location": row.Location,
			"chair_user_id": row.ChairUserID, "minute_taker_user_id": row.MinuteTakerUserID,
			"participant_organisations": row.ParticipantOrganisations, "participant_users": row.ParticipantUsers,
			"proposal_deadline": row.ProposalDeadline, "recur_every_weeks": row.RecurEveryWeeks,
		})
		s.allowMeetings(a, out)
		return err
	})
	return out, err
}

func applyMeetingUpdate(m *ketenhub.Meeting, upd ketenhub.MeetingUpdate) {
	if upd.Kind != nil {
		m.Kind = *upd.Kind
	}
	if upd.Title != nil {
		m.Title = strings.TrimSpace(*upd.Title)
	}
	if upd.StartsAt != nil {
		m.StartsAt = upd.StartsAt.UTC()
	}
	if upd.Minutes != nil {
		m.Minutes = *upd.Minutes
	}
	if upd.Location != nil {
		m.Location = *upd.Location
	}
	switch {
	case upd.ClearChair:
		m.ChairUserID = nil
	case upd.ChairUserID != nil:
		m.ChairUserID = upd.ChairUserID
	}
	switch {
	case upd.ClearMinuteTaker:
		m.MinuteTakerUserID = nil
	case upd.MinuteTakerUserID != nil:
		m.MinuteTakerUserID = upd.MinuteTakerUserID
	}
	if upd.ParticipantOrganisations != nil {
		m.ParticipantOrganisations = uniqueIDs(*upd.ParticipantOrganisations)
	}
	if upd.ParticipantUsers != nil {
		m.ParticipantUsers = uniqueIDs(*upd.ParticipantUsers)
	}
	switch {
	case upd.ClearProposalDeadline:
		m.ProposalDeadline = nil
	case upd.ProposalDeadline != nil:
		m.ProposalDeadline = upd.ProposalDeadline
	}
	if upd.RecurEveryWeeks != nil {
		m.RecurEveryWeeks = *upd.RecurEveryWeeks
	}
}

// save writes changed columns of meeting m, guarded by the version it was
// read at, and appends meeting.updated; it returns the meeting as it is now.
// The row is locked by the caller, so a lost race is rare; it still ends as
// a version conflict rather than a silent overwrite.
func (s *MeetingService) save(tx *gorm.DB, a access, m *ketenhub.Meeting, cols map[string]any) (*ketenhub.Meeting, error) {
	cols["version"] = gorm.Expr("version + 1")
	cols["updated_at"] = s.now()
	res := tx.Model(&meetingRow{}).Where("id = ? AND version = ?", m.ID, m.Version).Updates(cols)
	out, err := updated("meeting", res, func() (*ketenhub.Meeting, error) { return s.findMeeting(tx, m.ID, false) })
	if err != nil {
		return nil, err
	}
	_, err = s.appendMeetingEvent(tx, a, &out.ID, ketenhub.EventMeetingUpdated, ketenhub.SubjectMeeting, out.ID, out, wholeWorkspace, nil)
	return out, err
}

// TransitionMeeting moves a meeting to state to. Starting (agenda_vastgesteld
// to live) and finishing (live to afgerond) are for those who may run the
// meeting, every other move for a regisseur.
func (s *MeetingService) TransitionMeeting(ctx context.Context, id int64, to ketenhub.MeetingState, version int64) (*ketenhub.Meeting, error) {
	if err := checkVersion(version); err != nil {
		return nil, err
	}
	if !to.Valid() {
		return nil, ketenhub.FieldError("state", "Unknown meeting state.", "Onbekende status van het overleg.")
	}
	var out *ketenhub.Meeting
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !s.mayTransition(a, m, to) {
			return ketenhub.Forbidden()
		}
		if m.Version != version {
			s.allowMeetings(a, m)
			return ketenhub.StaleVersion(m)
		}
		if !m.State.CanMoveTo(to) {
			return ketenhub.IllegalTransition(m.State, to, m.State.Next())
		}
		cols := map[string]any{"state": string(to)}
		switch to {
		case ketenhub.MeetingLive:
			first, err := firstAcceptedItem(tx, m.ID)
			if err != nil {
				return err
			}
			cols["current_item_id"], cols["timer_started_at"], cols["timer_elapsed"] = first, nil, 0
		case ketenhub.MeetingFinished:
			if err := s.leaveItem(tx, a, m, false); err != nil {
				return err
			}
			cols["current_item_id"], cols["timer_started_at"], cols["timer_elapsed"] = nil, nil, 0
		}
		if out, err = s.save(tx, a, m, cols); err != nil {
			return err
		}
		if to == ketenhub.MeetingFinished && out.RecurEveryWeeks > 0 {
			if err := s.planSuccessor(tx, a, out); err != nil {
				return err
			}
		}
		s.allowMeetings(a, out)
		return nil
	})
	return out, err
}

// mayTransition: starting and finishing are running the meeting (the chair
// or minute-taker may); planning moves are the regisseur's.
func (s *MeetingService) mayTransition(a access, m *ketenhub.Meeting, to ketenhub.MeetingState) bool {
	run := (m.State == ketenhub.MeetingAgendaFixed && to == ketenhub.MeetingLive) ||
		(m.State == ketenhub.MeetingLive && to == ketenhub.MeetingFinished)
	if run {
		return s.policy.CanRunMeeting(a.Viewer, a.Role, m)
	}
	return s.policy.CanCoordinate(a.Viewer, a.Role)
}

// firstAcceptedItem is the item a meeting starts with: the accepted one
// highest on the agenda, nil when there is none.
func firstAcceptedItem(tx *gorm.DB, meetingID int64) (*int64, error) {
	var ids []int64
	err := tx.Model(&agendaItemRow{}).Where("meeting_id = ? AND state = ?", meetingID, string(ketenhub.ItemAccepted)).
		Order("position, id").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("find first agenda item: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return &ids[0], nil
}

// planSuccessor plans the next meeting of a finished meeting's series,
// unless it has one already: the same plan, N weeks later, as concept.
func (s *MeetingService) planSuccessor(tx *gorm.DB, a access, m *ketenhub.Meeting) error {
	var n int64
	if err := tx.Model(&meetingRow{}).Where("previous_meeting_id = ?", m.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("find next meeting of series: %w", err)
	}
	if n > 0 {
		return nil
	}
	next := &ketenhub.Meeting{
		WorkspaceID: m.WorkspaceID, Kind: m.Kind, Title: m.Title, StartsAt: weeksLater(m.StartsAt, m.RecurEveryWeeks),
		Minutes: m.Minutes, Location: m.Location, State: ketenhub.MeetingConcept, ChairUserID: m.ChairUserID,
		MinuteTakerUserID: m.MinuteTakerUserID, ParticipantOrganisations: m.ParticipantOrganisations,
		ParticipantUsers: m.ParticipantUsers, Attendance: []int64{}, RecurEveryWeeks: m.RecurEveryWeeks, PreviousMeetingID: &m.ID,
	}
	if m.ProposalDeadline != nil {
		d := weeksLater(*m.ProposalDeadline, m.RecurEveryWeeks)
		next.ProposalDeadline = &d
	}
	return s.insert(tx, a, next)
}

// weeksLater is t plus n weeks at the same wall-clock time in the
// Netherlands, so that a series at 10:00 stays at 10:00 across the change
// to and from summer time.
func weeksLater(t time.Time, n int) time.Time {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil { // cannot happen with time/tzdata embedded
		loc = time.UTC
	}
	return t.In(loc).AddDate(0, 0, 7*n).UTC()
}

// RunMeeting applies one live command, as someone who may run the meeting,
// while it is live. Every command bumps the meeting's version.
//
// Starting a running timer or stopping a stopped one is ECONFLICT: the
// command is well-formed, the meeting is just not in the state it assumes
// (another runner got there first).
func (s *MeetingService) RunMeeting(ctx context.Context, id int64, cmd ketenhub.LiveCommand) (*ketenhub.Meeting, error) {
	if err := checkLiveCommand(cmd); err != nil {
		return nil, err
	}
	var out *ketenhub.Meeting
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) {
			return ketenhub.Forbidden()
		}
		if m.State != ketenhub.MeetingLive {
			return errMeetingNotLive()
		}
		if m.Version != cmd.Version {
			s.allowMeetings(a, m)
			return ketenhub.StaleVersion(m)
		}
		cols := map[string]any{}
		switch {
		case cmd.Move != "":
			err = s.move(tx, a, m, cmd, cols)
		case cmd.Timer != "":
			err = s.timer(tx, a, m, cmd.Timer, cols)
		default:
			err = s.attend(tx, m, *cmd.Attendance, cols)
		}
		if err != nil {
			return err
		}
		out, err = s.save(tx, a, m, cols)
		s.allowMeetings(a, out)
		return err
	})
	return out, err
}

// checkLiveCommand checks a command's form: exactly one part, known values, a version.
func checkLiveCommand(cmd ketenhub.LiveCommand) error {
	parts := 0
	for _, set := range []bool{cmd.Move != "", cmd.Timer != "", cmd.Attendance != nil} {
		if set {
			parts++
		}
	}
	switch {
	case parts != 1:
		return ketenhub.FieldError("body", `Give exactly one of "move", "timer" or "attendance".`, `Geef precies één van "move", "timer" of "attendance".`)
	case cmd.Move != "" && cmd.Move != ketenhub.MoveNext && cmd.Move != ketenhub.MovePrevious && cmd.Move != ketenhub.MoveTo:
		return ketenhub.FieldError("move", "Move must be next, previous or item.", "Move moet next, previous of item zijn.")
	case (cmd.Move == ketenhub.MoveTo) != (cmd.ItemID != nil):
		return ketenhub.FieldError("item_id", `"item_id" is needed with "move": "item", and only then.`, `"item_id" hoort bij "move": "item", en alleen daarbij.`)
	case cmd.Timer != "" && cmd.Timer != ketenhub.TimerStart && cmd.Timer != ketenhub.TimerStop:
		return ketenhub.FieldError("timer", "Timer must be start or stop.", "Timer moet start of stop zijn.")
	case cmd.Attendance != nil && cmd.Attendance.UserID <= 0:
		return ketenhub.FieldError("attendance.user_id", "A user id is required.", "Een gebruikers-id is verplicht.")
	}
	return checkVersion(cmd.Version)
}

// onAgenda is an item's place on the agenda.
type onAgenda struct {
	ID       int64
	Position int
}

// move makes another item of the agenda the current one. The old item is
// credited with its running time and, when the meeting moves forward past
// it, marked besproken.
func (s *MeetingService) move(tx *gorm.DB, a access, m *ketenhub.Meeting, cmd ketenhub.LiveCommand, cols map[string]any) error {
	var items []onAgenda
	if err := tx.Model(&agendaItemRow{}).Select("id", "position").Where("meeting_id = ? AND state IN ?", m.ID, onAgendaStates).Order("position, id").Scan(&items).Error; err != nil {
		return fmt.Errorf("find agenda: %w", err)
	}
	cur, err := currentPosition(tx, m)
	if err != nil {
		return err
	}
	target, err := moveTarget(items, m.CurrentItemID, cur, cmd)
	if err != nil {
		return err
	}
	if m.CurrentItemID != nil && target.ID == *m.CurrentItemID {
		return nil // already there: the timer keeps running
	}
	if err := s.leaveItem(tx, a, m, m.CurrentItemID == nil || target.Position > cur); err != nil {
		return err
	}
	cols["current_item_id"], cols["timer_started_at"], cols["timer_elapsed"] = target.ID, nil, 0
	return nil
}

// currentPosition is the position of the current item, 0 when there is none.
func currentPosition(tx *gorm.DB, m *ketenhub.Meeting) (int, error) {
	if m.CurrentItemID == nil {
		return 0, nil
	}
	var pos []int
	if err := tx.Model(&agendaItemRow{}).Where("id = ?", *m.CurrentItemID).Pluck("position", &pos).Error; err != nil {
		return 0, fmt.Errorf("find current item: %w", err)
	}
	if len(pos) == 0 {
		return 0, nil
	}
	return pos[0], nil
}

// moveTarget picks the item a move goes to. The current item may have left
// the agenda (deferred, say): next and previous then go by its position.
func moveTarget(items []onAgenda, current *int64, cur int, cmd ketenhub.LiveCommand) (onAgenda, error) {
	switch cmd.Move {
	case ketenhub.MoveNext:
		for _, it := range items {
			if current == nil || it.Position > cur {
				return it, nil
			}
		}
		return onAgenda{}, ketenhub.Errorf(ketenhub.ECONFLICT, "There is no next item on the agenda.", "Er is geen volgend agendapunt.")
	case ketenhub.MovePrevious:
		for i := len(items) - 1; i >= 0 && current != nil; i-- {
			if items[i].Position < cur {
				return items[i], nil
			}
		}
		return onAgenda{}, ketenhub.Errorf(ketenhub.ECONFLICT, "There is no previous item on the agenda.", "Er is geen vorig agendapunt.")
	}
	for _, it := range items {
		if it.ID == *cmd.ItemID {
			return it, nil
		}
	}
	return onAgenda{}, ketenhub.FieldError("item_id", "The item is not on this meeting's agenda.", "Het agendapunt staat niet op de agenda van dit overleg.")
}

// runningSeconds is how long the timer has run since it was last started.
func (s *MeetingService) runningSeconds(m *ketenhub.Meeting) int64 {
	if m.TimerStartedAt == nil {
		return 0
	}
	return max(int64(s.now().Sub(*m.TimerStartedAt)/time.Second), 0) // never negative, whatever the clocks of two nodes say
}

// leaveItem stops the timer on the current item: the running seconds are
// added to its discussed_seconds and, with done, an accepted item is marked
// besproken. The item's event carries its own visibility; a change of state
// also changes the agenda, which the whole workspace is told.
func (s *MeetingService) leaveItem(tx *gorm.DB, a access, m *ketenhub.Meeting, done bool) error {
	if m.CurrentItemID == nil {
		return nil
	}
	it, err := findAgendaItem(tx, *m.CurrentItemID)
	if err != nil {
		return err
	}
	secs := s.runningSeconds(m)
	done = done && it.State == ketenhub.ItemAccepted
	if secs == 0 && !done {
		return nil
	}
	cols := map[string]any{"discussed_seconds": gorm.Expr("discussed_seconds + ?", secs), "version": gorm.Expr("version + 1"), "updated_at": s.now()}
	if done {
		cols["state"] = string(ketenhub.ItemDiscussed)
	}
	if err := tx.Model(&agendaItemRow{}).Where("id = ?", it.ID).Updates(cols).Error; err != nil {
		return fmt.Errorf("update agenda item: %w", err)
	}
	if it, err = findAgendaItem(tx, it.ID); err != nil {
		return err
	}
	payload, err := s.itemForEvent(tx, it)
	if err != nil {
		return err
	}
	if _, err := s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventAgendaItemUpdated, ketenhub.SubjectAgendaItem, it.ID, payload, it.Visibility, nil); err != nil {
		return err
	}
	if done {
		return (&AgendaService{s.base}).appendReordered(tx, a, m.ID)
	}
	return nil
}

// timer starts or stops the current item's timer. Stopping credits the
// item at once, so that its discussed_seconds is right whenever the timer
// is not running; TimerElapsed keeps this visit's total for the board.
func (s *MeetingService) timer(tx *gorm.DB, a access, m *ketenhub.Meeting, cmd string, cols map[string]any) error {
	running := m.TimerStartedAt != nil
	switch {
	case m.CurrentItemID == nil:
		return ketenhub.Errorf(ketenhub.ECONFLICT, "There is no current agenda item to time.", "Er is geen huidig agendapunt om de tijd van bij te houden.")
	case cmd == ketenhub.TimerStart && running:
		return ketenhub.Errorf(ketenhub.ECONFLICT, "The timer is already running.", "De timer loopt al.")
	case cmd == ketenhub.TimerStop && !running:
		return ketenhub.Errorf(ketenhub.ECONFLICT, "The timer is not running.", "De timer loopt niet.")
	case cmd == ketenhub.TimerStart:
		cols["timer_started_at"] = s.now()
		return nil
	}
	cols["timer_started_at"], cols["timer_elapsed"] = nil, m.TimerElapsed+s.runningSeconds(m)
	return s.leaveItem(tx, a, m, false)
}

// attend records a person present or not; the list stays sorted and unique.
func (s *MeetingService) attend(tx *gorm.DB, m *ketenhub.Meeting, at ketenhub.Attendance, cols map[string]any) error {
	// Anyone of a member organisation may be recorded present, admitted or
	// not: the room rule then hides from the room what they may not see.
	var n int64
	err := tx.Table("users").Where("id = ? AND organisation_id IN (SELECT organisation_id FROM memberships WHERE workspace_id = ?)", at.UserID, m.WorkspaceID).Count(&n).Error
	if err != nil {
		return fmt.Errorf("check attendee: %w", err)
	}
	if n == 0 {
		return ketenhub.FieldError("attendance.user_id", "The person must belong to a member organisation of the workspace.", "De persoon moet bij een deelnemende organisatie van de werkruimte horen.")
	}
	list := make([]int64, 0, len(m.Attendance)+1)
	for _, id := range m.Attendance {
		if id != at.UserID {
			list = append(list, id)
		}
	}
	if at.Present {
		list = append(list, at.UserID)
	}
	cols["attendance"] = idJSON(uniqueIDs(list))
	return nil
}
