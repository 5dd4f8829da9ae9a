package store_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestActions_CreateAndFind(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		goal := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Integrale controles"}
		mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, goal), "create goal")

		a := &ketenhub.Action{WorkspaceID: w.WS.ID, GoalID: &goal.ID, Title: "  Zes integrale controles  ", Description: "Met Belastingdienst",
			OwnerOrganisationID: w.Politie.Org.ID, LeadUserID: &w.Politie.User.ID, DueDate: ptr("2026-06-30"),
			CountTarget: ptr(int64(6)), CountDone: 1, ExternalRef: "GCOS-2026-17", Visibility: everyone}
		mustOK(t, w.Svc.Actions.CreateAction(w.Politie.Ctx, a), "create as partner")
		if a.ID == 0 {
			t.Fatal("ID not set")
		}
		if a.Version != 1 || a.Status != ketenhub.StatusOpen || a.Title != "Zes integrale controles" {
			t.Errorf("created = version %d status %q title %q; want 1, open, trimmed", a.Version, a.Status, a.Title)
		}
		if a.Visibility.Scope != ketenhub.ScopeWorkspace {
			t.Errorf("Visibility = %+v, want the default: the whole workspace", a.Visibility)
		}
		if a.CreatedByUserID != w.Politie.User.ID || a.CreatedByOrgID != w.Politie.Org.ID {
			t.Errorf("created by user %d org %d, want %d of %d", a.CreatedByUserID, a.CreatedByOrgID, w.Politie.User.ID, w.Politie.Org.ID)
		}

		t.Run("Event", func(t *testing.T) {
			// After the setup and the goal.
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, AfterSeq: worldSetupEvents + 1})
			mustOK(t, err, "find events")
			if len(evs) != 1 {
				t.Fatalf("events after setup = %d, want 1", len(evs))
			}
			ev := evs[0]
			if ev.Type != ketenhub.EventActionCreated || ev.Seq != worldSetupEvents+2 || ev.Subject != ketenhub.SubjectAction || ev.SubjectID != a.ID {
				t.Errorf("event = %s seq %d %s %d; want action.created seq %d of action %d", ev.Type, ev.Seq, ev.Subject, ev.SubjectID, worldSetupEvents+2, a.ID)
			}
			if ev.ActorUserID != w.Politie.User.ID || ev.ActorOrgID != w.Politie.Org.ID || ev.WorkspaceID != w.WS.ID {
				t.Errorf("event actor = %d/%d in %d, want %d/%d in %d", ev.ActorUserID, ev.ActorOrgID, ev.WorkspaceID, w.Politie.User.ID, w.Politie.Org.ID, w.WS.ID)
			}
			if !ev.CreatedAt.Equal(w.Clock.Now()) {
				t.Errorf("event time = %v, want %v", ev.CreatedAt, w.Clock.Now())
			}
			var payload ketenhub.Action
			if err := json.Unmarshal(ev.Payload, &payload); err != nil {
				t.Fatalf("payload %s: %v", ev.Payload, err)
			}
			if payload.ID != a.ID || payload.Title != a.Title {
				t.Errorf("payload = %s, want the created action", ev.Payload)
			}
		})

		t.Run("FindActionByID", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"regisseur": w.Gemeente.Ctx, "partner": w.OM.Ctx, "meelezer": w.GGD.Ctx} {
				got, err := w.Svc.Actions.FindActionByID(ctx, a.ID)
				mustOK(t, err, "find as "+name)
				if got.Title != a.Title || got.Description != a.Description || got.OwnerOrganisationID != w.Politie.Org.ID ||
					got.GoalID == nil || *got.GoalID != goal.ID || got.LeadUserID == nil || *got.LeadUserID != w.Politie.User.ID ||
					got.DueDate == nil || *got.DueDate != "2026-06-30" || got.CountTarget == nil || *got.CountTarget != 6 ||
					got.CountDone != 1 || got.ExternalRef != "GCOS-2026-17" || got.Version != 1 || got.WorkspaceID != w.WS.ID {
					t.Errorf("%s found %+v, want %+v", name, got, a)
				}
				if !got.CreatedAt.Equal(w.Clock.Now()) || !got.UpdatedAt.Equal(w.Clock.Now()) {
					t.Errorf("%s: times %v %v, want %v", name, got.CreatedAt, got.UpdatedAt, w.Clock.Now())
				}
			}
			_, err := w.Svc.Actions.FindActionByID(w.Gemeente.Ctx, 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Actions.FindActionByID(w.Halt.Ctx, a.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Actions.FindActionByID(context.Background(), a.ID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})

		t.Run("OwnerDefaultsToViewer", func(t *testing.T) {
			b := &ketenhub.Action{WorkspaceID: w.WS.ID, Title: "Hackshield", Visibility: everyone}
			mustOK(t, w.Svc.Actions.CreateAction(w.OM.Ctx, b), "create without owner")
			if b.OwnerOrganisationID != w.OM.Org.ID {
				t.Errorf("owner = %d, want the creator's organisation %d", b.OwnerOrganisationID, w.OM.Org.ID)
			}
		})
	})
}

