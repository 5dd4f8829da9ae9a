package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// verbs is a list of verbs, for comparing.
type verbs = []ketenhub.Verb

// allowedWorld is the world with a chair: a person of the police (a
// partner) who chairs the meeting, beside the police's own person, who
// does not.
type allowedWorld struct {
	*world
	Chair party
}

func newAllowedWorld(tb testing.TB, kind string) *allowedWorld {
	w := newWorld(tb, kind)
	u := w.User("Carla Chair", w.Politie.Org.ID)
	return &allowedWorld{world: w, Chair: party{Org: w.Politie.Org, User: u, Ctx: ViewerContext(u)}}
}

func (w *allowedWorld) viewers() map[string]party {
	return map[string]party{"regisseur": w.Gemeente, "partner": w.Politie, "meelezer": w.GGD, "chair": w.Chair}
}

func actionsOf(a *ketenhub.Allowed) verbs {
	if a == nil {
		return nil
	}
	return a.Actions
}

func TestAllowedAction(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newAllowedWorld(t, kind)
		act := w.mustCreateAction(w.Politie, w.newAction("Integrale controle", w.Politie))
		if got, want := actionsOf(act.Allowed), (verbs{"edit", "comment", "escalate"}); !slices.Equal(got, want) {
			t.Errorf("create answers allowed %v, want %v", got, want)
		}
		for who, tc := range map[string]struct {
			by   party
			want verbs
		}{
			"regisseur":         {w.Gemeente, verbs{"edit", "comment", "escalate"}},
			"partner owning it": {w.Politie, verbs{"edit", "comment", "escalate"}},
			"other partner":     {w.OM, verbs{"comment"}},
			"meelezer":          {w.GGD, verbs{}},
		} {
			got, err := w.Svc.Actions.FindActionByID(tc.by.Ctx, act.ID)
			mustOK(t, err, "find action")
			if !slices.Equal(actionsOf(got.Allowed), tc.want) {
				t.Errorf("%s: allowed %v, want %v", who, actionsOf(got.Allowed), tc.want)
			}
			list, _, err := w.Svc.Actions.FindActions(tc.by.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			mustOK(t, err, "find actions")
			if len(list) != 1 || !slices.Equal(actionsOf(list[0].Allowed), tc.want) {
				t.Errorf("%s: list allowed %v, want %v", who, list, tc.want)
			}
			title := "Integrale controle, " + who
			upd, err := w.Svc.Actions.UpdateAction(tc.by.Ctx, act.ID, ketenhub.ActionUpdate{Title: &title, Version: got.Version})
			if mayEdit := slices.Contains(tc.want, "edit"); mayEdit != (err == nil) {
				t.Errorf("%s: update err %v, but allowed says edit %v", who, err, mayEdit)
			}
			if err == nil && !slices.Equal(actionsOf(upd.Allowed), tc.want) {
				t.Errorf("%s: update answers allowed %v, want %v", who, actionsOf(upd.Allowed), tc.want)
			}
		}
		noAllowedInEvents(t, w.world)
	})
}

