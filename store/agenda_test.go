package store_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

const aWeek = 7 * 24 * time.Hour

// TestAgenda_DriehoekCycle walks the store through a driehoek cycle: an
// action escalated from a theme, proposals from police and OM, accepted,
// ordered, fixed, live, a decision and two actions from it.
func TestAgenda_DriehoekCycle(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		src := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: "Integrale controles bedrijventerrein", Description: "Vertrouwelijke toelichting",
			OwnerOrganisationID: c.Politie.Org.ID, Visibility: everyone}
		mustOK(t, c.Svc.Actions.CreateAction(c.Politie.Ctx, src), "create source action")
		m := c.planMeeting("Driehoek maart", aWeek, ketenhub.MeetingAgendaOpen)
		c.planMeeting("Driehoek april", 6*aWeek, ketenhub.MeetingConcept)

		const question = "Steunt de driehoek integrale controles op het bedrijventerrein?\nDe politie vraagt capaciteit."
		esc, err := c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID, Question: question})
		mustOK(t, err, "escalate")
		// The OM is not in the theme, so nothing of the action is copied:
		// the title is the question's first line.
		if esc.MeetingID != m.ID || esc.State != ketenhub.ItemProposed || esc.Title != "Steunt de driehoek integrale controles op het bedrijventerrein?" || esc.Notes != question ||
			esc.SourceActionID == nil || *esc.SourceActionID != src.ID || esc.SourceWorkspaceID == nil || *esc.SourceWorkspaceID != c.Theme.ID || !esc.Escalated ||
			esc.ProposedByOrgID != c.Politie.Org.ID || esc.ProposedByUserID != c.Politie.User.ID || esc.Position != 0 || esc.WorkspaceID != c.Driehoek.ID {
			t.Fatalf("escalated item = %+v", esc)
		}
		driehoekOrgs := []int64{c.Gemeente.Org.ID, c.Politie.Org.ID, c.OM.Org.ID}
		slices.Sort(driehoekOrgs)
		if !esc.Visibility.Restricted() || !slices.Equal(esc.Visibility.Organisations, driehoekOrgs) {
			t.Errorf("escalated visibility = %+v, want restricted to %v", esc.Visibility, driehoekOrgs)
		}
		_, err = c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID, Question: question})
		wantCode(t, err, ketenhub.ECONFLICT)
		if got := lastRawEvent(t, c.DB, c.Theme.ID); got.Type != ketenhub.EventActionEscalated || got.SubjectID != src.ID || got.Visibility != "workspace" {
			t.Errorf("last theme event = %+v, want action.escalated of the action", got)
		}
		// The theme's members read action.escalated; most are not in the
		// driehoek, so it names no item or meeting of it.
		var payload map[string]int64
		var raw string
		mustOK(t, c.DB.Gorm().Raw(`SELECT payload FROM events WHERE workspace_id = ? AND type = ?`, c.Theme.ID, ketenhub.EventActionEscalated).Scan(&raw).Error, "read payload")
		mustOK(t, json.Unmarshal([]byte(raw), &payload), "decode payload")
		if len(payload) != 2 || payload["action_id"] != src.ID || payload["target_workspace_id"] != c.Driehoek.ID {
			t.Errorf("action.escalated payload = %s, want only the action and the driehoek workspace", raw)
		}

		pol := c.proposeItem(c.Politie, m.ID, "Drugsoverlast stationsgebied", everyone)
		om := c.proposeItem(c.OM, m.ID, "Lopend onderzoek vastgoed", restricted(c.OM.Org.ID))
		if pol.State != ketenhub.ItemProposed || pol.Position != 0 || om.Position != 0 {
			t.Errorf("proposals = %s at %d, %s at %d, want unnumbered", pol.State, pol.Position, om.State, om.Position)
		}
		if want := []int64{c.Gemeente.Org.ID, c.OM.Org.ID}; !slices.Equal(om.Visibility.Organisations, sortedIDs(want)) {
			t.Errorf("OM item visibility = %v, want OM and the regisseur %v", om.Visibility.Organisations, sortedIDs(want))
		}
		esc = c.setItemState(c.Gemeente, esc, ketenhub.ItemAccepted)
		pol = c.setItemState(c.Gemeente, pol, ketenhub.ItemAccepted)
		om = c.setItemState(c.Gemeente, om, ketenhub.ItemAccepted)
		agenda, err := c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, om.ID, 1, om.Version)
		mustOK(t, err, "move")
		if got, want := itemIDs(agenda), []int64{om.ID, esc.ID, pol.ID}; !slices.Equal(got, want) {
			t.Fatalf("agenda = %v, want %v", got, want)
		}
		evs := agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID)
		last := evs[len(evs)-1]
		if _, ids, pos := reorderedItems(t, last.Payload); last.Type != ketenhub.EventAgendaReordered || !slices.Equal(ids, []int64{om.ID, esc.ID, pol.ID}) || !slices.Equal(pos, []int{1, 2, 3}) || last.Visibility != "workspace" {
			t.Errorf("last meeting event = %+v", last)
		}

		m = c.moveMeeting(m, ketenhub.MeetingAgendaFixed)
		m = c.moveMeeting(m, ketenhub.MeetingLive)
		if m.CurrentItemID == nil || *m.CurrentItemID != om.ID {
			t.Fatalf("live meeting starts at item %v, want %d", m.CurrentItemID, om.ID)
		}
		m, err = c.Svc.Meetings.RunMeeting(c.Gemeente.Ctx, m.ID, ketenhub.LiveCommand{Move: ketenhub.MoveNext, Version: m.Version})
		mustOK(t, err, "next item")
		d := &ketenhub.Decision{MeetingID: m.ID, Text: "Politie en OM starten een gezamenlijke aanpak."}
		mustOK(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, d), "record decision on the current item")
		if d.AgendaItemID != esc.ID || !sameVis(d.Visibility, esc.Visibility) || d.RecordedByUserID != c.Gemeente.User.ID || !d.DecidedAt.Equal(c.Clock.Now()) {
			t.Errorf("decision = %+v", d)
		}
		a1 := &ketenhub.Action{Title: "Controle plannen", OwnerOrganisationID: c.Politie.Org.ID}
		a2 := &ketenhub.Action{Title: "Strafrechtelijke toets", OwnerOrganisationID: c.OM.Org.ID}
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, a1), "decision action for police")
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, a2), "decision action for OM")
		for _, a := range []*ketenhub.Action{a1, a2} {
			if a.WorkspaceID != c.Driehoek.ID || a.DecisionID == nil || *a.DecisionID != d.ID || a.Status != ketenhub.StatusOpen || !sameVis(a.Visibility, d.Visibility) {
				t.Errorf("decision action = %+v", a)
			}
		}
		ds, err := c.Svc.Decisions.FindDecisions(c.Politie.Ctx, m.ID)
		mustOK(t, err, "find decisions")
		if len(ds) != 1 || !slices.Equal(ds[0].ActionIDs, []int64{a1.ID, a2.ID}) {
			t.Errorf("decisions = %+v, want one with both actions", ds)
		}
		list, _, err := c.Svc.Actions.FindActions(c.OM.Ctx, ketenhub.ActionFilter{WorkspaceID: c.Driehoek.ID})
		mustOK(t, err, "find actions")
		if !slices.Equal(ids(list), []int64{a1.ID, a2.ID}) {
			t.Errorf("driehoek actions for OM = %v, want both", ids(list))
		}
		evs = agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID)
		if got := typesOf(evs[len(evs)-3:]); !slices.Equal(got, []string{ketenhub.EventDecisionCreated, ketenhub.EventActionCreated, ketenhub.EventActionCreated}) {
			t.Errorf("last meeting events = %v", got)
		}

		// The decision is shown back on the source action, to those who see both.
		got, err := c.Svc.Agenda.FindActionEscalations(c.Politie.Ctx, src.ID)
		mustOK(t, err, "escalations for police")
		if len(got) != 1 || got[0].Item.ID != esc.ID || got[0].Meeting.ID != m.ID || len(got[0].Decisions) != 1 || got[0].Decisions[0].ID != d.ID ||
			!slices.Equal(got[0].Decisions[0].ActionIDs, []int64{a1.ID, a2.ID}) {
			t.Errorf("escalations for police = %+v", got)
		}
		for name, p := range map[string]party{"theme-only RIEC": c.RIEC, "Halt": c.Halt, "GGD": c.GGD} {
			got, err := c.Svc.Agenda.FindActionEscalations(p.Ctx, src.ID)
			mustOK(t, err, "escalations for "+name)
			if len(got) != 0 {
				t.Errorf("%s sees escalations %+v", name, got)
			}
		}
		_, err = c.Svc.Agenda.FindActionEscalations(c.OM.Ctx, src.ID)
		wantCode(t, err, ketenhub.ENOTFOUND) // OM is not in the theme workspace

		c.moveMeeting(m, ketenhub.MeetingFinished)
		wantCode(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: esc.ID, Text: "Te laat"}), ketenhub.ECONFLICT)
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, pol.ID, 1, pol.Version)
		wantCode(t, err, ketenhub.ECONFLICT)
	})
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func sameVis(a, b ketenhub.Visibility) bool {
	return a.Scope == b.Scope && slices.Equal(a.Organisations, b.Organisations)
}

