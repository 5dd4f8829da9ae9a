package store_test

import (
	"fmt"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestActions_PageLimits checks the page sizes: 50 when none is asked, never
// more than 200, while the total still counts every match.
func TestActions_PageLimits(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		const n = 205
		for i := range n {
			w.mustCreateAction(w.Gemeente, w.newAction(fmt.Sprintf("Actie %03d", i), w.Gemeente))
		}
		for _, tt := range []struct {
			name  string
			limit int
			want  int
		}{
			{"Default", 0, 50},
			{"Negative", -5, 50},
			{"Asked", 120, 120},
			{"Capped", 1000, 200},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := w.Svc.Actions.FindActions(w.OM.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Limit: tt.limit})
				mustOK(t, err, "find actions")
				if len(got) != tt.want || total != n {
					t.Errorf("page of %d with total %d, want %d of %d", len(got), total, tt.want, n)
				}
			})
		}
	})
}
