package realtime_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/realtime"
)

// TestEndedSessionClosesWebsockets: when the identity provider ends a
// user's sessions (back-channel logout), the bus tells every node and the
// user's websockets close with 4001 within seconds, long before the next
// session check (a minute); other users' stay open. On PostgreSQL the news
// crosses to a second node by NOTIFY.
func TestEndedSessionClosesWebsockets(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		var bus atomic.Pointer[realtime.Bus]
		sessions := auth.NewSessions(e.svc.Sessions, e.svc.Users, ketenhub.SystemClock{}, auth.SessionOptions{
			Ended: func(ctx context.Context, ids []int64) {
				if err := (*bus.Load()).PublishSessionsEnded(ctx, ids); err != nil {
					t.Errorf("publish ended sessions: %v", err)
				}
			},
		})
		useSessions := func(c *realtime.Config) { c.Sessions = sessions; c.SessionCheck = time.Hour }
		n, b := newNode(t, e, e.db, useSessions)
		bus.Store(&b)
		nodes := []*node{n}
		if kind == "postgres" {
			other, _ := newNode(t, e, openDB(t, e.cfg), useSessions)
			nodes = append(nodes, other)
		}
		// B signed in through the identity provider that will end the session.
		leaver, _, err := sessions.Create(context.Background(), e.B.User, auth.SessionMeta{Issuer: e.B.User.Issuer, SID: "idp-sid"})
		if err != nil {
			t.Fatal(err)
		}
		var leaving, staying []*client
		for _, n := range nodes {
			for _, token := range []string{leaver, e.C.Token} {
				c := dial(t, n, token)
				c.subscribe(topicOf(e.WS), nil) // registered with the hub
				if token == leaver {
					leaving = append(leaving, c)
				} else {
					staying = append(staying, c)
				}
			}
		}
		start := time.Now()
		ended, err := sessions.EndProviderSessions(context.Background(), e.B.User.Issuer, e.B.User.Subject, "")
		if err != nil || len(ended) != 1 {
			t.Fatalf("ended %v, %v; want B's one session", ended, err)
		}
		for i, c := range leaving {
			if got, want := c.closeCode(5*time.Second), realtime.CloseSessionEnded; got != want {
				t.Errorf("node %d: close code = %d, want %d", i, got, want)
			}
		}
		if elapsed := time.Since(start); elapsed > 3*time.Second {
			t.Errorf("websockets closed after %v, want within seconds", elapsed)
		}
		for i, c := range staying {
			c.send(map[string]any{"type": "ping", "id": "p"})
			if got := c.nextEvent(); got.Type != "pong" {
				t.Errorf("node %d: another user's websocket got %+v, want pong", i, got)
			}
		}
	})
}