// TestAgenda_RestrictedSweep checks that an organisation outside a
// restricted item gets nothing of it from any read.
func TestAgenda_RestrictedSweep(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		const title, notes, text = "Geheim onderzoek Kerkstraat", "Toelichting bij Geheim onderzoek Kerkstraat", "Besluit over het geheime onderzoek"
		src := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: "Signalen bedrijventerrein", OwnerOrganisationID: c.Politie.Org.ID, Visibility: everyone}
		mustOK(t, c.Svc.Actions.CreateAction(c.Politie.Ctx, src), "create source action")
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		open := c.proposeItem(c.Gemeente, m.ID, "Jaarplan", everyone)
		secret := c.proposeItem(c.OM, m.ID, title, restricted(c.OM.Org.ID))
		if secret.Notes != notes {
			t.Fatalf("notes = %q", secret.Notes)
		}
		esc, err := c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID, Title: title, Question: "Vraag"})
		mustOK(t, err, "escalate")
		hiddenProposal := c.proposeItem(c.OM, m.ID, title+" (voorstel)", restricted(c.OM.Org.ID))
		secret = c.setItemState(c.Gemeente, secret, ketenhub.ItemAccepted)
		esc = c.setItemState(c.Gemeente, esc, ketenhub.ItemAccepted)
		c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
		d := &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: secret.ID, Text: text}
		mustOK(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, d), "record decision on the restricted item")
		d2 := &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: esc.ID, Text: text + " (driehoek)"}
		mustOK(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, d2), "record decision on the escalated item")
		act := &ketenhub.Action{Title: title + " actie", OwnerOrganisationID: c.OM.Org.ID}
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, act), "decision action")
		// A regisseur that joined after the items were made is not in their sets.
		vr := c.party("Veiligheidsregio Zaanstreek", "Vera Regio", ketenhub.KindVeiligheidsregio)
		_, err = c.Svc.Workspaces.SetMembership(c.AdminCtx, c.Driehoek.ID, vr.Org.ID, ketenhub.RoleRegisseur)
		mustOK(t, err, "late regisseur")
		secrets := []string{title, notes, text}
		hiddenIDs := map[string][]int64{
			string(ketenhub.SubjectAgendaItem): {secret.ID, esc.ID, hiddenProposal.ID},
			string(ketenhub.SubjectDecision):   {d.ID, d2.ID},
			string(ketenhub.SubjectAction):     {act.ID},
		}

		for name, p := range map[string]party{"Halt": c.Halt, "GGD": c.GGD, "late regisseur": vr} {
			t.Run(name, func(t *testing.T) {
				agenda, err := c.Svc.Agenda.FindAgenda(p.Ctx, m.ID)
				mustOK(t, err, "find agenda")
				if got, want := itemIDs(agenda), []int64{open.ID, secret.ID, esc.ID}; !slices.Equal(got, want) {
					t.Errorf("agenda = %v, want %v (the hidden proposal absent)", got, want)
				}
				for _, it := range agenda[1:] {
					if !it.Hidden || it.Title != "" || it.Notes != "" || it.Kind != "" || it.ProposedByOrgID != 0 || it.SourceActionID != nil {
						t.Errorf("placeholder = %+v", it)
					}
				}
				if data, _ := json.Marshal(agenda); containsAny(string(data), secrets...) {
					t.Errorf("agenda shows a secret: %s", data)
				}
				for _, id := range hiddenIDs[string(ketenhub.SubjectAgendaItem)] {
					_, err := c.Svc.Agenda.FindAgendaItemByID(p.Ctx, id)
					wantCode(t, err, ketenhub.ENOTFOUND)
				}
				ds, err := c.Svc.Decisions.FindDecisions(p.Ctx, m.ID)
				mustOK(t, err, "find decisions")
				if len(ds) != 0 {
					t.Errorf("decisions = %+v, want none", ds)
				}
				for _, id := range hiddenIDs[string(ketenhub.SubjectDecision)] {
					_, err := c.Svc.Decisions.FindDecisionByID(p.Ctx, id)
					wantCode(t, err, ketenhub.ENOTFOUND)
				}
				list, total, err := c.Svc.Actions.FindActions(p.Ctx, ketenhub.ActionFilter{WorkspaceID: c.Driehoek.ID})
				mustOK(t, err, "find actions")
				if len(list) != 0 || total != 0 {
					t.Errorf("actions = %v (total %d), want none", ids(list), total)
				}
				sum, err := c.Svc.Actions.SummarizeActions(p.Ctx, c.Driehoek.ID)
				mustOK(t, err, "summarize")
				if sum.Total != 0 {
					t.Errorf("summary total = %d, want 0", sum.Total)
				}
				_, err = c.Svc.Actions.FindActionByID(p.Ctx, act.ID)
				wantCode(t, err, ketenhub.ENOTFOUND)
				if p.Org.ID != vr.Org.ID {
					esc, err := c.Svc.Agenda.FindActionEscalations(p.Ctx, src.ID)
					mustOK(t, err, "find escalations")
					if len(esc) != 0 {
						t.Errorf("escalations = %+v, want none", esc)
					}
				}
				for _, ws := range []int64{c.Driehoek.ID, c.Theme.ID} {
					member, err := c.DB.MemberOf(c.Gemeente.Ctx, ws, p.Org.ID)
					mustOK(t, err, "role")
					evs, err := c.DB.EventsAfter(c.Gemeente.Ctx, ws, 0, 1000)
					mustOK(t, err, "events after")
					for _, ev := range evs {
						if !(policy.Policy{}).Sight(p.User.Viewer(), member).AdmitsEvent(ev) {
							continue
						}
						if containsAny(string(ev.Payload), secrets...) || slices.Contains(hiddenIDs[string(ev.Subject)], ev.SubjectID) {
							t.Errorf("feed event %s %s %d is visible: %s", ev.Type, ev.Subject, ev.SubjectID, ev.Payload)
						}
					}
				}
			})
		}
		evs, err := c.Svc.Events.FindEvents(vr.Ctx, ketenhub.EventFilter{WorkspaceID: c.Driehoek.ID, Limit: 1000})
		mustOK(t, err, "find events as the late regisseur")
		if len(evs) == 0 {
			t.Fatal("no events")
		}
		for _, ev := range evs {
			if containsAny(string(ev.Payload), secrets...) || slices.Contains(hiddenIDs[string(ev.Subject)], ev.SubjectID) {
				t.Errorf("event %s %s %d is visible: %s", ev.Type, ev.Subject, ev.SubjectID, ev.Payload)
			}
		}
		// A beheerder outside the workspace reads none of its meetings.
		_, err = c.Svc.Agenda.FindAgenda(c.AdminCtx, m.ID)
		wantCode(t, err, ketenhub.ENOTFOUND)
		// Those in the set see it all.
		agenda, err := c.Svc.Agenda.FindAgenda(c.OM.Ctx, m.ID)
		mustOK(t, err, "agenda for OM")
		if got, want := itemIDs(agenda), []int64{open.ID, secret.ID, esc.ID, hiddenProposal.ID}; !slices.Equal(got, want) || agenda[1].Title != title || agenda[1].Hidden {
			t.Errorf("OM agenda = %v, want %v whole", got, want)
		}
		if n := countRows(t, c.DB, "audit_log", "actor_org_id = ? AND subject_type = ? AND action = 'read'", c.OM.Org.ID, "agenda_item"); n < 3 {
			t.Errorf("audited reads of restricted items by OM = %d, want at least 3", n)
		}
	})
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestAgenda_Propose checks who may add items when, and what they get.
func TestAgenda_Propose(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingConcept)
		item := func(title string) *ketenhub.AgendaItem {
			return &ketenhub.AgendaItem{MeetingID: m.ID, Title: title, Kind: ketenhub.ItemInformerend}
		}
		wantCode(t, c.Svc.Agenda.ProposeAgendaItem(c.Politie.Ctx, item("Te vroeg")), ketenhub.ECONFLICT)
		reg := item("Van de regisseur")
		mustOK(t, c.Svc.Agenda.ProposeAgendaItem(c.Gemeente.Ctx, reg), "regisseur adds in concept")
		if reg.State != ketenhub.ItemAccepted || reg.Position != 1 || reg.Version != 1 || reg.ProposedByOrgID != c.Gemeente.Org.ID {
			t.Errorf("regisseur's item = %+v, want accepted at 1", reg)
		}
		evs := agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID)
		if got := typesOf(evs); !slices.Equal(got, []string{ketenhub.EventAgendaItemCreated, ketenhub.EventAgendaReordered}) {
			t.Errorf("events = %v", got)
		}

		c.setMeetingStateRow(m.ID, ketenhub.MeetingAgendaOpen)
		c.setMeetingCols(m.ID, map[string]any{"proposal_deadline": c.Clock.Now().Add(24 * time.Hour)})
		it := item("Van de politie")
		it.PresenterUserID = &c.Politie.User.ID
		it.Visibility = restricted(c.Politie.Org.ID)
		mustOK(t, c.Svc.Agenda.ProposeAgendaItem(c.Politie.Ctx, it), "partner proposes")
		if it.State != ketenhub.ItemProposed || it.Position != 0 || !slices.Equal(it.Visibility.Organisations, sortedIDs([]int64{c.Politie.Org.ID, c.Gemeente.Org.ID})) {
			t.Errorf("partner's item = %+v", it)
		}
		if got := agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID); len(got) != 3 || got[2].Type != ketenhub.EventAgendaItemCreated || got[2].Visibility != "restricted" {
			t.Errorf("events after a proposal = %v, want one more agenda_item.created, restricted", typesOf(got))
		}
		wantCode(t, c.Svc.Agenda.ProposeAgendaItem(c.GGD.Ctx, item("Meelezer")), ketenhub.EFORBIDDEN)
		wantCode(t, c.Svc.Agenda.ProposeAgendaItem(c.RIEC.Ctx, item("Geen lid")), ketenhub.ENOTFOUND)
		bad := item("Presentator van buiten")
		bad.PresenterUserID = &c.RIEC.User.ID
		wantField(t, c.Svc.Agenda.ProposeAgendaItem(c.Politie.Ctx, bad), "presenter_user_id")
		outside := item("Beperkt tot een buitenstaander")
		outside.Visibility = restricted(c.RIEC.Org.ID)
		wantField(t, c.Svc.Agenda.ProposeAgendaItem(c.Politie.Ctx, outside), "visibility")
		wantField(t, c.Svc.Agenda.ProposeAgendaItem(c.Politie.Ctx, item("  ")), "title")

		c.Clock.Add(25 * time.Hour)
		wantCode(t, c.Svc.Agenda.ProposeAgendaItem(c.OM.Ctx, item("Te laat")), ketenhub.ECONFLICT)
		c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
		late := item("Actueel")
		mustOK(t, c.Svc.Agenda.ProposeAgendaItem(c.Gemeente.Ctx, late), "regisseur adds while live")
		if late.Position != 2 || late.State != ketenhub.ItemAccepted { // the proposal has no number
			t.Errorf("live item = %+v", late)
		}
		c.setMeetingStateRow(m.ID, ketenhub.MeetingFinished)
		wantCode(t, c.Svc.Agenda.ProposeAgendaItem(c.Gemeente.Ctx, item("Na afloop")), ketenhub.ECONFLICT)
		if got := countRows(t, c.DB, "agenda_items", "meeting_id = ?", m.ID); got != 3 {
			t.Errorf("items = %d, want 3", got)
		}
	})
}