// TestAllowedMeeting checks, for every state and viewer, that the
// transitions a meeting says are allowed are exactly those the hub takes,
// and the verbs the policy's.
func TestAllowedMeeting(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newAllowedWorld(t, kind)
		m := w.planMeeting("Signaaloverleg", func(m *ketenhub.Meeting) { m.ChairUserID = &w.Chair.User.ID })
		if got, want := m.Allowed, (&ketenhub.MeetingAllowed{Transitions: []ketenhub.MeetingState{ketenhub.MeetingAgendaOpen}, Actions: verbs{"edit", "propose", "run"}}); !sameMeetingAllowed(got, want) {
			t.Errorf("create answers allowed %+v, want %+v", got, want)
		}
		wantVerbs := map[ketenhub.MeetingState]map[string]verbs{
			ketenhub.MeetingConcept:     {"regisseur": {"edit", "propose", "run"}, "partner": {}, "meelezer": {}, "chair": {"run"}},
			ketenhub.MeetingAgendaOpen:  {"regisseur": {"edit", "propose", "run"}, "partner": {"propose"}, "meelezer": {}, "chair": {"propose", "run"}},
			ketenhub.MeetingAgendaFixed: {"regisseur": {"edit", "propose", "run"}, "partner": {}, "meelezer": {}, "chair": {"run"}},
			ketenhub.MeetingLive:        {"regisseur": {"edit", "propose", "run", "run_live"}, "partner": {}, "meelezer": {}, "chair": {"run", "run_live"}},
			ketenhub.MeetingFinished:    {"regisseur": {}, "partner": {}, "meelezer": {}, "chair": {}},
			ketenhub.MeetingArchived:    {"regisseur": {}, "partner": {}, "meelezer": {}, "chair": {}},
		}
		wantMoves := map[ketenhub.MeetingState]map[string][]ketenhub.MeetingState{
			ketenhub.MeetingConcept:     {"regisseur": {ketenhub.MeetingAgendaOpen}},
			ketenhub.MeetingAgendaOpen:  {"regisseur": {ketenhub.MeetingConcept, ketenhub.MeetingAgendaFixed}},
			ketenhub.MeetingAgendaFixed: {"regisseur": {ketenhub.MeetingAgendaOpen, ketenhub.MeetingLive}, "chair": {ketenhub.MeetingLive}},
			ketenhub.MeetingLive:        {"regisseur": {ketenhub.MeetingFinished}, "chair": {ketenhub.MeetingFinished}},
			ketenhub.MeetingFinished:    {"regisseur": {ketenhub.MeetingArchived}},
			ketenhub.MeetingArchived:    {}, // no move at all, for anyone
		}
		for _, from := range ketenhub.MeetingStates {
			for who, by := range w.viewers() {
				w.setMeetingStateRow(m.ID, from)
				got, err := w.Svc.Meetings.FindMeetingByID(by.Ctx, m.ID)
				mustOK(t, err, "find meeting")
				want := &ketenhub.MeetingAllowed{Transitions: wantMoves[from][who], Actions: wantVerbs[from][who]}
				if want.Transitions == nil {
					want.Transitions = []ketenhub.MeetingState{}
				}
				if !sameMeetingAllowed(got.Allowed, want) {
					t.Errorf("%s, %s: allowed %+v, want %+v", from, who, got.Allowed, want)
				}
				list, err := w.Svc.Meetings.FindMeetings(by.Ctx, ketenhub.MeetingFilter{})
				mustOK(t, err, "find meetings")
				if len(list) != 1 || !sameMeetingAllowed(list[0].Allowed, want) {
					t.Errorf("%s, %s: the overview's meetings %+v, want allowed %+v", from, who, list, want)
				}
				// What allowed names is exactly what the hub takes.
				for _, to := range ketenhub.MeetingStates {
					w.setMeetingStateRow(m.ID, from)
					cur, err := w.Svc.Meetings.FindMeetingByID(w.Gemeente.Ctx, m.ID)
					mustOK(t, err, "find meeting")
					moved, err := w.Svc.Meetings.TransitionMeeting(by.Ctx, m.ID, to, cur.Version)
					if allowed := slices.Contains(got.Allowed.Transitions, to); allowed != (err == nil) {
						t.Errorf("%s, %s to %s: err %v, but allowed says %v", from, who, to, err, allowed)
					}
					if err == nil && (moved.Allowed == nil || !slices.Equal(moved.Allowed.Transitions, orEmpty(wantMoves[to][who]))) {
						t.Errorf("%s, %s to %s: answers allowed %+v, want transitions %v", from, who, to, moved.Allowed, wantMoves[to][who])
					}
				}
			}
		}
		noAllowedInEvents(t, w.world)
	})
}

