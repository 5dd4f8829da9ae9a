package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestActions_ConflictRevealsNothing races a regisseur who restricts an
// action to the municipality against the owning partner's update from the
// same version. When the partner loses, its conflict must not carry the
// action it can no longer see: it gets ENOTFOUND instead.
func TestActions_ConflictRevealsNothing(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		secret := "Besloten: " + kind
		for round := range 30 {
			a := w.mustCreateAction(w.Politie, w.newAction(fmt.Sprintf("Ronde %d", round), w.Politie))
			var errGemeente, errPolitie error
			start := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				_, errGemeente = w.Svc.Actions.UpdateAction(w.Gemeente.Ctx, a.ID, ketenhub.ActionUpdate{
					Title: &secret, Visibility: ptr(restricted(w.Gemeente.Org.ID)), Version: a.Version})
			}()
			go func() {
				defer wg.Done()
				<-start
				_, errPolitie = w.Svc.Actions.UpdateAction(w.Politie.Ctx, a.ID, ketenhub.ActionUpdate{CountDone: ptr(int64(1)), Version: a.Version})
			}()
			close(start)
			wg.Wait()

			if (errGemeente == nil) == (errPolitie == nil) {
				t.Fatalf("round %d: want exactly one winner, got errors %v; %v", round, errGemeente, errPolitie)
			}
			if errGemeente != nil {
				wantCode(t, errGemeente, ketenhub.ECONFLICT)
				continue
			}
			switch e := ketenhub.ErrorOf(errPolitie); {
			case e == nil:
				t.Fatalf("round %d: partner's error = %v, want a domain error", round, errPolitie)
			case e.Code == ketenhub.ENOTFOUND:
			case e.Code == ketenhub.ECONFLICT:
				if cur, ok := e.Current.(*ketenhub.Action); !ok || cur.Visibility.Restricted() || cur.Title == secret {
					t.Fatalf("round %d: the partner's conflict carries %+v, which it may not see", round, e.Current)
				}
			default:
				t.Fatalf("round %d: partner's error = %v, want not found or conflict", round, errPolitie)
			}
		}
	})
}