// TestAgenda_Update checks the proposer's and the regisseur's changes,
// state transitions, and versions.
func TestAgenda_Update(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		it := c.proposeItem(c.Politie, m.ID, "Overlast", everyone)

		title := "Overlast centrum"
		got, err := c.Svc.Agenda.UpdateAgendaItem(c.Politie.Ctx, it.ID, ketenhub.AgendaItemUpdate{Title: &title, MinutesPlanned: ptr(15), Version: it.Version})
		mustOK(t, err, "proposer edits")
		if got.Title != title || got.MinutesPlanned != 15 || got.Version != 2 {
			t.Errorf("edited = %+v", got)
		}
		accepted := ketenhub.ItemAccepted
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Politie.Ctx, it.ID, ketenhub.AgendaItemUpdate{State: &accepted, Version: got.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.OM.Ctx, it.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: got.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, it.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: 1})
		if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current.(*ketenhub.AgendaItem).Version != 2 {
			t.Errorf("stale conflict carries %+v", e.Current)
		}
		wantField(t, func() error {
			_, err := c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, it.ID, ketenhub.AgendaItemUpdate{Title: &title})
			return err
		}(), "version")

		got = c.setItemState(c.Gemeente, got, ketenhub.ItemAccepted)
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Politie.Ctx, it.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: got.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN) // no longer a proposal
		deferred := ketenhub.ItemDeferred
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, it.ID, ketenhub.AgendaItemUpdate{State: &deferred, Version: got.Version})
		if e := wantCode(t, err, ketenhub.ECONFLICT); len(e.Allowed) != 3 {
			t.Errorf("illegal transition allows %v", e.Allowed)
		}
		if got = c.setItemState(c.Gemeente, got, ketenhub.ItemRejected); got.State != ketenhub.ItemRejected {
			t.Errorf("state = %s, want rejected", got.State)
		}
		evs := agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID)
		if got := typesOf(evs[len(evs)-4:]); !slices.Equal(got, []string{ketenhub.EventAgendaItemUpdated, ketenhub.EventAgendaReordered, ketenhub.EventAgendaItemUpdated, ketenhub.EventAgendaReordered}) {
			t.Errorf("events of accept and reject = %v", got)
		}

		// A restricted item keeps its proposer in sight; those outside it
		// get 404 for their writes, not the item.
		own := c.proposeItem(c.OM, m.ID, "Van het OM", everyone)
		got, err = c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, own.ID, ketenhub.AgendaItemUpdate{Visibility: ptr(restricted(c.Gemeente.Org.ID)), Version: own.Version})
		mustOK(t, err, "restrict")
		if want := sortedIDs([]int64{c.Gemeente.Org.ID, c.OM.Org.ID}); !slices.Equal(got.Visibility.Organisations, want) {
			t.Errorf("restricted to %v, want the regisseur and the proposer %v", got.Visibility.Organisations, want)
		}
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.OM.Ctx, own.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: own.Version})
		wantCode(t, err, ketenhub.ECONFLICT)
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Politie.Ctx, own.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: got.Version})
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Politie.Ctx, own.ID, 1, got.Version)
		wantCode(t, err, ketenhub.ENOTFOUND)
	})
}

