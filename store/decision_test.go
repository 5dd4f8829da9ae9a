package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// decisionWorld is a live driehoek meeting with two accepted items, one for
// the whole workspace and one restricted to the driehoek organisations,
// and a proposal.
type decisionWorld struct {
	*chain
	M          *ketenhub.Meeting
	Open       *ketenhub.AgendaItem
	Restricted *ketenhub.AgendaItem
	Proposal   *ketenhub.AgendaItem
}

func newDecisionWorld(tb testing.TB, kind string) *decisionWorld {
	tb.Helper()
	c := newChain(tb, kind)
	m := c.rowMeeting(c.Driehoek.ID, "Driehoek", aWeek, ketenhub.MeetingAgendaOpen)
	l := &decisionWorld{chain: c, M: m}
	l.Open = c.proposeItem(c.Gemeente, m.ID, "Jaarplan", everyone)
	l.Restricted = c.proposeItem(c.Gemeente, m.ID, "Vertrouwelijk", restricted(c.Politie.Org.ID, c.OM.Org.ID))
	l.Proposal = c.proposeItem(c.Politie, m.ID, "Voorstel", everyone)
	c.setMeetingStateRow(m.ID, ketenhub.MeetingLive)
	return l
}

func TestDecisions_Record(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		l := newDecisionWorld(t, kind)
		rec := func(p party, itemID int64, text string) (*ketenhub.Decision, error) {
			d := &ketenhub.Decision{MeetingID: l.M.ID, AgendaItemID: itemID, Text: text}
			return d, l.Svc.Decisions.RecordDecision(p.Ctx, d)
		}
		_, err := rec(l.Gemeente, 0, "Zonder huidig punt")
		wantField(t, err, "agenda_item_id")
		_, err = rec(l.Gemeente, l.Proposal.ID, "Over een voorstel")
		wantField(t, err, "agenda_item_id")
		_, err = rec(l.Gemeente, l.Open.ID, "  ")
		wantField(t, err, "text")
		_, err = rec(l.Politie, l.Open.ID, "Door een partner")
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = rec(l.Halt, l.Open.ID, "Door een partner")
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = rec(l.RIEC, l.Open.ID, "Door een buitenstaander")
		wantCode(t, err, ketenhub.ENOTFOUND)
		other := l.rowMeeting(l.Driehoek.ID, "Ander overleg", 2*aWeek, ketenhub.MeetingConcept)
		elsewhere := l.proposeItem(l.Gemeente, other.ID, "Elders", everyone)
		_, err = rec(l.Gemeente, elsewhere.ID, "Elders besloten")
		wantField(t, err, "agenda_item_id")

		// The chair runs the meeting; Halt chairs but may not see the restricted item.
		l.setMeetingCols(l.M.ID, map[string]any{"chair_user_id": l.Halt.User.ID, "current_item_id": l.Restricted.ID})
		_, err = rec(l.Halt, 0, "Over wat de voorzitter niet ziet")
		wantField(t, err, "agenda_item_id")
		d1, err := rec(l.Gemeente, 0, "Besluit over het huidige punt")
		mustOK(t, err, "record on the current item")
		if d1.AgendaItemID != l.Restricted.ID || !sameVis(d1.Visibility, l.Restricted.Visibility) || d1.Version != 1 || d1.WorkspaceID != l.Driehoek.ID {
			t.Errorf("decision = %+v", d1)
		}
		l.Clock.Add(time.Minute)
		d2, err := rec(l.Halt, l.Open.ID, "Besluit van de voorzitter")
		mustOK(t, err, "the chair records")
		l.Clock.Add(time.Minute)
		d3, err := rec(l.Gemeente, l.Restricted.ID, "Tweede besluit")
		mustOK(t, err, "record")
		ds, err := l.Svc.Decisions.FindDecisions(l.Politie.Ctx, l.M.ID)
		mustOK(t, err, "find decisions")
		if got, want := decisionIDs(ds), []int64{d2.ID, d1.ID, d3.ID}; !slices.Equal(got, want) {
			t.Errorf("decisions in agenda order = %v, want %v", got, want)
		}
		ds, err = l.Svc.Decisions.FindDecisions(l.Halt.Ctx, l.M.ID)
		mustOK(t, err, "find decisions as Halt")
		if !slices.Equal(decisionIDs(ds), []int64{d2.ID}) {
			t.Errorf("Halt sees decisions %v, want only %d", decisionIDs(ds), d2.ID)
		}
		evs := agendaEvents(t, l.fixture, l.Driehoek.ID, l.M.ID)
		if last := evs[len(evs)-1]; last.Type != ketenhub.EventDecisionCreated || last.SubjectID != d3.ID || last.Visibility != "restricted" {
			t.Errorf("last event = %+v", last)
		}

		l.setMeetingStateRow(l.M.ID, ketenhub.MeetingFinished)
		_, err = rec(l.Gemeente, l.Open.ID, "Na afloop")
		wantCode(t, err, ketenhub.ECONFLICT)
		_, err = l.Svc.Decisions.UpdateDecision(l.Gemeente.Ctx, d2.ID, ketenhub.DecisionUpdate{Text: ptr("Later"), Version: d2.Version})
		wantCode(t, err, ketenhub.ECONFLICT)
	})
}

