package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// secretWorld is a world with a goal, an action for the whole workspace and
// one restricted to the police and the OM ("A" and "B"); the municipality
// ("C", the regisseur) and the GGD are members that may not see it.
type secretWorld struct {
	*world
	Goal               *ketenhub.Goal
	Public, Secret     *ketenhub.Action
	PublicNote         *ketenhub.Comment // on Public, for the whole workspace
	PrivateNote        *ketenhub.Comment // on Public, restricted to A and B
	SecretNote         *ketenhub.Comment // on Secret, so restricted to A and B
	hiddenFromGemeente int               // events the municipality may not see
}

func newSecretWorld(t *testing.T, kind string) *secretWorld {
	t.Helper()
	w := &secretWorld{world: newWorld(t, kind)}
	w.Goal = &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Ondermijning terugdringen"}
	mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, w.Goal), "create goal")

	pub := w.newAction("Integrale controle", w.Gemeente)
	pub.GoalID, pub.Status, pub.CountTarget, pub.CountDone = &w.Goal.ID, ketenhub.StatusGereed, ptr(int64(6)), 6
	w.Public = w.mustCreateAction(w.Gemeente, pub)

	// The police name only the OM: the creating organisation is added.
	sec := w.newAction("Observatie pand Havenstraat", w.Politie)
	sec.GoalID, sec.Status, sec.DueDate, sec.CountTarget, sec.CountDone = &w.Goal.ID, ketenhub.StatusLopend, ptr("2026-01-15"), ptr(int64(10)), 4
	sec.Visibility = restricted(w.OM.Org.ID)
	w.Secret = w.mustCreateAction(w.Politie, sec)

	w.PublicNote = w.comment(w.Gemeente, w.Public.ID, everyone, "Gereed, zie verslag.")
	w.PrivateNote = w.comment(w.Politie, w.Public.ID, restricted(w.OM.Org.ID), "Lopend onderzoek, niet delen.")
	w.SecretNote = w.comment(w.Politie, w.Secret.ID, everyone, "Observatie start maandag.")
	w.hiddenFromGemeente = 3 // Secret created, PrivateNote and SecretNote
	return w
}

func (w *secretWorld) comment(by party, actionID int64, vis ketenhub.Visibility, body string) *ketenhub.Comment {
	w.tb.Helper()
	c := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: actionID, Body: body, Visibility: vis}
	if err := w.Svc.Comments.CreateComment(by.Ctx, c); err != nil {
		w.tb.Fatalf("comment on %d: %v", actionID, err)
	}
	return c
}

