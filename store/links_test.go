package store_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

// received returns the events of a workspace that reach party p: what the
// websocket and the events API give it (the policy's history rule).
func (c *chain) received(tb testing.TB, p party, workspaceID int64) []*ketenhub.Event {
	tb.Helper()
	m, err := c.DB.MemberOf(c.Gemeente.Ctx, workspaceID, p.Org.ID)
	mustOK(tb, err, "member")
	evs, err := c.DB.EventsAfter(c.Gemeente.Ctx, workspaceID, 0, 1000)
	mustOK(tb, err, "events after")
	sight := policy.Policy{}.Sight(p.User.Viewer(), m)
	var out []*ketenhub.Event
	for _, ev := range evs {
		if sight.AdmitsEvent(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// payloadField decodes one field of an event payload ("" if absent).
func payloadField(tb testing.TB, ev *ketenhub.Event, field string) string {
	tb.Helper()
	var p map[string]json.RawMessage
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		tb.Fatalf("decode %s payload %s: %v", ev.Type, ev.Payload, err)
	}
	if v, ok := p[field]; ok && string(v) != "null" {
		return string(v)
	}
	return ""
}

// TestEscalation_RestrictedSource is finding 1 of issue 11: a theme action
// restricted to one organisation, put forward without a title, gave the
// driehoek (and the theme's own regisseur) its title and id.
func TestEscalation_RestrictedSource(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		const secretTitle, secretText = "Infiltratie bij transportbedrijf De Haven", "Bron: CIE-melding"
		src := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: secretTitle, Description: secretText,
			OwnerOrganisationID: c.Politie.Org.ID, Visibility: restricted(c.Politie.Org.ID)}
		mustOK(t, c.Svc.Actions.CreateAction(c.Politie.Ctx, src), "create restricted action")
		m := c.planMeeting("Driehoek maart", aWeek, ketenhub.MeetingAgendaOpen)
		const question = "Wil de driehoek bestuurlijke maatregelen voorbereiden tegen een transportbedrijf?"

		_, err := c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID})
		wantField(t, err, "question")
		esc, err := c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID, Question: question})
		mustOK(t, err, "escalate")
		if esc.Title != question || esc.Notes != question || !esc.Escalated {
			t.Errorf("escalated item = %q / %q, want the question", esc.Title, esc.Notes)
		}
		if esc.SourceActionID == nil || *esc.SourceActionID != src.ID {
			t.Errorf("the escalating police do not see their own link: %+v", esc)
		}

		// The police see the source, so the link; the regisseur and the OM,
		// who do not, get the item but nothing of the action.
		for name, tc := range map[string]struct {
			p    party
			link bool
		}{"politie": {c.Politie, true}, "gemeente": {c.Gemeente, false}, "om": {c.OM, false}} {
			it, err := c.Svc.Agenda.FindAgendaItemByID(tc.p.Ctx, esc.ID)
			mustOK(t, err, "find item as "+name)
			agenda, err := c.Svc.Agenda.FindAgenda(tc.p.Ctx, m.ID)
			mustOK(t, err, "agenda as "+name)
			for _, got := range []*ketenhub.AgendaItem{it, agenda[0]} {
				if linked := got.SourceActionID != nil || got.SourceWorkspaceID != nil; linked != tc.link || !got.Escalated {
					t.Errorf("%s: item %+v, want link %v", name, got, tc.link)
				}
				if data, _ := json.Marshal(got); strings.Contains(string(data), secretTitle) || strings.Contains(string(data), secretText) {
					t.Errorf("%s reads the action in the item: %s", name, data)
				}
			}
		}
		accepted := ketenhub.ItemAccepted
		up, err := c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, esc.ID, ketenhub.AgendaItemUpdate{State: &accepted, Version: esc.Version})
		mustOK(t, err, "accept")
		if up.SourceActionID != nil || up.SourceWorkspaceID != nil {
			t.Errorf("the regisseur's accepted item links its source: %+v", up)
		}
		_, err = c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, esc.ID, ketenhub.AgendaItemUpdate{State: &accepted, Version: esc.Version})
		if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current.(*ketenhub.AgendaItem).SourceActionID != nil {
			t.Errorf("the version conflict shows the regisseur the link: %+v", e.Current)
		}

		// The driehoek's events are encoded once for all their readers, who
		// may not all see the action: they carry no link at all.
		for _, p := range []party{c.Gemeente, c.OM, c.Politie} {
			for _, ev := range c.received(t, p, c.Driehoek.ID) {
				if ev.SubjectID == esc.ID && (payloadField(t, ev, "source_action_id") != "" || payloadField(t, ev, "source_workspace_id") != "") ||
					strings.Contains(string(ev.Payload), secretTitle) {
					t.Errorf("%s receives %s %s", p.Org.Name, ev.Type, ev.Payload)
				}
			}
		}
		// In the theme, action.escalated names the driehoek, not its item or meeting.
		for _, ev := range c.received(t, c.Politie, c.Theme.ID) {
			if ev.Type == ketenhub.EventActionEscalated && (payloadField(t, ev, "agenda_item_id") != "" || payloadField(t, ev, "meeting_id") != "") {
				t.Errorf("action.escalated = %s", ev.Payload)
			}
		}
	})
}