// TestAgenda_MoveRefused checks that only a regisseur orders the agenda.
func TestAgenda_MoveRefused(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		a := c.proposeItem(c.Gemeente, m.ID, "Eerste", everyone)
		b := c.proposeItem(c.Politie, m.ID, "Tweede", everyone)
		for name, p := range map[string]party{"partner": c.Politie, "meelezer": c.GGD} {
			_, err := c.Svc.Agenda.MoveAgendaItem(p.Ctx, b.ID, 1, b.Version)
			if ketenhub.ErrorCode(err) != ketenhub.EFORBIDDEN {
				t.Errorf("move by %s: %v, want forbidden", name, err)
			}
		}
		_, err := c.Svc.Agenda.MoveAgendaItem(c.RIEC.Ctx, b.ID, 1, b.Version)
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, b.ID, 0, b.Version)
		wantField(t, err, "position")
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, b.ID, 1, b.Version+1)
		wantCode(t, err, ketenhub.ECONFLICT)
		agenda, err := c.Svc.Agenda.FindAgenda(c.Gemeente.Ctx, m.ID)
		mustOK(t, err, "find agenda")
		if !slices.Equal(itemIDs(agenda), []int64{a.ID, b.ID}) || agenda[0].Version != 1 || agenda[1].Version != 1 {
			t.Errorf("agenda after refused moves = %+v", agenda)
		}
		c.setMeetingStateRow(m.ID, ketenhub.MeetingFinished)
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, b.ID, 1, b.Version)
		wantCode(t, err, ketenhub.ECONFLICT)
	})
}

