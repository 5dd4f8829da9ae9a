package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// chain is a theme workspace and a driehoek workspace with their partners:
//
//	theme (ondermijning): Gemeente regisseur, Politie and RIEC and Halt partners, GGD meelezer;
//	driehoek:             Gemeente regisseur, Politie and OM and Halt partners, GGD meelezer.
//
// RIEC is a theme-only partner; Halt and GGD are driehoek members outside
// the driehoek organisations (gemeente, politie, OM).
type chain struct {
	*fixture
	Theme    *ketenhub.Workspace
	Driehoek *ketenhub.Workspace
	Gemeente party
	Politie  party
	OM       party
	RIEC     party
	GGD      party
	Halt     party
}

func newChain(tb testing.TB, kind string) *chain {
	tb.Helper()
	f := newFixture(tb, kind)
	c := &chain{fixture: f}
	c.Gemeente = f.party("Gemeente Zaanstad", "Olga Oov", ketenhub.KindGemeente)
	c.Politie = f.party("Politie Zaanstreek", "Tom Teamchef", ketenhub.KindPolitie)
	c.OM = f.party("OM Noord-Holland", "Olav Officier", ketenhub.KindOM)
	c.RIEC = f.party("RIEC Noord-Holland", "Rita Riec", ketenhub.KindRIEC)
	c.GGD = f.party("GGD Zaanstreek-Waterland", "Gerda Ggd", ketenhub.KindGGD)
	c.Halt = f.party("Halt Noord-Holland", "Hans Halt", ketenhub.KindHalt)
	c.Theme = f.Workspace("Ondermijning Zaanstad",
		member{c.Gemeente.Org.ID, ketenhub.RoleRegisseur},
		member{c.Politie.Org.ID, ketenhub.RolePartner},
		member{c.RIEC.Org.ID, ketenhub.RolePartner},
		member{c.Halt.Org.ID, ketenhub.RolePartner},
		member{c.GGD.Org.ID, ketenhub.RoleMeelezer},
	)
	c.Driehoek = c.workspaceOfTheme("Lokale driehoek Zaanstad", ketenhub.ThemeDriehoek,
		member{c.Gemeente.Org.ID, ketenhub.RoleRegisseur},
		member{c.Politie.Org.ID, ketenhub.RolePartner},
		member{c.OM.Org.ID, ketenhub.RolePartner},
		member{c.Halt.Org.ID, ketenhub.RolePartner},
		member{c.GGD.Org.ID, ketenhub.RoleMeelezer},
	)
	return c
}

func (c *chain) workspaceOfTheme(title string, theme ketenhub.Theme, members ...member) *ketenhub.Workspace {
	c.tb.Helper()
	w := &ketenhub.Workspace{Title: title, Theme: theme, Period: "2026"}
	mustOK(c.tb, c.Svc.Workspaces.CreateWorkspace(c.AdminCtx, w), "create workspace")
	for _, m := range members {
		_, err := c.Svc.Workspaces.SetMembership(c.AdminCtx, w.ID, m.OrgID, m.Role)
		mustOK(c.tb, err, "set membership")
	}
	return w
}