func TestActions_Update(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		a := w.mustCreateAction(w.Politie, w.newAction("Controle", w.Politie))
		w.Clock.Add(24 * time.Hour)

		upd, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, a.ID, ketenhub.ActionUpdate{
			Status: ptr(ketenhub.StatusLopend), CountDone: ptr(int64(2)), DueDate: ptr("2026-04-01"), Version: a.Version})
		mustOK(t, err, "update")
		if upd.Version != 2 || upd.Status != ketenhub.StatusLopend || upd.CountDone != 2 || upd.DueDate == nil || *upd.DueDate != "2026-04-01" || upd.Title != "Controle" {
			t.Errorf("updated = %+v", upd)
		}
		if !upd.UpdatedAt.Equal(w.Clock.Now()) || upd.CreatedAt.Equal(upd.UpdatedAt) {
			t.Errorf("times created %v updated %v, want updated at %v", upd.CreatedAt, upd.UpdatedAt, w.Clock.Now())
		}
		ev := lastRawEvent(t, w.DB, w.WS.ID)
		if ev.Type != ketenhub.EventActionUpdated || ev.SubjectID != a.ID || ev.Seq != worldSetupEvents+2 {
			t.Errorf("event = %+v, want action.updated at seq %d", ev, worldSetupEvents+2)
		}

		t.Run("Clear", func(t *testing.T) {
			got, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, a.ID, ketenhub.ActionUpdate{ClearDueDate: true, Version: upd.Version})
			mustOK(t, err, "clear due date")
			if got.DueDate != nil || got.Version != 3 {
				t.Errorf("after clear: due %v version %d, want nil and 3", got.DueDate, got.Version)
			}
			upd = got
		})

		t.Run("ErrConflict", func(t *testing.T) {
			_, err := w.Svc.Actions.UpdateAction(w.Gemeente.Ctx, a.ID, ketenhub.ActionUpdate{Title: ptr("Stale"), Version: 1})
			e := wantCode(t, err, ketenhub.ECONFLICT)
			cur, ok := e.Current.(*ketenhub.Action)
			if !ok {
				t.Fatalf("Current = %T, want *ketenhub.Action", e.Current)
			}
			if cur.Version != upd.Version || cur.Title != "Controle" || cur.Status != ketenhub.StatusLopend {
				t.Errorf("Current = %+v, want the stored version %d", cur, upd.Version)
			}
			if got := lastSeq(t, w.DB, w.WS.ID); got != worldSetupEvents+3 {
				t.Errorf("last_seq = %d, want %d: a conflict writes no event", got, worldSetupEvents+3)
			}
		})

		t.Run("ErrVersionMissing", func(t *testing.T) {
			_, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, a.ID, ketenhub.ActionUpdate{Title: ptr("Zonder versie")})
			wantField(t, err, "version")
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, 999999, ketenhub.ActionUpdate{Title: ptr("x"), Version: 1})
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Actions.UpdateAction(w.Halt.Ctx, a.ID, ketenhub.ActionUpdate{Title: ptr("x"), Version: upd.Version})
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
	})
}

