package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestMeetings_CreateAndFind(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		deadline := w.Clock.Now().Add(72 * time.Hour)
		m := w.planMeeting("  Signaaloverleg Poelenburg  ", func(m *ketenhub.Meeting) {
			m.ChairUserID, m.MinuteTakerUserID = &w.Politie.User.ID, &w.GGD.User.ID
			m.ParticipantOrganisations = []int64{w.OM.Org.ID, w.Politie.Org.ID, w.OM.Org.ID}
			m.ParticipantUsers = []int64{w.OM.User.ID, w.Gemeente.User.ID, w.OM.User.ID}
			m.ProposalDeadline = &deadline
			m.Attendance = []int64{w.OM.User.ID} // set only while live: ignored
			m.CurrentItemID = ptr(int64(42))     // idem
		})
		if m.ID == 0 || m.Version != 1 || m.State != ketenhub.MeetingConcept || m.Title != "Signaaloverleg Poelenburg" {
			t.Errorf("created = id %d version %d state %q title %q; want an id, 1, concept, trimmed", m.ID, m.Version, m.State, m.Title)
		}
		if !equalIDs(m.ParticipantOrganisations, sorted(w.Politie.Org.ID, w.OM.Org.ID)) || !equalIDs(m.ParticipantUsers, sorted(w.Gemeente.User.ID, w.OM.User.ID)) {
			t.Errorf("participants = %v %v, want sorted without duplicates", m.ParticipantOrganisations, m.ParticipantUsers)
		}
		if len(m.Attendance) != 0 || m.CurrentItemID != nil {
			t.Errorf("attendance %v, current item %v: want none before the meeting is live", m.Attendance, m.CurrentItemID)
		}
		evs := wantEvents(t, w.fixture, m, worldSetupEvents, ketenhub.EventMeetingCreated)
		if evs[0].SubjectType != string(ketenhub.SubjectMeeting) || evs[0].SubjectID != m.ID || evs[0].Visibility != string(ketenhub.ScopeWorkspace) {
			t.Errorf("event = %+v, want about meeting %d for the whole workspace", evs[0], m.ID)
		}
		var payload ketenhub.Meeting
		mustOK(t, json.Unmarshal([]byte(evs[0].Payload), &payload), "decode payload")
		if payload.ID != m.ID || payload.Title != m.Title {
			t.Errorf("payload = %s, want the meeting", evs[0].Payload)
		}

		for name, p := range map[string]party{"regisseur": w.Gemeente, "partner": w.Politie, "meelezer": w.GGD} {
			got, err := w.Svc.Meetings.FindMeetingByID(p.Ctx, m.ID)
			mustOK(t, err, "find as "+name)
			if got.Title != m.Title || !isID(got.ChairUserID, w.Politie.User.ID) || !isID(got.MinuteTakerUserID, w.GGD.User.ID) ||
				!sameInstant(got.ProposalDeadline, &deadline) || !got.StartsAt.Equal(m.StartsAt) || got.Minutes != 90 ||
				got.Location != m.Location || !equalIDs(got.ParticipantUsers, m.ParticipantUsers) || got.Version != 1 {
				t.Errorf("%s found %+v, want %+v", name, got, m)
			}
		}
		_, err := w.Svc.Meetings.FindMeetingByID(w.Halt.Ctx, m.ID)
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = w.Svc.Meetings.FindMeetingByID(w.Gemeente.Ctx, m.ID+1000)
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = w.Svc.Meetings.FindMeetingByID(context.Background(), m.ID)
		wantCode(t, err, ketenhub.EUNAUTHORIZED)

		open := w.planMeeting("Agenda meteen open", func(m *ketenhub.Meeting) { m.State = ketenhub.MeetingAgendaOpen })
		if open.State != ketenhub.MeetingAgendaOpen {
			t.Errorf("state = %q, want agenda_open as asked", open.State)
		}
	})
}