// TestEscalation_SharedSource: where every organisation that will see the
// item may see the action, its title is the default title and the link
// travels in the events too.
func TestEscalation_SharedSource(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		_, err := c.Svc.Workspaces.SetMembership(c.AdminCtx, c.Theme.ID, c.OM.Org.ID, ketenhub.RolePartner)
		mustOK(t, err, "the OM joins the theme")
		src := &ketenhub.Action{WorkspaceID: c.Theme.ID, Title: "Integrale controles", OwnerOrganisationID: c.Politie.Org.ID, Visibility: everyone}
		mustOK(t, c.Svc.Actions.CreateAction(c.Politie.Ctx, src), "create action")
		c.planMeeting("Driehoek maart", aWeek, ketenhub.MeetingAgendaOpen)
		esc, err := c.Svc.Agenda.Escalate(c.Politie.Ctx, ketenhub.Escalation{ActionID: src.ID, TargetWorkspaceID: c.Driehoek.ID, Question: "Steunt de driehoek dit?"})
		mustOK(t, err, "escalate")
		if esc.Title != src.Title {
			t.Errorf("title = %q, want the action's", esc.Title)
		}
		it, err := c.Svc.Agenda.FindAgendaItemByID(c.OM.Ctx, esc.ID)
		mustOK(t, err, "find as OM")
		if it.SourceActionID == nil || *it.SourceActionID != src.ID {
			t.Errorf("the OM, in the theme now, gets no link: %+v", it)
		}
		evs := c.received(t, c.OM, c.Driehoek.ID)
		if ev := evs[len(evs)-1]; ev.Type != ketenhub.EventAgendaItemCreated || payloadField(t, ev, "source_action_id") == "" {
			t.Errorf("last event = %s %s, want agenda_item.created with the link", ev.Type, ev.Payload)
		}
	})
}

// TestEscalation_TargetsForOutsiders: a theme partner outside the driehoek
// learns that it may put an action forward, not which meeting it lands in.
func TestEscalation_TargetsForOutsiders(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.planMeeting("Driehoek maart", aWeek, ketenhub.MeetingAgendaOpen)
		for name, tc := range map[string]struct {
			p       party
			meeting bool
		}{"driehoek member": {c.Politie, true}, "theme only": {c.RIEC, false}} {
			got, err := c.Svc.Agenda.FindEscalationTargets(tc.p.Ctx, c.Theme.ID)
			mustOK(t, err, "targets for "+name)
			if len(got) != 1 || got[0].WorkspaceID != c.Driehoek.ID || !got[0].AcceptsItems {
				t.Fatalf("%s: targets %+v", name, got)
			}
			if shown := got[0].MeetingID != nil && *got[0].MeetingID == m.ID && got[0].MeetingTitle == m.Title; shown != tc.meeting ||
				(!tc.meeting && (got[0].MeetingID != nil || got[0].MeetingTitle != "" || got[0].MeetingStarts != nil)) {
				t.Errorf("%s: target %+v, want the meeting shown %v", name, got[0], tc.meeting)
			}
		}
	})
}

