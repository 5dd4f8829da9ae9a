package export_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
)

// driehoekMeeting runs a driehoek meeting of the demo region through the
// services: the OOV-adviseur plans it with the burgemeester as chair,
// police and OM propose items (the OM's restricted to the gemeente and
// itself), the agenda is fixed, the meeting goes live, attendance and
// decisions are recorded, decisions become actions of two organisations,
// and the meeting ends.
type driehoekMeeting struct {
	meeting                          *ketenhub.Meeting
	open, secret, rejected, proposed *ketenhub.AgendaItem
	secretDecision                   string
	secretAction                     string
}

func runDriehoek(t *testing.T, r *region) *driehoekMeeting {
	t.Helper()
	oov, chef, officier := r.as["oov-adviseur"], r.as["teamchef"], r.as["officier"]
	ws := r.workspace(t, "oov-adviseur", "Driehoek Purmerend")
	chair := r.users["burgemeester"].ID
	m := &ketenhub.Meeting{WorkspaceID: ws, Kind: ketenhub.MeetingDriehoek, Title: "Driehoek maart", StartsAt: now.Now().Add(7 * 24 * time.Hour),
		Minutes: 90, Location: "Stadhuis Purmerend", ChairUserID: &chair, State: ketenhub.MeetingAgendaOpen}
	must(t, r.svc.Meetings.CreateMeeting(oov, m), "create meeting")
	d := &driehoekMeeting{secretDecision: "Het OM start een strafrechtelijk onderzoek naar de verhuurder", secretAction: "Dossier verhuurder aanleveren bij het parket"}
	propose := func(ctx context.Context, title string, vis ketenhub.Visibility) *ketenhub.AgendaItem {
		it := &ketenhub.AgendaItem{MeetingID: m.ID, Title: title, Notes: "Toelichting: " + title, Kind: ketenhub.ItemBesluitvormend, Visibility: vis}
		must(t, r.svc.Agenda.ProposeAgendaItem(ctx, it), "propose "+title)
		return it
	}
	d.open = propose(chef, "Explosies bij woningen in de Wheermolen", ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace})
	d.secret = propose(officier, "Verhuurder met criminele banden", ketenhub.Visibility{Scope: ketenhub.ScopeRestricted,
		Organisations: []int64{r.orgs["Gemeente Purmerend"], r.orgs["Openbaar Ministerie Noord-Holland"]}})
	d.rejected = propose(chef, "Afgewezen voorstel over cameratoezicht", ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace})
	last := propose(oov, "Veiligheidsbeeld 2026", ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace})
	d.proposed = propose(chef, "Nog niet geagendeerd voorstel", ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace})
	setState := func(it *ketenhub.AgendaItem, st ketenhub.AgendaItemState) {
		cur, err := r.svc.Agenda.FindAgendaItemByID(oov, it.ID)
		must(t, err, "find item")
		_, err = r.svc.Agenda.UpdateAgendaItem(oov, it.ID, ketenhub.AgendaItemUpdate{State: &st, Version: cur.Version})
		must(t, err, "set item state")
	}
	setState(d.open, ketenhub.ItemAccepted)
	setState(d.secret, ketenhub.ItemAccepted)
	setState(d.rejected, ketenhub.ItemRejected)
	setState(last, ketenhub.ItemAccepted)

	m = transition(t, r, m, ketenhub.MeetingAgendaFixed)
	m = transition(t, r, m, ketenhub.MeetingLive)
	for _, p := range []string{"burgemeester", "teamchef", "officier"} {
		var err error
		m, err = r.svc.Meetings.RunMeeting(oov, m.ID, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: r.users[p].ID, Present: true}, Version: m.Version})
		must(t, err, "record attendance")
	}
	decide := func(it *ketenhub.AgendaItem, text string) *ketenhub.Decision {
		dec := &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: it.ID, Text: text}
		must(t, r.svc.Decisions.RecordDecision(oov, dec), "record decision")
		return dec
	}
	act := func(dec *ketenhub.Decision, title, owner, lead, due string) {
		leadID := r.users[lead].ID
		a := &ketenhub.Action{Title: title, OwnerOrganisationID: r.orgs[owner], LeadUserID: &leadID, DueDate: &due, Status: ketenhub.StatusOpen}
		must(t, r.svc.Decisions.CreateDecisionAction(oov, dec.ID, a), "create action "+title)
	}
	open := decide(d.open, "De driehoek stemt in met de gezamenlijke aanpak van explosies.")
	act(open, "Extra surveillance rond getroffen woningen", "Politie Noord-Holland", "teamchef", "2026-04-01")
	act(open, "Bewonersbrief en nazorg voor omwonenden", "Gemeente Purmerend", "oov-adviseur", "2026-03-20")
	secret := decide(d.secret, d.secretDecision)
	act(secret, d.secretAction, "Gemeente Purmerend", "oov-adviseur", "2026-03-27")
	m = transition(t, r, m, ketenhub.MeetingFinished)
	d.meeting = m
	return d
}