func TestVisibility_RestrictedAction(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newSecretWorld(t, kind)
		a, b := w.Politie, w.OM
		ab := []int64{a.Org.ID, b.Org.ID} // the police were created first: sorted

		t.Run("CreatorAlwaysIncluded", func(t *testing.T) {
			if w.Secret.Visibility.Scope != ketenhub.ScopeRestricted || !slices.Equal(w.Secret.Visibility.Organisations, ab) {
				t.Errorf("Visibility = %+v, want restricted to %v", w.Secret.Visibility, ab)
			}
		})

		outsiders := map[string]context.Context{"regisseur C": w.Gemeente.Ctx, "meelezer": w.GGD.Ctx, "beheerder": w.AdminCtx}
		t.Run("FindActionByID", func(t *testing.T) {
			for name, ctx := range outsiders {
				if _, err := w.Svc.Actions.FindActionByID(ctx, w.Secret.ID); ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND {
					t.Errorf("%s: err = %v, want not found", name, err)
				}
			}
			for _, p := range []party{a, b} {
				got, err := w.Svc.Actions.FindActionByID(p.Ctx, w.Secret.ID)
				mustOK(t, err, "find as "+p.Org.Name)
				if !slices.Equal(got.Visibility.Organisations, ab) {
					t.Errorf("%s sees visibility %+v, want %v", p.Org.Name, got.Visibility, ab)
				}
			}
		})

		t.Run("FindActions", func(t *testing.T) {
			check := func(name string, ctx context.Context, want []int64) {
				t.Helper()
				got, total, err := w.Svc.Actions.FindActions(ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Sort: "created_at"})
				mustOK(t, err, "find actions as "+name)
				if !slices.Equal(ids(got), want) || total != len(want) {
					t.Errorf("%s: ids %v total %d, want %v total %d", name, ids(got), total, want, len(want))
				}
			}
			check("regisseur C", w.Gemeente.Ctx, []int64{w.Public.ID})
			check("meelezer", w.GGD.Ctx, []int64{w.Public.ID})
			check("beheerder", w.AdminCtx, []int64{}) // not a member: reads no item at all
			check("A", a.Ctx, []int64{w.Public.ID, w.Secret.ID})
			check("B", b.Ctx, []int64{w.Public.ID, w.Secret.ID})

			// Filters that match only the secret action reveal nothing either.
			got, total, err := w.Svc.Actions.FindActions(w.Gemeente.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, OwnerOrganisationID: a.Org.ID})
			mustOK(t, err, "filter by owner")
			if len(got) != 0 || total != 0 {
				t.Errorf("C filtering on A's actions: %v total %d, want none", ids(got), total)
			}
			_, total, err = w.Svc.Actions.FindActions(w.Gemeente.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID, Overdue: true})
			mustOK(t, err, "filter overdue")
			if total != 0 {
				t.Errorf("C's overdue total = %d, want 0", total)
			}
		})

		t.Run("SummarizeActions", func(t *testing.T) {
			sum, err := w.Svc.Actions.SummarizeActions(w.Gemeente.Ctx, w.WS.ID)
			mustOK(t, err, "summary as C")
			if sum.Total != 1 || sum.ByStatus[ketenhub.StatusLopend] != 0 || sum.ByStatus[ketenhub.StatusGereed] != 1 || sum.Overdue != 0 {
				t.Errorf("C's summary = %+v, want 1 gereed and nothing else", sum)
			}
			sum, err = w.Svc.Actions.SummarizeActions(b.Ctx, w.WS.ID)
			mustOK(t, err, "summary as B")
			if sum.Total != 2 || sum.ByStatus[ketenhub.StatusLopend] != 1 || sum.Overdue != 1 {
				t.Errorf("B's summary = %+v, want 2 with 1 lopend, 1 overdue", sum)
			}
		})

		t.Run("GoalProgress", func(t *testing.T) {
			progress := func(name string, ctx context.Context) ketenhub.GoalProgress {
				t.Helper()
				goals, err := w.Svc.Goals.FindGoals(ctx, w.WS.ID)
				mustOK(t, err, "goals as "+name)
				if len(goals) != 1 || goals[0].Progress == nil {
					t.Fatalf("%s: goals %+v, want one with progress", name, goals)
				}
				g, err := w.Svc.Goals.FindGoalByID(ctx, w.Goal.ID)
				mustOK(t, err, "goal as "+name)
				if g.Progress == nil || *g.Progress != *goals[0].Progress {
					t.Errorf("%s: FindGoalByID progress %+v, FindGoals %+v; want equal", name, g.Progress, goals[0].Progress)
				}
				return *goals[0].Progress
			}
			if got, want := progress("C", w.Gemeente.Ctx), (ketenhub.GoalProgress{Actions: 1, Done: 1, CountTarget: 6, CountDone: 6}); got != want {
				t.Errorf("C's progress = %+v, want %+v", got, want)
			}
			if got, want := progress("B", b.Ctx), (ketenhub.GoalProgress{Actions: 2, Done: 1, CountTarget: 16, CountDone: 10}); got != want {
				t.Errorf("B's progress = %+v, want %+v", got, want)
			}
		})

		t.Run("FindEvents", func(t *testing.T) {
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, Limit: 1000})
			mustOK(t, err, "events as regisseur C")
			for _, ev := range evs {
				if (ev.Subject == ketenhub.SubjectAction && ev.SubjectID == w.Secret.ID) ||
					(ev.Subject == ketenhub.SubjectComment && (ev.SubjectID == w.PrivateNote.ID || ev.SubjectID == w.SecretNote.ID)) {
					t.Errorf("C sees event %d %s of %s %d", ev.Seq, ev.Type, ev.Subject, ev.SubjectID)
				}
				if ev.Visibility.Restricted() {
					t.Errorf("C sees restricted event %d %s", ev.Seq, ev.Type)
				}
			}
			raw := rawEvents(t, w.DB, w.WS.ID)
			// workspace.created came before the gemeente's membership.
			if got, want := len(evs), len(raw)-w.hiddenFromGemeente-1; got != want {
				t.Errorf("C sees %d of %d events, want %d", got, len(raw), want)
			}
		})

		t.Run("FindComments", func(t *testing.T) {
			for name, ctx := range outsiders {
				if _, err := w.Svc.Comments.FindComments(ctx, ketenhub.SubjectAction, w.Secret.ID); ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND {
					t.Errorf("%s: comments on the secret action: err = %v, want not found", name, err)
				}
			}
			list, err := w.Svc.Comments.FindComments(w.Gemeente.Ctx, ketenhub.SubjectAction, w.Public.ID)
			mustOK(t, err, "comments on the public action as C")
			if len(list) != 1 || list[0].ID != w.PublicNote.ID {
				t.Errorf("C sees %d comments on the public action, want only %d", len(list), w.PublicNote.ID)
			}
			list, err = w.Svc.Comments.FindComments(b.Ctx, ketenhub.SubjectAction, w.Public.ID)
			mustOK(t, err, "comments on the public action as B")
			if len(list) != 2 || list[0].ID != w.PublicNote.ID || list[1].ID != w.PrivateNote.ID {
				t.Errorf("B sees %d comments on the public action, want both, oldest first", len(list))
			}
			list, err = w.Svc.Comments.FindComments(b.Ctx, ketenhub.SubjectAction, w.Secret.ID)
			mustOK(t, err, "comments on the secret action as B")
			if len(list) != 1 || list[0].ID != w.SecretNote.ID {
				t.Fatalf("B sees %d comments on the secret action, want 1", len(list))
			}
			if v := list[0].Visibility; !v.Restricted() || !slices.Equal(v.Organisations, ab) {
				t.Errorf("comment on the secret action has visibility %+v, want narrowed to %v", v, ab)
			}
		})

		t.Run("NoWritesThroughTheHole", func(t *testing.T) {
			_, err := w.Svc.Actions.UpdateAction(w.Gemeente.Ctx, w.Secret.ID, ketenhub.ActionUpdate{Title: ptr("Gezien"), Version: w.Secret.Version})
			wantCode(t, err, ketenhub.ENOTFOUND)
			err = w.Svc.Comments.CreateComment(w.Gemeente.Ctx, &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: w.Secret.ID, Body: "Hallo?", Visibility: everyone})
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
	})
}