// TestAgenda_NumberingSameForAll is finding 3: the numbers count only the
// items on the agenda, hidden ones included, so "punt 3" is one item for
// everyone; proposals and rejected items are numbered nowhere, and the
// agenda order the whole workspace is told names none of them.
func TestAgenda_NumberingSameForAll(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		first := c.proposeItem(c.Gemeente, m.ID, "Jaarplan", everyone)
		proposal := c.proposeItem(c.OM, m.ID, "Voorstel van het OM", restricted(c.OM.Org.ID))
		rejected := c.setItemState(c.Gemeente, c.proposeItem(c.OM, m.ID, "Afgewezen voorstel", restricted(c.OM.Org.ID)), ketenhub.ItemRejected)
		secret := c.setItemState(c.Gemeente, c.proposeItem(c.OM, m.ID, "Besloten punt", restricted(c.OM.Org.ID)), ketenhub.ItemAccepted)
		last := c.proposeItem(c.Gemeente, m.ID, "Rondvraag", everyone)

		wantNumbers := map[int64]int{first.ID: 1, secret.ID: 2, last.ID: 3}
		for name, p := range map[string]party{"OM": c.OM, "Halt": c.Halt, "GGD": c.GGD, "Politie": c.Politie} {
			agenda, err := c.Svc.Agenda.FindAgenda(p.Ctx, m.ID)
			mustOK(t, err, "agenda as "+name)
			var numbered []int64
			for _, it := range agenda {
				if it.Position != wantNumbers[it.ID] {
					t.Errorf("%s: item %d (%s) has number %d, want %d", name, it.ID, it.Title, it.Position, wantNumbers[it.ID])
				}
				if it.Position > 0 {
					numbered = append(numbered, it.ID)
				}
			}
			if want := []int64{first.ID, secret.ID, last.ID}; !slices.Equal(numbered, want) {
				t.Errorf("%s: numbered %v, want %v", name, numbered, want)
			}
			if p.Org.ID != c.OM.Org.ID && (slices.Contains(itemIDs(agenda), proposal.ID) || slices.Contains(itemIDs(agenda), rejected.ID)) {
				t.Errorf("%s sees the OM's proposal or rejected item: %v", name, itemIDs(agenda))
			}
			for _, ev := range c.received(t, p, c.Driehoek.ID) {
				if ev.Type != ketenhub.EventAgendaReordered {
					continue
				}
				_, ids, positions := reorderedItems(t, string(ev.Payload))
				if slices.Contains(ids, proposal.ID) || slices.Contains(ids, rejected.ID) {
					t.Errorf("%s: agenda.reordered names a hidden proposal: %s", name, ev.Payload)
				}
				for i, pos := range positions {
					if pos != i+1 {
						t.Errorf("%s: agenda.reordered numbers %v, want 1..n", name, positions)
					}
				}
			}
		}
		// Moving the last item to number 2 renumbers the agenda, not the proposals.
		agenda, err := c.Svc.Agenda.MoveAgendaItem(c.Gemeente.Ctx, last.ID, 2, last.Version)
		mustOK(t, err, "move")
		if got, want := itemIDs(agenda)[:3], []int64{first.ID, last.ID, secret.ID}; !slices.Equal(got, want) {
			t.Errorf("agenda after the move = %v, want %v first", got, want)
		}
		it, err := c.Svc.Agenda.FindAgendaItemByID(c.OM.Ctx, proposal.ID)
		mustOK(t, err, "find proposal")
		if it.Position != 0 || it.Version != proposal.Version {
			t.Errorf("proposal after the move = number %d version %d", it.Position, it.Version)
		}
	})
}

