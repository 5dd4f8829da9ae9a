// Package pgbus is the realtime bus between hub nodes on PostgreSQL: it
// LISTENs for the events every node commits, and passes the nodes' presence
// notes and ended sessions between them with NOTIFY.
//
// A committed event is announced by a NOTIFY inside the transaction that
// appends it (store.NotifyChannel, delivered only on commit); this package
// holds everything else of PostgreSQL's pub/sub: the other channels, the
// payloads, the listening connection and the notifications sent outside a
// transaction.
package pgbus

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/store"
)

// PresenceChannel carries the realtime hubs' presence notes between nodes,
// one JSON realtime.PresenceNote per notification.
const PresenceChannel = "ketenhub_presence"

// SessionsChannel tells the realtime hubs of every node which sessions were
// just revoked, so that they close those sessions' websockets at once: a
// JSON array of at most sessionsPerNote session ids per notification.
const SessionsChannel = "ketenhub_sessions"

// sessionsPerNote bounds the session ids in one notification, well inside
// PostgreSQL's 8000-byte payload limit.
const sessionsPerNote = 256

// Bus LISTENs on the channels of a PostgreSQL database. When its
// connection drops it reconnects with backoff and then announces every
// workspace's newest sequence number, so that the hub reads from the log
// whatever was committed while nobody was listening.
type Bus struct {
	url string
	db  *store.DB
	log *slog.Logger
	pid atomic.Uint32

	// MinBackoff and MaxBackoff bound the wait between reconnection
	// attempts (defaults 250 ms and 10 s).
	MinBackoff, MaxBackoff time.Duration
}

var _ realtime.Bus = (*Bus)(nil)

// New returns a bus on the PostgreSQL database at url, which db is open
// on: db tells where every workspace's log stands, to catch up after a
// reconnect, and sends the notifications.
func New(url string, db *store.DB, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bus{url: url, db: db, log: log, MinBackoff: 250 * time.Millisecond, MaxBackoff: 10 * time.Second}
}

// PublishPresence sends a note on PresenceChannel.
func (b *Bus) PublishPresence(ctx context.Context, n realtime.PresenceNote) error {
	data, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("encode presence: %w", err)
	}
	return b.notify(ctx, PresenceChannel, string(data))
}

// PublishSessionsEnded sends the ids on SessionsChannel, as JSON arrays of
// at most sessionsPerNote.
func (b *Bus) PublishSessionsEnded(ctx context.Context, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), sessionsPerNote)
		data, err := json.Marshal(ids[:n])
		if err != nil {
			return fmt.Errorf("encode sessions: %w", err)
		}
		if err := b.notify(ctx, SessionsChannel, string(data)); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// notify sends a notification outside any transaction, so that it is
// delivered at once.
func (b *Bus) notify(ctx context.Context, channel, payload string) error {
	if err := b.db.Gorm().WithContext(ctx).Exec("SELECT pg_notify(?, ?)", channel, payload).Error; err != nil {
		return fmt.Errorf("notify %s: %w", channel, err)
	}
	return nil
}

// PID is the server process id of the listening connection, 0 while it is
// not connected.
func (b *Bus) PID() uint32 { return b.pid.Load() }

// Listen listens until ctx ends, reconnecting as often as needed.
func (b *Bus) Listen(ctx context.Context, l realtime.Listener) error {
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
func (b *Bus) session(ctx context.Context, l realtime.Listener) error {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		b.pid.Store(0)
		conn.Close(context.WithoutCancel(ctx))
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+store.NotifyChannel+"; LISTEN "+PresenceChannel+"; LISTEN "+SessionsChannel); err != nil {
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
		b.pass(ctx, l, n)
	}
}

// pass tells l of one notification; one it cannot read is logged and
// dropped.
func (b *Bus) pass(ctx context.Context, l realtime.Listener, n *pgconn.Notification) {
	switch n.Channel {
	case PresenceChannel:
		var note realtime.PresenceNote
		if err := json.Unmarshal([]byte(n.Payload), &note); err != nil || note.Node == "" {
			b.log.WarnContext(ctx, "realtime: ignoring presence note", "error", err)
		} else if l.Presence != nil {
			l.Presence(note)
		}
	case SessionsChannel:
		var ids []int64
		if err := json.Unmarshal([]byte(n.Payload), &ids); err != nil {
			b.log.WarnContext(ctx, "realtime: ignoring ended sessions", "error", err)
		} else if l.SessionsEnded != nil {
			l.SessionsEnded(ids)
		}
	default:
		ws, seq, err := store.ParseNotification(n.Payload)
		if err != nil {
			b.log.WarnContext(ctx, "realtime: ignoring notification", "error", err)
			return
		}
		l.Announce(ws, seq)
	}
}
