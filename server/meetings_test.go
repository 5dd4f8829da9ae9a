package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export/exporttest"
)

// driehoek is a world with a driehoek workspace beside the theme workspace:
// the gemeente directs it, politie and OM are partners; the GGD and the RIEC
// are not in it.
type driehoek struct {
	*world
	workspace *ketenhub.Workspace
	meeting   *ketenhub.Meeting
}

// secretTitle marks the OM's confidential item: no one outside its
// visibility may ever receive these words.
const secretTitle = "Lopend onderzoek Zonnebloem"

func newDriehoek(t *testing.T, s *stack) *driehoek {
	t.Helper()
	w := newWorld(t, s)
	d := &driehoek{world: w, workspace: new(ketenhub.Workspace)}
	w.beheerder.do("POST", "/api/v1/workspaces", map[string]any{"title": "Lokale driehoek", "theme": ketenhub.ThemeDriehoek}).
		must(t, http.StatusCreated, d.workspace)
	for key, role := range map[string]ketenhub.Role{"gemeente": ketenhub.RoleRegisseur, "politie": ketenhub.RolePartner, "om": ketenhub.RolePartner} {
		w.beheerder.do("PUT", d.path("/members/%d", w.orgs[key].ID), map[string]any{"role": role}).must(t, http.StatusOK, nil)
	}
	d.meeting = new(ketenhub.Meeting)
	w.gemeente.do("POST", d.path("/meetings"), map[string]any{
		"kind": ketenhub.MeetingDriehoek, "title": "Driehoeksoverleg december",
		"starts_at": time.Now().Add(14 * 24 * time.Hour).UTC().Format(time.RFC3339), "duration_minutes": 90,
		"location": "Stadhuis, kamer van de burgemeester", "chair_user_id": w.gemeente.user.ID,
		"participant_organisations": []int64{w.orgs["gemeente"].ID, w.orgs["politie"].ID, w.orgs["om"].ID},
	}).must(t, http.StatusCreated, d.meeting)
	return d
}

// path is a path under the driehoek workspace.
func (d *driehoek) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/workspaces/%d", d.workspace.ID) + fmt.Sprintf(format, args...)
}

// meetingPath is a path under the meeting.
func (d *driehoek) meetingPath(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/meetings/%d", d.meeting.ID) + fmt.Sprintf(format, args...)
}

// transition moves the meeting to state as c and keeps its new version.
func (d *driehoek) transition(t *testing.T, c *client, state ketenhub.MeetingState) {
	t.Helper()
	c.do("POST", d.meetingPath("/transition"), map[string]any{"state": state, "version": d.meeting.Version}).
		must(t, http.StatusOK, d.meeting)
}

// live runs one chair's step as c.
func (d *driehoek) live(t *testing.T, c *client, cmd map[string]any) {
	t.Helper()
	cmd["version"] = d.meeting.Version
	c.do("POST", d.meetingPath("/live"), cmd).must(t, http.StatusOK, d.meeting)
}

func (d *driehoek) agenda(t *testing.T, c *client) []*ketenhub.AgendaItem {
	t.Helper()
	var out struct{ Items []*ketenhub.AgendaItem }
	c.do("GET", d.meetingPath("/agenda"), nil).must(t, http.StatusOK, &out)
	return out.Items
}

// cycle is a driehoek meeting walked to its end: what TestDriehoekCycle
// builds and the sweep test reads.
type cycle struct {
	*driehoek
	source                      *ketenhub.Action // the theme action put forward
	escalated, overlast, secret *ketenhub.AgendaItem
	decision                    *ketenhub.Decision
	secretDecision              *ketenhub.Decision
	secretAction                *ketenhub.Action
	decisionActions             []*ketenhub.Action
}

