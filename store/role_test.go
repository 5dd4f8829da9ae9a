package store_test

import (
	"context"
	"testing"

	"github.com/ketenhub/ketenhub"
)

func TestRoles_Meelezer(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		a := w.mustCreateAction(w.Gemeente, w.newAction("Van de gemeente", w.Gemeente))
		before := lastSeq(t, w.DB, w.WS.ID)
		ggd := w.GGD

		wantCode(t, w.Svc.Actions.CreateAction(ggd.Ctx, w.newAction("Eigen actie", ggd)), ketenhub.EFORBIDDEN)
		wantCode(t, w.Svc.Actions.CreateAction(ggd.Ctx, w.newAction("Voor een ander", w.Politie)), ketenhub.EFORBIDDEN)
		_, err := w.Svc.Actions.UpdateAction(ggd.Ctx, a.ID, ketenhub.ActionUpdate{Status: ptr(ketenhub.StatusLopend), Version: a.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)
		wantCode(t, w.Svc.Comments.CreateComment(ggd.Ctx, &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "Mag ik reageren?", Visibility: everyone}), ketenhub.EFORBIDDEN)
		wantCode(t, w.Svc.Goals.CreateGoal(ggd.Ctx, &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Doel"}), ketenhub.EFORBIDDEN)
		_, err = w.Svc.Events.FindEvents(ggd.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
		wantCode(t, err, ketenhub.EFORBIDDEN)

		// Reading is what a meelezer does.
		_, err = w.Svc.Actions.FindActionByID(ggd.Ctx, a.ID)
		mustOK(t, err, "meelezer reads an action")
		_, err = w.Svc.Comments.FindComments(ggd.Ctx, ketenhub.SubjectAction, a.ID)
		mustOK(t, err, "meelezer reads comments")

		if got := lastSeq(t, w.DB, w.WS.ID); got != before {
			t.Errorf("last_seq = %d, want %d: refused writes leave no event", got, before)
		}
	})
}

func TestRoles_Partner(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		pol := w.Politie
		gemeenteAction := w.mustCreateAction(w.Gemeente, w.newAction("Van de gemeente", w.Gemeente))
		omAction := w.mustCreateAction(w.OM, w.newAction("Van het OM", w.OM))

		t.Run("OwnActions", func(t *testing.T) {
			own := w.mustCreateAction(pol, w.newAction("Van de politie", pol))
			upd, err := w.Svc.Actions.UpdateAction(pol.Ctx, own.ID, ketenhub.ActionUpdate{Status: ptr(ketenhub.StatusLopend), Version: own.Version})
			mustOK(t, err, "partner updates its own action")
			if upd.Version != 2 {
				t.Errorf("Version = %d, want 2", upd.Version)
			}
			_, err = w.Svc.Actions.UpdateAction(pol.Ctx, own.ID, ketenhub.ActionUpdate{OwnerOrganisationID: &w.OM.Org.ID, Version: upd.Version})
			wantCode(t, err, ketenhub.EFORBIDDEN)
			c := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: gemeenteAction.ID, Body: "Wij sluiten aan.", Visibility: everyone}
			mustOK(t, w.Svc.Comments.CreateComment(pol.Ctx, c), "partner comments on another's action")
		})

		t.Run("OthersActions", func(t *testing.T) {
			wantCode(t, w.Svc.Actions.CreateAction(pol.Ctx, w.newAction("Voor de gemeente", w.Gemeente)), ketenhub.EFORBIDDEN)
			for _, a := range []*ketenhub.Action{gemeenteAction, omAction} {
				_, err := w.Svc.Actions.UpdateAction(pol.Ctx, a.ID, ketenhub.ActionUpdate{Status: ptr(ketenhub.StatusGereed), Version: a.Version})
				wantCode(t, err, ketenhub.EFORBIDDEN)
			}
			got, err := w.Svc.Actions.FindActionByID(pol.Ctx, omAction.ID)
			mustOK(t, err, "find")
			if got.Version != omAction.Version || got.Status != ketenhub.StatusOpen {
				t.Errorf("after a refused update: %+v", got)
			}
		})

		t.Run("CoordinationIsNotTheirs", func(t *testing.T) {
			wantCode(t, w.Svc.Goals.CreateGoal(pol.Ctx, &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Doel"}), ketenhub.EFORBIDDEN)
			_, err := w.Svc.Events.FindEvents(pol.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.EFORBIDDEN)
			_, err = w.Svc.Workspaces.UpdateWorkspace(pol.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Van ons"), Version: w.WS.Version})
			wantCode(t, err, ketenhub.EFORBIDDEN)
			_, err = w.Svc.Workspaces.SetMembership(pol.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.EFORBIDDEN)
		})
	})
}

func TestRoles_Regisseur(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		gem := w.Gemeente
		forPolice := w.mustCreateAction(gem, w.newAction("Voor de politie", w.Politie))
		if forPolice.OwnerOrganisationID != w.Politie.Org.ID || forPolice.CreatedByOrgID != gem.Org.ID {
			t.Errorf("owner %d created by %d, want owner %d created by %d", forPolice.OwnerOrganisationID, forPolice.CreatedByOrgID, w.Politie.Org.ID, gem.Org.ID)
		}
		policeOwn := w.mustCreateAction(w.Politie, w.newAction("Eigen politie", w.Politie))
		upd, err := w.Svc.Actions.UpdateAction(gem.Ctx, policeOwn.ID, ketenhub.ActionUpdate{OwnerOrganisationID: &w.OM.Org.ID, Version: policeOwn.Version})
		mustOK(t, err, "regisseur hands an action to another partner")
		if upd.OwnerOrganisationID != w.OM.Org.ID {
			t.Errorf("owner = %d, want the OM %d", upd.OwnerOrganisationID, w.OM.Org.ID)
		}
		// The police no longer own it, so may no longer change it.
		_, err = w.Svc.Actions.UpdateAction(w.Politie.Ctx, policeOwn.ID, ketenhub.ActionUpdate{Title: ptr("Toch van ons"), Version: upd.Version})
		wantCode(t, err, ketenhub.EFORBIDDEN)

		mustOK(t, w.Svc.Goals.CreateGoal(gem.Ctx, &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Doel"}), "regisseur creates a goal")
		evs, err := w.Svc.Events.FindEvents(gem.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
		mustOK(t, err, "regisseur reads the event log")
		if got, want := len(evs), worldSetupEvents+4-1; got != want { // all but workspace.created, from before its membership
			t.Errorf("events = %d, want %d", got, want)
		}
		_, err = w.Svc.Workspaces.SetMembership(gem.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RoleMeelezer)
		mustOK(t, err, "regisseur adds a member")
	})
}

func TestRoles_OutsidersAndBeheerder(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		a := w.mustCreateAction(w.Gemeente, w.newAction("Gewoon zichtbaar", w.Gemeente))

		t.Run("NonMember", func(t *testing.T) {
			halt := w.Halt
			wantCode(t, w.Svc.Actions.CreateAction(halt.Ctx, w.newAction("Binnendringen", halt)), ketenhub.ENOTFOUND)
			_, err := w.Svc.Actions.FindActionByID(halt.Ctx, a.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Actions.SummarizeActions(halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Events.FindEvents(halt.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Comments.FindComments(halt.Ctx, ketenhub.SubjectAction, a.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("BeheerderManagesButReadsNoItems", func(t *testing.T) {
			ws, err := w.Svc.Workspaces.FindWorkspaceByID(w.AdminCtx, w.WS.ID)
			mustOK(t, err, "beheerder finds the workspace")
			if ws.MyRole != ketenhub.RoleNone {
				t.Errorf("MyRole = %q, want none", ws.MyRole)
			}
			_, err = w.Svc.Workspaces.FindMemberships(w.AdminCtx, w.WS.ID)
			mustOK(t, err, "beheerder lists members")
			_, err = w.Svc.Actions.FindActionByID(w.AdminCtx, a.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			sum, err := w.Svc.Actions.SummarizeActions(w.AdminCtx, w.WS.ID)
			mustOK(t, err, "beheerder summary")
			if sum.Total != 0 {
				t.Errorf("beheerder's summary total = %d, want 0", sum.Total)
			}
			wantCode(t, w.Svc.Actions.CreateAction(w.AdminCtx, w.newAction("Beheer", w.Gemeente)), ketenhub.EFORBIDDEN)
			// The event log is items' history: none of it for the beheerder.
			_, err = w.Svc.Events.FindEvents(w.AdminCtx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		// Regression (issue 11, finding 4): meetings, their agenda and
		// decisions, and goals are items too; the beheerder read them.
		t.Run("BeheerderReadsNoMeetingsOrGoals", func(t *testing.T) {
			m := w.planMeeting("Driehoek", nil)
			g := &ketenhub.Goal{WorkspaceID: w.WS.ID, Title: "Minder ondermijning"}
			mustOK(t, w.Svc.Goals.CreateGoal(w.Gemeente.Ctx, g), "create goal")
			_, err := w.Svc.Meetings.FindMeetingByID(w.AdminCtx, m.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Agenda.FindAgenda(w.AdminCtx, m.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Decisions.FindDecisions(w.AdminCtx, m.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Goals.FindGoalByID(w.AdminCtx, g.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			meetings, err := w.Svc.Meetings.FindMeetings(w.AdminCtx, ketenhub.MeetingFilter{WorkspaceID: w.WS.ID})
			mustOK(t, err, "beheerder lists meetings")
			goals, err := w.Svc.Goals.FindGoals(w.AdminCtx, w.WS.ID)
			mustOK(t, err, "beheerder lists goals")
			if len(meetings) != 0 || len(goals) != 0 {
				t.Errorf("the beheerder lists %d meetings and %d goals, want none", len(meetings), len(goals))
			}
		})

		t.Run("NoViewer", func(t *testing.T) {
			ctx := context.Background()
			wantCode(t, w.Svc.Actions.CreateAction(ctx, w.newAction("Anoniem", w.Gemeente)), ketenhub.EUNAUTHORIZED)
			_, _, err := w.Svc.Actions.FindActions(ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = w.Svc.Actions.UpdateAction(ctx, a.ID, ketenhub.ActionUpdate{Title: ptr("x"), Version: a.Version})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = w.Svc.Actions.SummarizeActions(ctx, w.WS.ID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = w.Svc.Goals.FindGoals(ctx, w.WS.ID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = w.Svc.Events.FindEvents(ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = w.Svc.Comments.FindComments(ctx, ketenhub.SubjectAction, a.ID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			// A viewer with no user is no viewer.
			zero := ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{OrganisationID: w.Gemeente.Org.ID})
			_, _, err = w.Svc.Actions.FindActions(zero, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}
