package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestSequence_GaplessInCommitOrder hammers one workspace with concurrent
// writes while a reader keeps reading the event log. The sequence must be
// gapless and in commit order: every snapshot a reader sees is exactly
// 1..k. A hole that fills later would mean a number was taken by a
// transaction that committed after one with a higher number, and a client
// resuming "since k" would miss that event for ever.
func TestSequence_GaplessInCommitOrder(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		const writers, writesEach = 16, 25
		const total = worldSetupEvents + writers*writesEach
		w := newWorld(t, kind)

		done := make(chan struct{})
		var snapshots, partial int
		var readerWG sync.WaitGroup
		readerWG.Add(1)
		go func() {
			defer readerWG.Done()
			snapshots, partial = readSnapshots(t, w, done, total)
		}()

		var wg sync.WaitGroup
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				by := w.Gemeente
				if i%2 == 1 {
					by = w.Politie // a partner, writing its own organisation's actions
				}
				if err := writeActions(by, w, i, writesEach); err != nil {
					t.Errorf("writer %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		close(done)
		readerWG.Wait()
		if t.Failed() {
			return
		}
		t.Logf("%s: the reader took %d snapshots, %d of them mid-way", kind, snapshots, partial)
		if partial == 0 {
			t.Errorf("the reader saw no snapshot while writes were under way (%d in all): the test proved nothing", snapshots)
		}

		t.Run("Final", func(t *testing.T) {
			var seqs []int64
			mustOK(t, w.DB.Gorm().Raw(`SELECT seq FROM events WHERE workspace_id = ? ORDER BY seq`, w.WS.ID).Scan(&seqs).Error, "read seqs")
			if err := checkGapless(seqs); err != nil {
				t.Fatal(err)
			}
			if got := len(seqs); got != total {
				t.Errorf("events = %d, want %d (%d writes and %d setup events)", got, total, writers*writesEach, worldSetupEvents)
			}
			if got := countRows(t, w.DB, "events", "workspace_id = ?", w.WS.ID); got != int64(len(seqs)) {
				t.Errorf("event rows = %d, distinct seqs read = %d", got, len(seqs))
			}
			var distinct int64
			mustOK(t, w.DB.Gorm().Raw(`SELECT COUNT(DISTINCT seq) FROM events WHERE workspace_id = ?`, w.WS.ID).Scan(&distinct).Error, "count distinct")
			if distinct != total {
				t.Errorf("distinct seqs = %d, want %d: duplicates", distinct, total)
			}
			if got := lastSeq(t, w.DB, w.WS.ID); got != total {
				t.Errorf("workspaces.last_seq = %d, want %d", got, total)
			}
			created := countRows(t, w.DB, "events", "workspace_id = ? AND type = ?", w.WS.ID, ketenhub.EventActionCreated)
			updated := countRows(t, w.DB, "events", "workspace_id = ? AND type = ?", w.WS.ID, ketenhub.EventActionUpdated)
			if want := int64(writers * ((writesEach + 1) / 2)); created != want {
				t.Errorf("action.created events = %d, want %d", created, want)
			}
			if want := int64(writers * (writesEach / 2)); updated != want {
				t.Errorf("action.updated events = %d, want %d", updated, want)
			}
		})

		t.Run("FindEventsPaging", func(t *testing.T) {
			const page = 37
			var got []int64
			after := int64(0)
			for range total/page + 2 {
				evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, AfterSeq: after, Limit: page})
				mustOK(t, err, fmt.Sprintf("find events after %d", after))
				if len(evs) > page {
					t.Fatalf("page after %d has %d events, want at most %d", after, len(evs), page)
				}
				if len(evs) == 0 {
					break
				}
				for _, ev := range evs {
					if ev.Seq <= after {
						t.Fatalf("event %d in the page after %d", ev.Seq, after)
					}
					got = append(got, ev.Seq)
				}
				after = evs[len(evs)-1].Seq
			}
			// The gemeente's log starts at its membership, event 2: history
			// follows sight, and workspace.created came before it.
			if len(got) == 0 || got[0] != 2 {
				t.Fatalf("paged events start at %v, want 2", got[:min(1, len(got))])
			}
			if err := checkGapless(append([]int64{1}, got...)); err != nil {
				t.Fatal(err)
			}
			if len(got) != total-1 {
				t.Errorf("paged %d events, want %d", len(got), total-1)
			}
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, AfterSeq: total})
			mustOK(t, err, "find after the last")
			if len(evs) != 0 {
				t.Errorf("%d events after the last seq, want 0", len(evs))
			}
		})
	})
}

// writeActions makes n writes as one writer: it creates an action, updates
// it, creates the next, and so on; each writer has its own actions, so no
// write conflicts with another.
func writeActions(by party, w *world, writer, n int) error {
	var current *ketenhub.Action
	for i := range n {
		if i%2 == 0 {
			a := w.newAction(fmt.Sprintf("Schrijver %d actie %d", writer, i), by)
			if err := w.Svc.Actions.CreateAction(by.Ctx, a); err != nil {
				return fmt.Errorf("create %d: %w", i, err)
			}
			current = a
			continue
		}
		upd, err := w.Svc.Actions.UpdateAction(by.Ctx, current.ID, ketenhub.ActionUpdate{CountDone: ptr(int64(i)), Version: current.Version})
		if err != nil {
			return fmt.Errorf("update %d of action %d at version %d: %w", i, current.ID, current.Version, err)
		}
		current = upd
	}
	return nil
}

// readSnapshots reads the workspace's sequence numbers until done is closed
// and checks that each snapshot is 1..k and that none is shorter than the
// one before. It returns how many snapshots it took and how many were
// neither the setup alone nor the final log.
func readSnapshots(t *testing.T, w *world, done <-chan struct{}, total int) (snapshots, partial int) {
	prev := 0
	for {
		select {
		case <-done:
			return snapshots, partial
		default:
		}
		var seqs []int64
		err := w.DB.Gorm().WithContext(context.Background()).Raw(`SELECT seq FROM events WHERE workspace_id = ? ORDER BY seq`, w.WS.ID).Scan(&seqs).Error
		if err != nil {
			t.Errorf("reader: %v", err)
			return snapshots, partial
		}
		snapshots++
		if err := checkGapless(seqs); err != nil {
			t.Errorf("reader snapshot %d: %v", snapshots, err)
			return snapshots, partial
		}
		if len(seqs) < prev {
			t.Errorf("reader snapshot %d has %d events, the one before %d: events disappeared", snapshots, len(seqs), prev)
			return snapshots, partial
		}
		prev = len(seqs)
		if len(seqs) > worldSetupEvents && len(seqs) < total {
			partial++
		}
	}
}

// checkGapless reports the first place where seqs is not 1, 2, 3, ...
func checkGapless(seqs []int64) error {
	for i, s := range seqs {
		if s != int64(i+1) {
			end := min(len(seqs), i+5)
			return fmt.Errorf("seq at position %d is %d, want %d (around it: %v; %d seqs in all)", i, s, i+1, seqs[max(0, i-3):end], len(seqs))
		}
	}
	return nil
}