// meeting inserts a meeting row of a workspace straight into the table: the
// fixture data the agenda and decision services work on.
func (f *fixture) rowMeeting(workspaceID int64, title string, startsIn time.Duration, state ketenhub.MeetingState) *ketenhub.Meeting {
	f.tb.Helper()
	now := f.Clock.Now()
	m := &ketenhub.Meeting{WorkspaceID: workspaceID, Kind: ketenhub.MeetingDriehoek, Title: title, StartsAt: now.Add(startsIn).UTC(),
		Minutes: 90, State: state, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := f.DB.Gorm().Raw(`INSERT INTO meetings (workspace_id, kind, title, starts_at, minutes, location, state,
		participant_organisations, participant_users, attendance, recur_every_weeks, timer_elapsed, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, 90, '', ?, '[]', '[]', '[]', 0, 0, 1, ?, ?) RETURNING id`,
		workspaceID, string(m.Kind), title, m.StartsAt, string(state), now, now).Scan(&m.ID).Error
	if err != nil || m.ID == 0 {
		f.tb.Fatalf("insert meeting %q: id %d, %v", title, m.ID, err)
	}
	return m
}

// planMeeting creates a driehoek meeting through the meeting service, as the
// regisseur, startsIn from now, in state concept or agenda_open.
func (c *chain) planMeeting(title string, startsIn time.Duration, state ketenhub.MeetingState) *ketenhub.Meeting {
	c.tb.Helper()
	m := &ketenhub.Meeting{WorkspaceID: c.Driehoek.ID, Kind: ketenhub.MeetingDriehoek, Title: title,
		StartsAt: c.Clock.Now().Add(startsIn), Minutes: 90, State: state, ChairUserID: &c.Gemeente.User.ID}
	mustOK(c.tb, c.Svc.Meetings.CreateMeeting(c.Gemeente.Ctx, m), "create meeting "+title)
	return m
}

// moveMeeting moves a meeting to state through the meeting service, as the regisseur.
func (c *chain) moveMeeting(m *ketenhub.Meeting, to ketenhub.MeetingState) *ketenhub.Meeting {
	c.tb.Helper()
	got, err := c.Svc.Meetings.TransitionMeeting(c.Gemeente.Ctx, m.ID, to, m.Version)
	mustOK(c.tb, err, "move meeting to "+string(to))
	return got
}

// setMeetingCols changes columns of a meeting row: its state, deadline, chair, current item.
func (f *fixture) setMeetingCols(id int64, cols map[string]any) {
	f.tb.Helper()
	if err := f.DB.Gorm().Table("meetings").Where("id = ?", id).Updates(cols).Error; err != nil {
		f.tb.Fatalf("update meeting %d: %v", id, err)
	}
}

func (f *fixture) setMeetingStateRow(id int64, state ketenhub.MeetingState) {
	f.tb.Helper()
	f.setMeetingCols(id, map[string]any{"state": string(state)})
}

// proposeItem adds an item to a meeting as the party.
func (f *fixture) proposeItem(by party, meetingID int64, title string, vis ketenhub.Visibility) *ketenhub.AgendaItem {
	f.tb.Helper()
	it := &ketenhub.AgendaItem{MeetingID: meetingID, Title: title, Notes: "Toelichting bij " + title, Kind: ketenhub.ItemBespreken, Visibility: vis}
	mustOK(f.tb, f.Svc.Agenda.ProposeAgendaItem(by.Ctx, it), "propose "+title)
	return it
}

// setItemState moves an item to state as the party and returns it.
func (f *fixture) setItemState(by party, it *ketenhub.AgendaItem, state ketenhub.AgendaItemState) *ketenhub.AgendaItem {
	f.tb.Helper()
	got, err := f.Svc.Agenda.UpdateAgendaItem(by.Ctx, it.ID, ketenhub.AgendaItemUpdate{State: &state, Version: it.Version})
	mustOK(f.tb, err, "set item state")
	return got
}

// itemIDs returns the ids of items, in order.
func itemIDs(items []*ketenhub.AgendaItem) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func decisionIDs(ds []*ketenhub.Decision) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// agendaEvents reads the events of a workspace about meeting id, in order.
func agendaEvents(tb testing.TB, f *fixture, workspaceID, meetingID int64) []loggedEvent {
	tb.Helper()
	var out []loggedEvent
	for _, e := range meetingLog(tb, f, workspaceID, 0) {
		if isID(e.MeetingID, meetingID) {
			out = append(out, e)
		}
	}
	return out
}

// typesOf lists the types of events, in order.
func typesOf(evs []loggedEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

// reorderedItems decodes the items of an agenda.reordered payload.
func reorderedItems(tb testing.TB, payload string) (meetingID int64, ids []int64, positions []int) {
	tb.Helper()
	var p struct {
		MeetingID int64 `json:"meeting_id"`
		Items     []struct {
			ID       int64  `json:"id"`
			Position int    `json:"position"`
			State    string `json:"state"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		tb.Fatalf("decode agenda.reordered %s: %v", payload, err)
	}
	for _, it := range p.Items {
		ids = append(ids, it.ID)
		positions = append(positions, it.Position)
	}
	return p.MeetingID, ids, positions
}