func TestVisibility_Change(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newSecretWorld(t, kind)

		opened, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, w.Secret.ID, ketenhub.ActionUpdate{
			Visibility: &everyone, Version: w.Secret.Version})
		mustOK(t, err, "open up the action")
		if opened.Visibility.Scope != ketenhub.ScopeWorkspace || len(opened.Visibility.Organisations) != 0 {
			t.Errorf("visibility = %+v, want the whole workspace", opened.Visibility)
		}
		_, err = w.Svc.Actions.FindActionByID(w.Gemeente.Ctx, w.Secret.ID)
		mustOK(t, err, "C finds the opened action")

		evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, Limit: 1000})
		mustOK(t, err, "events as C")
		last := evs[len(evs)-1]
		if last.Type != ketenhub.EventActionUpdated || last.SubjectID != w.Secret.ID {
			t.Fatalf("C's last event = %s of %d, want the action.updated that opened %d", last.Type, last.SubjectID, w.Secret.ID)
		}
		if p := last.PreviousVisibility; p == nil || !p.Restricted() || !slices.Equal(p.Organisations, []int64{w.Politie.Org.ID, w.OM.Org.ID}) {
			t.Errorf("PreviousVisibility = %+v, want the old restricted set", p)
		}
		for _, ev := range evs {
			if ev.Type == ketenhub.EventActionCreated && ev.SubjectID == w.Secret.ID {
				t.Errorf("C sees the creation event %d, made while the action was restricted", ev.Seq)
			}
		}

		// Narrowing it again hides it, and the event of the change too.
		closed, err := w.Svc.Actions.UpdateAction(w.Politie.Ctx, w.Secret.ID, ketenhub.ActionUpdate{Visibility: ptr(restricted()), Version: opened.Version})
		mustOK(t, err, "restrict to the police alone")
		if !slices.Equal(closed.Visibility.Organisations, []int64{w.Politie.Org.ID}) {
			t.Errorf("visibility = %+v, want only the police", closed.Visibility)
		}
		for _, p := range []party{w.Gemeente, w.OM} {
			_, err = w.Svc.Actions.FindActionByID(p.Ctx, w.Secret.ID)
			if ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND {
				t.Errorf("%s after narrowing: err = %v, want not found", p.Org.Name, err)
			}
		}
		after, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID, AfterSeq: last.Seq})
		mustOK(t, err, "events after the opening")
		if len(after) != 0 {
			t.Errorf("C sees %d events of the narrowing, want 0", len(after))
		}
	})
}

