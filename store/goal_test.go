package store_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestGoals(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		svc := w.Svc.Goals

		g := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: " Zes integrale controles ", Target: ptr(6.0), Unit: "controles"}
		mustOK(t, svc.CreateGoal(w.Gemeente.Ctx, g), "create goal")
		if g.ID == 0 {
			t.Fatal("ID not set")
		}
		if g.Version != 1 || g.Title != "Zes integrale controles" {
			t.Errorf("created = %+v, want version 1 and a trimmed title", g)
		}
		ev := lastRawEvent(t, w.DB, w.WS.ID)
		if ev.Type != ketenhub.EventGoalCreated || ev.SubjectID != g.ID || ev.Seq != worldSetupEvents+1 {
			t.Errorf("event = %+v, want goal.created of %d at seq %d", ev, g.ID, worldSetupEvents+1)
		}

		t.Run("FindGoalByID", func(t *testing.T) {
			got, err := svc.FindGoalByID(w.GGD.Ctx, g.ID)
			mustOK(t, err, "find as meelezer")
			if got.Title != g.Title || got.Target == nil || *got.Target != 6 || got.Unit != "controles" || got.WorkspaceID != w.WS.ID {
				t.Errorf("found %+v, want %+v", got, g)
			}
			if got.Progress == nil || *got.Progress != (ketenhub.GoalProgress{}) {
				t.Errorf("Progress = %+v, want zero progress", got.Progress)
			}
			_, err = svc.FindGoalByID(w.Halt.Ctx, g.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.FindGoalByID(w.Gemeente.Ctx, 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("Update", func(t *testing.T) {
			w.Clock.Add(time.Hour)
			upd, err := svc.UpdateGoal(w.Gemeente.Ctx, g.ID, ketenhub.GoalUpdate{Target: ptr(8.0), Version: g.Version})
			mustOK(t, err, "update")
			if upd.Version != 2 || upd.Target == nil || *upd.Target != 8 || upd.Title != g.Title {
				t.Errorf("updated = %+v, want version 2, target 8, title unchanged", upd)
			}
			if !upd.UpdatedAt.Equal(w.Clock.Now()) {
				t.Errorf("UpdatedAt = %v, want %v", upd.UpdatedAt, w.Clock.Now())
			}
			if ev := lastRawEvent(t, w.DB, w.WS.ID); ev.Type != ketenhub.EventGoalUpdated || ev.SubjectID != g.ID {
				t.Errorf("event = %+v, want goal.updated", ev)
			}
			_, err = svc.UpdateGoal(w.Gemeente.Ctx, g.ID, ketenhub.GoalUpdate{Title: ptr("Stale"), Version: 1})
			e := wantCode(t, err, ketenhub.ECONFLICT)
			cur, ok := e.Current.(*ketenhub.Goal)
			if !ok {
				t.Fatalf("Current = %T, want *ketenhub.Goal", e.Current)
			}
			if cur.Version != 2 || cur.Title != g.Title || *cur.Target != 8 {
				t.Errorf("Current = %+v, want the stored version 2", cur)
			}
		})

		t.Run("ErrForbidden", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"partner": w.Politie.Ctx, "meelezer": w.GGD.Ctx, "beheerder": w.AdminCtx} {
				err := svc.CreateGoal(ctx, &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Eigen doel"})
				if got := ketenhub.ErrorCode(err); got != ketenhub.EFORBIDDEN {
					t.Errorf("%s create: code = %q, want forbidden", name, got)
				}
				_, err = svc.UpdateGoal(ctx, g.ID, ketenhub.GoalUpdate{Title: ptr("Eigen doel"), Version: 2})
				if got := ketenhub.ErrorCode(err); got != ketenhub.EFORBIDDEN {
					t.Errorf("%s update: code = %q, want forbidden", name, got)
				}
			}
			err := svc.CreateGoal(w.Halt.Ctx, &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Eigen doel"})
			wantCode(t, err, ketenhub.ENOTFOUND)
			err = svc.CreateGoal(context.Background(), &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Eigen doel"})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})

		t.Run("FindGoalsWithProgress", func(t *testing.T) {
			other := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Hackshield voor kinderen"}
			mustOK(t, svc.CreateGoal(w.Gemeente.Ctx, other), "create second goal")
			a := w.newAction("Controle bedrijventerrein", w.Politie)
			a.GoalID, a.CountTarget, a.CountDone, a.Status = &g.ID, ptr(int64(3)), 1, ketenhub.StatusLopend
			w.mustCreateAction(w.Politie, a)
			b := w.newAction("Hercontrole", w.Gemeente)
			b.GoalID, b.CountTarget, b.CountDone, b.Status = &g.ID, ptr(int64(2)), 2, ketenhub.StatusGereed
			w.mustCreateAction(w.Gemeente, b)
			w.mustCreateAction(w.Gemeente, w.newAction("Zonder doel", w.Gemeente))

			goals, err := svc.FindGoals(w.GGD.Ctx, w.WS.ID)
			mustOK(t, err, "find goals")
			if len(goals) != 2 || goals[0].ID != g.ID || goals[1].ID != other.ID {
				t.Fatalf("goals = %d, want [%d %d] in creation order", len(goals), g.ID, other.ID)
			}
			want := ketenhub.GoalProgress{Actions: 2, Done: 1, CountTarget: 5, CountDone: 3}
			if got := goals[0].Progress; got == nil || *got != want {
				t.Errorf("progress = %+v, want %+v", got, want)
			}
			if got := goals[1].Progress; got == nil || *got != (ketenhub.GoalProgress{}) {
				t.Errorf("progress of the goal without actions = %+v, want zero", got)
			}
			_, err = svc.FindGoals(w.Halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
	})
}

// TestGoals_ProgressOfHugeCounts: counts written before ketenhub.MaxCount
// existed, up to the int64 limit, must not make the sum overflow for
// everyone who sees the goal; each is taken at the bound.
func TestGoals_ProgressOfHugeCounts(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		g := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Controles"}
		mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, g), "create goal")
		for _, title := range []string{"Eerste", "Tweede", "Derde"} {
			a := w.newAction(title, w.Gemeente)
			a.GoalID, a.CountTarget, a.CountDone = &g.ID, ptr(int64(1)), 1
			w.mustCreateAction(w.Gemeente, a)
		}
		err := w.DB.Gorm().Exec(`UPDATE actions SET count_target = ?, count_done = ? WHERE goal_id = ?`,
			int64(math.MaxInt64), int64(math.MaxInt64-1), g.ID).Error
		mustOK(t, err, "write counts near the int64 limit")

		goals, err := w.Svc.Goals.FindGoals(w.GGD.Ctx, w.WS.ID)
		mustOK(t, err, "find goals")
		want := ketenhub.GoalProgress{Actions: 3, CountTarget: 3 * ketenhub.MaxCount, CountDone: 3 * ketenhub.MaxCount}
		if len(goals) != 1 || goals[0].Progress == nil || *goals[0].Progress != want {
			t.Fatalf("goals = %+v, want one with progress %+v", goals, want)
		}
		got, err := w.Svc.Goals.FindGoalByID(w.GGD.Ctx, g.ID)
		mustOK(t, err, "find goal")
		if *got.Progress != want {
			t.Errorf("progress = %+v, want %+v", got.Progress, want)
		}
	})
}

func TestGoals_Validation(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		tests := []struct {
			name  string
			goal  ketenhub.Goal
			field string
		}{
			{"EmptyTitle", ketenhub.Goal{Title: ""}, "title"},
			{"BlankTitle", ketenhub.Goal{Title: "\t\n"}, "title"},
			{"TitleTooLong", ketenhub.Goal{Title: strings.Repeat("ij", ketenhub.MaxTitle/2) + "x"}, "title"},
			{"TitleNotUTF8", ketenhub.Goal{Title: "Doel \xfe"}, "title"},
			{"NegativeTarget", ketenhub.Goal{Title: "Doel", Target: ptr(-1.0)}, "target"},
			{"UnitTooLong", ketenhub.Goal{Title: "Doel", Unit: strings.Repeat("u", ketenhub.MaxShort+1)}, "unit"},
			{"DescriptionTooLong", ketenhub.Goal{Title: "Doel", Description: strings.Repeat("d", ketenhub.MaxDescription+1)}, "description"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				g := tt.goal
				g.WorkspaceID = w.WS.ID
				wantField(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, &g), tt.field)
			})
		}
		t.Run("NothingWritten", func(t *testing.T) {
			if n := countRows(t, w.DB, "goals", "1 = 1"); n != 0 {
				t.Errorf("goals = %d, want 0", n)
			}
			if got, want := lastSeq(t, w.DB, w.WS.ID), int64(worldSetupEvents); got != want {
				t.Errorf("last_seq = %d, want %d", got, want)
			}
		})
		t.Run("TitleOfExactlyTheLimit", func(t *testing.T) {
			g := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: strings.Repeat("é", ketenhub.MaxTitle), Target: ptr(0.0)}
			mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, g), "create")
			_, err := w.Svc.Goals.UpdateGoal(w.Gemeente.Ctx, g.ID, ketenhub.GoalUpdate{Title: ptr(" "), Version: g.Version})
			wantField(t, err, "title")
			_, err = w.Svc.Goals.UpdateGoal(w.Gemeente.Ctx, g.ID, ketenhub.GoalUpdate{Target: ptr(-0.5), Version: g.Version})
			wantField(t, err, "target")
		})
	})
}