func TestMeetings_CreateRefused(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		plan := func(change func(m *ketenhub.Meeting)) *ketenhub.Meeting {
			m := &ketenhub.Meeting{WorkspaceID: w.WS.ID, Kind: ketenhub.MeetingDriehoek, Title: "Driehoek", StartsAt: w.Clock.Now().Add(time.Hour)}
			change(m)
			return m
		}
		for _, p := range []party{w.Politie, w.GGD} { // partner, meelezer
			wantCode(t, w.Svc.Meetings.CreateMeeting(p.Ctx, plan(func(*ketenhub.Meeting) {})), ketenhub.EFORBIDDEN)
		}
		wantCode(t, w.Svc.Meetings.CreateMeeting(w.Halt.Ctx, plan(func(*ketenhub.Meeting) {})), ketenhub.ENOTFOUND)

		halt := w.Halt.User.ID
		for _, tc := range []struct {
			field  string
			change func(m *ketenhub.Meeting)
		}{
			{"state", func(m *ketenhub.Meeting) { m.State = ketenhub.MeetingLive }},
			{"state", func(m *ketenhub.Meeting) { m.State = ketenhub.MeetingAgendaFixed }},
			{"kind", func(m *ketenhub.Meeting) { m.Kind = "borrel" }},
			{"title", func(m *ketenhub.Meeting) { m.Title = "   " }},
			{"starts_at", func(m *ketenhub.Meeting) { m.StartsAt = time.Time{} }},
			{"recur_every_weeks", func(m *ketenhub.Meeting) { m.RecurEveryWeeks = -1 }},
			{"participant_organisations", func(m *ketenhub.Meeting) { m.ParticipantOrganisations = []int64{w.Politie.Org.ID, w.Halt.Org.ID} }},
			{"participant_organisations", func(m *ketenhub.Meeting) { m.ParticipantOrganisations = []int64{999999} }},
			{"chair_user_id", func(m *ketenhub.Meeting) { m.ChairUserID = &halt }},
			{"minute_taker_user_id", func(m *ketenhub.Meeting) { m.MinuteTakerUserID = &halt }},
			{"participant_users", func(m *ketenhub.Meeting) { m.ParticipantUsers = []int64{w.OM.User.ID, halt} }},
			{"participant_users", func(m *ketenhub.Meeting) { m.ParticipantUsers = []int64{999999} }},
		} {
			wantField(t, w.Svc.Meetings.CreateMeeting(w.Gemeente.Ctx, plan(tc.change)), tc.field)
		}
		if n := countRows(t, w.DB, "meetings", "1 = 1"); n != 0 {
			t.Errorf("%d meetings stored, want none", n)
		}
		if got := lastSeq(t, w.DB, w.WS.ID); got != worldSetupEvents {
			t.Errorf("last_seq = %d, want %d: a refused create writes no event", got, worldSetupEvents)
		}
	})
}

func TestMeetings_Update(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.planMeeting("Programmaoverleg", func(m *ketenhub.Meeting) { m.ChairUserID = &w.Politie.User.ID })
		later := m.StartsAt.Add(24 * time.Hour)
		got, err := w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{
			Title: ptr(" Programmaoverleg ondermijning "), StartsAt: &later, Minutes: ptr(120), Location: ptr("https://meet.example.nl/po"),
			ClearChair: true, MinuteTakerUserID: &w.OM.User.ID, ParticipantOrganisations: &[]int64{w.OM.Org.ID, w.Politie.Org.ID},
			RecurEveryWeeks: ptr(4), Kind: ptr(ketenhub.MeetingProgrammaoverleg), Version: 1,
		})
		mustOK(t, err, "update")
		if got.Version != 2 || got.Title != "Programmaoverleg ondermijning" || !got.StartsAt.Equal(later) || got.Minutes != 120 ||
			got.ChairUserID != nil || !isID(got.MinuteTakerUserID, w.OM.User.ID) || got.RecurEveryWeeks != 4 ||
			got.Kind != ketenhub.MeetingProgrammaoverleg || !equalIDs(got.ParticipantOrganisations, sorted(w.OM.Org.ID, w.Politie.Org.ID)) {
			t.Errorf("updated = %+v", got)
		}
		wantEvents(t, w.fixture, m, worldSetupEvents+1, ketenhub.EventMeetingUpdated)

		_, err = w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Oud"), Version: 1})
		e := wantCode(t, err, ketenhub.ECONFLICT)
		if cur, ok := e.Current.(*ketenhub.Meeting); !ok || cur.Version != 2 || cur.Title != got.Title {
			t.Errorf("conflict carries %#v, want the current meeting", e.Current)
		}
		_, err = w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Zonder versie")})
		wantField(t, err, "version")
		_, err = w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{ChairUserID: &w.Halt.User.ID, Version: 2})
		wantField(t, err, "chair_user_id")
		_, err = w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{Minutes: ptr(-5), Version: 2})
		wantField(t, err, "duration_minutes")
		for _, p := range []party{w.Politie, w.GGD} {
			_, err = w.Svc.Meetings.UpdateMeeting(p.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Van een ander"), Version: 2})
			wantCode(t, err, ketenhub.EFORBIDDEN)
		}
		_, err = w.Svc.Meetings.UpdateMeeting(w.Halt.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Van buiten"), Version: 2})
		wantCode(t, err, ketenhub.ENOTFOUND)
		if got := lastSeq(t, w.DB, w.WS.ID); got != worldSetupEvents+2 {
			t.Errorf("last_seq = %d, want %d: refused updates write no event", got, worldSetupEvents+2)
		}
	})
}

