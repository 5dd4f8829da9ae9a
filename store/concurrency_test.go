package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestActions_ConcurrentUpdate races two updates based on the same version:
// one must win and the other get ECONFLICT with the winner's action, never a
// silent overwrite.
func TestActions_ConcurrentUpdate(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		for round := range 10 {
			a := w.mustCreateAction(w.Gemeente, w.newAction(fmt.Sprintf("Ronde %d", round), w.Politie))
			writers := []party{w.Gemeente, w.Politie}
			titles := []string{"Door de gemeente", "Door de politie"}
			results := make([]*ketenhub.Action, len(writers))
			errs := make([]error, len(writers))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					results[i], errs[i] = w.Svc.Actions.UpdateAction(writers[i].Ctx, a.ID, ketenhub.ActionUpdate{Title: &titles[i], Version: a.Version})
				}()
			}
			close(start)
			wg.Wait()

			winner, loser := 0, 1
			if errs[0] != nil {
				winner, loser = 1, 0
			}
			if errs[winner] != nil {
				t.Fatalf("round %d: both updates failed: %v; %v", round, errs[0], errs[1])
			}
			if errs[loser] == nil {
				t.Fatalf("round %d: both updates from version %d succeeded", round, a.Version)
			}
			e := ketenhub.ErrorOf(errs[loser])
			if e == nil || e.Code != ketenhub.ECONFLICT {
				t.Fatalf("round %d: loser's error = %v, want conflict", round, errs[loser])
			}
			cur, ok := e.Current.(*ketenhub.Action)
			if !ok {
				t.Fatalf("round %d: Current = %T, want *ketenhub.Action", round, e.Current)
			}
			if cur.Version != a.Version+1 || cur.Title != titles[winner] {
				t.Errorf("round %d: Current = version %d %q, want the winner's version %d %q", round, cur.Version, cur.Title, a.Version+1, titles[winner])
			}
			stored, err := w.Svc.Actions.FindActionByID(w.Gemeente.Ctx, a.ID)
			mustOK(t, err, "find")
			if stored.Version != results[winner].Version || stored.Title != titles[winner] {
				t.Errorf("round %d: stored version %d %q, want %d %q", round, stored.Version, stored.Title, results[winner].Version, titles[winner])
			}
		}
		// Ten creates, ten winning updates; the losers wrote nothing.
		if got, want := lastSeq(t, w.DB, w.WS.ID), int64(worldSetupEvents+20); got != want {
			t.Errorf("last_seq = %d, want %d", got, want)
		}
	})
}

// TestWorkspaces_ConcurrentMembershipRemoval removes the two regisseurs at
// once, round after round: removing either alone is fine, but the workspace
// must keep one (a check-then-delete without a lock lets both through).
func TestWorkspaces_ConcurrentMembershipRemoval(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		regisseurs := []int64{w.Gemeente.Org.ID, w.OM.Org.ID}
		for round := range 50 {
			for _, org := range regisseurs {
				_, err := w.Svc.Workspaces.SetMembership(w.AdminCtx, w.WS.ID, org, ketenhub.RoleRegisseur)
				mustOK(t, err, fmt.Sprintf("round %d: make %d regisseur", round, org))
			}
			errs := make([]error, len(regisseurs))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, org := range regisseurs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = w.Svc.Workspaces.DeleteMembership(w.AdminCtx, w.WS.ID, org)
				}()
			}
			close(start)
			wg.Wait()
			if n := countRows(t, w.DB, "memberships", "workspace_id = ? AND role = ?", w.WS.ID, string(ketenhub.RoleRegisseur)); n != 1 {
				t.Fatalf("round %d: regisseurs left = %d (errors %v; %v), want exactly 1", round, n, errs[0], errs[1])
			}
			failed := 0
			for _, err := range errs {
				if err != nil {
					failed++
					if code := ketenhub.ErrorCode(err); code != ketenhub.ECONFLICT {
						t.Errorf("round %d: refused removal: code %q (%v), want conflict", round, code, err)
					}
				}
			}
			if failed != 1 {
				t.Fatalf("round %d: %d removals failed, want exactly 1", round, failed)
			}
		}
	})
}
