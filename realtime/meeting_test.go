package realtime_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

// meeting plans a meeting of e's workspace, as its regisseur A.
func (e *env) meeting(title string) *ketenhub.Meeting {
	e.tb.Helper()
	m := &ketenhub.Meeting{WorkspaceID: e.WS.ID, Kind: ketenhub.MeetingSignaaloverleg, Title: title,
		StartsAt: time.Now().Add(7 * 24 * time.Hour), Minutes: 60, State: ketenhub.MeetingConcept}
	if err := e.svc.Meetings.CreateMeeting(e.A.Ctx, m); err != nil {
		e.tb.Fatalf("create meeting: %v", err)
	}
	return m
}

func meetingTopicOf(m *ketenhub.Meeting) string { return fmt.Sprintf("meeting:%d", m.ID) }

// until reads messages until one satisfies want, failing after a few seconds.
func (c *client) until(what string, want func(msg) bool) msg {
	c.tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		m, err := c.read(time.Until(deadline))
		if err != nil {
			c.tb.Fatalf("waiting for %s: %v", what, err)
		}
		if want(m) {
			return m
		}
	}
	c.tb.Fatalf("timed out waiting for %s", what)
	return msg{}
}

// waitPresence reads until the meeting's presence lists exactly names.
func (c *client) waitPresence(topic string, names ...string) {
	c.tb.Helper()
	slices.Sort(names)
	c.until(fmt.Sprintf("presence %v", names), func(m msg) bool {
		if m.Type != "presence" || m.Topic != topic {
			return false
		}
		var got []string
		for _, u := range m.Users {
			got = append(got, u.Name)
		}
		slices.Sort(got)
		return slices.Equal(got, names)
	})
}

func TestMeetingTopicCarriesOnlyTheMeetingAndFollowsThePolicy(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		m := e.meeting("Signaaloverleg Poelenburg")
		n, _ := newNode(t, e, e.db, nil)
		topic := meetingTopicOf(m)
		a, c := dial(t, n, e.A.Token), dial(t, n, e.C.Token)
		a.subscribe(topic, nil)
		c.subscribe(topic, nil)

		e.action(e.A, "geen overleg", everyone) // the workspace's, not the meeting's
		it := &ketenhub.AgendaItem{MeetingID: m.ID, Title: "Besloten casus", Kind: ketenhub.ItemBespreken, Visibility: only(e.A.Org.ID, e.B.Org.ID)}
		if err := e.svc.Agenda.ProposeAgendaItem(e.A.Ctx, it); err != nil {
			t.Fatal(err)
		}
		isEvent := func(m msg) bool { return m.Type == "event" || m.Type == "removed" }
		got := a.until("A's first meeting event", isEvent)
		if got.Topic != topic || got.Event.Type != ketenhub.EventAgendaItemCreated || got.title() != "Besloten casus" {
			t.Fatalf("A got %+v, want the agenda item on %s", got, topic)
		}
		// C, outside the item, learns only where its placeholder sits.
		got = c.until("C's first meeting event", isEvent)
		if got.Event == nil || got.Event.Type != ketenhub.EventAgendaReordered || got.Topic != topic {
			t.Fatalf("C got %+v, want only the reordering", got)
		}
		if raw, _ := json.Marshal(got.Event); strings.Contains(string(raw), "Besloten casus") {
			t.Fatalf("C received the restricted title: %s", raw)
		}
	})
}

func TestMeetingTopicRefusesStrangersAndUnknownMeetings(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		m := e.meeting("Programmaoverleg")
		n, _ := newNode(t, e, e.db, nil)
		stranger := e.party("RIEC Noord-Holland", "Rik Riec", ketenhub.KindRIEC)
		for _, tc := range []struct {
			token, topic string
		}{{stranger.Token, meetingTopicOf(m)}, {e.A.Token, fmt.Sprintf("meeting:%d", m.ID+1000)}} {
			c := dial(t, n, tc.token)
			c.send(map[string]any{"type": "subscribe", "topic": tc.topic, "id": "x"})
			if got := c.expect("error"); got.Code != "not_found" {
				t.Fatalf("subscribe %s: %+v, want not_found", tc.topic, got)
			}
		}
	})
}

func TestPresenceShowsWhoIsLookingAcrossNodes(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		m := e.meeting("Driehoek")
		topic := meetingTopicOf(m)
		n1, _ := newNode(t, e, e.db, nil)
		n2 := n1
		if kind == "postgres" {
			n2, _ = newNode(t, e, openDB(t, e.cfg), nil) // a second node: presence crosses the database
		}
		a, b := dial(t, n1, e.A.Token), dial(t, n2, e.B.Token)
		a.subscribe(topic, nil)
		a.waitPresence(topic, e.A.User.Name)
		b.subscribe(topic, nil)
		a.waitPresence(topic, e.A.User.Name, e.B.User.Name)
		b.waitPresence(topic, e.A.User.Name, e.B.User.Name)

		// A workspace subscription is not a board: no presence.
		c := dial(t, n1, e.C.Token)
		c.subscribe(topicOf(e.WS), nil)
		b.ws.Close()
		a.waitPresence(topic, e.A.User.Name)
		e.action(e.A, "na het vertrek", everyone)
		if got := c.nextEvent(); got.Type != "event" {
			t.Fatalf("C got %+v, want only events (no presence)", got)
		}
	})
}