func TestAudit_RestrictedReads(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newSecretWorld(t, kind)
		reads := func(u *ketenhub.User, subject ketenhub.SubjectType, id int64) int64 {
			t.Helper()
			return countRows(t, w.DB, "audit_log", "action = 'read' AND actor_user_id = ? AND subject_type = ? AND subject_id = ?", u.ID, string(subject), id)
		}
		b := w.OM
		if n := reads(b.User, ketenhub.SubjectAction, w.Secret.ID); n != 0 {
			t.Fatalf("reads before reading = %d, want 0", n)
		}

		_, err := w.Svc.Actions.FindActionByID(b.Ctx, w.Secret.ID)
		mustOK(t, err, "B reads the secret action")
		if n := reads(b.User, ketenhub.SubjectAction, w.Secret.ID); n != 1 {
			t.Errorf("reads after FindActionByID = %d, want 1", n)
		}
		_, _, err = w.Svc.Actions.FindActions(b.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
		mustOK(t, err, "B lists actions")
		if n := reads(b.User, ketenhub.SubjectAction, w.Secret.ID); n != 2 {
			t.Errorf("reads after FindActions = %d, want 2", n)
		}
		var row struct {
			ActorOrgID  int64
			WorkspaceID int64
		}
		mustOK(t, w.DB.Gorm().Raw(`SELECT actor_org_id, workspace_id FROM audit_log WHERE action = 'read' AND actor_user_id = ? ORDER BY id LIMIT 1`, b.User.ID).Scan(&row).Error, "read audit row")
		if row.ActorOrgID != b.Org.ID || row.WorkspaceID != w.WS.ID {
			t.Errorf("audit row org %d workspace %d, want %d and %d", row.ActorOrgID, row.WorkspaceID, b.Org.ID, w.WS.ID)
		}

		_, err = w.Svc.Comments.FindComments(b.Ctx, ketenhub.SubjectAction, w.Public.ID)
		mustOK(t, err, "B reads comments")
		if n := reads(b.User, ketenhub.SubjectComment, w.PrivateNote.ID); n != 1 {
			t.Errorf("reads of the restricted comment = %d, want 1", n)
		}
		if n := reads(b.User, ketenhub.SubjectComment, w.PublicNote.ID); n != 0 {
			t.Errorf("reads of a comment for the whole workspace = %d, want 0: only restricted reads are logged", n)
		}

		_, err = w.Svc.Actions.FindActionByID(w.Gemeente.Ctx, w.Public.ID)
		mustOK(t, err, "C reads the public action")
		_, _, err = w.Svc.Actions.FindActions(w.Gemeente.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
		mustOK(t, err, "C lists actions")
		if n := countRows(t, w.DB, "audit_log", "action = 'read' AND actor_user_id = ?", w.Gemeente.User.ID); n != 0 {
			t.Errorf("C's read rows = %d, want 0: C read nothing restricted", n)
		}
	})
}