// runCycle walks a whole driehoek cycle through the API.
func runCycle(t *testing.T, s *stack) *cycle {
	t.Helper()
	d := newDriehoek(t, s)
	c := &cycle{driehoek: d}
	d.transition(t, d.gemeente, ketenhub.MeetingAgendaOpen)

	// A theme partner puts its action forward to the driehoek.
	c.source = d.createAction(t, d.politie, map[string]any{"title": "Aanpak drugsoverlast Stationsplein"})
	c.escalated = new(ketenhub.AgendaItem)
	d.politie.do("POST", fmt.Sprintf("/api/v1/actions/%d/escalate", c.source.ID), map[string]any{
		"target_workspace_id": d.workspace.ID, "kind": ketenhub.ItemBesluitvormend, "question": "Steunt de driehoek cameratoezicht op het Stationsplein?",
	}).must(t, http.StatusCreated, c.escalated)
	if c.escalated.MeetingID != d.meeting.ID || c.escalated.State != ketenhub.ItemProposed || c.escalated.SourceActionID == nil || *c.escalated.SourceActionID != c.source.ID {
		t.Fatalf("escalated item = %+v, want a proposal for meeting %d linked to action %d", c.escalated, d.meeting.ID, c.source.ID)
	}
	if !c.escalated.Visibility.Restricted() || c.escalated.Visibility.Includes(d.orgs["ggd"].ID) {
		t.Fatalf("escalated item visibility = %+v, want the driehoek organisations only", c.escalated.Visibility)
	}

	// Police and OM propose; the OM's item is for the gemeente and the OM only.
	c.overlast, c.secret = new(ketenhub.AgendaItem), new(ketenhub.AgendaItem)
	d.politie.do("POST", d.meetingPath("/agenda"), map[string]any{"title": "Overlast jongeren Merenwijk", "minutes_planned": 15}).must(t, http.StatusCreated, c.overlast)
	d.om.do("POST", d.meetingPath("/agenda"), map[string]any{"title": secretTitle, "notes": "Stand van zaken", "kind": ketenhub.ItemBesluitvormend, "visibility": restrictedTo(d.orgs["om"])}).
		must(t, http.StatusCreated, c.secret)
	if !c.secret.Visibility.Includes(d.orgs["gemeente"].ID) {
		t.Fatalf("restricted item %+v must include the regisseur", c.secret.Visibility)
	}

	// Only the regisseur orders and accepts.
	d.politie.do("POST", fmt.Sprintf("/api/v1/agenda-items/%d/move", c.overlast.ID), map[string]any{"position": 1, "version": c.overlast.Version}).
		problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
	for _, it := range []*ketenhub.AgendaItem{c.escalated, c.overlast, c.secret} {
		d.gemeente.do("PATCH", fmt.Sprintf("/api/v1/agenda-items/%d", it.ID), map[string]any{"state": ketenhub.ItemAccepted, "version": it.Version}).
			must(t, http.StatusOK, it)
	}
	var moved struct{ Items []*ketenhub.AgendaItem }
	d.gemeente.do("POST", fmt.Sprintf("/api/v1/agenda-items/%d/move", c.secret.ID), map[string]any{"position": 1, "version": c.secret.Version}).
		must(t, http.StatusOK, &moved)
	wantOrder(t, moved.Items, c.secret.ID, c.escalated.ID, c.overlast.ID)

	// Illegal moves are refused with the allowed ones named.
	p := d.gemeente.do("POST", d.meetingPath("/transition"), map[string]any{"state": ketenhub.MeetingLive, "version": d.meeting.Version}).
		problem(t, http.StatusConflict, ketenhub.ECONFLICT, "")
	if len(p.Allowed) != 2 {
		t.Fatalf("allowed = %v, want concept and agenda_vastgesteld", p.Allowed)
	}
	d.politie.do("POST", d.meetingPath("/transition"), map[string]any{"state": ketenhub.MeetingAgendaFixed, "version": d.meeting.Version}).
		problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")

	d.transition(t, d.gemeente, ketenhub.MeetingAgendaFixed)
	d.transition(t, d.gemeente, ketenhub.MeetingLive)
	if d.meeting.CurrentItemID == nil || *d.meeting.CurrentItemID != c.secret.ID {
		t.Fatalf("current item = %v, want the first item %d", d.meeting.CurrentItemID, c.secret.ID)
	}
	c.secretDecision = new(ketenhub.Decision)
	d.gemeente.do("POST", d.meetingPath("/decisions"), map[string]any{"text": "Onderzoek Zonnebloem loopt door; terugkoppeling in maart."}).
		must(t, http.StatusCreated, c.secretDecision)
	c.secretAction = new(ketenhub.Action)
	d.gemeente.do("POST", fmt.Sprintf("/api/v1/decisions/%d/actions", c.secretDecision.ID), map[string]any{
		"title": "Zonnebloem: vervolgonderzoek", "owner_organisation_id": d.orgs["om"].ID,
	}).must(t, http.StatusCreated, c.secretAction)
	if !c.secretAction.Visibility.Restricted() || c.secretAction.Visibility.Includes(d.orgs["politie"].ID) {
		t.Fatalf("action of a restricted decision has visibility %+v, want the decision's", c.secretAction.Visibility)
	}
	d.live(t, d.gemeente, map[string]any{"move": ketenhub.MoveNext})
	if *d.meeting.CurrentItemID != c.escalated.ID {
		t.Fatalf("current item = %d, want %d", *d.meeting.CurrentItemID, c.escalated.ID)
	}
	d.live(t, d.gemeente, map[string]any{"attendance": map[string]any{"user_id": d.politie.user.ID, "present": true}})

	// A decision on the escalated item makes two actions, for two organisations.
	c.decision = new(ketenhub.Decision)
	d.gemeente.do("POST", d.meetingPath("/decisions"), map[string]any{"text": "Cameratoezicht Stationsplein voor zes maanden."}).
		must(t, http.StatusCreated, c.decision)
	for _, owner := range []string{"politie", "om"} {
		var a ketenhub.Action
		d.gemeente.do("POST", fmt.Sprintf("/api/v1/decisions/%d/actions", c.decision.ID), map[string]any{
			"title": "Uitvoering cameratoezicht (" + owner + ")", "owner_organisation_id": d.orgs[owner].ID, "due_date": "2027-03-01",
		}).must(t, http.StatusCreated, &a)
		if a.WorkspaceID != d.workspace.ID || a.DecisionID == nil || *a.DecisionID != c.decision.ID {
			t.Fatalf("decision action = %+v, want it in the driehoek workspace linked to decision %d", a, c.decision.ID)
		}
		c.decisionActions = append(c.decisionActions, &a)
	}
	d.transition(t, d.gemeente, ketenhub.MeetingFinished)
	return c
}