// TestAgenda_MoveProperty makes random moves and checks after each that
// the items on the agenda are numbered exactly 1..n in the order asked for,
// that only the items whose number changed got a new version, and that the
// items off the agenda stay unnumbered and untouched.
func TestAgenda_MoveProperty(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		var want []int64
		var off []*ketenhub.AgendaItem
		for i := range 7 {
			if i%3 == 1 {
				// A proposal between the items, accepted, and one left a proposal.
				p := c.proposeItem(c.Politie, m.ID, "Voorstel "+string(rune('A'+i)), everyone)
				off = append(off, c.proposeItem(c.Politie, m.ID, "Open voorstel "+string(rune('A'+i)), everyone))
				want = append(want, c.setItemState(c.Gemeente, p, ketenhub.ItemAccepted).ID)
				continue
			}
			want = append(want, c.proposeItem(c.Gemeente, m.ID, "Punt "+string(rune('A'+i)), everyone).ID)
		}
		off[0] = c.setItemState(c.Gemeente, off[0], ketenhub.ItemRejected)
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		rng := rand.New(rand.NewPCG(seed, 1))
		agenda, err := c.Svc.Agenda.FindAgenda(c.Gemeente.Ctx, m.ID)
		mustOK(t, err, "find agenda")
		for step := range 25 {
			from := rng.IntN(len(want))
			to := 1 + rng.IntN(len(want)+2) // beyond the end means last
			id := want[from]
			version := agenda[from].Version
			before := map[int64]ketenhub.AgendaItem{}
			for _, it := range agenda {
				before[it.ID] = *it
			}
			want = slices.Delete(slices.Clone(want), from, from+1)
			want = slices.Insert(want, min(to, len(want)+1)-1, id)
			agenda, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, id, to, version)
			mustOK(t, err, "move")
			if got := itemIDs(agenda); !slices.Equal(got[:len(want)], want) || !slices.Equal(got[len(want):], itemIDs(off)) {
				t.Fatalf("step %d: move %d to %d: agenda %v, want %v and then %v", step, id, to, got, want, itemIDs(off))
			}
			for i, it := range agenda {
				old := before[it.ID]
				if i >= len(want) {
					if it.Position != 0 || it.Version != old.Version {
						t.Fatalf("step %d: item %d off the agenda at %d with version %d (was %d)", step, it.ID, it.Position, it.Version, old.Version)
					}
					continue
				}
				if it.Position != i+1 {
					t.Fatalf("step %d: item %d at position %d, want %d", step, it.ID, it.Position, i+1)
				}
				if moved := old.Position != it.Position; (moved && it.Version != old.Version+1) || (!moved && it.Version != old.Version) {
					t.Fatalf("step %d: item %d from %d to %d has version %d (was %d)", step, it.ID, old.Position, it.Position, it.Version, old.Version)
				}
			}
		}
		_, err = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, off[1].ID, 1, off[1].Version)
		wantCode(t, err, ketenhub.ECONFLICT) // a proposal has no number to move
	})
}