// TestMeetings_TransitionTable tries every move between two states as the
// regisseur: the legal ones (DESIGN section 2, written out here rather than
// read from the domain) succeed, every other one is ECONFLICT naming the allowed moves.
func TestMeetings_TransitionTable(t *testing.T) {
	legal := map[[2]ketenhub.MeetingState]bool{
		{ketenhub.MeetingConcept, ketenhub.MeetingAgendaOpen}:     true,
		{ketenhub.MeetingAgendaOpen, ketenhub.MeetingConcept}:     true,
		{ketenhub.MeetingAgendaOpen, ketenhub.MeetingAgendaFixed}: true,
		{ketenhub.MeetingAgendaFixed, ketenhub.MeetingAgendaOpen}: true,
		{ketenhub.MeetingAgendaFixed, ketenhub.MeetingLive}:       true,
		{ketenhub.MeetingLive, ketenhub.MeetingFinished}:          true,
		{ketenhub.MeetingFinished, ketenhub.MeetingArchived}:      true,
	}
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		for _, from := range ketenhub.MeetingStates {
			for _, to := range ketenhub.MeetingStates {
				m := w.forceMeetingState(w.planMeeting(fmt.Sprintf("%s naar %s", from, to), nil), from)
				seq := lastSeq(t, w.DB, w.WS.ID)
				got, err := w.Svc.Meetings.TransitionMeeting(w.Gemeente.Ctx, m.ID, to, m.Version)
				if legal[[2]ketenhub.MeetingState{from, to}] {
					mustOK(t, err, fmt.Sprintf("%s -> %s", from, to))
					if got.State != to || got.Version != m.Version+1 {
						t.Errorf("%s -> %s: state %q version %d, want %q %d", from, to, got.State, got.Version, to, m.Version+1)
					}
					wantEvents(t, w.fixture, m, seq, ketenhub.EventMeetingUpdated)
					continue
				}
				e := ketenhub.ErrorOf(err)
				if e == nil || e.Code != ketenhub.ECONFLICT || e.Message == "" || e.MessageNL == "" {
					t.Errorf("%s -> %s: error %v, want a conflict in both languages", from, to, err)
					continue
				}
				var allowed []string
				for _, next := range ketenhub.MeetingStates {
					if legal[[2]ketenhub.MeetingState{from, next}] {
						allowed = append(allowed, string(next))
					}
				}
				if !slices.Equal(e.Allowed, allowed) {
					t.Errorf("%s -> %s: allowed %v, want %v", from, to, e.Allowed, allowed)
				}
				if now := lastSeq(t, w.DB, w.WS.ID); now != seq {
					t.Errorf("%s -> %s: refused move wrote %d events", from, to, now-seq)
				}
			}
		}
		m := w.planMeeting("Onbekend", nil)
		_, err := w.Svc.Meetings.TransitionMeeting(w.Gemeente.Ctx, m.ID, "vergaderd", m.Version)
		wantField(t, err, "state")
		_, err = w.Svc.Meetings.TransitionMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingAgendaOpen, 0)
		wantField(t, err, "version")
		_, err = w.Svc.Meetings.TransitionMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingAgendaOpen, m.Version+1)
		if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current == nil {
			t.Error("a stale transition does not carry the current meeting")
		}
	})
}

// TestMeetings_WhoMayMove: the regisseur plans; the chair or minute-taker
// (of any member role) starts, runs and finishes, but does not plan.
func TestMeetings_WhoMayMove(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.planMeeting("Driehoek", func(m *ketenhub.Meeting) {
			m.ChairUserID, m.MinuteTakerUserID = &w.Politie.User.ID, &w.GGD.User.ID
		})
		colleague := w.User("Pieter Politie", w.Politie.Org.ID) // same partner organisation, not the chair
		colleagueCtx := ViewerContext(colleague)

		for _, ctx := range []context.Context{w.Politie.Ctx, w.OM.Ctx, w.GGD.Ctx, colleagueCtx} {
			_, err := w.Svc.Meetings.TransitionMeeting(ctx, m.ID, ketenhub.MeetingAgendaOpen, m.Version)
			wantCode(t, err, ketenhub.EFORBIDDEN)
		}
		_, err := w.Svc.Meetings.TransitionMeeting(w.Halt.Ctx, m.ID, ketenhub.MeetingAgendaOpen, m.Version)
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = w.Svc.Meetings.UpdateMeeting(w.Politie.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Door de voorzitter"), Version: m.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)

		m = w.transition(w.Gemeente, m, ketenhub.MeetingAgendaOpen)
		m = w.transition(w.Gemeente, m, ketenhub.MeetingAgendaFixed)
		for _, ctx := range []context.Context{w.OM.Ctx, colleagueCtx} {
			_, err = w.Svc.Meetings.TransitionMeeting(ctx, m.ID, ketenhub.MeetingLive, m.Version)
			wantCode(t, err, ketenhub.EFORBIDDEN)
		}
		_, err = w.Svc.Meetings.TransitionMeeting(w.Politie.Ctx, m.ID, ketenhub.MeetingAgendaOpen, m.Version)
		wantCode(t, err, ketenhub.EFORBIDDEN) // reopening the agenda is planning

		m = w.transition(w.Politie, m, ketenhub.MeetingLive) // the chair, a partner
		_, err = w.Svc.Meetings.RunMeeting(colleagueCtx, m.ID, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: colleague.ID, Present: true}, Version: m.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = w.Svc.Meetings.RunMeeting(w.Halt.Ctx, m.ID, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: w.OM.User.ID, Present: true}, Version: m.Version})
		wantCode(t, err, ketenhub.ENOTFOUND)
		m = w.run(w.GGD, m, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: w.Politie.User.ID, Present: true}}) // the minute-taker, a meelezer
		m = w.run(w.Politie, m, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: w.GGD.User.ID, Present: true}})
		_, err = w.Svc.Meetings.TransitionMeeting(w.OM.Ctx, m.ID, ketenhub.MeetingFinished, m.Version)
		wantCode(t, err, ketenhub.EFORBIDDEN)
		m = w.transition(w.GGD, m, ketenhub.MeetingFinished)
		_, err = w.Svc.Meetings.TransitionMeeting(w.Politie.Ctx, m.ID, ketenhub.MeetingArchived, m.Version)
		wantCode(t, err, ketenhub.EFORBIDDEN) // archiving is the regisseur's
		w.transition(w.Gemeente, m, ketenhub.MeetingArchived)
	})
}

