package realtime_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/store"
)

func TestFanOutFollowsThePolicy(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		a, c := dial(t, n, e.A.Token), dial(t, n, e.C.Token)
		a.subscribe(topicOf(e.WS), nil)
		c.subscribe(topicOf(e.WS), nil)

		e.action(e.A, "open voor iedereen", everyone)
		e.action(e.A, "alleen driehoek", only(e.A.Org.ID, e.B.Org.ID))
		shared := e.action(e.A, "weer voor iedereen", everyone)

		for _, want := range []string{"open voor iedereen", "alleen driehoek", "weer voor iedereen"} {
			if got := a.nextEvent(); got.Type != "event" || got.title() != want {
				t.Fatalf("A got %+v (%q), want event %q", got, got.title(), want)
			}
		}
		for _, want := range []string{"open voor iedereen", "weer voor iedereen"} {
			if got := c.nextEvent(); got.Type != "event" || got.title() != want {
				t.Fatalf("C got %+v (%q), want event %q", got, got.title(), want)
			}
		}

		// Restricting an item C saw tells C only that it is gone.
		vis := only(e.A.Org.ID)
		if _, err := e.svc.Actions.UpdateAction(e.A.Ctx, shared.ID, ketenhub.ActionUpdate{Visibility: &vis, Version: shared.Version}); err != nil {
			t.Fatal(err)
		}
		got := c.nextEvent()
		if got.Type != "removed" || got.Subject != "action" || got.SubjectID != shared.ID || got.Event != nil {
			t.Fatalf("C got %+v, want removed action %d without payload", got, shared.ID)
		}
		if got := a.nextEvent(); got.Type != "event" || got.Event.SubjectID != shared.ID {
			t.Fatalf("A got %+v, want the update", got)
		}
	})
}

func TestResumeReplaysExactlyWhatWasMissed(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		c := dial(t, n, e.C.Token)
		_, pos := c.subscribe(topicOf(e.WS), nil)
		e.action(e.A, "eerste", everyone)
		last := c.nextEvent().Seq
		if last <= pos {
			t.Fatalf("event seq %d not after position %d", last, pos)
		}
		c.ws.Close()

		e.action(e.A, "gemist 1", everyone)
		e.action(e.A, "geheim", only(e.A.Org.ID, e.B.Org.ID))
		e.action(e.C, "gemist 2", only(e.C.Org.ID))

		c2 := dial(t, n, e.C.Token)
		replayed, pos := c2.subscribe(topicOf(e.WS), &last)
		var titles []string
		var prev int64 = last
		for _, m := range replayed {
			if m.Seq <= prev {
				t.Fatalf("replay out of order: %d after %d", m.Seq, prev)
			}
			prev = m.Seq
			titles = append(titles, m.title())
		}
		if got, want := strings.Join(titles, ","), "gemist 1,gemist 2"; got != want {
			t.Fatalf("replayed %q, want %q", got, want)
		}
		if pos != last+3 {
			t.Fatalf("position %d, want %d", pos, last+3)
		}
		e.action(e.B, "live", everyone)
		if got := c2.nextEvent(); got.title() != "live" || got.Seq != pos+1 {
			t.Fatalf("got %+v, want live event %d", got, pos+1)
		}
	})
}

func TestReplayAndLiveMeetWithoutGapOrDuplicate(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		watcher := dial(t, n, e.A.Token) // keeps the topic live while the writer runs
		watcher.subscribe(topicOf(e.WS), nil)
		for range 10 {
			e.action(e.A, "voor", everyone)
		}
		const during = 30
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range during {
				a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: "tijdens", OwnerOrganisationID: e.A.Org.ID, Visibility: everyone}
				if err := e.svc.Actions.CreateAction(e.A.Ctx, a); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		c := dial(t, n, e.C.Token)
		since := int64(4) // the setup's own events: workspace and three memberships
		replayed, _ := c.subscribe(topicOf(e.WS), &since)
		<-done
		seqs := map[int64]bool{}
		prev := since
		check := func(m msg) {
			t.Helper()
			if m.Type != "event" || m.Seq != prev+1 || seqs[m.Seq] {
				t.Fatalf("got %s %d after %d", m.Type, m.Seq, prev)
			}
			seqs[m.Seq] = true
			prev = m.Seq
		}
		for _, m := range replayed {
			check(m)
		}
		for prev < since+10+during {
			check(c.nextEvent())
		}
	})
}

