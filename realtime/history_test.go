package realtime_test

import (
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/ketenhub/ketenhub"
)

// TestHistoryFollowsSight: over the websocket a late member gets no event
// from before its membership, an item restricted later no longer replays
// its earlier open versions to those who lost sight of it, and a resume
// from before the membership is refused with resync before anything else.
func TestHistoryFollowsSight(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		early := e.action(e.A, "Voor de komst van de RIEC", everyone)
		later := e.action(e.A, "Eerst open, later besloten", everyone)
		if _, err := e.svc.Actions.UpdateAction(e.A.Ctx, later.ID, ketenhub.ActionUpdate{Visibility: &ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{e.A.Org.ID}}, Version: later.Version}); err != nil {
			t.Fatalf("restrict: %v", err)
		}
		riec := e.party("RIEC Noord-Holland", "Rik Riec", ketenhub.KindRIEC)
		if _, err := e.svc.Workspaces.SetMembership(e.admin, e.WS.ID, riec.Org.ID, ketenhub.RolePartner); err != nil {
			t.Fatalf("add the RIEC: %v", err)
		}
		after := e.action(e.A, "Na de komst van de RIEC", everyone)

		t.Run("LateMember", func(t *testing.T) {
			c := dial(t, n, riec.Token)
			since := int64(0)
			replayed, _ := c.subscribe(topicOf(e.WS), &since)
			titles := eventTitles(replayed)
			if len(replayed) == 0 || replayed[0].Event == nil || replayed[0].Event.Type != ketenhub.EventMembershipSet {
				t.Errorf("the late member's replay starts with %+v, want its own membership.set", replayed[:min(1, len(replayed))])
			}
			for _, title := range []string{early.Title, later.Title} {
				if titles[title] {
					t.Errorf("the late member got %q, from before its membership", title)
				}
			}
			if !titles[after.Title] {
				t.Errorf("the late member did not get %q", after.Title)
			}
		})

		t.Run("RestrictedLater", func(t *testing.T) {
			c := dial(t, n, e.B.Token)
			since := int64(0)
			replayed, _ := c.subscribe(topicOf(e.WS), &since)
			if titles := eventTitles(replayed); titles[later.Title] || !titles[early.Title] {
				t.Errorf("the police replay %v: want %q, never %q (restricted since)", titles, early.Title, later.Title)
			}
			removed := 0
			for _, m := range replayed {
				if m.Type == "removed" && m.SubjectID == later.ID {
					removed++
				}
			}
			if removed != 1 {
				t.Errorf("%d removed notices for the restricted action, want 1 (for the change that restricted it)", removed)
			}
		})

		t.Run("ResyncBeforeAnything", func(t *testing.T) {
			c := dial(t, n, riec.Token)
			c.send(map[string]any{"type": "subscribe", "topic": topicOf(e.WS), "since": 2})
			if got := c.next(); got.Type != "resync" {
				t.Fatalf("a resume from before the membership got %+v first, want resync", got)
			}
		})
	})
}

// eventTitles are the titles in the events among msgs.
func eventTitles(msgs []msg) map[string]bool {
	out := map[string]bool{}
	for _, m := range msgs {
		if m.Type == "event" && m.title() != "" {
			out[m.title()] = true
		}
	}
	return out
}

// TestBadMessagesInDutch: a refused client message is explained in Dutch
// and in English, never with Go's own (English) error text.
func TestBadMessagesInDutch(t *testing.T) {
	e := newEnv(t, "sqlite")
	n, _ := newNode(t, e, e.db, nil)
	c := dial(t, n, e.A.Token)
	for _, raw := range []string{`{`, `{"type":"subscribe","topic":"workspace:x"}`, `{"type":"dance"}`, `{"type":"ping"}]`, `{"type":"subscribe","topic":"workspace:1","since":-1}`} {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(raw)); err != nil {
			t.Fatal(err)
		}
		got := c.next()
		if got.Type != "error" || got.Code != "invalid" || !strings.HasPrefix(got.MessageNL, "Ongeldig bericht") || !strings.HasPrefix(got.Message, "Invalid message") {
			t.Errorf("%s: got %+v, want an invalid error in Dutch and English", raw, got)
		}
		for _, goText := range []string{"invalid character", "unexpected EOF", "json:", "%!"} {
			if strings.Contains(got.MessageNL, goText) || strings.Contains(got.Message, goText) {
				t.Errorf("%s: the message carries Go's text %q: %+v", raw, goText, got)
			}
		}
	}
}