// TestDecision_ActionLinkFollowsDecision is finding 3: an action made from
// a decision kept showing decision_id after the decision was restricted.
func TestDecision_ActionLinkFollowsDecision(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		it := c.proposeItem(c.Gemeente, m.ID, "Cameratoezicht", everyone)
		c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
		d := &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: it.ID, Text: "Cameratoezicht zes maanden"}
		mustOK(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, d), "decide")
		act := &ketenhub.Action{Title: "Camera's plaatsen", OwnerOrganisationID: c.Halt.Org.ID}
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, act), "decision action")
		narrow := &ketenhub.Action{Title: "Strafrechtelijke toets", OwnerOrganisationID: c.OM.Org.ID, Visibility: restricted(c.OM.Org.ID)}
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, narrow), "narrow decision action")

		// The item, and with it the decision, is restricted to the OM and
		// the police (and the regisseur).
		_, err := c.Svc.Agenda.UpdateAgendaItem(c.Gemeente.Ctx, it.ID, ketenhub.AgendaItemUpdate{Visibility: ptr(restricted(c.OM.Org.ID, c.Politie.Org.ID)), Version: it.Version})
		mustOK(t, err, "restrict the item")

		for name, tc := range map[string]struct {
			p    party
			link bool
		}{"OM": {c.OM, true}, "Gemeente": {c.Gemeente, true}, "Politie": {c.Politie, true}, "Halt": {c.Halt, false}, "GGD": {c.GGD, false}} {
			got, err := c.Svc.Actions.FindActionByID(tc.p.Ctx, act.ID)
			mustOK(t, err, "find action as "+name)
			list, _, err := c.Svc.Actions.FindActions(tc.p.Ctx, ketenhub.ActionFilter{WorkspaceID: c.Driehoek.ID})
			mustOK(t, err, "list as "+name)
			for _, a := range append(list, got) {
				if a.ID == act.ID && (a.DecisionID != nil) != tc.link {
					t.Errorf("%s: decision_id %v, want shown %v", name, a.DecisionID, tc.link)
				}
			}
		}
		// Halt owns the action: its update answer, its version conflict and
		// the event (which the whole workspace reads) leave the link out.
		title := "Camera's plaatsen en onderhouden"
		got, err := c.Svc.Actions.UpdateAction(c.Halt.Ctx, act.ID, ketenhub.ActionUpdate{Title: &title, Version: act.Version})
		mustOK(t, err, "update as Halt")
		if got.DecisionID != nil {
			t.Errorf("update answer shows decision %d", *got.DecisionID)
		}
		_, err = c.Svc.Actions.UpdateAction(c.Halt.Ctx, act.ID, ketenhub.ActionUpdate{Title: &title, Version: act.Version})
		if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current.(*ketenhub.Action).DecisionID != nil {
			t.Errorf("version conflict shows decision: %+v", e.Current)
		}
		got, err = c.Svc.Actions.UpdateAction(c.Gemeente.Ctx, act.ID, ketenhub.ActionUpdate{Title: &title, Version: got.Version})
		mustOK(t, err, "update as the regisseur")
		if got.DecisionID == nil {
			t.Error("the regisseur, who sees the decision, loses the link")
		}
		for _, ev := range c.received(t, c.Halt, c.Driehoek.ID) {
			if ev.SubjectID == act.ID && ev.Subject == ketenhub.SubjectAction && ev.Type == ketenhub.EventActionUpdated && payloadField(t, ev, "decision_id") != "" {
				t.Errorf("Halt receives %s %s", ev.Type, ev.Payload)
			}
		}
		// decision.updated goes to everyone who sees the decision, the
		// police too, who may not see the action restricted to the OM.
		text := "Cameratoezicht twaalf maanden"
		cur, err := c.Svc.Decisions.FindDecisionByID(c.Gemeente.Ctx, d.ID)
		mustOK(t, err, "find decision")
		if !slices.Contains(cur.ActionIDs, narrow.ID) {
			t.Fatalf("the regisseur's decision lacks the action it sees: %+v", cur)
		}
		_, err = c.Svc.Decisions.UpdateDecision(c.Gemeente.Ctx, d.ID, ketenhub.DecisionUpdate{Text: &text, Version: cur.Version})
		mustOK(t, err, "update decision")
		evs := c.received(t, c.Politie, c.Driehoek.ID)
		ev := evs[len(evs)-1]
		var p ketenhub.Decision
		mustOK(t, json.Unmarshal(ev.Payload, &p), "decode decision.updated")
		if ev.Type != ketenhub.EventDecisionUpdated || !slices.Equal(p.ActionIDs, []int64{act.ID}) {
			t.Errorf("the police receive %s %s, want only the action they see", ev.Type, ev.Payload)
		}
	})
}

