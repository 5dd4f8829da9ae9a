package realtime_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// TestNothingIsLostOverADatabaseRestart restarts a dedicated PostgreSQL
// server under a hub node while actions are written, and checks that the
// node listens again and its subscriber receives every committed event.
func TestNothingIsLostOverADatabaseRestart(t *testing.T) {
	srv, err := storetest.StartPostgres()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	e := newEnvOn(t, "postgres", store.Config{DatabaseURL: srv.URL})
	n, bus := newNode(t, e, e.db, nil)
	pg := bus.(*pgbus.Bus)
	c := dial(t, n, e.A.Token)
	_, start := c.subscribe(topicOf(e.WS), nil)

	for i := range 5 {
		e.action(e.A, fmt.Sprintf("voor %d", i), everyone)
	}
	var failed atomic.Int64
	written := make(chan int, 100)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		for range written {
		}
	}) // a failed test waits for the writer to stop
	go func() {
		defer close(written)
		for i := range 40 {
			if !writeUntilCommitted(ctx, e, fmt.Sprintf("tijdens %d", i), &failed) {
				t.Errorf("write %d never committed", i)
				return
			}
			written <- i
			time.Sleep(25 * time.Millisecond)
		}
	}()
	for range 5 {
		<-written
	}
	pid := pg.PID()
	if err := srv.Restart(time.Second); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "listener back", func() bool { return pg.PID() != 0 && pg.PID() != pid })
	for range written {
	}
	for i := range 5 {
		if !writeUntilCommitted(ctx, e, fmt.Sprintf("na %d", i), &failed) {
			t.Fatalf("write after the restart never committed")
		}
	}
	if failed.Load() == 0 {
		t.Fatal("no write failed: the restart happened between the writes, not under them")
	}
	t.Logf("%d write attempts failed during the restart", failed.Load())

	last, err := e.db.LastSeq(context.Background(), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.db.EventsAfter(context.Background(), e.WS.ID, start, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if got, min := len(want), 5+40+5; got < min {
		t.Fatalf("%d events in the log after %d, want at least %d", got, start, min)
	}
	for i, ev := range want {
		m, err := nextDelivery(c, 20*time.Second)
		if err != nil {
			t.Fatalf("waiting for event %d of %d (seq %d, last %d): %v", i+1, len(want), ev.Seq, last, err)
		}
		if m.Type != "event" || m.Seq != ev.Seq || m.Event.ID != ev.ID {
			t.Fatalf("got %s %d, want event %d (#%d)", m.Type, m.Seq, ev.Seq, ev.ID)
		}
	}
	if got := n.hub.Connections(); got != 1 {
		t.Fatalf("%d connections, want the one that lived through the restart", got)
	}
}

// writeUntilCommitted creates an action, retrying for up to 30 s while the
// database is away; it counts the failed attempts.
func writeUntilCommitted(ctx context.Context, e *env, title string, failed *atomic.Int64) bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && ctx.Err() == nil; {
		a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: title, OwnerOrganisationID: e.A.Org.ID, Visibility: everyone}
		if e.svc.Actions.CreateAction(e.A.Ctx, a) == nil {
			return true
		}
		failed.Add(1)
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// nextDelivery reads until an event or removed message, skipping positions.
func nextDelivery(c *client, timeout time.Duration) (msg, error) {
	deadline := time.Now().Add(timeout)
	for {
		m, err := c.read(time.Until(deadline))
		if err != nil || m.Type != "position" {
			return m, err
		}
	}
}