// TestMeetings_GoLiveAndFinish: going live starts at the first accepted
// item with the timer stopped; finishing credits the running time and
// clears the current item.
func TestMeetings_GoLiveAndFinish(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.forceMeetingState(w.planMeeting("Signaaloverleg", nil), ketenhub.MeetingAgendaFixed)
		w.insertItem(m, 1, "Voorstel", ketenhub.ItemProposed, everyone)
		w.insertItem(m, 2, "Afgewezen", ketenhub.ItemRejected, everyone)
		first := w.insertItem(m, 3, "Eerste punt", ketenhub.ItemAccepted, restricted(w.Gemeente.Org.ID, w.Politie.Org.ID))
		w.insertItem(m, 4, "Tweede punt", ketenhub.ItemAccepted, everyone)

		m = w.transition(w.Gemeente, m, ketenhub.MeetingLive)
		if !isID(m.CurrentItemID, first) || m.TimerStartedAt != nil || m.TimerElapsed != 0 {
			t.Fatalf("live: current %v timer %v/%d, want item %d with the timer stopped at 0", m.CurrentItemID, m.TimerStartedAt, m.TimerElapsed, first)
		}
		m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Timer: ketenhub.TimerStart})
		w.Clock.Add(95 * time.Second)
		seq := lastSeq(t, w.DB, w.WS.ID)
		m = w.transition(w.Gemeente, m, ketenhub.MeetingFinished)
		if m.CurrentItemID != nil || m.TimerStartedAt != nil || m.TimerElapsed != 0 {
			t.Errorf("finished: current %v timer %v/%d, want none", m.CurrentItemID, m.TimerStartedAt, m.TimerElapsed)
		}
		if it := w.item(first); it.DiscussedSeconds != 95 || it.Version != 2 || it.State != string(ketenhub.ItemAccepted) {
			t.Errorf("first item = %+v, want 95 s discussed, version 2, still geaccepteerd", it)
		}
		evs := wantEvents(t, w.fixture, m, seq, ketenhub.EventAgendaItemUpdated, ketenhub.EventMeetingUpdated)
		if evs[0].SubjectID != first || evs[0].Visibility != string(ketenhub.ScopeRestricted) {
			t.Errorf("item event = %+v, want about item %d with its restricted visibility", evs[0], first)
		}
		var orgs []int64
		mustOK(t, w.DB.Gorm().Raw(`SELECT organisation_id FROM visible_orgs vo JOIN events e ON vo.subject_type = 'event' AND vo.subject_id = e.id
			WHERE e.workspace_id = ? AND e.seq = ? ORDER BY organisation_id`, w.WS.ID, evs[0].Seq).Scan(&orgs).Error, "read event visibility")
		if !equalIDs(orgs, sorted(w.Gemeente.Org.ID, w.Politie.Org.ID)) {
			t.Errorf("item event visible to %v, want the item's organisations", orgs)
		}

		// A meeting without an accepted item goes live without a current item.
		empty := w.forceMeetingState(w.planMeeting("Leeg", nil), ketenhub.MeetingAgendaFixed)
		w.insertItem(empty, 1, "Alleen een voorstel", ketenhub.ItemProposed, everyone)
		empty = w.transition(w.Gemeente, empty, ketenhub.MeetingLive)
		if empty.CurrentItemID != nil {
			t.Errorf("current item = %v, want none", *empty.CurrentItemID)
		}
		_, err := w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, empty.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStart, Version: empty.Version})
		wantCode(t, err, ketenhub.ECONFLICT)
		_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, empty.ID, ketenhub.LiveCommand{Move: ketenhub.MoveNext, Version: empty.Version})
		wantCode(t, err, ketenhub.ECONFLICT)
	})
}