// TestAgenda_HiddenWritesAnswerAsAbsent is finding 3: every write to an
// agenda item, decision or action the viewer may not see answers exactly
// as the same write to an id that does not exist.
func TestAgenda_HiddenWritesAnswerAsAbsent(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		c := newChain(t, kind)
		m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
		c.rowMeeting(c.Driehoek.ID, "Driehoek april", 5*aWeek, ketenhub.MeetingConcept) // somewhere to defer to
		secret := c.setItemState(c.Gemeente, c.proposeItem(c.OM, m.ID, "Besloten punt", restricted(c.OM.Org.ID)), ketenhub.ItemAccepted)
		proposal := c.proposeItem(c.OM, m.ID, "Voorstel", restricted(c.OM.Org.ID))
		c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
		// Halt chairs: it may run the meeting, yet not see the OM's items.
		c.setMeetingCols(m.ID, map[string]any{"chair_user_id": c.Halt.User.ID})
		d := &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: secret.ID, Text: "Besloten besluit"}
		mustOK(t, c.Svc.Decisions.RecordDecision(c.Gemeente.Ctx, d), "decide")
		act := &ketenhub.Action{Title: "Besloten actie", OwnerOrganisationID: c.OM.Org.ID}
		mustOK(t, c.Svc.Decisions.CreateDecisionAction(c.Gemeente.Ctx, d.ID, act), "decision action")
		const absent = 987654

		state := func(s ketenhub.AgendaItemState) *ketenhub.AgendaItemState { return &s }
		text, title := "Gezien", "Gezien"
		agendaWrites := map[string]func(id, version int64) error{
			"update stale": func(id, v int64) error {
				_, err := c.Svc.Agenda.UpdateAgendaItem(c.Halt.Ctx, id, ketenhub.AgendaItemUpdate{Title: &title, Version: v + 5})
				return err
			},
			"update current": func(id, v int64) error {
				_, err := c.Svc.Agenda.UpdateAgendaItem(c.Halt.Ctx, id, ketenhub.AgendaItemUpdate{Title: &title, Version: v})
				return err
			},
			"illegal transition": func(id, v int64) error {
				_, err := c.Svc.Agenda.UpdateAgendaItem(c.Halt.Ctx, id, ketenhub.AgendaItemUpdate{State: state(ketenhub.ItemDeferred), Version: v})
				return err
			},
			"bad visibility": func(id, v int64) error {
				_, err := c.Svc.Agenda.UpdateAgendaItem(c.Halt.Ctx, id, ketenhub.AgendaItemUpdate{Visibility: ptr(restricted(c.RIEC.Org.ID)), Version: v})
				return err
			},
			"move": func(id, v int64) error {
				_, err := c.Svc.Agenda.MoveAgendaItem(c.Halt.Ctx, id, 1, v)
				return err
			},
			"defer": func(id, v int64) error {
				_, err := c.Svc.Agenda.DeferAgendaItem(c.Halt.Ctx, id, v)
				return err
			},
			"decide on": func(id, _ int64) error {
				return c.Svc.Decisions.RecordDecision(c.Halt.Ctx, &ketenhub.Decision{MeetingID: m.ID, AgendaItemID: id, Text: text})
			},
		}
		for name, write := range agendaWrites {
			for _, it := range []*ketenhub.AgendaItem{secret, proposal} {
				sameAsAbsent(t, "agenda item: "+name, write(it.ID, it.Version), write(absent, it.Version))
			}
		}
		decisionWrites := map[string]func(id, version int64) error{
			"update stale": func(id, v int64) error {
				_, err := c.Svc.Decisions.UpdateDecision(c.Halt.Ctx, id, ketenhub.DecisionUpdate{Text: &text, Version: v + 5})
				return err
			},
			"update current": func(id, v int64) error {
				_, err := c.Svc.Decisions.UpdateDecision(c.Halt.Ctx, id, ketenhub.DecisionUpdate{Text: &text, Version: v})
				return err
			},
			"empty text": func(id, v int64) error {
				_, err := c.Svc.Decisions.UpdateDecision(c.Halt.Ctx, id, ketenhub.DecisionUpdate{Text: ptr(" "), Version: v})
				return err
			},
			"action": func(id, _ int64) error {
				return c.Svc.Decisions.CreateDecisionAction(c.Halt.Ctx, id, &ketenhub.Action{Title: "", OwnerOrganisationID: c.RIEC.Org.ID})
			},
		}
		for name, write := range decisionWrites {
			sameAsAbsent(t, "decision: "+name, write(d.ID, d.Version), write(absent, d.Version))
		}
		actionWrites := map[string]func(id, version int64) error{
			"update stale": func(id, v int64) error {
				_, err := c.Svc.Actions.UpdateAction(c.Halt.Ctx, id, ketenhub.ActionUpdate{Title: &title, Version: v + 5})
				return err
			},
			"bad status": func(id, v int64) error {
				_, err := c.Svc.Actions.UpdateAction(c.Halt.Ctx, id, ketenhub.ActionUpdate{Status: ptr(ketenhub.ActionStatus("kwijt")), Version: v})
				return err
			},
			"escalate": func(id, _ int64) error {
				_, err := c.Svc.Agenda.Escalate(c.Halt.Ctx, ketenhub.Escalation{ActionID: id, TargetWorkspaceID: c.Driehoek.ID, Question: "Vraag"})
				return err
			},
			"comment": func(id, _ int64) error {
				return c.Svc.Comments.CreateComment(c.Halt.Ctx, &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: id, Body: "Gezien"})
			},
		}
		for name, write := range actionWrites {
			sameAsAbsent(t, "action: "+name, write(act.ID, act.Version), write(absent, act.Version))
		}
	})
}

// sameAsAbsent fails unless a write to a hidden subject failed exactly as
// the same write to one that does not exist: code, field and messages.
func sameAsAbsent(tb testing.TB, what string, hidden, absent error) {
	tb.Helper()
	h, ok1 := hidden.(*ketenhub.Error)
	a, ok2 := absent.(*ketenhub.Error)
	if !ok1 || !ok2 {
		tb.Errorf("%s: hidden %v, absent %v, want the same domain error", what, hidden, absent)
		return
	}
	if h.Code != a.Code || h.Field != a.Field || h.Message != a.Message || h.MessageNL != a.MessageNL || h.Current != nil || len(h.Allowed) != len(a.Allowed) {
		tb.Errorf("%s: hidden answers %+v, absent %+v", what, h, a)
	}
}