func TestSlowConsumerIsDroppedAlone(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, func(c *realtime.Config) { c.QueueSize = 32; c.WriteTimeout = 2 * time.Second })
		stalled := dialWith(t, stalledDialer, n, e.C.Token)
		stalled.subscribe(topicOf(e.WS), nil)
		fast := dial(t, n, e.A.Token)
		fast.subscribe(topicOf(e.WS), nil)
		received := make(chan int, 1)
		go func() {
			got := 0
			for got < 150 {
				m, err := fast.read(20 * time.Second)
				if err != nil {
					break
				}
				if m.Type == "event" {
					got++
				}
			}
			received <- got
		}()
		big := strings.Repeat("veel tekst ", 1000)[:ketenhub.MaxDescription-10]
		for range 150 {
			a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: "actie", Description: big, OwnerOrganisationID: e.A.Org.ID, Visibility: everyone}
			if err := e.svc.Actions.CreateAction(e.A.Ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if got := <-received; got != 150 {
			t.Fatalf("fast client got %d events, want 150", got)
		}
		waitFor(t, "stalled client dropped", func() bool { return n.hub.Connections() == 1 })
		if code := stalled.closeCode(10 * time.Second); code != realtime.CloseSlowConsumer && code != websocket.CloseAbnormalClosure && code != -1 {
			t.Fatalf("stalled client closed with %d", code)
		}
	})
}

func TestRevokedMembershipEndsTheSubscription(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, nil)
		c := dial(t, n, e.C.Token)
		c.subscribe(topicOf(e.WS), nil)
		if err := e.svc.Workspaces.DeleteMembership(e.admin, e.WS.ID, e.C.Org.ID); err != nil {
			t.Fatal(err)
		}
		if got := c.nextEvent(); got.Type != "event" || got.Event.Type != ketenhub.EventMembershipRemoved {
			t.Fatalf("got %+v, want the removal", got)
		}
		if got := c.nextEvent(); got.Type != "unsubscribed" || got.Reason != "membership_removed" {
			t.Fatalf("got %+v, want unsubscribed", got)
		}
		e.action(e.A, "na vertrek", everyone)
		c.send(map[string]any{"type": "ping", "id": "p"})
		if got := c.nextEvent(); got.Type != "pong" {
			t.Fatalf("got %+v after removal, want only the pong", got)
		}
		c.send(map[string]any{"type": "subscribe", "topic": topicOf(e.WS)})
		if got := c.next(); got.Type != "error" || got.Code != "not_found" {
			t.Fatalf("resubscribe got %+v, want not_found", got)
		}
	})
}

func TestResyncPastTheLog(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		later := clock{time.Now().Add(31 * 24 * time.Hour)}
		n, _ := newNode(t, e, e.db, func(c *realtime.Config) { c.Clock = later })
		c := dial(t, n, e.A.Token)
		for _, since := range []int64{0, 2, 1000} {
			// resync comes instead of subscribed, before anything of the topic.
			c.send(map[string]any{"type": "subscribe", "topic": topicOf(e.WS), "since": since})
			if got := c.next(); got.Type != "resync" {
				t.Fatalf("since %d: got %+v, want resync", since, got)
			}
		}
	})
}

type clock struct{ t time.Time }

func (c clock) Now() time.Time { return c.t }

func TestRefusesForeignOriginsAndStrangers(t *testing.T) {
	e := newEnv(t, "sqlite")
	n, _ := newNode(t, e, e.db, nil)
	for name, h := range map[string]http.Header{
		"foreign origin": header("https://evil.example", e.A.Token),
		"no origin":      header("", e.A.Token),
		"no session":     header(origin, ""),
		"bad session":    header(origin, "bm90LWEtdG9rZW4"),
	} {
		t.Run(name, func(t *testing.T) {
			ws, resp, err := websocket.DefaultDialer.Dial(n.url, h)
			if err == nil {
				ws.Close()
				t.Fatal("connected")
			}
			want := http.StatusUnauthorized
			if strings.Contains(name, "origin") {
				want = http.StatusForbidden
			}
			if resp == nil || resp.StatusCode != want {
				t.Fatalf("response %v, want status %d", resp, want)
			}
		})
	}
}