// TestAgenda_Defer checks deferral to the next planned meeting.
func TestAgenda_Defer(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek maart", aWeek, ketenhub.MeetingAgendaOpen)
		past := c.rowMeeting(c.Driehoek.ID, "Driehoek februari", -aWeek, ketenhub.MeetingFinished)
		far := c.rowMeeting(c.Driehoek.ID, "Driehoek mei", 10*aWeek, ketenhub.MeetingConcept)
		next := c.rowMeeting(c.Driehoek.ID, "Driehoek april", 6*aWeek, ketenhub.MeetingConcept)
		c.rowMeeting(c.Theme.ID, "Thema-overleg", 2*aWeek, ketenhub.MeetingConcept) // another workspace's
		already := c.proposeItem(c.Gemeente, next.ID, "Al gepland", everyone)
		it := c.proposeItem(c.OM, m.ID, "Vastgoed", restricted(c.OM.Org.ID))
		prop := c.proposeItem(c.Politie, m.ID, "Voorstel", everyone)
		it = c.setItemState(c.Gemeente, it, ketenhub.ItemAccepted)

		_, err := c.Svc.Agenda.DeferAgendaItem(c.Gemeente.Ctx, prop.ID, prop.Version)
		wantCode(t, err, ketenhub.ECONFLICT)
		_, err = c.Svc.Agenda.DeferAgendaItem(c.OM.Ctx, it.ID, it.Version)
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = c.Svc.Agenda.DeferAgendaItem(c.Halt.Ctx, it.ID, it.Version)
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = c.Svc.Agenda.DeferAgendaItem(c.Gemeente.Ctx, it.ID, it.Version-1)
		wantCode(t, err, ketenhub.ECONFLICT)

		c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
		c.setMeetingCols(m.ID, map[string]any{"chair_user_id": c.OM.User.ID})
		cp, err := c.Svc.Agenda.DeferAgendaItem(c.OM.Ctx, it.ID, it.Version)
		mustOK(t, err, "the chair defers")
		if cp.MeetingID != next.ID || cp.State != ketenhub.ItemAccepted || cp.Position != 2 || cp.PreviousItemID == nil || *cp.PreviousItemID != it.ID ||
			cp.Title != it.Title || cp.ProposedByOrgID != c.OM.Org.ID || !sameVis(cp.Visibility, it.Visibility) || cp.Version != 1 {
			t.Errorf("deferred copy = %+v", cp)
		}
		old, err := c.Svc.Agenda.FindAgendaItemByID(c.OM.Ctx, it.ID)
		mustOK(t, err, "find old")
		if old.State != ketenhub.ItemDeferred || old.Version != it.Version+1 {
			t.Errorf("old item = %s version %d", old.State, old.Version)
		}
		if got := typesOf(agendaEvents(t, c.fixture, c.Driehoek.ID, m.ID)); !slices.Equal(got[len(got)-2:], []string{ketenhub.EventAgendaItemUpdated, ketenhub.EventAgendaReordered}) {
			t.Errorf("events of the meeting = %v", got)
		}
		evs := agendaEvents(t, c.fixture, c.Driehoek.ID, next.ID)
		if got := typesOf(evs); !slices.Equal(got[len(got)-2:], []string{ketenhub.EventAgendaItemCreated, ketenhub.EventAgendaReordered}) {
			t.Errorf("events of the next meeting = %v", got)
		}
		if _, ids, _ := reorderedItems(t, evs[len(evs)-1].Payload); !slices.Equal(ids, []int64{already.ID, cp.ID}) {
			t.Errorf("next meeting's agenda = %v", ids)
		}

		// Without a planned meeting after it, there is nowhere to go.
		c.setMeetingStateRow(next.ID, ketenhub.MeetingArchived)
		c.setMeetingStateRow(far.ID, ketenhub.MeetingLive)
		pol := c.proposeItem(c.Gemeente, m.ID, "Nog een", everyone)
		_, err = c.Svc.Agenda.DeferAgendaItem(c.Gemeente.Ctx, pol.ID, pol.Version)
		if e := wantCode(t, err, ketenhub.ECONFLICT); !strings.Contains(e.MessageNL, "geen volgend overleg") {
			t.Errorf("error = %+v", e)
		}
		_ = past
	})
}