func TestMeetings_Recurrence(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		// 10:00 in Amsterdam before summer time; two weeks later is after it.
		starts := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
		deadline := time.Date(2026, 3, 20, 11, 0, 0, 0, time.UTC)
		m := w.planMeeting("Lokale driehoek", func(m *ketenhub.Meeting) {
			m.Kind, m.StartsAt, m.ProposalDeadline, m.RecurEveryWeeks = ketenhub.MeetingDriehoek, starts, &deadline, 2
			m.ChairUserID, m.MinuteTakerUserID = &w.Gemeente.User.ID, &w.OM.User.ID
			m.ParticipantOrganisations = []int64{w.Gemeente.Org.ID, w.Politie.Org.ID, w.OM.Org.ID}
			m.ParticipantUsers = []int64{w.Politie.User.ID}
		})
		m = w.forceMeetingState(m, ketenhub.MeetingLive)
		seq := lastSeq(t, w.DB, w.WS.ID)
		m = w.transition(w.Gemeente, m, ketenhub.MeetingFinished)

		var next []int64
		mustOK(t, w.DB.Gorm().Raw(`SELECT id FROM meetings WHERE previous_meeting_id = ?`, m.ID).Scan(&next).Error, "find successor")
		if len(next) != 1 {
			t.Fatalf("successors = %v, want exactly one", next)
		}
		s, err := w.Svc.Meetings.FindMeetingByID(w.Politie.Ctx, next[0])
		mustOK(t, err, "find successor")
		wantStart := time.Date(2026, 4, 6, 8, 0, 0, 0, time.UTC) // 10:00 summer time
		wantDeadline := time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC)
		if s.State != ketenhub.MeetingConcept || !s.StartsAt.Equal(wantStart) || !sameInstant(s.ProposalDeadline, &wantDeadline) ||
			s.Kind != m.Kind || s.Title != m.Title || s.Minutes != m.Minutes || s.Location != m.Location ||
			!isID(s.ChairUserID, w.Gemeente.User.ID) || !isID(s.MinuteTakerUserID, w.OM.User.ID) ||
			!equalIDs(s.ParticipantOrganisations, m.ParticipantOrganisations) || !equalIDs(s.ParticipantUsers, m.ParticipantUsers) ||
			s.RecurEveryWeeks != 2 || !isID(s.PreviousMeetingID, m.ID) || s.Version != 1 || len(s.Attendance) != 0 {
			t.Errorf("successor = %+v\nwant the plan of %+v two weeks later", s, m)
		}
		evs := meetingLog(t, w.fixture, w.WS.ID, seq)
		if len(evs) != 2 || evs[0].Type != ketenhub.EventMeetingUpdated || !isID(evs[0].MeetingID, m.ID) ||
			evs[1].Type != ketenhub.EventMeetingCreated || !isID(evs[1].MeetingID, s.ID) || evs[1].SubjectID != s.ID {
			t.Errorf("events = %+v, want meeting.updated of %d then meeting.created of %d", evs, m.ID, s.ID)
		}

		// A meeting whose successor is already planned gets no second one.
		again := w.forceMeetingState(w.planMeeting("Al gepland", func(m *ketenhub.Meeting) { m.RecurEveryWeeks = 1 }), ketenhub.MeetingLive)
		planned := w.planMeeting("Volgende", nil)
		mustOK(t, w.DB.Gorm().Exec(`UPDATE meetings SET previous_meeting_id = ? WHERE id = ?`, again.ID, planned.ID).Error, "link")
		w.transition(w.Gemeente, again, ketenhub.MeetingFinished)
		if n := countRows(t, w.DB, "meetings", "previous_meeting_id = ?", again.ID); n != 1 {
			t.Errorf("successors of a planned series = %d, want the one planned", n)
		}
		// A one-off meeting has none.
		once := w.forceMeetingState(w.planMeeting("Eenmalig", nil), ketenhub.MeetingLive)
		w.transition(w.Gemeente, once, ketenhub.MeetingFinished)
		if n := countRows(t, w.DB, "meetings", "previous_meeting_id = ?", once.ID); n != 0 {
			t.Errorf("successors of a one-off meeting = %d, want 0", n)
		}
	})
}

