package realtime_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// BenchmarkFanOut measures one write reaching N subscribers of its
// workspace: the store's transaction, the announcement (the commit hook on
// SQLite, LISTEN/NOTIFY on PostgreSQL), the topic's read of the log, the
// per-viewer filter, the encoding and the websocket writes, until every
// subscriber has read the event. The subscribers are websockets in the same
// process, spread over the three organisations; every tenth write is
// restricted to A and B, so C's subscribers skip it.
//
//	go test -run '^$' -bench FanOut -benchmem -cpuprofile cpu.out ./realtime/
func BenchmarkFanOut(b *testing.B) {
	for _, kind := range storetest.Kinds {
		for _, n := range []int{100, 1000} {
			b.Run(fmt.Sprintf("%s/subscribers=%d", kind, n), func(b *testing.B) { benchmarkFanOut(b, kind, n) })
		}
	}
}

func benchmarkFanOut(b *testing.B, kind string, subscribers int) {
	e := newEnv(b, kind)
	nd, _ := newNode(b, e, e.db, nil)
	public := e.action(e.A, "openbaar", everyone)
	restricted := e.action(e.A, "beperkt", only(e.A.Org.ID, e.B.Org.ID))

	// Each reader reports every action.updated it reads on got.
	parties := []party{e.A, e.B, e.C}
	got := make(chan int64, subscribers)
	for i := range subscribers {
		p := parties[i%len(parties)]
		c := dial(b, nd, p.Token)
		c.subscribe(topicOf(e.WS), nil)
		c.ws.SetReadDeadline(time.Time{})
		go func() { // ends when the node's cleanup closes the connection
			for {
				_, data, err := c.ws.ReadMessage()
				if err != nil {
					return
				}
				var m msg
				if err := json.Unmarshal(data, &m); err != nil {
					return
				}
				if m.Type == "event" && m.Event.Type == ketenhub.EventActionUpdated {
					got <- m.Seq
				}
			}
		}()
	}
	seeing := func(restrictedWrite bool) int {
		if !restrictedWrite {
			return subscribers
		}
		n := 0
		for i := range subscribers {
			if i%len(parties) != 2 {
				n++
			}
		}
		return n
	}

	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; b.Loop(); n++ {
		a := public
		if n%10 == 9 {
			a = restricted
		}
		desc := fmt.Sprintf("m-%d", n)
		upd, err := e.svc.Actions.UpdateAction(e.A.Ctx, a.ID, ketenhub.ActionUpdate{Description: &desc, Version: a.Version})
		if err != nil {
			b.Fatal(err)
		}
		a.Version = upd.Version
		for range seeing(a == restricted) {
			<-got
		}
	}
}