func TestAllowedAgendaItem(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newAllowedWorld(t, kind)
		m := w.planMeeting("Signaaloverleg", func(m *ketenhub.Meeting) {
			m.ChairUserID, m.State = &w.Chair.User.ID, ketenhub.MeetingAgendaOpen
		})
		proposal := w.proposeItem(w.Politie, m.ID, "Overlast Stationsplein", everyone)
		if got, want := actionsOf(proposal.Allowed), (verbs{"edit"}); !slices.Equal(got, want) {
			t.Errorf("propose answers allowed %v, want %v", got, want)
		}
		accepted := w.proposeItem(w.Gemeente, m.ID, "Jaarplan", everyone)
		secret := w.proposeItem(w.Gemeente, m.ID, "Besloten casus", restricted(w.Gemeente.Org.ID))
		want := map[string]map[int64]verbs{
			"regisseur": {proposal.ID: {"edit", "decide"}, accepted.ID: {"edit", "decide", "move", "defer"}, secret.ID: {"edit", "decide", "move", "defer"}},
			"partner":   {proposal.ID: {"edit"}, accepted.ID: {}},
			"chair":     {proposal.ID: {"edit"}, accepted.ID: {"defer"}},
			"meelezer":  {proposal.ID: {}, accepted.ID: {}},
		}
		check := func(want map[string]map[int64]verbs) {
			t.Helper()
			for who, by := range w.viewers() {
				items, err := w.Svc.Agenda.FindAgenda(by.Ctx, m.ID)
				mustOK(t, err, "find agenda")
				for _, it := range items {
					if it.Hidden {
						if it.Allowed != nil || it.ID != secret.ID {
							t.Errorf("%s: placeholder %d has allowed %+v", who, it.ID, it.Allowed)
						}
						continue
					}
					if w, ok := want[who][it.ID]; !ok || !slices.Equal(actionsOf(it.Allowed), w) {
						t.Errorf("%s: item %q allowed %v, want %v", who, it.Title, actionsOf(it.Allowed), w)
					}
					one, err := w.Svc.Agenda.FindAgendaItemByID(by.Ctx, it.ID)
					mustOK(t, err, "find item")
					if !slices.Equal(actionsOf(one.Allowed), actionsOf(it.Allowed)) {
						t.Errorf("%s: item %q alone allowed %v, in the agenda %v", who, it.Title, actionsOf(one.Allowed), actionsOf(it.Allowed))
					}
				}
			}
		}
		check(want)
		// The proposing partner's edit is taken; another partner's is not.
		title := "Overlast Stationsplein en omgeving"
		upd, err := w.Svc.Agenda.UpdateAgendaItem(w.Politie.Ctx, proposal.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: proposal.Version})
		mustOK(t, err, "update proposal")
		if got := actionsOf(upd.Allowed); !slices.Equal(got, verbs{"edit"}) {
			t.Errorf("update answers allowed %v", got)
		}
		_, err = w.Svc.Agenda.UpdateAgendaItem(w.OM.Ctx, proposal.ID, ketenhub.AgendaItemUpdate{Title: &title, Version: upd.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)

		// Once the meeting has ended nobody may do anything with its items.
		w.setMeetingStateRow(m.ID, ketenhub.MeetingArchived)
		none := map[string]map[int64]verbs{}
		for who := range w.viewers() {
			none[who] = map[int64]verbs{proposal.ID: {}, accepted.ID: {}, secret.ID: {}}
		}
		check(none)
		noAllowedInEvents(t, w.world)
	})
}

func sameMeetingAllowed(got, want *ketenhub.MeetingAllowed) bool {
	return got != nil && slices.Equal(got.Transitions, want.Transitions) && slices.Equal(got.Actions, want.Actions)
}

func orEmpty(s []ketenhub.MeetingState) []ketenhub.MeetingState {
	if s == nil {
		return []ketenhub.MeetingState{}
	}
	return s
}

// noAllowedInEvents: what one viewer may do is never in an event, which
// is encoded once for many readers.
func noAllowedInEvents(tb testing.TB, w *world) {
	tb.Helper()
	var payloads []string
	if err := w.DB.Gorm().Raw(`SELECT payload FROM events WHERE workspace_id = ?`, w.WS.ID).Scan(&payloads).Error; err != nil {
		tb.Fatalf("read events: %v", err)
	}
	if len(payloads) <= worldSetupEvents {
		tb.Fatalf("only %d events", len(payloads))
	}
	for _, p := range payloads {
		if strings.Contains(p, `"allowed"`) {
			tb.Errorf("event payload names what one viewer may do: %s", p)
		}
	}
}
