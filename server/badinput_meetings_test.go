package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// meetingWriteRoutes are the write routes of meetings, agendas, decisions,
// escalation and calendar feeds, each on objects of its own so that the
// valid bodies can run one after the other.
func (w *world) meetingWriteRoutes(t *testing.T) []writeRoute {
	t.Helper()
	ws := w.workspace.ID
	open := w.plan(t, "Signaaloverleg januari", ketenhub.MeetingAgendaOpen, 7)
	toFix := w.plan(t, "Signaaloverleg februari", ketenhub.MeetingAgendaOpen, 14)
	live := w.plan(t, "Programmaoverleg", ketenhub.MeetingAgendaOpen, 21)
	w.plan(t, "Programmaoverleg, vervolg", ketenhub.MeetingConcept, 28)
	item, moving := w.item(t, open, "Cameratoezicht"), w.item(t, open, "Jongerenoverlast")
	w.item(t, live, "Stand van zaken")
	deferred := w.item(t, live, "Later bespreken")
	for _, st := range []ketenhub.MeetingState{ketenhub.MeetingAgendaFixed, ketenhub.MeetingLive} {
		w.gemeente.do("POST", fmt.Sprintf("/api/v1/meetings/%d/transition", live.ID), map[string]any{"state": st, "version": live.Version}).
			must(t, http.StatusOK, live)
	}
	var d ketenhub.Decision
	w.gemeente.do("POST", fmt.Sprintf("/api/v1/meetings/%d/decisions", live.ID), map[string]any{"text": "Doorgaan"}).must(t, http.StatusCreated, &d)
	driehoek := w.driehoekWithMeeting(t)
	a := w.createAction(t, w.gemeente, map[string]any{"title": "Naar de driehoek"})

	meeting := func(m *ketenhub.Meeting, rest string) string { return fmt.Sprintf("/api/v1/meetings/%d%s", m.ID, rest) }
	idURL := func(format string, args ...any) func(string) string {
		return func(bad string) string { return fmt.Sprintf(format, append(args, bad)...) }
	}
	return []writeRoute{
		{method: "POST", path: "/api/v1/workspaces/:id/meetings", url: w.wsPath("/meetings"), idParam: "id",
			badURL: idURL("/api/v1/workspaces/%s/meetings"), as: w.gemeente,
			body: `{"title":"Wijkoverleg","starts_at":"2027-01-10T10:00:00+01:00"}`, textField: "title",
			wrongType: `{"title":"Wijkoverleg","starts_at":"2027-01-10T10:00:00+01:00","duration_minutes":"lang"}`, typeField: "duration_minutes",
			nullField: "location", enumField: "kind"},
		{method: "PATCH", path: "/api/v1/meetings/:id", url: meeting(open, ""), idParam: "id", badURL: idURL("/api/v1/meetings/%s"),
			as: w.gemeente, body: `{"title":"Signaaloverleg januari (verzet)"}`, textField: "title",
			wrongType: `{"duration_minutes":"lang"}`, typeField: "duration_minutes", patch: true},
		{method: "POST", path: "/api/v1/meetings/:id/transition", url: meeting(toFix, "/transition"), idParam: "id",
			badURL: idURL("/api/v1/meetings/%s/transition"), as: w.gemeente,
			body: fmt.Sprintf(`{"state":"agenda_vastgesteld","version":%d}`, toFix.Version), textField: "state",
			wrongType: `{"state":1}`, typeField: "state"},
		{method: "POST", path: "/api/v1/meetings/:id/live", url: meeting(live, "/live"), idParam: "id",
			badURL: idURL("/api/v1/meetings/%s/live"), as: w.gemeente,
			body: fmt.Sprintf(`{"timer":"start","version":%d}`, live.Version), textField: "move",
			wrongType: `{"attendance":{"user_id":"Olga","present":true}}`, typeField: "attendance.user_id"},
		{method: "POST", path: "/api/v1/meetings/:id/decisions", url: meeting(live, "/decisions"), idParam: "id",
			badURL: idURL("/api/v1/meetings/%s/decisions"), as: w.gemeente, body: `{"text":"Extra inzet handhaving"}`, textField: "text",
			wrongType: `{"text":"Besluit","agenda_item_id":"eerste"}`, typeField: "agenda_item_id", refField: "agenda_item_id"},
		{method: "PATCH", path: "/api/v1/decisions/:id", url: fmt.Sprintf("/api/v1/decisions/%d", d.ID), idParam: "id",
			badURL: idURL("/api/v1/decisions/%s"), as: w.gemeente, body: `{"text":"Doorgaan met de aanpak"}`, textField: "text",
			wrongType: `{"text":5}`, typeField: "text", patch: true},
		{method: "POST", path: "/api/v1/decisions/:id/actions", url: fmt.Sprintf("/api/v1/decisions/%d/actions", d.ID), idParam: "id",
			badURL: idURL("/api/v1/decisions/%s/actions"), as: w.gemeente, body: `{"title":"Handhaving inplannen"}`, textField: "title",
			wrongType: `{"title":"Handhaving","count_target":"zes"}`, typeField: "count_target", hasDate: true},
		{method: "POST", path: "/api/v1/agenda-items/:id/defer", url: fmt.Sprintf("/api/v1/agenda-items/%d/defer", deferred.ID), idParam: "id",
			badURL: idURL("/api/v1/agenda-items/%s/defer"), as: w.gemeente, body: fmt.Sprintf(`{"version":%d}`, deferred.Version),
			textField: "version", wrongType: `{"version":"1"}`, typeField: "version"},
		{method: "POST", path: "/api/v1/meetings/:id/agenda", url: meeting(open, "/agenda"), idParam: "id",
			badURL: idURL("/api/v1/meetings/%s/agenda"), as: w.gemeente, body: `{"title":"Rondvraag"}`, textField: "title",
			wrongType: `{"title":"Rondvraag","minutes_planned":"tien"}`, typeField: "minutes_planned",
			nullField: "visibility", enumField: "kind"},
		{method: "POST", path: "/api/v1/agenda-items/:id/move", url: fmt.Sprintf("/api/v1/agenda-items/%d/move", moving.ID), idParam: "id",
			badURL: idURL("/api/v1/agenda-items/%s/move"), as: w.gemeente, body: fmt.Sprintf(`{"position":1,"version":%d}`, moving.Version),
			textField: "position", wrongType: `{"position":"eerst"}`, typeField: "position"},
		{method: "PATCH", path: "/api/v1/agenda-items/:id", url: fmt.Sprintf("/api/v1/agenda-items/%d", item.ID), idParam: "id",
			badURL: idURL("/api/v1/agenda-items/%s"), as: w.gemeente, body: `{"title":"Cameratoezicht Centrum"}`, textField: "title",
			wrongType: `{"minutes_planned":"tien"}`, typeField: "minutes_planned", patch: true},
		{method: "POST", path: "/api/v1/actions/:id/escalate", url: fmt.Sprintf("/api/v1/actions/%d/escalate", a.ID), idParam: "id",
			badURL: idURL("/api/v1/actions/%s/escalate"), as: w.gemeente, body: fmt.Sprintf(`{"question":"Steunt de driehoek dit?","target_workspace_id":%d}`, driehoek.ID),
			textField: "question", wrongType: `{"question":"Akkoord?","target_workspace_id":"driehoek"}`, typeField: "target_workspace_id",
			enumField: "kind", refField: "target_workspace_id"},
		{method: "POST", path: "/api/v1/workspaces/:id/escalate", url: fmt.Sprintf("/api/v1/workspaces/%d/escalate", ws), idParam: "id",
			badURL: idURL("/api/v1/workspaces/%s/escalate"), as: w.gemeente,
			body: fmt.Sprintf(`{"question":"Ondermijning bedrijventerrein: aanpak?","target_workspace_id":%d}`, driehoek.ID), textField: "question",
			wrongType: `{"question":"Ondermijning","target_workspace_id":"driehoek"}`, typeField: "target_workspace_id"},
		{method: "POST", path: "/api/v1/me/calendar-feed", url: "/api/v1/me/calendar-feed", as: w.politie},
		{method: "DELETE", path: "/api/v1/me/calendar-feed", url: "/api/v1/me/calendar-feed", as: w.politie},
	}
}

