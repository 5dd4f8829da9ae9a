package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestDriehoekEscalationAsksAQuestion is finding 1 of issue 11 through the
// API: an action restricted to the police, put forward without a title,
// reaches the driehoek as the question the police wrote, and the link to
// it only the police.
func TestDriehoekEscalationAsksAQuestion(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		d := newDriehoek(t, s)
		d.transition(t, d.gemeente, ketenhub.MeetingAgendaOpen)
		const secret = "Infiltratie transportbedrijf De Haven"
		src := d.createAction(t, d.politie, map[string]any{"title": secret, "description": "Bron: CIE", "visibility": restrictedTo(d.orgs["politie"])})
		path := fmt.Sprintf("/api/v1/actions/%d/escalate", src.ID)

		d.politie.do("POST", path, map[string]any{"target_workspace_id": d.workspace.ID}).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "question")
		pii := map[string]any{"target_workspace_id": d.workspace.ID, "question": "Zie melding van 06-12345678"}
		if p := d.politie.do("POST", path, pii).problem(t, http.StatusUnprocessableEntity, ketenhub.EPERSONALDATA, ""); len(p.Warnings) != 1 || p.Warnings[0].Field != "question" {
			t.Fatalf("warnings = %+v, want one on the question", p.Warnings)
		}
		const question = "Steunt de driehoek bestuurlijke maatregelen tegen een transportbedrijf?"
		var it ketenhub.AgendaItem
		d.politie.do("POST", path, map[string]any{"target_workspace_id": d.workspace.ID, "question": question}).must(t, http.StatusCreated, &it)
		if it.Title != question || it.Notes != question || !it.Escalated || it.SourceActionID == nil || *it.SourceActionID != src.ID {
			t.Fatalf("escalated item for the police = %+v", it)
		}

		itemPath := fmt.Sprintf("/api/v1/agenda-items/%d", it.ID)
		for _, c := range []*client{d.gemeente, d.om} {
			for _, p := range []string{itemPath, d.meetingPath("/agenda"), d.path("/events"), d.meetingPath("/decision-list?format=html")} {
				r := c.do("GET", p, nil)
				if r.status != http.StatusOK && r.status != http.StatusForbidden {
					t.Fatalf("%s as %s: %s", p, c.user.Name, r)
				}
				if bytes.Contains(r.body, []byte(secret)) || linksTo(r.body, src.ID) {
					t.Errorf("%s as %s shows the action: %s", p, c.user.Name, r.body)
				}
			}
			c.do("GET", fmt.Sprintf("/api/v1/actions/%d", src.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		}
		var mine ketenhub.AgendaItem
		d.politie.do("GET", itemPath, nil).must(t, http.StatusOK, &mine)
		if mine.SourceActionID == nil || *mine.SourceActionID != src.ID {
			t.Errorf("the police lose the link to their own action: %+v", mine)
		}

		// An open action: the theme's events name the driehoek, not its item or meeting.
		open := d.createAction(t, d.politie, map[string]any{"title": "Cameratoezicht Stationsplein"})
		d.politie.do("POST", fmt.Sprintf("/api/v1/actions/%d/escalate", open.ID), map[string]any{"target_workspace_id": d.workspace.ID, "question": "Akkoord?"}).
			must(t, http.StatusCreated, nil)
		var evs struct{ Items []*ketenhub.Event }
		d.gemeente.do("GET", d.wsPath("/events"), nil).must(t, http.StatusOK, &evs)
		found := false
		for _, ev := range evs.Items {
			if ev.Type != ketenhub.EventActionEscalated {
				continue
			}
			found = true
			var p map[string]any
			if err := json.Unmarshal(ev.Payload, &p); err != nil || len(p) != 2 || p["action_id"] != float64(open.ID) || p["target_workspace_id"] != float64(d.workspace.ID) {
				t.Errorf("action.escalated = %s, want only the action and the driehoek", ev.Payload)
			}
		}
		if !found {
			t.Error("no action.escalated for the open action")
		}

		// The escalation targets: the GGD, in the theme but not the driehoek,
		// learns that it may put forward, not to which meeting.
		for _, tc := range []struct {
			c       *client
			meeting bool
		}{{d.politie, true}, {d.ggd, false}} {
			var targets struct{ Items []*ketenhub.EscalationTarget }
			tc.c.do("GET", d.wsPath("/escalation-targets"), nil).must(t, http.StatusOK, &targets)
			if len(targets.Items) != 1 || !targets.Items[0].AcceptsItems || (targets.Items[0].MeetingID != nil) != tc.meeting ||
				(!tc.meeting && (targets.Items[0].MeetingTitle != "" || targets.Items[0].MeetingStarts != nil)) {
				t.Errorf("targets for %s = %+v", tc.c.user.Name, targets.Items[0])
			}
		}
	})
}