// TestAgenda_EscalateRefused checks who may escalate what, and where to.
func TestAgenda_EscalateRefused(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		act := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: "Controle", OwnerOrganisationID: c.Politie.Org.ID, Visibility: everyone}
		mustOK(t, c.Svc.Actions.CreateAction(c.Politie.Ctx, act), "create action")
		esc := func(p party, e ketenhub.Escalation) error {
			_, err := c.Svc.Agenda.Escalate(p.Ctx, e)
			return err
		}
		to := func(ws int64) ketenhub.Escalation {
			return ketenhub.Escalation{ActionID: act.ID, TargetWorkspaceID: ws, Question: "Graag bespreken"}
		}
		wantCode(t, esc(c.Gemeente, to(c.Driehoek.ID)), ketenhub.ECONFLICT) // no meeting yet
		c.rowMeeting(c.Driehoek.ID, "Voorbij", -aWeek, ketenhub.MeetingAgendaOpen)
		c.rowMeeting(c.Driehoek.ID, "Vastgesteld", aWeek, ketenhub.MeetingAgendaFixed)
		wantCode(t, esc(c.Gemeente, to(c.Driehoek.ID)), ketenhub.ECONFLICT) // none open for items
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", 2*aWeek, ketenhub.MeetingConcept)
		c.rowMeeting(c.Theme.ID, "Thema-overleg", aWeek, ketenhub.MeetingAgendaOpen)

		wantCode(t, esc(c.GGD, to(c.Driehoek.ID)), ketenhub.EFORBIDDEN)     // meelezer
		wantCode(t, esc(c.RIEC, to(c.Driehoek.ID)), ketenhub.EFORBIDDEN)    // partner, not the owner
		wantCode(t, esc(c.OM, to(c.Driehoek.ID)), ketenhub.ENOTFOUND)       // not in the theme
		wantField(t, esc(c.Politie, to(c.Theme.ID)), "target_workspace_id") // not a driehoek
		wantField(t, esc(c.Politie, to(999999)), "target_workspace_id")
		topic := ketenhub.Escalation{SourceWorkspaceID: c.Theme.ID, TargetWorkspaceID: c.Driehoek.ID, Title: "Trend woninginbraken", Question: "Zie analyse"}
		wantCode(t, esc(c.Politie, topic), ketenhub.EFORBIDDEN) // a topic is the regisseur's
		if n := countRows(t, c.DB, "agenda_items", "1 = 1"); n != 0 {
			t.Errorf("%d items after refusals", n)
		}

		it, err := c.Svc.Agenda.Escalate(c.Gemeente.Ctx, topic)
		mustOK(t, err, "escalate a topic")
		if it.MeetingID != m.ID || it.SourceActionID != nil || *it.SourceWorkspaceID != c.Theme.ID || it.Notes != "Zie analyse" || it.State != ketenhub.ItemProposed {
			t.Errorf("topic item = %+v", it)
		}
		// RIEC is no member of the driehoek: its own item is still restricted to the driehoek organisations.
		act2 := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: "Analyse", Description: "Beperkte details", OwnerOrganisationID: c.RIEC.Org.ID, Visibility: everyone}
		mustOK(t, c.Svc.Actions.CreateAction(c.RIEC.Ctx, act2), "create RIEC action")
		it2, err := c.Svc.Agenda.Escalate(c.RIEC.Ctx, ketenhub.Escalation{ActionID: act2.ID, TargetWorkspaceID: c.Driehoek.ID, Kind: ketenhub.ItemBesluitvormend, Question: "Vraag van het RIEC"})
		mustOK(t, err, "escalate by a non-member")
		if it2.Visibility.Includes(c.RIEC.Org.ID) || it2.Notes != "Vraag van het RIEC" || it2.Kind != ketenhub.ItemBesluitvormend || it2.ProposedByOrgID != c.RIEC.Org.ID {
			t.Errorf("item of a non-member = %+v", it2)
		}
		if ev := lastRawEvent(t, c.DB, c.Driehoek.ID); ev.Type != ketenhub.EventAgendaItemCreated || ev.ActorOrgID != c.RIEC.Org.ID {
			t.Errorf("driehoek event = %+v", ev)
		}
	})
}