// TestMeetings_Run walks a live meeting through its agenda: moves, the
// timer, attendance, and what each refuses.
func TestMeetings_Run(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.forceMeetingState(w.planMeeting("Signaaloverleg", nil), ketenhub.MeetingAgendaFixed)
		a := w.insertItem(m, 1, "Opening", ketenhub.ItemAccepted, everyone)
		b := w.insertItem(m, 2, "Besloten casus", ketenhub.ItemAccepted, restricted(w.Gemeente.Org.ID, w.Politie.Org.ID))
		c := w.insertItem(m, 3, "Voorstel", ketenhub.ItemProposed, everyone)
		d := w.insertItem(m, 4, "Rondvraag", ketenhub.ItemAccepted, everyone)
		m = w.transition(w.Gemeente, m, ketenhub.MeetingLive)
		start := w.Clock.Now()

		t.Run("Timer", func(t *testing.T) {
			_, err := w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStop, Version: m.Version})
			wantCode(t, err, ketenhub.ECONFLICT)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Timer: ketenhub.TimerStart})
			if !sameInstant(m.TimerStartedAt, &start) {
				t.Errorf("timer started at %v, want %v", m.TimerStartedAt, start)
			}
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStart, Version: m.Version})
			wantCode(t, err, ketenhub.ECONFLICT)
			w.Clock.Add(60 * time.Second)
			seq := lastSeq(t, w.DB, w.WS.ID)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Timer: ketenhub.TimerStop})
			if m.TimerStartedAt != nil || m.TimerElapsed != 60 {
				t.Errorf("stopped timer %v/%d, want stopped at 60", m.TimerStartedAt, m.TimerElapsed)
			}
			if it := w.item(a); it.DiscussedSeconds != 60 || it.State != string(ketenhub.ItemAccepted) {
				t.Errorf("item a = %+v, want 60 s, still geaccepteerd", it)
			}
			wantEvents(t, w.fixture, m, seq, ketenhub.EventAgendaItemUpdated, ketenhub.EventMeetingUpdated)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Timer: ketenhub.TimerStart})
			w.Clock.Add(30 * time.Second)
		})

		t.Run("Next", func(t *testing.T) {
			seq := lastSeq(t, w.DB, w.WS.ID)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MoveNext})
			if !isID(m.CurrentItemID, b) || m.TimerStartedAt != nil || m.TimerElapsed != 0 {
				t.Errorf("after next: current %v timer %v/%d, want item b stopped at 0", m.CurrentItemID, m.TimerStartedAt, m.TimerElapsed)
			}
			if it := w.item(a); it.DiscussedSeconds != 90 || it.State != string(ketenhub.ItemDiscussed) {
				t.Errorf("item a = %+v, want 90 s and besproken", it)
			}
			evs := wantEvents(t, w.fixture, m, seq, ketenhub.EventAgendaItemUpdated, ketenhub.EventAgendaReordered, ketenhub.EventMeetingUpdated)
			if evs[1].Visibility != string(ketenhub.ScopeWorkspace) {
				t.Errorf("agenda.reordered visibility = %q, want the whole workspace", evs[1].Visibility)
			}
			var order struct {
				MeetingID int64 `json:"meeting_id"`
				Items     []struct {
					ID    int64                    `json:"id"`
					State ketenhub.AgendaItemState `json:"state"`
				} `json:"items"`
			}
			mustOK(t, json.Unmarshal([]byte(evs[1].Payload), &order), "decode agenda.reordered")
			if order.MeetingID != m.ID || len(order.Items) != 3 || order.Items[0].ID != a || order.Items[0].State != ketenhub.ItemDiscussed ||
				order.Items[1].ID != b || order.Items[2].ID != d {
				t.Errorf("agenda.reordered = %s, want a (besproken), b, d", evs[1].Payload)
			}

			// From b, next skips the proposal c; b is restricted, and so is its event.
			seq = lastSeq(t, w.DB, w.WS.ID)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MoveNext})
			if !isID(m.CurrentItemID, d) {
				t.Errorf("current = %v, want d", m.CurrentItemID)
			}
			evs = wantEvents(t, w.fixture, m, seq, ketenhub.EventAgendaItemUpdated, ketenhub.EventAgendaReordered, ketenhub.EventMeetingUpdated)
			if evs[0].SubjectID != b || evs[0].Visibility != string(ketenhub.ScopeRestricted) {
				t.Errorf("item event = %+v, want item b, restricted", evs[0])
			}
			_, err := w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Move: ketenhub.MoveNext, Version: m.Version})
			wantCode(t, err, ketenhub.ECONFLICT) // past the last item
		})

		t.Run("BackAndJump", func(t *testing.T) {
			seq := lastSeq(t, w.DB, w.WS.ID)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MovePrevious})
			if !isID(m.CurrentItemID, b) {
				t.Errorf("current = %v, want b", m.CurrentItemID)
			}
			if it := w.item(d); it.State != string(ketenhub.ItemAccepted) {
				t.Errorf("d after going back = %+v, want still geaccepteerd", it)
			}
			wantEvents(t, w.fixture, m, seq, ketenhub.EventMeetingUpdated) // nothing timed, nothing done
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MoveTo, ItemID: &a})
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Timer: ketenhub.TimerStart})
			w.Clock.Add(10 * time.Second)
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MoveTo, ItemID: &d})
			if it := w.item(a); it.DiscussedSeconds != 100 || it.State != string(ketenhub.ItemDiscussed) {
				t.Errorf("a after a second visit = %+v, want 100 s, besproken", it)
			}
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MovePrevious})
			m = w.run(w.Gemeente, m, ketenhub.LiveCommand{Move: ketenhub.MovePrevious})
			if !isID(m.CurrentItemID, a) {
				t.Errorf("current = %v, want a", m.CurrentItemID)
			}
			_, err := w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Move: ketenhub.MovePrevious, Version: m.Version})
			wantCode(t, err, ketenhub.ECONFLICT) // before the first item
			for _, id := range []int64{c, 999999} {
				_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Move: ketenhub.MoveTo, ItemID: &id, Version: m.Version})
				wantField(t, err, "item_id")
			}
			other := w.forceMeetingState(w.planMeeting("Ander overleg", nil), ketenhub.MeetingAgendaFixed)
			foreign := w.insertItem(other, 1, "Van een ander overleg", ketenhub.ItemAccepted, everyone)
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Move: ketenhub.MoveTo, ItemID: &foreign, Version: m.Version})
			wantField(t, err, "item_id")
		})

		t.Run("Attendance", func(t *testing.T) {
			present := func(id int64, yes bool) ketenhub.LiveCommand {
				return ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: id, Present: yes}}
			}
			m = w.run(w.Gemeente, m, present(w.OM.User.ID, true))
			m = w.run(w.Gemeente, m, present(w.Politie.User.ID, true))
			m = w.run(w.Gemeente, m, present(w.OM.User.ID, true))
			m = w.run(w.Gemeente, m, present(w.GGD.User.ID, true))
			if want := sorted(w.OM.User.ID, w.Politie.User.ID, w.GGD.User.ID); !equalIDs(m.Attendance, want) {
				t.Errorf("attendance = %v, want %v", m.Attendance, want)
			}
			m = w.run(w.Gemeente, m, present(w.OM.User.ID, false))
			if want := sorted(w.Politie.User.ID, w.GGD.User.ID); !equalIDs(m.Attendance, want) {
				t.Errorf("attendance = %v, want %v", m.Attendance, want)
			}
		})

		t.Run("Refused", func(t *testing.T) {
			cmd := func(c ketenhub.LiveCommand) ketenhub.LiveCommand { c.Version = m.Version; return c }
			_, err := w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: w.Halt.User.ID, Present: true}}))
			wantField(t, err, "attendance.user_id")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Move: ketenhub.MoveNext, Timer: ketenhub.TimerStart}))
			wantField(t, err, "body")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{}))
			wantField(t, err, "body")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Move: "sideways"}))
			wantField(t, err, "move")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Move: ketenhub.MoveNext, ItemID: &a}))
			wantField(t, err, "item_id")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Move: ketenhub.MoveTo}))
			wantField(t, err, "item_id")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, cmd(ketenhub.LiveCommand{Timer: "pause"}))
			wantField(t, err, "timer")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStart})
			wantField(t, err, "version")
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStart, Version: m.Version - 1})
			if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current == nil || e.Current.(*ketenhub.Meeting).Version != m.Version {
				t.Errorf("stale command carries %#v, want the current meeting", e.Current)
			}
			for _, p := range []party{w.Politie, w.OM, w.GGD} { // not chair or minute-taker of this meeting
				_, err = w.Svc.Meetings.RunMeeting(p.Ctx, m.ID, cmd(ketenhub.LiveCommand{Timer: ketenhub.TimerStart}))
				wantCode(t, err, ketenhub.EFORBIDDEN)
			}
			_, err = w.Svc.Meetings.RunMeeting(w.Halt.Ctx, m.ID, cmd(ketenhub.LiveCommand{Timer: ketenhub.TimerStart}))
			wantCode(t, err, ketenhub.ENOTFOUND)
			planned := w.planMeeting("Nog niet live", nil)
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, planned.ID, ketenhub.LiveCommand{Timer: ketenhub.TimerStart, Version: planned.Version})
			if e := wantCode(t, err, ketenhub.ECONFLICT); e.Message != "The meeting is not live." || e.MessageNL != "Het overleg is niet live." {
				t.Errorf("not live: %v", err)
			}
		})

		// Every live command wrote exactly one meeting.updated, in the log
		// in version order, and every event is about this meeting.
		var versions []int64
		for _, ev := range meetingLog(t, w.fixture, w.WS.ID, 0) {
			if ev.Type != ketenhub.EventMeetingUpdated || !isID(ev.MeetingID, m.ID) {
				continue
			}
			var p ketenhub.Meeting
			mustOK(t, json.Unmarshal([]byte(ev.Payload), &p), "decode meeting.updated")
			versions = append(versions, p.Version)
		}
		for i, v := range versions {
			if v != int64(i+2) {
				t.Fatalf("meeting.updated versions = %v, want 2, 3, ... without gaps", versions)
			}
		}
		if last := versions[len(versions)-1]; last != m.Version {
			t.Errorf("last event version %d, want %d", last, m.Version)
		}
	})
}