func TestBadMessagesNeverBreakTheHub(t *testing.T) {
	e := newEnv(t, "sqlite")
	n, _ := newNode(t, e, e.db, nil)
	c := dial(t, n, e.A.Token)
	for _, bad := range []string{`{`, `[]`, `{"type":"subscribe","topic":"workspace:x"}`, `{"type":"dance"}`,
		`{"type":"subscribe","topic":"workspace:1","since":-1}`, `{"type":"ping","extra":1}`, `{"type":"ping"} {}`} {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(bad)); err != nil {
			t.Fatal(err)
		}
		if got := c.next(); got.Type != "error" || got.Code != "invalid" {
			t.Fatalf("%s: got %+v, want an invalid error", bad, got)
		}
	}
	c.send(map[string]any{"type": "subscribe", "topic": "workspace:999999"})
	if got := c.next(); got.Type != "error" || got.Code != "not_found" {
		t.Fatalf("unknown workspace: got %+v", got)
	}
	c.send(map[string]any{"type": "ping", "id": "nog-steeds"})
	if got := c.next(); got.Type != "pong" || got.ID != "nog-steeds" {
		t.Fatalf("got %+v, want pong", got)
	}

	t.Run("oversized", func(t *testing.T) {
		c := dial(t, n, e.A.Token)
		c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping","id":"`+strings.Repeat("x", 5000)+`"}`))
		if got := c.closeCode(5 * time.Second); got != websocket.CloseMessageTooBig {
			t.Fatalf("close code %d, want %d", got, websocket.CloseMessageTooBig)
		}
	})
	t.Run("flood", func(t *testing.T) {
		c := dial(t, n, e.A.Token)
		for range 100 {
			if c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping"}`)) != nil {
				break
			}
		}
		if got := c.closeCode(5 * time.Second); got != realtime.CloseRateLimited {
			t.Fatalf("close code %d, want %d", got, realtime.CloseRateLimited)
		}
	})
	waitFor(t, "bad clients gone", func() bool { return n.hub.Connections() == 1 })
}

func TestTwoNodesShareOnePostgres(t *testing.T) {
	e := newEnv(t, "postgres")
	nodeA, _ := newNode(t, e, e.db, nil)
	dbB := openDB(t, e.cfg) // node B: its own pool on the same database
	newNode(t, e, dbB, nil)
	c := dial(t, nodeA, e.C.Token)
	c.subscribe(topicOf(e.WS), nil)
	svcB := store.NewServices(dbB, policy.Policy{}, ketenhub.SystemClock{})
	a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: "via node B", OwnerOrganisationID: e.B.Org.ID, Visibility: everyone}
	if err := svcB.Actions.CreateAction(e.B.Ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := c.nextEvent(); got.title() != "via node B" {
		t.Fatalf("got %+v", got)
	}
}

func TestListenerCatchesUpAfterItsConnectionIsKilled(t *testing.T) {
	e := newEnv(t, "postgres")
	n, bus := newNode(t, e, e.db, nil)
	pg := bus.(*pgbus.Bus)
	c := dial(t, n, e.A.Token)
	c.subscribe(topicOf(e.WS), nil)
	pid := pg.PID()
	if err := e.db.Gorm().Exec("SELECT pg_terminate_backend(?)", pid).Error; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "listener down", func() bool { return pg.PID() != pid })
	e.action(e.A, "terwijl niemand luisterde", everyone) // its NOTIFY reaches no listener
	if got := c.nextEvent(); got.title() != "terwijl niemand luisterde" {
		t.Fatalf("got %+v", got)
	}
	waitFor(t, "listener back", func() bool { return pg.PID() != 0 && pg.PID() != pid })
	e.action(e.A, "daarna", everyone)
	if got := c.nextEvent(); got.title() != "daarna" {
		t.Fatalf("got %+v", got)
	}
}

func TestCommitHookHearsOnlyCommits(t *testing.T) {
	e := newEnv(t, "sqlite")
	var heard [][2]int64
	e.db.SetCommitHook(func(ws, seq int64) { heard = append(heard, [2]int64{ws, seq}) })
	a := e.action(e.A, "telt", everyone)
	stale := "te laat"
	if _, err := e.svc.Actions.UpdateAction(e.A.Ctx, a.ID, ketenhub.ActionUpdate{Title: &stale, Version: a.Version + 5}); ketenhub.ErrorCode(err) != ketenhub.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	last, err := e.db.LastSeq(context.Background(), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(heard), 1; got != want {
		t.Fatalf("heard %v, want one commit", heard)
	}
	if got, want := heard[0], [2]int64{e.WS.ID, last}; got != want {
		t.Fatalf("heard %v, want %v", got, want)
	}
}