func transition(t *testing.T, r *region, m *ketenhub.Meeting, to ketenhub.MeetingState) *ketenhub.Meeting {
	t.Helper()
	got, err := r.svc.Meetings.TransitionMeeting(r.as["oov-adviseur"], m.ID, to, m.Version)
	must(t, err, "move meeting to "+string(to))
	return got
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestDecisionList(t *testing.T) {
	forEachKind(t, func(t *testing.T, r *region) {
		d := runDriehoek(t, r)
		t.Run("DriehoekMemberInSet", func(t *testing.T) {
			dl, err := export.CollectDecisionList(r.as["oov-adviseur"], r.svc.Services, d.meeting.ID)
			if err != nil {
				t.Fatal(err)
			}
			dl.MadeFor = r.madeFor(t, "oov-adviseur")
			if dl.Chair != "Hanneke Zwart" || strings.Join(dl.Attendance, ", ") != "Erik Brouwer, Hanneke Zwart, Pieter van Leeuwen" {
				t.Errorf("chair %q, attendance %q", dl.Chair, dl.Attendance)
			}
			titles := itemTitles(dl)
			if want := []string{d.open.Title, d.secret.Title, "Veiligheidsbeeld 2026"}; strings.Join(titles, "|") != strings.Join(want, "|") {
				t.Errorf("items %q, want %q", titles, want)
			}
			first := dl.Items[0]
			if len(first.Decisions) != 1 || len(first.Decisions[0].Actions) != 2 {
				t.Fatalf("first item: %d decisions, want 1 with 2 actions", len(first.Decisions))
			}
			owners := map[string]string{}
			for _, a := range first.Decisions[0].Actions {
				owners[a.Owner] = a.Lead
			}
			if owners["Politie Noord-Holland"] != "Erik Brouwer" || owners["Gemeente Purmerend"] != "Yasmina El Idrissi" {
				t.Errorf("owners and leads %v", owners)
			}
			html, text := renderList(t, dl, export.NL)
			for _, s := range []string{d.secret.Title, d.secretDecision, d.secretAction, "Extra surveillance rond getroffen woningen", "Politie Noord-Holland", "1 april 2026", "Agendapunt 3. Veiligheidsbeeld 2026"} {
				if !strings.Contains(html, htmlEscape(s)) || !pdfHas(text, s) {
					t.Errorf("the list lacks %q", s)
				}
			}
			for _, s := range []string{d.rejected.Title, d.proposed.Title} {
				if strings.Contains(html, s) || pdfHas(text, s) {
					t.Errorf("the list holds %q, which never made the agenda", s)
				}
			}
			testRestrictedMarks(t, r, dl, d)
		})
		t.Run("DriehoekMemberOutsideSet", func(t *testing.T) {
			dl, err := export.CollectDecisionList(r.as["teamchef"], r.svc.Services, d.meeting.ID)
			if err != nil {
				t.Fatal(err)
			}
			dl.MadeFor = r.madeFor(t, "teamchef")
			if got := len(dl.Items); got != 2 {
				t.Fatalf("%d items for the police, want 2", got)
			}
			// The room's numbers: the hidden item is punt 2 for everyone,
			// and is left out here.
			for i, it := range dl.Items {
				if want := []int{1, 3}[i]; it.Number != want || it.Item.Hidden {
					t.Errorf("item %d: number %d, hidden %v, want number %d", i, it.Number, it.Item.Hidden, want)
				}
			}
			html, text := renderList(t, dl, export.NL)
			for _, s := range []string{d.secret.Title, d.secret.Notes, d.secretDecision, d.secretAction, "besloten agendapunt", "Agendapunt 2"} {
				if strings.Contains(strings.ToLower(html), strings.ToLower(htmlEscape(s))) || pdfHas(strings.ToLower(text), strings.ToLower(s)) {
					t.Errorf("the police's list holds %q", s)
				}
			}
			if !strings.Contains(html, "Agendapunt 3. Veiligheidsbeeld 2026") || !pdfHas(text, "Agendapunt 3. Veiligheidsbeeld 2026") {
				t.Error("the visible items do not carry the room's numbers")
			}
			// Nothing the police see is restricted, so nothing is marked;
			// and the list says it was made for the teamchef.
			if strings.Contains(html, `class="restricted"`) || pdfHas(text, "Besloten:") {
				t.Error("the police's list marks an item as restricted")
			}
			line := r.madeForLine("teamchef", "Politie Noord-Holland")
			checkHTMLMadeFor(t, html, line)
			if !pdfHas(text, line) {
				t.Errorf("the police's PDF lacks %q", line)
			}
		})
		t.Run("ThemeOnlyPartner", func(t *testing.T) {
			_, err := export.CollectDecisionList(r.as["ggd"], r.svc.Services, d.meeting.ID)
			if got, want := ketenhub.ErrorCode(err), ketenhub.ENOTFOUND; got != want {
				t.Errorf("GGD gets error code %q, want %q", got, want)
			}
		})
		t.Run("Calendar", func(t *testing.T) {
			// Only the test's meeting: the demo region plans meetings of its own.
			from := now.Now().Add(-24 * time.Hour)
			all, titles, err := export.CollectMeetings(r.as["teamchef"], r.svc.Services, from)
			if err != nil {
				t.Fatal(err)
			}
			var meetings []*ketenhub.Meeting
			for _, m := range all {
				if m.ID == d.meeting.ID {
					meetings = append(meetings, m)
				}
			}
			if len(meetings) != 1 || titles[d.meeting.WorkspaceID] != "Driehoek Purmerend" {
				t.Fatalf("the police's calendar: %d meetings, titles %v", len(all), titles)
			}
			var b bytes.Buffer
			if err := export.MeetingsICS(&b, meetings, titles, "Ketenhub", now.Now()); err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(&b)
			if err != nil {
				t.Fatalf("feed does not parse: %v", err)
			}
			ev := cal.Events()
			if len(ev) != 1 || ev[0].Id() != fmt.Sprintf("meeting-%d@ketenhub", d.meeting.ID) {
				t.Fatalf("events %v", ev)
			}
			if st := ev[0].GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != "CONFIRMED" {
				t.Errorf("status %v, want CONFIRMED for a finished meeting", st)
			}
			if seq := ev[0].GetProperty(ics.ComponentPropertySequence); seq == nil || seq.Value != fmt.Sprint(d.meeting.Version) {
				t.Errorf("sequence %v, want the version %d", seq, d.meeting.Version)
			}
			later, _, err := export.CollectMeetings(r.as["teamchef"], r.svc.Services, d.meeting.StartsAt.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range later {
				if m.ID == d.meeting.ID || m.StartsAt.Before(d.meeting.StartsAt) {
					t.Errorf("meetings from after the start hold %q at %v", m.Title, m.StartsAt)
				}
			}
			ggd, _, err := export.CollectMeetings(r.as["ggd"], r.svc.Services, from)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ggd {
				if m.WorkspaceID == d.meeting.WorkspaceID {
					t.Errorf("the GGD's calendar holds driehoek meeting %q", m.Title)
				}
			}
		})
		t.Run("ProgressCountsMeetings", func(t *testing.T) {
			rep, err := export.CollectProgressReport(r.as["teamchef"], r.svc.Services, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, th := range rep.Themes {
				for _, w := range th.Workspaces {
					if w.Workspace.ID == d.meeting.WorkspaceID && (!w.HasMeetings || w.Meetings != 2 || w.Decisions != 1) {
						t.Errorf("driehoek for the police: %d meetings, %d decisions (counted %v); want 2 (the demo's and the test's) and 1", w.Meetings, w.Decisions, w.HasMeetings)
					}
				}
			}
		})
	})
}

// testRestrictedMarks: in the list of someone in the set, the restricted
// agenda item, its decision and the action made from it each carry the
// names of the two organisations that may see them, in both languages and
// formats, and nothing open is marked. Every page says who the list is for.
func testRestrictedMarks(t *testing.T, r *region, dl *export.DecisionList, d *driehoekMeeting) {
	t.Helper()
	const orgs = "Gemeente Purmerend, Openbaar Ministerie Noord-Holland"
	secret := dl.Items[1]
	if secret.Item.ID != d.secret.ID || strings.Join(secret.Audience.Organisations, ", ") != orgs ||
		strings.Join(secret.Decisions[0].Audience.Organisations, ", ") != orgs ||
		strings.Join(secret.Decisions[0].Actions[0].Audience.Organisations, ", ") != orgs {
		t.Fatalf("the restricted item's audience: %+v", secret)
	}
	for lang, mark := range map[export.Lang]string{export.NL: "Besloten: alleen voor " + orgs, export.EN: "Restricted: only for " + orgs} {
		var h, p bytes.Buffer
		if err := dl.HTML(&h, lang); err != nil {
			t.Fatal(err)
		}
		if err := dl.PDF(&p, lang); err != nil {
			t.Fatal(err)
		}
		// Item, decision and action, and nothing else.
		if got := strings.Count(h.String(), `class="restricted">`+mark+`<`); got != 3 || strings.Count(h.String(), `class="restricted"`) != 3 {
			t.Errorf("%s HTML has %d marks %q, want 3 and no other", lang, got, mark)
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got := strings.Count(squash(pdfText(t, p.Bytes())), squash(mark)); got != 3 {
			t.Errorf("%s PDF has %d marks %q, want 3", lang, got, mark)
		}
	}
	var p bytes.Buffer
	if err := dl.PDF(&p, export.NL); err != nil {
		t.Fatal(err)
	}
	checkEveryPage(t, p.Bytes(), r.madeForLine("oov-adviseur", "Gemeente Purmerend"))
}

func itemTitles(dl *export.DecisionList) []string {
	var out []string
	for _, it := range dl.Items {
		out = append(out, it.Item.Title)
	}
	return out
}

func renderList(t *testing.T, dl *export.DecisionList, lang export.Lang) (string, string) {
	t.Helper()
	var h, p bytes.Buffer
	if err := dl.HTML(&h, lang); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	if err := dl.PDF(&p, lang); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	checkPage(t, h.String(), string(lang))
	return h.String(), pdfText(t, p.Bytes())
}