func TestMeetings_FinishedRefusesChanges(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.forceMeetingState(w.planMeeting("Afgerond", nil), ketenhub.MeetingFinished)
		for _, state := range []ketenhub.MeetingState{ketenhub.MeetingFinished, ketenhub.MeetingArchived} {
			if state == ketenhub.MeetingArchived {
				m = w.transition(w.Gemeente, m, ketenhub.MeetingArchived)
			}
			seq := lastSeq(t, w.DB, w.WS.ID)
			_, err := w.Svc.Meetings.UpdateMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Toch anders"), Version: m.Version})
			if e := wantCode(t, err, ketenhub.ECONFLICT); e.Message == "" || e.MessageNL == "" {
				t.Errorf("%s: %v lacks a message", state, err)
			}
			_, err = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: w.OM.User.ID, Present: true}, Version: m.Version})
			wantCode(t, err, ketenhub.ECONFLICT)
			_, err = w.Svc.Meetings.TransitionMeeting(w.Gemeente.Ctx, m.ID, ketenhub.MeetingLive, m.Version)
			wantCode(t, err, ketenhub.ECONFLICT)
			if got := lastSeq(t, w.DB, w.WS.ID); got != seq {
				t.Errorf("%s: refused changes wrote %d events", state, got-seq)
			}
		}
	})
}

