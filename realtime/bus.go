package realtime

import (
	"context"
	"sync"
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
// LocalBus is the bus of a single node; package pgbus is the bus between
// nodes on PostgreSQL.
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
