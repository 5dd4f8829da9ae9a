package store_test

import (
	"fmt"
	"testing"

	"github.com/ketenhub/ketenhub"
)

func TestEvents(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		for i := range 7 {
			w.mustCreateAction(w.Politie, w.newAction(fmt.Sprintf("Actie %d", i), w.Politie))
		}
		const total = worldSetupEvents + 7
		// The gemeente became a member with event 2 (after workspace.created):
		// history follows sight, so its log starts there.
		const first = 2

		t.Run("AllInOrder", func(t *testing.T) {
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			mustOK(t, err, "find events")
			if len(evs) != total-first+1 {
				t.Fatalf("events = %d, want %d", len(evs), total-first+1)
			}
			for i, ev := range evs {
				if ev.Seq != int64(i+first) || ev.WorkspaceID != w.WS.ID {
					t.Errorf("event %d: seq %d workspace %d, want %d and %d", i, ev.Seq, ev.WorkspaceID, i+first, w.WS.ID)
				}
			}
			if evs[0].Type != ketenhub.EventMembershipSet || evs[len(evs)-1].Type != ketenhub.EventActionCreated {
				t.Errorf("first %q last %q, want membership.set (its own) and action.created", evs[0].Type, evs[len(evs)-1].Type)
			}
		})

		t.Run("AfterSeqPages", func(t *testing.T) {
			var seqs []int64
			after := int64(0)
			for pages := 0; ; pages++ {
				if pages > total {
					t.Fatal("paging does not end")
				}
				evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, AfterSeq: after, Limit: 5})
				mustOK(t, err, "find a page")
				if len(evs) > 5 {
					t.Fatalf("page of %d events, want at most 5", len(evs))
				}
				if len(evs) == 0 {
					break
				}
				for _, ev := range evs {
					seqs = append(seqs, ev.Seq)
				}
				after = evs[len(evs)-1].Seq
			}
			if len(seqs) != total-first+1 {
				t.Fatalf("paged %d events, want %d", len(seqs), total-first+1)
			}
			for i, s := range seqs {
				if s != int64(i+first) {
					t.Fatalf("paged seqs = %v, want %d..%d", seqs, first, total)
				}
			}
		})

		t.Run("SequencePerWorkspace", func(t *testing.T) {
			other := w.Workspace("Jeugd", member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur})
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: other.ID})
			mustOK(t, err, "events of the other workspace")
			if len(evs) != 1 || evs[0].Seq != 2 {
				t.Errorf("other workspace's events = %d, want seq 2 of its own (its membership)", len(evs))
			}
			if got := lastSeq(t, w.DB, w.WS.ID); got != total {
				t.Errorf("last_seq of the first workspace = %d, want %d", got, total)
			}
		})
	})
}
