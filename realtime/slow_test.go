package realtime_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/realtime"
)

// dropCounter is a realtime.Metrics that counts slow clients dropped.
type dropCounter struct{ dropped atomic.Int64 }

func (*dropCounter) ConnectionOpened()    {}
func (*dropCounter) ConnectionClosed()    {}
func (*dropCounter) EventsFannedOut(int)  {}
func (m *dropCounter) SlowClientDropped() { m.dropped.Add(1) }
func (*dropCounter) Replayed(int)         {}

// A client that stops reading while its queue has room blocks the writer
// on one write: when that write times out the client is dropped as a slow
// consumer and counted, and sees the connection lost (no close frame can
// reach a peer that does not read).
func TestStalledReaderIsDroppedAsSlow(t *testing.T) {
	e := newEnv(t, "sqlite")
	metrics := &dropCounter{}
	n, _ := newNode(t, e, e.db, func(c *realtime.Config) {
		c.Metrics = metrics
		c.QueueSize = 4096 // never full here: the write times out first
		c.WriteTimeout = 300 * time.Millisecond
	})
	stalled := dialWith(t, stalledDialer, n, e.C.Token)
	stalled.subscribe(topicOf(e.WS), nil)
	big := strings.Repeat("veel tekst ", 1000)[:ketenhub.MaxDescription-10]
	for i := 0; metrics.dropped.Load() == 0; i++ {
		if i == 300 {
			t.Fatal("300 events and the stalled client is still not dropped")
		}
		a := &ketenhub.Action{WorkspaceID: e.WS.ID, Title: "actie", Description: big, OwnerOrganisationID: e.A.Org.ID, Visibility: everyone}
		if err := e.svc.Actions.CreateAction(e.A.Ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "stalled client gone", func() bool { return n.hub.Connections() == 0 })
	if got, want := metrics.dropped.Load(), int64(1); got != want {
		t.Fatalf("slow clients dropped %d, want %d", got, want)
	}
	if code := stalled.closeCode(10 * time.Second); code != websocket.CloseAbnormalClosure && code != -1 {
		t.Fatalf("stalled client closed with %d, want the connection lost (1006)", code)
	}
}

// A client over the rate limit gets the answers already queued for it,
// in order, before the 4029 close frame.
func TestFloodGetsItsAnswersBeforeTheClose(t *testing.T) {
	e := newEnv(t, "sqlite")
	n, _ := newNode(t, e, e.db, nil)
	c := dial(t, n, e.A.Token)
	for i := range 100 {
		if c.ws.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"type":"ping","id":"p%d"}`, i)) != nil {
			break
		}
	}
	pongs := 0
	for {
		m, err := c.read(5 * time.Second)
		if err != nil {
			ce, ok := err.(*websocket.CloseError)
			if !ok || ce.Code != realtime.CloseRateLimited {
				t.Fatalf("after %d pongs: %v, want close %d", pongs, err, realtime.CloseRateLimited)
			}
			break
		}
		if got, want := m.ID, fmt.Sprintf("p%d", pongs); m.Type != "pong" || got != want {
			t.Fatalf("got %+v, want pong %s", m, want)
		}
		pongs++
	}
	if pongs < 40 {
		t.Fatalf("%d pongs before the close, want the burst of 40 answered", pongs)
	}
}

// GET /api/ws without a websocket handshake is refused with a problem.
func TestPlainGETIsRefusedWithAProblem(t *testing.T) {
	e := newEnv(t, "sqlite")
	n, _ := newNode(t, e, e.db, nil)
	req, _ := http.NewRequest(http.MethodGet, n.srv.URL, nil)
	req.Header = header(origin, e.A.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	if got, want := resp.Header.Get("Content-Type"), "application/problem+json"; got != want {
		t.Fatalf("content type %q, want %q", got, want)
	}
	var p struct {
		Type, Code, DetailNL string
		DetailEN             string `json:"detail_en"`
		Status               int
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.Code != ketenhub.EINVALID || p.Status != http.StatusBadRequest || p.Type != "https://ketenhub.nl/problems/invalid" {
		t.Fatalf("problem %+v", p)
	}
	// gorilla's reason ("websocket: the client is not using ...") is a Go
	// error's text: logged, never sent.
	if got, want := p.DetailEN, "This address only opens a websocket; send a websocket handshake (upgrade)."; got != want {
		t.Errorf("detail_en %q, want %q", got, want)
	}
}

// movingClock is a clock the test sets.
type movingClock struct{ t atomic.Pointer[time.Time] }

func (c *movingClock) Now() time.Time  { return *c.t.Load() }
func (c *movingClock) set(t time.Time) { c.t.Store(&t) }

// An open websocket does not keep its session alive: the hub's checks of
// the session record no activity, so a board left alone reaches the idle
// timeout and is closed with 4001.
func TestOpenSocketDoesNotKeepTheSessionAlive(t *testing.T) {
	e := newEnv(t, "sqlite")
	start := time.Now()
	clk := &movingClock{}
	clk.set(start)
	sessions := auth.NewSessions(e.svc.Sessions, e.svc.Users, clk, auth.SessionOptions{Idle: 3 * time.Minute})
	n, _ := newNode(t, e, e.db, func(c *realtime.Config) {
		c.Sessions = sessions
		c.PingInterval, c.SessionCheck = 20*time.Millisecond, 20*time.Millisecond
	})
	c := dial(t, n, e.C.Token)
	c.subscribe(topicOf(e.WS), nil)
	// Two minutes on: still live, and a touch now would keep it so until
	// five minutes; the checks must not touch it.
	clk.set(start.Add(2 * time.Minute))
	time.Sleep(200 * time.Millisecond)
	if got := n.hub.Connections(); got != 1 {
		t.Fatalf("%d connections two minutes in, want 1", got)
	}
	clk.set(start.Add(4 * time.Minute))
	if got, want := c.closeCode(5*time.Second), realtime.CloseSessionEnded; got != want {
		t.Fatalf("close code %d, want %d", got, want)
	}
}