func TestDecisions_Update(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		l := newDecisionWorld(t, kind)
		d := &ketenhub.Decision{MeetingID: l.M.ID, AgendaItemID: l.Restricted.ID, Text: "Eerste versie"}
		mustOK(t, l.Svc.Decisions.RecordDecision(l.Gemeente.Ctx, d), "record")
		got, err := l.Svc.Decisions.UpdateDecision(l.Gemeente.Ctx, d.ID, ketenhub.DecisionUpdate{Text: ptr("Tweede versie"), Version: 1})
		mustOK(t, err, "update")
		if got.Text != "Tweede versie" || got.Version != 2 {
			t.Errorf("updated = %+v", got)
		}
		_, err = l.Svc.Decisions.UpdateDecision(l.Gemeente.Ctx, d.ID, ketenhub.DecisionUpdate{Text: ptr("Derde"), Version: 1})
		if e := wantCode(t, err, ketenhub.ECONFLICT); e.Current.(*ketenhub.Decision).Text != "Tweede versie" {
			t.Errorf("conflict carries %+v", e.Current)
		}
		_, err = l.Svc.Decisions.UpdateDecision(l.Politie.Ctx, d.ID, ketenhub.DecisionUpdate{Text: ptr("Derde"), Version: 2})
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = l.Svc.Decisions.UpdateDecision(l.Halt.Ctx, d.ID, ketenhub.DecisionUpdate{Text: ptr("Derde"), Version: 2})
		wantCode(t, err, ketenhub.ENOTFOUND)
		_, err = l.Svc.Decisions.UpdateDecision(l.Gemeente.Ctx, d.ID, ketenhub.DecisionUpdate{Text: ptr("Derde")})
		wantField(t, err, "version")
		if ev := lastRawEvent(t, l.DB, l.Driehoek.ID); ev.Type != ketenhub.EventDecisionUpdated || ev.SubjectID != d.ID {
			t.Errorf("last event = %+v", ev)
		}
	})
}