// TestMeetings_FindMeetings: the overview lists the meetings of every
// workspace the viewer's organisation is in, and of no other.
func TestMeetings_FindMeetings(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		jeugd := w.Workspace("Jeugd en veiligheid", member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur}, member{w.Halt.Org.ID, ketenhub.RolePartner})
		now := w.Clock.Now()
		at := func(days int) func(m *ketenhub.Meeting) {
			return func(m *ketenhub.Meeting) { m.StartsAt = now.Add(time.Duration(days) * 24 * time.Hour) }
		}
		third := w.planMeeting("Over drie dagen", at(3))
		first := w.planMeeting("Morgen", at(1))
		sameDay := w.planMeeting("Ook over drie dagen", at(3))
		youth := &ketenhub.Meeting{WorkspaceID: jeugd.ID, Kind: ketenhub.MeetingCasusoverleg, Title: "Casusoverleg jeugd", StartsAt: now.Add(48 * time.Hour)}
		mustOK(t, w.Svc.Meetings.CreateMeeting(w.Gemeente.Ctx, youth), "create in jeugd")
		w.forceMeetingState(third, ketenhub.MeetingAgendaOpen)

		find := func(p party, f ketenhub.MeetingFilter) []int64 {
			t.Helper()
			ms, err := w.Svc.Meetings.FindMeetings(p.Ctx, f)
			mustOK(t, err, "find meetings")
			return idsOfMeetings(ms)
		}
		for _, tc := range []struct {
			name string
			p    party
			f    ketenhub.MeetingFilter
			want []int64
		}{
			{"regisseur of both", w.Gemeente, ketenhub.MeetingFilter{}, []int64{first.ID, youth.ID, third.ID, sameDay.ID}},
			{"partner of one", w.Politie, ketenhub.MeetingFilter{}, []int64{first.ID, third.ID, sameDay.ID}},
			{"meelezer of one", w.GGD, ketenhub.MeetingFilter{}, []int64{first.ID, third.ID, sameDay.ID}},
			{"partner of the other", w.Halt, ketenhub.MeetingFilter{}, []int64{youth.ID}},
			{"workspace", w.Gemeente, ketenhub.MeetingFilter{WorkspaceID: jeugd.ID}, []int64{youth.ID}},
			{"state", w.Politie, ketenhub.MeetingFilter{States: []ketenhub.MeetingState{ketenhub.MeetingAgendaOpen}}, []int64{third.ID}},
			{"from", w.Gemeente, ketenhub.MeetingFilter{From: ptr(now.Add(48 * time.Hour))}, []int64{youth.ID, third.ID, sameDay.ID}},
			{"to", w.Gemeente, ketenhub.MeetingFilter{To: ptr(now.Add(48 * time.Hour))}, []int64{first.ID}},
			{"limit", w.Gemeente, ketenhub.MeetingFilter{Limit: 2}, []int64{first.ID, youth.ID}},
			{"beheerder outside", party{Ctx: w.AdminCtx}, ketenhub.MeetingFilter{}, []int64{}},
		} {
			if got := find(tc.p, tc.f); !equalIDs(got, tc.want) {
				t.Errorf("%s: found %v, want %v", tc.name, got, tc.want)
			}
		}
		_, err := w.Svc.Meetings.FindMeetings(w.Politie.Ctx, ketenhub.MeetingFilter{WorkspaceID: jeugd.ID})
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = w.Svc.Meetings.FindMeetings(context.Background(), ketenhub.MeetingFilter{})
		wantCode(t, err, ketenhub.EUNAUTHORIZED)
	})
}

// TestMeetings_ConcurrentRun races live commands based on one version: one
// wins, the others get ECONFLICT with the winner's meeting.
func TestMeetings_ConcurrentRun(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		m := w.forceMeetingState(w.planMeeting("Druk overleg", nil), ketenhub.MeetingLive)
		people := []int64{w.Gemeente.User.ID, w.Politie.User.ID, w.OM.User.ID, w.GGD.User.ID}
		for round := range 5 {
			errs := make([]error, len(people))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range people {
				wg.Go(func() {
					<-start
					_, errs[i] = w.Svc.Meetings.RunMeeting(w.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{
						Attendance: &ketenhub.Attendance{UserID: people[i], Present: round%2 == 0}, Version: m.Version})
				})
			}
			close(start)
			wg.Wait()
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if e := ketenhub.ErrorOf(err); e == nil || e.Code != ketenhub.ECONFLICT || e.Current.(*ketenhub.Meeting).Version != m.Version+1 {
					t.Fatalf("round %d: loser's error = %v, want a conflict with version %d", round, err, m.Version+1)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d commands won, want 1", round, wins)
			}
			got, err := w.Svc.Meetings.FindMeetingByID(w.Gemeente.Ctx, m.ID)
			mustOK(t, err, "find")
			if got.Version != m.Version+1 {
				t.Fatalf("round %d: version %d, want %d", round, got.Version, m.Version+1)
			}
			m = got
		}
	})
}

func sorted(ids ...int64) []int64 {
	out := append([]int64(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return slices.Equal(a, b)
}