func wantOrder(t *testing.T, items []*ketenhub.AgendaItem, ids ...int64) {
	t.Helper()
	if len(items) != len(ids) {
		t.Fatalf("agenda has %d items, want %d", len(items), len(ids))
	}
	for i, it := range items {
		if it.ID != ids[i] || it.Position != i+1 {
			t.Fatalf("agenda[%d] = item %d at %d, want item %d at %d", i, it.ID, it.Position, ids[i], i+1)
		}
	}
}

func TestDriehoekCycle(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		c := runCycle(t, s)
		d := c.driehoek

		// The decision shows on the source action, to those who may see both.
		var esc struct{ Items []*ketenhub.ActionEscalation }
		d.politie.do("GET", fmt.Sprintf("/api/v1/actions/%d/escalations", c.source.ID), nil).must(t, http.StatusOK, &esc)
		if len(esc.Items) != 1 || len(esc.Items[0].Decisions) != 1 || esc.Items[0].Decisions[0].ID != c.decision.ID {
			t.Fatalf("escalations for politie = %+v, want the item with its decision", esc.Items)
		}
		d.ggd.do("GET", fmt.Sprintf("/api/v1/actions/%d/escalations", c.source.ID), nil).must(t, http.StatusOK, &esc)
		if len(esc.Items) != 0 {
			t.Fatalf("the GGD is not in the driehoek but sees %+v", esc.Items)
		}

		// The decision actions are in the driehoek's action list at once.
		var list struct{ Items []*ketenhub.Action }
		d.politie.do("GET", d.path("/actions"), nil).must(t, http.StatusOK, &list)
		if len(list.Items) != 2 {
			t.Fatalf("driehoek actions = %d, want the two decision actions", len(list.Items))
		}

		// The besluiten- en actielijst holds exactly what each reader may see.
		secretOrgs := []string{d.orgs["gemeente"].Name, d.orgs["om"].Name}
		slices.Sort(secretOrgs)
		secretMark := "Besloten: alleen voor " + strings.Join(secretOrgs, ", ")
		for _, tc := range []struct {
			reader *client
			secret bool
		}{{d.gemeente, true}, {d.om, true}, {d.politie, false}} {
			for _, format := range []string{"html", "pdf"} {
				text := document(t, tc.reader, d.meetingPath("/decision-list?format=%s", format))
				if !strings.Contains(text, "Cameratoezicht") || !strings.Contains(text, "Uitvoering cameratoezicht") {
					t.Fatalf("%s's %s decision list lacks the decision or its actions:\n%s", tc.reader.user.Name, format, text)
				}
				if strings.Contains(text, "Zonnebloem") != tc.secret {
					t.Fatalf("%s's %s decision list: restricted item shown = %v, want %v:\n%s", tc.reader.user.Name, format, !tc.secret, tc.secret, text)
				}
				// The restricted item is marked with its two organisations
				// (in the PDF's text, the marks of items restricted to all
				// three begin the same, so only the HTML shows its absence).
				if format == "html" && strings.Contains(text, `<p class="restricted">`+secretMark+`</p>`) != tc.secret ||
					format == "pdf" && tc.secret && !strings.Contains(text, secretMark) {
					t.Fatalf("%s's %s decision list: %q shown, want %v:\n%s", tc.reader.user.Name, format, secretMark, tc.secret, text)
				}
			}
		}
		// Every export says who it was made for (the CSV in a column).
		for _, path := range c.exportPaths() {
			want := d.politie.user.Name + " (" + d.orgName(d.politie) + ")"
			if text := document(t, d.politie, path); !strings.Contains(text, want) {
				t.Errorf("%s does not say %q", path, want)
			}
		}
		// A theme-only partner has no driehoek meeting to read.
		d.ggd.do("GET", d.meetingPath("/decision-list"), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")

		// A finished meeting is final.
		d.gemeente.do("POST", d.meetingPath("/live"), map[string]any{"move": "next", "version": d.meeting.Version}).
			problem(t, http.StatusConflict, ketenhub.ECONFLICT, "")
	})
}

