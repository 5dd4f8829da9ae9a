package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ketenhub/ketenhub/store"
)

// AnnounceFunc is told that a workspace has events up to at least seq.
// It must return quickly.
type AnnounceFunc func(workspaceID, seq int64)

// Listener is what a hub node hears from the bus.
type Listener struct {
	Announce AnnounceFunc
	// Presence is told every node's presence notes, this node's own too.
	// It must return quickly.
	Presence func(PresenceNote)
	// SessionsEnded is told the ids of sessions just revoked on any node,
	// whose websockets are to close. It must return quickly.
	SessionsEnded func(ids []int64)
}

// Bus tells hub nodes that a workspace has new events, and passes the
// nodes' presence notes between them. An announcement carries no event:
// the hub reads the events from the log, so a lost or repeated
// announcement costs at most a delay or a read, never an event. A lost
// presence note costs at most a beat (presenceBeat) of stale presence.
type Bus interface {
	// Listen tells l of every announcement and note until ctx ends.
	Listen(ctx context.Context, l Listener) error
	// PublishPresence sends a presence note to every node.
	PublishPresence(ctx context.Context, n PresenceNote) error
	// PublishSessionsEnded tells every node that the sessions ids were
	// revoked (auth.SessionOptions.Ended). A lost message costs at most a
	// SessionCheck interval before their websockets close.
	PublishSessionsEnded(ctx context.Context, ids []int64) error
}

// LocalBus is the single-node bus: the store's commit hook publishes on it
// (store.DB.SetCommitHook(bus.Publish)) and every listener in the process
// hears it. It is what runs on SQLite.
type LocalBus struct {
	mu        sync.Mutex
	listeners map[*Listener]struct{}
}

var _ Bus = (*LocalBus)(nil)

// NewLocalBus returns a bus with no listeners.
func NewLocalBus() *LocalBus {
	return &LocalBus{listeners: map[*Listener]struct{}{}}
}

// Publish announces that a workspace has events up to seq.
func (b *LocalBus) Publish(workspaceID, seq int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for l := range b.listeners {
		l.Announce(workspaceID, seq)
	}
}

// PublishPresence passes a note to every listener in the process.
func (b *LocalBus) PublishPresence(_ context.Context, n PresenceNote) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for l := range b.listeners {
		if l.Presence != nil {
			l.Presence(n)
		}
	}
	return nil
}

// PublishSessionsEnded tells every listener in the process of ended sessions.
func (b *LocalBus) PublishSessionsEnded(_ context.Context, ids []int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for l := range b.listeners {
		if l.SessionsEnded != nil {
			l.SessionsEnded(ids)
		}
	}
	return nil
}

// Listen registers l until ctx ends.
func (b *LocalBus) Listen(ctx context.Context, l Listener) error {
	key := &l
	b.mu.Lock()
	b.listeners[key] = struct{}{}
	b.mu.Unlock()
	<-ctx.Done()
	b.mu.Lock()
	delete(b.listeners, key)
	b.mu.Unlock()
	return nil
}

// PGBus LISTENs on store.NotifyChannel of a PostgreSQL database. When its
// connection drops it reconnects with backoff and then announces every
// workspace's newest sequence number, so that the hub reads from the log
// whatever was committed while nobody was listening.
type PGBus struct {
	url string
	db  PGStore
	log *slog.Logger
	pid atomic.Uint32

	// MinBackoff and MaxBackoff bound the wait between reconnection
	// attempts (defaults 250 ms and 10 s).
	MinBackoff, MaxBackoff time.Duration
}

var _ Bus = (*PGBus)(nil)

// PGStore is what a PGBus needs of the store (*store.DB): where every
// workspace's log stands, to catch up after a reconnect, and a way to send a
// notification.
type PGStore interface {
	LastSeqs(ctx context.Context) (map[int64]int64, error)
	Notify(ctx context.Context, channel, payload string) error
}

// NewPGBus returns a bus on the database at url.
func NewPGBus(url string, db PGStore, log *slog.Logger) *PGBus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &PGBus{url: url, db: db, log: log, MinBackoff: 250 * time.Millisecond, MaxBackoff: 10 * time.Second}
}

// PublishPresence sends a note on store.PresenceChannel.
func (b *PGBus) PublishPresence(ctx context.Context, n PresenceNote) error {
	data, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("encode presence: %w", err)
	}
	return b.db.Notify(ctx, store.PresenceChannel, string(data))
}

// sessionsPerNote bounds the session ids in one notification, well inside
// PostgreSQL's 8000-byte payload limit.
const sessionsPerNote = 256

// PublishSessionsEnded sends the ids on store.SessionsChannel, as JSON
// arrays of at most sessionsPerNote.
func (b *PGBus) PublishSessionsEnded(ctx context.Context, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), sessionsPerNote)
		data, err := json.Marshal(ids[:n])
		if err != nil {
			return fmt.Errorf("encode sessions: %w", err)
		}
		if err := b.db.Notify(ctx, store.SessionsChannel, string(data)); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// PID is the server process id of the listening connection, 0 while it is
// not connected.
func (b *PGBus) PID() uint32 { return b.pid.Load() }

// Listen listens until ctx ends, reconnecting as often as needed.
func (b *PGBus) Listen(ctx context.Context, l Listener) error {
	wait := b.MinBackoff
	for {
		err := b.session(ctx, l)
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			wait = b.MinBackoff // a session that got going resets the backoff
		}
		b.log.WarnContext(ctx, "realtime: event listener disconnected; reconnecting", "error", err, "in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, b.MaxBackoff)
	}
}

// session connects, listens, catches up and then passes on notifications
// until the connection fails. It returns nil if it got as far as catching
// up (the caller then retries at once-ish), the error otherwise.
func (b *PGBus) session(ctx context.Context, l Listener) error {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		b.pid.Store(0)
		conn.Close(context.WithoutCancel(ctx))
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+store.NotifyChannel+"; LISTEN "+store.PresenceChannel+"; LISTEN "+store.SessionsChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	b.pid.Store(conn.PgConn().PID())
	// Only now, listening, read where every workspace stands: anything
	// committed later arrives as a notification.
	seqs, err := b.db.LastSeqs(ctx)
	if err != nil {
		return fmt.Errorf("catch up: %w", err)
	}
	for ws, seq := range seqs {
		if seq > 0 {
			l.Announce(ws, seq)
		}
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			b.log.WarnContext(ctx, "realtime: wait for notification", "error", err)
			return nil
		}
		if n.Channel == store.PresenceChannel {
			var note PresenceNote
			if err := json.Unmarshal([]byte(n.Payload), &note); err != nil || note.Node == "" {
				b.log.WarnContext(ctx, "realtime: ignoring presence note", "error", err)
			} else if l.Presence != nil {
				l.Presence(note)
			}
			continue
		}
		if n.Channel == store.SessionsChannel {
			var ids []int64
			if err := json.Unmarshal([]byte(n.Payload), &ids); err != nil {
				b.log.WarnContext(ctx, "realtime: ignoring ended sessions", "error", err)
			} else if l.SessionsEnded != nil {
				l.SessionsEnded(ids)
			}
			continue
		}
		ws, seq, err := store.ParseNotification(n.Payload)
		if err != nil {
			b.log.WarnContext(ctx, "realtime: ignoring notification", "error", err)
			continue
		}
		l.Announce(ws, seq)
	}
}
