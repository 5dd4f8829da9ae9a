package store

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// NotifyChannel is the PostgreSQL channel on which every committed event is
// announced, with the payload "<workspace_id>:<seq>" (see ParseNotification).
// The NOTIFY is sent inside the transaction that appends the event, so that
// it is delivered only on commit; package pgbus listens on the channel.
const NotifyChannel = "ketenhub_events"

// CommitHook is told, after a transaction has committed, the workspace and
// the highest sequence number of the events it appended.
type CommitHook func(workspaceID, seq int64)

// SetCommitHook makes db call hook after every committed transaction that
// appended events, once per workspace, with the highest sequence number. It
// is never called for a transaction that rolled back. A nil hook removes it.
// The single-node (SQLite) realtime bus is fed this way; on PostgreSQL the
// same news also travels by NOTIFY on NotifyChannel.
func (db *DB) SetCommitHook(hook CommitHook) {
	if hook == nil {
		db.onCommit.Store(nil)
		return
	}
	db.onCommit.Store(&hook)
}

// appendedKey is the context key of a transaction's appended events.
type appendedKey struct{}

// appended collects, per workspace, the highest sequence number a
// transaction appended.
type appended struct {
	mu  sync.Mutex
	seq map[int64]int64
}

func withAppended(ctx context.Context) (context.Context, *appended) {
	a := &appended{seq: map[int64]int64{}}
	return context.WithValue(ctx, appendedKey{}, a), a
}

// announce records, in the transaction tx, that it appended event seq of a
// workspace: on PostgreSQL with a NOTIFY (delivered only on commit), and for
// the commit hook in the transaction's context.
func (db *DB) announce(tx *gorm.DB, workspaceID, seq int64) error {
	if a, ok := tx.Statement.Context.Value(appendedKey{}).(*appended); ok {
		a.mu.Lock()
		a.seq[workspaceID] = max(a.seq[workspaceID], seq)
		a.mu.Unlock()
	}
	if db.kind != KindPostgres {
		return nil
	}
	payload := strconv.FormatInt(workspaceID, 10) + ":" + strconv.FormatInt(seq, 10)
	if err := tx.Exec("SELECT pg_notify(?, ?)", NotifyChannel, payload).Error; err != nil {
		return fmt.Errorf("notify event: %w", err)
	}
	return nil
}

// committed tells the commit hook what a committed transaction appended.
func (db *DB) committed(a *appended) {
	hook := db.onCommit.Load()
	if hook == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for ws, seq := range a.seq {
		(*hook)(ws, seq)
	}
}

// ParseNotification reads the payload of a NOTIFY on NotifyChannel.
func ParseNotification(payload string) (workspaceID, seq int64, err error) {
	var ws, s int64
	if _, err := fmt.Sscanf(payload, "%d:%d", &ws, &s); err != nil || ws <= 0 || s <= 0 {
		return 0, 0, fmt.Errorf("bad event notification %q", payload)
	}
	return ws, s, nil
}

// EventsAfter returns up to limit events of a workspace with a sequence
// number above afterSeq, in sequence order, with their visibilities and
// what their subjects' visibilities are now (Event.Current). It is a
// system read for the realtime hub, which filters per viewer with the policy:
// it must never be served to a client unfiltered.
func (db *DB) EventsAfter(ctx context.Context, workspaceID, afterSeq int64, limit int) ([]*ketenhub.Event, error) {
	if limit <= 0 {
		limit = defaultEventLimit
	}
	tx := db.g.WithContext(ctx)
	var rows []eventRow
	err := tx.Where("workspace_id = ? AND seq > ?", workspaceID, afterSeq).Order("seq").Limit(min(limit, maxEventLimit)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find events after %d: %w", afterSeq, err)
	}
	evs, err := eventsOf(tx, rows)
	if err != nil {
		return nil, err
	}
	return evs, currentVisibilities(tx, evs)
}

// CountEvents returns how many events of a workspace the log holds in
// (afterSeq, upToSeq]: a resume can replay without a gap only if that is
// upToSeq - afterSeq.
func (db *DB) CountEvents(ctx context.Context, workspaceID, afterSeq, upToSeq int64) (int64, error) {
	var n int64
	err := db.g.WithContext(ctx).Model(&eventRow{}).Where("workspace_id = ? AND seq > ? AND seq <= ?", workspaceID, afterSeq, upToSeq).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// OldestSeq returns the sequence number of the oldest event of a workspace
// still in the log, 0 if it has none.
func (db *DB) OldestSeq(ctx context.Context, workspaceID int64) (int64, error) {
	var seqs []int64
	err := db.g.WithContext(ctx).Model(&eventRow{}).Where("workspace_id = ?", workspaceID).Order("seq").Limit(1).Pluck("seq", &seqs).Error
	if err != nil {
		return 0, fmt.Errorf("find oldest event: %w", err)
	}
	if len(seqs) == 0 {
		return 0, nil
	}
	return seqs[0], nil
}

// LastSeq returns the sequence number of a workspace's newest event;
// ENOTFOUND if there is no such workspace.
func (db *DB) LastSeq(ctx context.Context, workspaceID int64) (int64, error) {
	var seqs []int64
	if err := db.g.WithContext(ctx).Model(&workspaceRow{}).Where("id = ?", workspaceID).Pluck("last_seq", &seqs).Error; err != nil {
		return 0, fmt.Errorf("find last sequence number: %w", err)
	}
	if len(seqs) == 0 {
		return 0, errWorkspaceNotFound()
	}
	return seqs[0], nil
}

// LastSeqs returns every workspace's newest sequence number, for a hub that
// has to catch up after missing announcements.
func (db *DB) LastSeqs(ctx context.Context) (map[int64]int64, error) {
	var rows []workspaceRow
	if err := db.g.WithContext(ctx).Select("id", "last_seq").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find last sequence numbers: %w", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.LastSeq
	}
	return out, nil
}

// MemberOf returns how an organisation stands in a workspace: its role
// (RoleNone if it is not a member) and since which event. It is a system read.
func (db *DB) MemberOf(ctx context.Context, workspaceID, orgID int64) (ketenhub.Member, error) {
	return memberIn(db.g.WithContext(ctx), workspaceID, orgID)
}

// MeetingWorkspace returns the workspace of a meeting, ENOTFOUND if there is
// no such meeting. It is a system read: whether the viewer may follow the
// meeting is decided by their role in that workspace.
func (db *DB) MeetingWorkspace(ctx context.Context, meetingID int64) (int64, error) {
	var ids []int64
	if err := db.g.WithContext(ctx).Model(&meetingRow{}).Where("id = ?", meetingID).Pluck("workspace_id", &ids).Error; err != nil {
		return 0, fmt.Errorf("find meeting's workspace: %w", err)
	}
	if len(ids) == 0 {
		return 0, errMeetingNotFound()
	}
	return ids[0], nil
}