// TestAgenda_ConcurrentChanges races proposals and moves on one meeting:
// the meeting lock keeps positions 1..n without duplicates, and of two
// moves from the same version one wins and the other gets ECONFLICT.
func TestAgenda_ConcurrentChanges(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		writers := []party{c.Gemeente, c.Politie, c.OM, c.Halt}
		const each = 5
		errs := make(chan error, len(writers)*each)
		var wg sync.WaitGroup
		for i, p := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range each {
					it := &ketenhub.AgendaItem{MeetingID: m.ID, Title: fmt.Sprintf("Punt %d.%d", i, j), Kind: ketenhub.ItemBespreken}
					errs <- c.Svc.Agenda.ProposeAgendaItem(p.Ctx, it)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			mustOK(t, err, "concurrent proposal")
		}
		agenda, err := c.Svc.Agenda.FindAgenda(c.Gemeente.Ctx, m.ID)
		mustOK(t, err, "find agenda")
		if len(agenda) != len(writers)*each {
			t.Fatalf("%d items, want %d", len(agenda), len(writers)*each)
		}
		// The regisseur's items are on the agenda at once, numbered 1..n;
		// the partners' are unnumbered proposals until accepted.
		for i, it := range agenda {
			if want := i + 1; (i < each && it.Position != want) || (i >= each && it.Position != 0) {
				t.Fatalf("item %d (%s) at position %d, want %d", it.ID, it.State, it.Position, want)
			}
		}
		for _, it := range agenda[each:] {
			c.setItemState(c.Gemeente, it, ketenhub.ItemAccepted)
		}
		agenda, err = c.Svc.Agenda.FindAgenda(c.Gemeente.Ctx, m.ID)
		mustOK(t, err, "find agenda")
		for i, it := range agenda {
			if it.Position != i+1 {
				t.Fatalf("item %d at position %d, want %d", it.ID, it.Position, i+1)
			}
		}

		for round := range 5 {
			a, b := agenda[0], agenda[len(agenda)-1]
			moves := []struct {
				it  *ketenhub.AgendaItem
				pos int
			}{{a, len(agenda)}, {b, 1}}
			// Both moves are based on the agenda as read; a's and b's versions
			// both change in either move, so exactly one may succeed.
			res := make([]error, 2)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, mv := range moves {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, res[i] = c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, mv.it.ID, mv.pos, mv.it.Version)
				}()
			}
			close(start)
			wg.Wait()
			codes := []string{ketenhub.ErrorCode(res[0]), ketenhub.ErrorCode(res[1])}
			slices.Sort(codes)
			if !slices.Equal(codes, []string{"", ketenhub.ECONFLICT}) {
				t.Fatalf("round %d: results %v, want one success and one conflict", round, res)
			}
			agenda, err = c.Svc.Agenda.FindAgenda(c.Gemeente.Ctx, m.ID)
			mustOK(t, err, "find agenda")
			for i, it := range agenda {
				if it.Position != i+1 {
					t.Fatalf("round %d: item %d at position %d, want %d", round, it.ID, it.Position, i+1)
				}
			}
		}
	})
}