// linksTo reports whether a JSON body names action id as a source.
func linksTo(body []byte, id int64) bool {
	return regexp.MustCompile(fmt.Sprintf(`"source_action_id":\s*%d\b`, id)).Match(body)
}

// TestDriehoekNumberingIsTheRooms: the police see the agenda numbered as
// everyone does, with the OM's hidden proposal neither shown nor counted.
func TestDriehoekNumberingIsTheRooms(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		d := newDriehoek(t, s)
		d.transition(t, d.gemeente, ketenhub.MeetingAgendaOpen)
		propose := func(c *client, title string, vis map[string]any) *ketenhub.AgendaItem {
			var it ketenhub.AgendaItem
			body := map[string]any{"title": title}
			if vis != nil {
				body["visibility"] = vis
			}
			c.do("POST", d.meetingPath("/agenda"), body).must(t, http.StatusCreated, &it)
			return &it
		}
		first := propose(d.gemeente, "Opening", nil)
		hidden := propose(d.om, "Voorstel Zonnebloem", restrictedTo(d.orgs["om"]))
		secret := propose(d.om, "Besloten onderwerp", restrictedTo(d.orgs["om"]))
		d.gemeente.do("PATCH", fmt.Sprintf("/api/v1/agenda-items/%d", secret.ID), map[string]any{"state": ketenhub.ItemAccepted, "version": secret.Version}).
			must(t, http.StatusOK, secret)
		last := propose(d.gemeente, "Rondvraag", nil)
		if hidden.Position != 0 || secret.Position != 2 || last.Position != 3 {
			t.Fatalf("numbers: proposal %d, accepted %d, last %d; want 0, 2, 3", hidden.Position, secret.Position, last.Position)
		}
		agenda := d.agenda(t, d.politie)
		wantOrder(t, agenda, first.ID, secret.ID, last.ID)
		if !agenda[1].Hidden {
			t.Errorf("punt 2 = %+v, want a placeholder", agenda[1])
		}
	})
}

// TestRestrictedWritesAnswerAsAbsent: a write to an agenda item, decision
// or action the caller may not see answers with the same status and body
// as the same write to an id that does not exist.
func TestRestrictedWritesAnswerAsAbsent(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		c := runCycle(t, s)
		d := c.driehoek
		const absent = 987654
		writes := []struct {
			method, path string
			hidden       int64
			body         map[string]any
		}{
			{"PATCH", "/api/v1/agenda-items/%d", c.secret.ID, map[string]any{"title": "Gezien", "version": c.secret.Version}},
			{"PATCH", "/api/v1/agenda-items/%d", c.secret.ID, map[string]any{"title": "Gezien", "version": c.secret.Version + 9}},
			{"PATCH", "/api/v1/agenda-items/%d", c.secret.ID, map[string]any{"state": ketenhub.ItemDeferred, "version": c.secret.Version}},
			{"POST", "/api/v1/agenda-items/%d/move", c.secret.ID, map[string]any{"position": 1, "version": c.secret.Version}},
			{"POST", "/api/v1/agenda-items/%d/defer", c.secret.ID, map[string]any{"version": c.secret.Version}},
			{"PATCH", "/api/v1/decisions/%d", c.secretDecision.ID, map[string]any{"text": "Gezien", "version": c.secretDecision.Version}},
			{"PATCH", "/api/v1/decisions/%d", c.secretDecision.ID, map[string]any{"text": "Gezien", "version": c.secretDecision.Version + 9}},
			{"POST", "/api/v1/decisions/%d/actions", c.secretDecision.ID, map[string]any{"title": "Gezien"}},
			{"PATCH", "/api/v1/actions/%d", c.secretAction.ID, map[string]any{"title": "Gezien", "version": c.secretAction.Version}},
			{"PATCH", "/api/v1/actions/%d", c.secretAction.ID, map[string]any{"status": ketenhub.StatusGereed, "version": c.secretAction.Version + 9}},
			{"POST", "/api/v1/actions/%d/escalate", c.secretAction.ID, map[string]any{"target_workspace_id": d.workspace.ID, "question": "Gezien"}},
			{"POST", "/api/v1/actions/%d/comments", c.secretAction.ID, map[string]any{"body": "Gezien"}},
		}
		for _, viewer := range []*client{d.politie, d.ggd} {
			for _, w := range writes {
				hidden := viewer.do(w.method, fmt.Sprintf(w.path, w.hidden), w.body)
				none := viewer.do(w.method, fmt.Sprintf(w.path, absent), w.body)
				if hidden.status != none.status || withoutRequestID(hidden.body) != withoutRequestID(none.body) {
					t.Errorf("%s %s as %s: hidden answers %s, absent %s", w.method, w.path, viewer.user.Name, hidden, none)
				}
			}
		}
	})
}

var requestIDField = regexp.MustCompile(`,?"request_id":"[^"]*"`)

func withoutRequestID(body []byte) string {
	return strings.TrimSpace(requestIDField.ReplaceAllString(string(body), ""))
}
