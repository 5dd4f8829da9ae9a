package pgbus_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// heard is what a listener was told, in order.
type heard struct {
	mu        sync.Mutex
	announced [][2]int64
	notes     []realtime.PresenceNote
	sessions  [][]int64
}

func (h *heard) listener() realtime.Listener {
	return realtime.Listener{
		Announce: func(ws, seq int64) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.announced = append(h.announced, [2]int64{ws, seq})
		},
		Presence: func(n realtime.PresenceNote) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.notes = append(h.notes, n)
		},
		SessionsEnded: func(ids []int64) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.sessions = append(h.sessions, ids)
		},
	}
}

// startBus listens with a bus on a fresh, migrated database until the test
// ends, and returns it once its connection listens.
func startBus(t *testing.T, h *heard) (*pgbus.Bus, *store.DB) {
	t.Helper()
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DatabaseURL: url, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	bus := pgbus.New(url, db, nil)
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); bus.Listen(lctx, h.listener()) }()
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, "listening", func() bool { return bus.PID() != 0 })
	return bus, db
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestBus_PassesEveryKindOfNotification sends what crosses between nodes,
// among notifications no node could have sent, and checks that the
// listener is told exactly the good ones, each decoded, in order.
func TestBus_PassesEveryKindOfNotification(t *testing.T) {
	var h heard
	bus, db := startBus(t, &h)
	ctx := context.Background()
	raw := func(channel, payload string) {
		t.Helper()
		if err := db.Gorm().Exec("SELECT pg_notify(?, ?)", channel, payload).Error; err != nil {
			t.Fatal(err)
		}
	}
	raw(store.NotifyChannel, "7:x")
	raw(pgbus.PresenceChannel, `{"meeting":3}`) // no node
	raw(pgbus.SessionsChannel, `[1,`)
	raw(store.NotifyChannel, "7:41")
	note := realtime.PresenceNote{Node: "node-a", Meeting: 3, Users: []realtime.PresenceUser{{UserID: 5, Name: "Olga Oov", OrganisationID: 2}}}
	if err := bus.PublishPresence(ctx, note); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 600) // more than one notification holds
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	if err := bus.PublishSessionsEnded(ctx, ids); err != nil {
		t.Fatal(err)
	}

	waitFor(t, "the ended sessions", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		var n int
		for _, s := range h.sessions {
			n += len(s)
		}
		return n == len(ids)
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	if got, want := h.announced, [][2]int64{{7, 41}}; !reflect.DeepEqual(got, want) {
		t.Errorf("announced %v, want %v", got, want)
	}
	if got, want := h.notes, []realtime.PresenceNote{note}; !reflect.DeepEqual(got, want) {
		t.Errorf("notes %+v, want %+v", got, want)
	}
	if got, want := len(h.sessions), 3; got != want {
		t.Errorf("ended sessions came in %d notifications, want %d", got, want)
	}
	var all []int64
	for _, s := range h.sessions {
		all = append(all, s...)
	}
	if !reflect.DeepEqual(all, ids) {
		t.Errorf("ended sessions %v, want 1..%d in order", all, len(ids))
	}
}
