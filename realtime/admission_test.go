package realtime_test

import (
	"context"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// colleague signs in another person of p's organisation, in the IdP
// groups, as its organisatiebeheerder when orgBeheerder is set.
func (e *env) colleague(p party, name string, orgBeheerder bool, groups ...string) party {
	e.tb.Helper()
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: name, Name: name, OrganisationID: p.Org.ID, Groups: groups}
	if orgBeheerder {
		u.OrganisationRole = ketenhub.OrganisationRoleBeheerder
	}
	if err := e.svc.Users.UpsertUser(context.Background(), u); err != nil {
		e.tb.Fatal(err)
	}
	token, _, err := e.sessions.Create(context.Background(), u, auth.SessionMeta{})
	if err != nil {
		e.tb.Fatal(err)
	}
	return party{Org: p.Org, User: u, Ctx: ketenhub.NewContextWithViewer(context.Background(), u.Viewer()), Token: token}
}

// TestAdmissionEndsTheSubscription: a person their organisation's beheerder
// no longer admits stops receiving the workspace at once, while a colleague
// still admitted goes on; and a person not admitted cannot subscribe.
func TestAdmissionEndsTheSubscription(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		chef := e.colleague(e.B, "Bea Beheer", true)
		team := e.colleague(e.B, "Otto Ondermijning", false, "Team Ondermijning")
		dropped, kept := dial(t, n, e.B.Token), dial(t, n, team.Token)
		dropped.subscribe(topicOf(e.WS), nil)
		kept.subscribe(topicOf(e.WS), nil)

		_, err := e.svc.Admissions.SetAdmission(chef.Ctx, e.WS.ID, e.B.Org.ID, ketenhub.AdmissionInput{Groups: []string{"Team Ondermijning"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := dropped.nextEvent(); got.Type != "event" || got.Event.Type != ketenhub.EventAdmissionSet {
			t.Fatalf("got %+v, want the admission change", got)
		}
		if got := dropped.nextEvent(); got.Type != "unsubscribed" || got.Reason != "admission_removed" {
			t.Fatalf("got %+v, want unsubscribed", got)
		}
		if got := kept.nextEvent(); got.Type != "event" || got.Event.Type != ketenhub.EventAdmissionSet {
			t.Fatalf("admitted colleague got %+v, want the admission change", got)
		}

		e.action(e.A, "na de toelating", everyone)
		if got := kept.nextEvent(); got.Type != "event" || got.Event.Type != ketenhub.EventActionCreated {
			t.Fatalf("admitted colleague got %+v, want the new action", got)
		}
		dropped.send(map[string]any{"type": "ping", "id": "p"})
		if got := dropped.nextEvent(); got.Type != "pong" {
			t.Fatalf("got %+v after losing admission, want only the pong", got)
		}
		dropped.send(map[string]any{"type": "subscribe", "topic": topicOf(e.WS), "id": "again"})
		if got := dropped.nextEvent(); got.Type != "error" || got.Code != "not_found" {
			t.Fatalf("got %+v, want a refusal to subscribe again", got)
		}
	})
}

// TestRestrictedToPeopleOverTheWebsocket: an item restricted to a named
// person reaches that person and not a colleague of theirs.
func TestRestrictedToPeopleOverTheWebsocket(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		other := e.colleague(e.B, "Carla Collega", false)
		named, colleague := dial(t, n, e.B.Token), dial(t, n, other.Token)
		named.subscribe(topicOf(e.WS), nil)
		colleague.subscribe(topicOf(e.WS), nil)
		e.action(e.A, "alleen voor Wim", ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Users: []int64{e.B.User.ID}})
		e.action(e.A, "voor iedereen", everyone)
		if got := named.nextEvent(); got.Type != "event" || got.title() != "alleen voor Wim" {
			t.Fatalf("named person got %+v, want the restricted action", got)
		}
		if got := colleague.nextEvent(); got.Type != "event" || got.title() != "voor iedereen" {
			t.Fatalf("colleague got %+v, want only the open action", got)
		}
	})
}