// TestRestrictedAgendaItemSweep asks every read endpoint, as an organisation
// outside a restricted agenda item, and finds nothing of it.
func TestRestrictedAgendaItemSweep(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		c := runCycle(t, s)
		d := c.driehoek
		for _, viewer := range []*client{d.politie, d.ggd, d.riec} {
			for _, path := range c.readPaths() {
				r := viewer.do("GET", path, nil)
				if r.status >= 500 {
					t.Fatalf("%s as %s: %s", path, viewer.user.Name, r)
				}
				if r.status == http.StatusOK && strings.Contains(exporttest.Text(t, r.header.Get("Content-Type"), r.body), "Zonnebloem") {
					t.Fatalf("%s as %s shows the restricted item: %s", path, viewer.user.Name, r.body)
				}
			}
			viewer.do("GET", fmt.Sprintf("/api/v1/actions/%d", c.secretAction.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			viewer.do("GET", fmt.Sprintf("/api/v1/agenda-items/%d", c.secret.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			viewer.do("GET", fmt.Sprintf("/api/v1/decisions/%d", c.secretDecision.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		}
		// The politie sees the placeholder at its place, and nothing else of it.
		agenda := d.agenda(t, d.politie)
		if len(agenda) != 3 || !agenda[0].Hidden || agenda[0].Title != "" || agenda[0].ID != c.secret.ID {
			t.Fatalf("politie's agenda = %+v, want the besloten agendapunt first", agenda)
		}
		// Those inside see it whole, in every read.
		for _, viewer := range []*client{d.gemeente, d.om} {
			if r := viewer.do("GET", d.meetingPath("/agenda"), nil); !containsSecret(r.body) {
				t.Fatalf("%s cannot see the restricted item: %s", viewer.user.Name, r)
			}
		}
	})
}

// readPaths are the reads that could show a meeting's agenda items.
func (c *cycle) readPaths() []string {
	d := c.driehoek
	return append([]string{
		"/api/v1/meetings",
		d.path("/meetings"),
		d.meetingPath(""),
		d.meetingPath("/agenda"),
		d.meetingPath("/decisions"),
		d.path("/actions"),
		d.path("/actions/summary"),
		d.path("/events"),
		fmt.Sprintf("/api/v1/actions/%d/escalations", c.source.ID),
		fmt.Sprintf("/api/v1/agenda-items/%d", c.escalated.ID),
	}, c.exportPaths()...)
}

// exportPaths are the documents that leave the hub.
func (c *cycle) exportPaths() []string {
	d := c.driehoek
	return []string{
		d.meetingPath("/decision-list?format=html"),
		d.meetingPath("/decision-list?format=pdf"),
		d.path("/actions/export?format=csv"),
		d.path("/actions/export?format=xlsx"),
		"/api/v1/reports/progress?format=html",
		"/api/v1/reports/progress?format=pdf",
	}
}

// document fetches an export as c and returns its text.
func document(t *testing.T, c *client, path string) string {
	t.Helper()
	r := c.do("GET", path, nil)
	r.must(t, http.StatusOK, nil)
	return exporttest.Text(t, r.header.Get("Content-Type"), r.body)
}

// orgName is the name of c's organisation.
func (w *world) orgName(c *client) string {
	for _, o := range w.orgs {
		if o.ID == c.user.OrganisationID {
			return o.Name
		}
	}
	return ""
}

func containsSecret(body []byte) bool { return bytes.Contains(body, []byte("Zonnebloem")) }

// TestCalendarFeed: a personal feed address that a calendar client reads
// without signing in, and that its owner can end.
func TestCalendarFeed(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		d := newDriehoek(t, s)
		var feed struct{ URL, Path string }
		d.politie.do("POST", "/api/v1/me/calendar-feed", nil).must(t, http.StatusCreated, &feed)
		if !strings.HasPrefix(feed.Path, "/calendar/") || !strings.HasSuffix(feed.URL, feed.Path) {
			t.Fatalf("feed = %+v", feed)
		}
		r := s.anonymous().do("GET", feed.Path, nil)
		r.must(t, http.StatusOK, nil)
		cal, err := ics.ParseCalendar(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("the feed does not parse: %v\n%s", err, r.body)
		}
		events := cal.Events()
		if len(events) != 1 || events[0].GetProperty(ics.ComponentPropertySummary).Value != d.meeting.Title {
			t.Fatalf("feed events = %d, want the driehoek meeting:\n%s", len(events), r.body)
		}
		// The GGD is in no driehoek: its feed is empty.
		var other struct{ Path string }
		d.ggd.do("POST", "/api/v1/me/calendar-feed", nil).must(t, http.StatusCreated, &other)
		if body := s.anonymous().do("GET", other.Path, nil).body; bytes.Contains(body, []byte("BEGIN:VEVENT")) {
			t.Fatalf("the GGD's feed shows meetings it is not in:\n%s", body)
		}

		d.politie.do("DELETE", "/api/v1/me/calendar-feed", nil).must(t, http.StatusNoContent, nil)
		s.anonymous().do("GET", feed.Path, nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		s.anonymous().do("GET", "/calendar/nonsense.ics", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
	})
}

// TestEscalationStaysInTheRegion: an action goes forward only to a driehoek
// in which the theme's regisseur takes part, not to another region's.
func TestEscalationStaysInTheRegion(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		d := newDriehoek(t, s)
		d.transition(t, d.gemeente, ketenhub.MeetingAgendaOpen)
		var other ketenhub.Workspace
		d.beheerder.do("POST", "/api/v1/workspaces", map[string]any{"title": "Driehoek elders", "theme": ketenhub.ThemeDriehoek}).
			must(t, http.StatusCreated, &other)
		// Another region's driehoek: the politie takes part, none of the
		// theme's regisseurs (gemeente, OM) does.
		d.beheerder.do("PUT", fmt.Sprintf("/api/v1/workspaces/%d/members/%d", other.ID, d.orgs["politie"].ID), map[string]any{"role": ketenhub.RoleRegisseur}).
			must(t, http.StatusOK, nil)
		d.politie.do("POST", fmt.Sprintf("/api/v1/workspaces/%d/meetings", other.ID), map[string]any{
			"title": "Driehoek elders", "kind": ketenhub.MeetingDriehoek, "state": ketenhub.MeetingAgendaOpen,
			"starts_at": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339),
		}).must(t, http.StatusCreated, nil)
		// The theme's partners learn the targets they may use, and only those.
		var targets struct{ Items []*ketenhub.EscalationTarget }
		d.politie.do("GET", d.wsPath("/escalation-targets"), nil).must(t, http.StatusOK, &targets)
		if len(targets.Items) != 1 || targets.Items[0].WorkspaceID != d.workspace.ID || targets.Items[0].MeetingID == nil || *targets.Items[0].MeetingID != d.meeting.ID {
			t.Fatalf("targets = %+v, want only the region's driehoek with its open meeting", targets.Items)
		}
		d.riec.do("GET", d.wsPath("/escalation-targets"), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")

		a := d.createAction(t, d.politie, map[string]any{"title": "Drugshandel haven"})
		path := fmt.Sprintf("/api/v1/actions/%d/escalate", a.ID)
		d.politie.do("POST", path, map[string]any{"target_workspace_id": other.ID, "question": "Graag bespreken"}).
			problem(t, http.StatusBadRequest, ketenhub.EINVALID, "target_workspace_id")
		d.politie.do("POST", path, map[string]any{"target_workspace_id": d.workspace.ID, "question": "Graag bespreken"}).must(t, http.StatusCreated, nil)
	})
}