// plan makes a meeting of the world's workspace as its regisseur, in state,
// starting in days.
func (w *world) plan(t *testing.T, title string, state ketenhub.MeetingState, days int) *ketenhub.Meeting {
	t.Helper()
	var m ketenhub.Meeting
	w.gemeente.do("POST", w.wsPath("/meetings"), map[string]any{
		"title": title, "kind": ketenhub.MeetingSignaaloverleg, "state": state,
		"starts_at": time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Format(time.RFC3339),
	}).must(t, http.StatusCreated, &m)
	return &m
}

// item adds an item to a meeting's agenda as its regisseur.
func (w *world) item(t *testing.T, m *ketenhub.Meeting, title string) *ketenhub.AgendaItem {
	t.Helper()
	var it ketenhub.AgendaItem
	w.gemeente.do("POST", fmt.Sprintf("/api/v1/meetings/%d/agenda", m.ID), map[string]any{"title": title}).must(t, http.StatusCreated, &it)
	return &it
}

// driehoekWithMeeting makes a driehoek workspace, directed by the gemeente
// with the politie and OM, with an open meeting to put items forward to.
func (w *world) driehoekWithMeeting(t *testing.T) *ketenhub.Workspace {
	t.Helper()
	var d ketenhub.Workspace
	w.beheerder.do("POST", "/api/v1/workspaces", map[string]any{"title": "Driehoek", "theme": ketenhub.ThemeDriehoek}).must(t, http.StatusCreated, &d)
	for key, role := range map[string]ketenhub.Role{"gemeente": ketenhub.RoleRegisseur, "politie": ketenhub.RolePartner, "om": ketenhub.RolePartner} {
		w.beheerder.do("PUT", fmt.Sprintf("/api/v1/workspaces/%d/members/%d", d.ID, w.orgs[key].ID), map[string]any{"role": role}).must(t, http.StatusOK, nil)
	}
	w.gemeente.do("POST", fmt.Sprintf("/api/v1/workspaces/%d/meetings", d.ID), map[string]any{
		"title": "Driehoeksoverleg", "kind": ketenhub.MeetingDriehoek, "state": ketenhub.MeetingAgendaOpen,
		"starts_at": time.Now().Add(10 * 24 * time.Hour).UTC().Format(time.RFC3339),
	}).must(t, http.StatusCreated, nil)
	return &d
}