func TestActions_FindFilterSortPage(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind) // the clock says 2026-03-02
		goal := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Doel"}
		mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, goal), "create goal")
		mk := func(title string, owner party, status ketenhub.ActionStatus, due string, withGoal bool) *ketenhub.Action {
			a := w.newAction(title, owner)
			a.Status = status
			if due != "" {
				a.DueDate = ptr(due)
			}
			if withGoal {
				a.GoalID = &goal.ID
			}
			w.Clock.Add(time.Minute)
			return w.mustCreateAction(w.Gemeente, a)
		}
		bravo := mk("bravo", w.Politie, ketenhub.StatusOpen, "2026-01-10", true)         // overdue
		alpha := mk("Alpha", w.OM, ketenhub.StatusLopend, "2026-05-01", false)           // future
		charlie := mk("charlie", w.Politie, ketenhub.StatusGereed, "2026-01-01", true)   // past but closed
		delta := mk("Delta", w.Gemeente, ketenhub.StatusGeblokkeerd, "", false)          // no due date
		echo := mk("echo", w.OM, ketenhub.StatusVervallen, "2026-02-01", false)          // past but closed
		foxtrot := mk("foxtrot", w.Gemeente, ketenhub.StatusLopend, "2026-03-01", false) // overdue by a day

		tests := []struct {
			name      string
			filter    ketenhub.ActionFilter
			want      []*ketenhub.Action
			wantTotal int
		}{
			{"DefaultByDueDate", ketenhub.ActionFilter{}, []*ketenhub.Action{charlie, bravo, echo, foxtrot, alpha, delta}, 6},
			{"ByDueDateDescendingNullsStillLast", ketenhub.ActionFilter{Sort: "due_date", Descending: true}, []*ketenhub.Action{alpha, foxtrot, echo, bravo, charlie, delta}, 6},
			{"ByTitle", ketenhub.ActionFilter{Sort: "title"}, []*ketenhub.Action{alpha, bravo, charlie, delta, echo, foxtrot}, 6},
			{"ByTitleDescending", ketenhub.ActionFilter{Sort: "title", Descending: true}, []*ketenhub.Action{foxtrot, echo, delta, charlie, bravo, alpha}, 6},
			{"ByStatus", ketenhub.ActionFilter{Sort: "status"}, []*ketenhub.Action{bravo, alpha, foxtrot, charlie, delta, echo}, 6},
			{"ByCreatedAt", ketenhub.ActionFilter{Sort: "created_at"}, []*ketenhub.Action{bravo, alpha, charlie, delta, echo, foxtrot}, 6},
			{"Statuses", ketenhub.ActionFilter{Statuses: []ketenhub.ActionStatus{ketenhub.StatusLopend, ketenhub.StatusOpen}, Sort: "title"}, []*ketenhub.Action{alpha, bravo, foxtrot}, 3},
			{"Owner", ketenhub.ActionFilter{OwnerOrganisationID: w.OM.Org.ID, Sort: "title"}, []*ketenhub.Action{alpha, echo}, 2},
			{"Goal", ketenhub.ActionFilter{GoalID: goal.ID, Sort: "title"}, []*ketenhub.Action{bravo, charlie}, 2},
			{"DueBefore", ketenhub.ActionFilter{DueBefore: ptr("2026-02-01"), Sort: "title"}, []*ketenhub.Action{bravo, charlie, echo}, 3},
			{"DueAfter", ketenhub.ActionFilter{DueAfter: ptr("2026-03-01"), Sort: "title"}, []*ketenhub.Action{alpha, foxtrot}, 2},
			{"Overdue", ketenhub.ActionFilter{Overdue: true, Sort: "title"}, []*ketenhub.Action{bravo, foxtrot}, 2},
			{"FirstPage", ketenhub.ActionFilter{Sort: "title", Limit: 4}, []*ketenhub.Action{alpha, bravo, charlie, delta}, 6},
			{"SecondPage", ketenhub.ActionFilter{Sort: "title", Limit: 4, Offset: 4}, []*ketenhub.Action{echo, foxtrot}, 6},
			{"PastTheEnd", ketenhub.ActionFilter{Sort: "title", Limit: 4, Offset: 8}, nil, 6},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.filter
				f.WorkspaceID = w.WS.ID
				got, total, err := w.Svc.Actions.FindActions(w.GGD.Ctx, f)
				mustOK(t, err, "find actions")
				if !slices.Equal(ids(got), ids(tt.want)) {
					t.Errorf("ids = %v, want %v", ids(got), ids(tt.want))
				}
				if total != tt.wantTotal {
					t.Errorf("total = %d, want %d", total, tt.wantTotal)
				}
			})
		}

		t.Run("OverdueFollowsTheClock", func(t *testing.T) {
			w.Clock.Set(time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC))
			defer w.Clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
			got, _, err := w.Svc.Actions.FindActions(w.GGD.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Overdue: true, Sort: "title"})
			mustOK(t, err, "find overdue")
			if want := []*ketenhub.Action{alpha, bravo, foxtrot}; !slices.Equal(ids(got), ids(want)) {
				t.Errorf("overdue on 2 May = %v, want %v", ids(got), ids(want))
			}
		})

		t.Run("Summary", func(t *testing.T) {
			sum, err := w.Svc.Actions.SummarizeActions(w.GGD.Ctx, w.WS.ID)
			mustOK(t, err, "summarize")
			if sum.Total != 6 || sum.Overdue != 2 {
				t.Errorf("total %d overdue %d, want 6 and 2", sum.Total, sum.Overdue)
			}
			want := map[ketenhub.ActionStatus]int{ketenhub.StatusOpen: 1, ketenhub.StatusLopend: 2, ketenhub.StatusGereed: 1, ketenhub.StatusGeblokkeerd: 1, ketenhub.StatusVervallen: 1}
			for st, n := range want {
				if sum.ByStatus[st] != n {
					t.Errorf("ByStatus[%s] = %d, want %d", st, sum.ByStatus[st], n)
				}
			}
			_, err = w.Svc.Actions.SummarizeActions(w.Halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("Errors", func(t *testing.T) {
			_, _, err := w.Svc.Actions.FindActions(w.GGD.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Sort: "password"})
			wantField(t, err, "sort")
			_, _, err = w.Svc.Actions.FindActions(w.GGD.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Sort: "title; DROP TABLE actions"})
			wantField(t, err, "sort")
			_, _, err = w.Svc.Actions.FindActions(w.Halt.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, _, err = w.Svc.Actions.FindActions(context.Background(), ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}

func TestActions_Validation(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		otherWS := w.Workspace("Jeugd", member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur})
		foreignGoal := &ketenhub.Goal{WorkspaceID: otherWS.ID, Title: "Ander doel"}
		mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, foreignGoal), "create goal elsewhere")
		before := lastSeq(t, w.DB, w.WS.ID)

		tests := []struct {
			name   string
			modify func(a *ketenhub.Action)
			field  string
		}{
			{"EmptyTitle", func(a *ketenhub.Action) { a.Title = "" }, "title"},
			{"BlankTitle", func(a *ketenhub.Action) { a.Title = "  \n " }, "title"},
			{"TitleTooLong", func(a *ketenhub.Action) { a.Title = strings.Repeat("ü", ketenhub.MaxTitle+1) }, "title"},
			{"TitleNotUTF8", func(a *ketenhub.Action) { a.Title = "Controle \xed\xa0\x80" }, "title"},
			{"TitleControlChar", func(a *ketenhub.Action) { a.Title = "Controle\x07" }, "title"},
			{"DescriptionNotUTF8", func(a *ketenhub.Action) { a.Description = "\x80" }, "description"},
			{"ExternalRefTooLong", func(a *ketenhub.Action) { a.ExternalRef = strings.Repeat("x", ketenhub.MaxShort+1) }, "external_ref"},
			{"BadStatus", func(a *ketenhub.Action) { a.Status = "klaar" }, "status"},
			{"BadDueDateMonth", func(a *ketenhub.Action) { a.DueDate = ptr("2026-13-01") }, "due_date"},
			{"BadDueDateFormat", func(a *ketenhub.Action) { a.DueDate = ptr("1-4-2026") }, "due_date"},
			{"BadDueDateFeb30", func(a *ketenhub.Action) { a.DueDate = ptr("2026-02-30") }, "due_date"},
			{"DueDateWithTime", func(a *ketenhub.Action) { a.DueDate = ptr("2026-04-01T00:00:00Z") }, "due_date"},
			{"EmptyDueDate", func(a *ketenhub.Action) { a.DueDate = ptr("") }, "due_date"},
			{"NegativeCountTarget", func(a *ketenhub.Action) { a.CountTarget = ptr(int64(-1)) }, "count_target"},
			{"NegativeCountDone", func(a *ketenhub.Action) { a.CountDone = -3 }, "count_done"},
			{"CountTargetOverBound", func(a *ketenhub.Action) { a.CountTarget = ptr(int64(ketenhub.MaxCount + 1)) }, "count_target"},
			{"CountDoneNearInt64Limit", func(a *ketenhub.Action) { a.CountDone = math.MaxInt64 - 1 }, "count_done"},
			{"BadScope", func(a *ketenhub.Action) { a.Visibility = ketenhub.Visibility{Scope: "public"} }, "visibility"},
			{"WorkspaceScopeNamingOrgs", func(a *ketenhub.Action) {
				a.Visibility = ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace, Organisations: []int64{w.OM.Org.ID}}
			}, "visibility"},
			{"RestrictedToNonMember", func(a *ketenhub.Action) { a.Visibility = restricted(w.OM.Org.ID, w.Halt.Org.ID) }, "visibility"},
			{"RestrictedToUnknownOrg", func(a *ketenhub.Action) { a.Visibility = restricted(999999) }, "visibility"},
			{"OwnerNotMember", func(a *ketenhub.Action) { a.OwnerOrganisationID = w.Halt.Org.ID }, "owner_organisation_id"},
			{"OwnerUnknown", func(a *ketenhub.Action) { a.OwnerOrganisationID = 999999 }, "owner_organisation_id"},
			{"LeadOfNonMember", func(a *ketenhub.Action) { a.LeadUserID = &w.Halt.User.ID }, "lead_user_id"},
			{"GoalOfOtherWorkspace", func(a *ketenhub.Action) { a.GoalID = &foreignGoal.ID }, "goal_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := w.newAction("Controle", w.Politie)
				tt.modify(a)
				wantField(t, w.Svc.Actions.CreateAction(w.Gemeente.Ctx, a), tt.field)
			})
		}
		t.Run("NothingWritten", func(t *testing.T) {
			if n := countRows(t, w.DB, "actions", "1 = 1"); n != 0 {
				t.Errorf("actions = %d after refused creates, want 0", n)
			}
			if got := lastSeq(t, w.DB, w.WS.ID); got != before {
				t.Errorf("last_seq = %d, want %d", got, before)
			}
		})

		t.Run("LimitsOK", func(t *testing.T) {
			a := w.newAction(strings.Repeat("ü", ketenhub.MaxTitle), w.Politie)
			a.DueDate, a.CountTarget, a.Description = ptr("2028-02-29"), ptr(int64(0)), "Regel 1\nRegel 2\tmet tab"
			mustOK(t, w.Svc.Actions.CreateAction(w.Gemeente.Ctx, a), "create at the limits")
		})

		t.Run("Update", func(t *testing.T) {
			a := w.mustCreateAction(w.Politie, w.newAction("Te wijzigen", w.Politie))
			seq := lastSeq(t, w.DB, w.WS.ID)
			updates := []struct {
				name  string
				upd   ketenhub.ActionUpdate
				field string
			}{
				{"EmptyTitle", ketenhub.ActionUpdate{Title: ptr(" ")}, "title"},
				{"TitleTooLong", ketenhub.ActionUpdate{Title: ptr(strings.Repeat("a", ketenhub.MaxTitle+1))}, "title"},
				{"BadStatus", ketenhub.ActionUpdate{Status: ptr(ketenhub.ActionStatus("done"))}, "status"},
				{"BadDueDate", ketenhub.ActionUpdate{DueDate: ptr("2026-04-31")}, "due_date"},
				{"NegativeCountDone", ketenhub.ActionUpdate{CountDone: ptr(int64(-1))}, "count_done"},
				{"NegativeCountTarget", ketenhub.ActionUpdate{CountTarget: ptr(int64(-1))}, "count_target"},
				{"CountDoneOverBound", ketenhub.ActionUpdate{CountDone: ptr(int64(ketenhub.MaxCount + 1))}, "count_done"},
				{"CountTargetNearInt64Limit", ketenhub.ActionUpdate{CountTarget: ptr(int64(math.MaxInt64))}, "count_target"},
				{"RestrictedToNonMember", ketenhub.ActionUpdate{Visibility: ptr(restricted(w.Halt.Org.ID))}, "visibility"},
			}
			for _, tt := range updates {
				t.Run(tt.name, func(t *testing.T) {
					tt.upd.Version = a.Version
					_, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, a.ID, tt.upd)
					wantField(t, err, tt.field)
				})
			}
			t.Run("OwnerNotMember", func(t *testing.T) {
				_, err := w.Svc.Actions.UpdateAction(w.Gemeente.Ctx, a.ID, ketenhub.ActionUpdate{OwnerOrganisationID: &w.Halt.Org.ID, Version: a.Version})
				wantField(t, err, "owner_organisation_id")
			})
			got, err := w.Svc.Actions.FindActionByID(w.Politie.Ctx, a.ID)
			mustOK(t, err, "find")
			if got.Version != a.Version || got.Title != a.Title {
				t.Errorf("after refused updates: version %d title %q, want %d %q", got.Version, got.Title, a.Version, a.Title)
			}
			if now := lastSeq(t, w.DB, w.WS.ID); now != seq {
				t.Errorf("last_seq = %d after refused updates, want %d", now, seq)
			}
		})
	})
}
