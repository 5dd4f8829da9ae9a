package export_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/export"
)

// TestShieldedOfficer: the demo's shielded rechercheur of the police leads
// an action and chairs a meeting. The gemeente's exports (actions CSV, the
// decision list in HTML, the calendar feed) show them as "Rechercheur Team
// Ondermijning, <police>" and hold neither their name nor their address;
// their colleague's exports name them.
func TestShieldedOfficer(t *testing.T) {
	forEachKind(t, func(t *testing.T, r *region) {
		officer := r.users["rechercheur"]
		p, _ := demo.PersonaByKey("rechercheur")
		if !officer.Shielded {
			t.Fatal("the demo's rechercheur is not a shielded officer")
		}
		label := p.Title + ", " + p.OrganisationName
		secrets := []string{"Thijs", "Verhoeven", p.Email}
		ws := r.workspace(t, "oov-adviseur", "Ondermijning")
		m := &ketenhub.Meeting{WorkspaceID: ws, Kind: ketenhub.MeetingProgrammaoverleg, Title: "Programmaoverleg",
			StartsAt: now.Now().Add(48 * time.Hour), Minutes: 60, ChairUserID: &officer.ID}
		if err := r.svc.Meetings.CreateMeeting(r.as["oov-adviseur"], m); err != nil {
			t.Fatal(err)
		}

		exports := func(persona string) map[string][]byte {
			t.Helper()
			out := map[string][]byte{}
			ctx := r.as[persona]
			mf := r.madeFor(t, persona)
			rows, err := export.CollectActions(ctx, r.svc.Services, ws, ketenhub.ActionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := export.ActionsCSV(&b, rows, mf, export.NL); err != nil {
				t.Fatal(err)
			}
			out["actions CSV"] = b.Bytes()
			dl, err := export.CollectDecisionList(ctx, r.svc.Services, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			dl.MadeFor = mf
			var h bytes.Buffer
			if err := dl.HTML(&h, export.EN); err != nil {
				t.Fatal(err)
			}
			out["decision list"] = h.Bytes()
			meetings, titles, err := export.CollectMeetings(ctx, r.svc.Services, now.Now())
			if err != nil {
				t.Fatal(err)
			}
			var c bytes.Buffer
			if err := export.MeetingsICS(&c, meetings, titles, "Ketenhub", now.Now()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(c.Bytes(), []byte("Programmaoverleg")) {
				t.Fatalf("the calendar feed lacks the meeting: %s", c.Bytes())
			}
			out["calendar feed"] = c.Bytes()
			return out
		}

		for what, b := range exports("oov-adviseur") {
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("the gemeente's %s holds %q", what, s)
				}
			}
			if what != "calendar feed" && !bytes.Contains(b, []byte(label)) {
				t.Errorf("the gemeente's %s does not show %q", what, label)
			}
		}
		for what, b := range exports("teamchef") {
			if what != "calendar feed" && !bytes.Contains(b, []byte(p.Name)) {
				t.Errorf("the colleague's %s does not name the officer", what)
			}
		}
	})
}