func TestDecisions_Actions(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		l := newDecisionWorld(t, kind)
		d := &ketenhub.Decision{MeetingID: l.M.ID, AgendaItemID: l.Restricted.ID, Text: "Gezamenlijke aanpak"}
		mustOK(t, l.Svc.Decisions.RecordDecision(l.Gemeente.Ctx, d), "record")
		mk := func(p party, a *ketenhub.Action) error { return l.Svc.Decisions.CreateDecisionAction(p.Ctx, d.ID, a) }

		wider := &ketenhub.Action{Title: "Breder", OwnerOrganisationID: l.Politie.Org.ID, Visibility: everyone}
		wantField(t, mk(l.Gemeente, wider), "visibility")
		withHalt := &ketenhub.Action{Title: "Met Halt", OwnerOrganisationID: l.Politie.Org.ID, Visibility: restricted(l.Politie.Org.ID, l.Halt.Org.ID)}
		wantField(t, mk(l.Gemeente, withHalt), "visibility")
		ownerOutside := &ketenhub.Action{Title: "Eigenaar buiten", OwnerOrganisationID: l.Politie.Org.ID, Visibility: restricted(l.OM.Org.ID)}
		wantField(t, mk(l.Gemeente, ownerOutside), "owner_organisation_id")
		meelezer := &ketenhub.Action{Title: "Meelezer", OwnerOrganisationID: l.GGD.Org.ID}
		wantField(t, mk(l.Gemeente, meelezer), "owner_organisation_id")
		wantCode(t, mk(l.Politie, &ketenhub.Action{Title: "Door partner"}), ketenhub.EFORBIDDEN)
		wantCode(t, mk(l.Halt, &ketenhub.Action{Title: "Door buitenstaander"}), ketenhub.ENOTFOUND)

		narrow := &ketenhub.Action{Title: "Smal", OwnerOrganisationID: l.OM.Org.ID, DueDate: ptr("2026-04-01"), Visibility: restricted(l.OM.Org.ID)}
		mustOK(t, mk(l.Gemeente, narrow), "narrower visibility")
		if !slices.Equal(narrow.Visibility.Organisations, []int64{l.Gemeente.Org.ID, l.OM.Org.ID}) {
			t.Errorf("narrow visibility = %v", narrow.Visibility)
		}
		same := &ketenhub.Action{Title: "Zelfde", OwnerOrganisationID: l.Politie.Org.ID, Status: ketenhub.StatusGereed}
		mustOK(t, mk(l.Gemeente, same), "decision's visibility")
		if same.Status != ketenhub.StatusOpen || !sameVis(same.Visibility, d.Visibility) || same.CreatedByOrgID != l.Gemeente.Org.ID {
			t.Errorf("action = %+v", same)
		}
		got, err := l.Svc.Decisions.FindDecisionByID(l.Politie.Ctx, d.ID)
		mustOK(t, err, "find as police")
		if !slices.Equal(got.ActionIDs, []int64{same.ID}) {
			t.Errorf("police sees actions %v, want only %d", got.ActionIDs, same.ID)
		}
		got, err = l.Svc.Decisions.FindDecisionByID(l.OM.Ctx, d.ID)
		mustOK(t, err, "find as OM")
		if !slices.Equal(got.ActionIDs, []int64{narrow.ID, same.ID}) {
			t.Errorf("OM sees actions %v", got.ActionIDs)
		}
		evs := agendaEvents(t, l.fixture, l.Driehoek.ID, l.M.ID)
		if got := typesOf(evs[len(evs)-2:]); !slices.Equal(got, []string{ketenhub.EventActionCreated, ketenhub.EventActionCreated}) {
			t.Errorf("events = %v", got)
		}
		l.setMeetingStateRow(l.M.ID, ketenhub.MeetingFinished)
		wantCode(t, mk(l.Gemeente, &ketenhub.Action{Title: "Te laat", OwnerOrganisationID: l.Politie.Org.ID}), ketenhub.ECONFLICT)
	})
}

// TestDecisions_FollowItemVisibility checks that a decision's visibility
// follows its item's.
func TestDecisions_FollowItemVisibility(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		l := newDecisionWorld(t, kind)
		d := &ketenhub.Decision{MeetingID: l.M.ID, AgendaItemID: l.Open.ID, Text: "Openbaar besluit"}
		mustOK(t, l.Svc.Decisions.RecordDecision(l.Gemeente.Ctx, d), "record")
		_, err := l.Svc.Decisions.FindDecisionByID(l.Halt.Ctx, d.ID)
		mustOK(t, err, "Halt sees the open decision")
		it, err := l.Svc.Agenda.UpdateAgendaItem(l.Gemeente.Ctx, l.Open.ID, ketenhub.AgendaItemUpdate{Visibility: ptr(restricted(l.OM.Org.ID)), Version: l.Open.Version})
		mustOK(t, err, "restrict the item")
		got, err := l.Svc.Decisions.FindDecisionByID(l.OM.Ctx, d.ID)
		mustOK(t, err, "OM finds it")
		if !sameVis(got.Visibility, it.Visibility) || got.Version != 2 {
			t.Errorf("decision = %+v, want the item's visibility %+v", got, it.Visibility)
		}
		_, err = l.Svc.Decisions.FindDecisionByID(l.Halt.Ctx, d.ID)
		wantCode(t, err, ketenhub.ENOTFOUND)
		evs, err := l.Svc.Events.FindEvents(l.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: l.Driehoek.ID, Limit: 1000})
		mustOK(t, err, "events")
		last := evs[len(evs)-1]
		if last.Type != ketenhub.EventDecisionUpdated || last.SubjectID != d.ID || last.PreviousVisibility == nil ||
			last.PreviousVisibility.Scope != ketenhub.ScopeWorkspace || !sameVis(last.Visibility, it.Visibility) || last.MeetingID == nil || *last.MeetingID != l.M.ID {
			t.Errorf("last event = %+v", last)
		}
		if prev := evs[len(evs)-2]; prev.Type != ketenhub.EventAgendaItemUpdated || prev.PreviousVisibility == nil {
			t.Errorf("item event = %+v", prev)
		}
	})
}
