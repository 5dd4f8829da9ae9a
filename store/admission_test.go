package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

// person records a user of the party's organisation in the given IdP
// groups, as a sign-in would, optionally as its organisatiebeheerder.
func (w *world) person(of party, name string, orgBeheerder bool, groups ...string) party {
	w.tb.Helper()
	subject := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: subject, Name: name, OrganisationID: of.Org.ID, Groups: groups}
	if orgBeheerder {
		u.OrganisationRole = ketenhub.OrganisationRoleBeheerder
	}
	mustOK(w.tb, w.Svc.Users.UpsertUser(context.Background(), u), "sign in")
	return party{Org: of.Org, User: u, Ctx: ViewerContext(u)}
}

// seesWorkspace reports whether p finds the world's workspace, both by id
// and in the list of workspaces.
func (w *world) seesWorkspace(p party) bool {
	w.tb.Helper()
	_, err := w.Svc.Workspaces.FindWorkspaceByID(p.Ctx, w.WS.ID)
	byID := err == nil
	if !byID {
		wantCode(w.tb, err, ketenhub.ENOTFOUND)
	}
	list, err := w.Svc.Workspaces.FindWorkspaces(p.Ctx, ketenhub.WorkspaceFilter{})
	mustOK(w.tb, err, "list workspaces")
	listed := slices.ContainsFunc(list, func(ws *ketenhub.Workspace) bool { return ws.ID == w.WS.ID })
	if byID != listed {
		w.tb.Fatalf("%s: workspace found by id %v, but listed %v", p.User.Name, byID, listed)
	}
	return byID
}

func TestAdmission(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		chef := w.person(w.Politie, "Bea Beheer", true)
		ondermijning := w.person(w.Politie, "Otto Ondermijning", false, "Team Ondermijning")
		basisteam := w.person(w.Politie, "Bas Basisteam", false, "Basisteam Purmerend")
		act := w.mustCreateAction(w.Gemeente, w.newAction("Controle bedrijventerrein", w.Gemeente))

		t.Run("an organisation that names nobody admits all its people", func(t *testing.T) {
			for _, p := range []party{w.Politie, ondermijning, basisteam} {
				if !w.seesWorkspace(p) {
					t.Errorf("%s does not see the workspace of an open organisation", p.User.Name)
				}
			}
			ms, err := w.Svc.Workspaces.FindMemberships(w.Gemeente.Ctx, w.WS.ID)
			mustOK(t, err, "list members")
			for _, m := range ms {
				if !m.AdmissionOpen {
					t.Errorf("organisation %d is not shown open before naming anyone", m.OrganisationID)
				}
			}
		})

		t.Run("only the organisation's own beheerder decides", func(t *testing.T) {
			in := ketenhub.AdmissionInput{Groups: []string{"Team Ondermijning"}}
			_, err := w.Svc.Admissions.SetAdmission(w.Gemeente.Ctx, w.WS.ID, w.Politie.Org.ID, in)
			wantCode(t, err, ketenhub.EFORBIDDEN) // the regisseur
			_, err = w.Svc.Admissions.SetAdmission(w.AdminCtx, w.WS.ID, w.Politie.Org.ID, in)
			wantCode(t, err, ketenhub.EFORBIDDEN) // the platform beheerder
			_, err = w.Svc.Admissions.SetAdmission(ondermijning.Ctx, w.WS.ID, w.Politie.Org.ID, in)
			wantCode(t, err, ketenhub.EFORBIDDEN) // a colleague
			_, err = w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID, ketenhub.AdmissionInput{Users: []int64{w.OM.User.ID}})
			wantField(t, err, "users") // someone of another organisation
			_, err = w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID, ketenhub.AdmissionInput{Groups: []string{"  "}})
			wantField(t, err, "groups")
		})

		t.Run("a named group admits its members only", func(t *testing.T) {
			adm, err := w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID,
				ketenhub.AdmissionInput{Groups: []string{" Team Ondermijning ", "Team Ondermijning"}})
			mustOK(t, err, "admit group")
			if adm.Open || !slices.Equal(adm.Groups, []string{"Team Ondermijning"}) || len(adm.Users) != 0 {
				t.Fatalf("admission = %+v, want the one group", adm)
			}
			if !w.seesWorkspace(ondermijning) {
				t.Error("a member of the admitted group does not see the workspace")
			}
			for _, p := range []party{basisteam, w.Politie, chef} {
				if w.seesWorkspace(p) && p.User.ID != chef.User.ID {
					t.Errorf("%s, not admitted, still sees the workspace", p.User.Name)
				}
				_, err := w.Svc.Actions.FindActionByID(p.Ctx, act.ID)
				wantCode(t, err, ketenhub.ENOTFOUND)
				_, err = w.Svc.Events.FindEvents(p.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
				wantCode(t, err, ketenhub.ENOTFOUND)
			}
			if _, err := w.Svc.Actions.FindActionByID(ondermijning.Ctx, act.ID); err != nil {
				t.Errorf("the admitted officer cannot read the action: %v", err)
			}
		})

		t.Run("the organisation's beheerder manages it without reading items", func(t *testing.T) {
			if !w.seesWorkspace(chef) {
				t.Fatal("the organisatiebeheerder cannot find a workspace of their organisation")
			}
			adm, err := w.Svc.Admissions.FindAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID)
			mustOK(t, err, "read admission")
			if adm.Open || len(adm.Groups) != 1 {
				t.Errorf("admission = %+v", adm)
			}
			_, err = w.Svc.Actions.FindActionByID(chef.Ctx, act.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			for _, tc := range []struct {
				who  party
				role ketenhub.Role
			}{{chef, ketenhub.RoleNone}, {ondermijning, ketenhub.RolePartner}} {
				list, err := w.Svc.Workspaces.FindWorkspaces(tc.who.Ctx, ketenhub.WorkspaceFilter{})
				mustOK(t, err, "list workspaces")
				if len(list) != 1 || list[0].MyRole != tc.role {
					t.Errorf("%s: workspaces %+v, want the one with role %q", tc.who.User.Name, list, tc.role)
				}
			}
			_, err = w.Svc.Admissions.FindAdmission(w.Gemeente.Ctx, w.WS.ID, w.Politie.Org.ID)
			wantCode(t, err, ketenhub.ENOTFOUND) // another organisation's admission
		})

		t.Run("the members list shows who names nobody", func(t *testing.T) {
			ms, err := w.Svc.Workspaces.FindMemberships(w.Gemeente.Ctx, w.WS.ID)
			mustOK(t, err, "list members")
			for _, m := range ms {
				if want := m.OrganisationID != w.Politie.Org.ID; m.AdmissionOpen != want {
					t.Errorf("organisation %d: admission_open %v, want %v", m.OrganisationID, m.AdmissionOpen, want)
				}
			}
		})

		t.Run("the people list holds those taking part", func(t *testing.T) {
			people, err := w.Svc.Admissions.FindPeople(w.Gemeente.Ctx, w.WS.ID)
			mustOK(t, err, "list people")
			ids := map[int64]bool{}
			for _, p := range people {
				ids[p.ID] = true
				if p.OrganisationID != w.Gemeente.Org.ID && p.Email != "" {
					t.Errorf("the e-mail address of %d of another organisation is shown", p.ID)
				}
			}
			if !ids[ondermijning.User.ID] || !ids[w.Gemeente.User.ID] || !ids[w.OM.User.ID] {
				t.Errorf("people %v lack someone taking part", ids)
			}
			if ids[basisteam.User.ID] || ids[w.Politie.User.ID] || ids[w.Halt.User.ID] {
				t.Errorf("people %v hold someone not taking part", ids)
			}
		})

		t.Run("naming the person admits them", func(t *testing.T) {
			_, err := w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID,
				ketenhub.AdmissionInput{Users: []int64{basisteam.User.ID}, Groups: []string{"Team Ondermijning"}})
			mustOK(t, err, "admit person")
			if !w.seesWorkspace(basisteam) || w.seesWorkspace(w.Politie) {
				t.Error("a named person is not admitted, or an unnamed one is")
			}
		})

		t.Run("naming nobody opens it again", func(t *testing.T) {
			adm, err := w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID, ketenhub.AdmissionInput{})
			mustOK(t, err, "open")
			if !adm.Open || !w.seesWorkspace(w.Politie) {
				t.Errorf("admission %+v does not admit the whole organisation", adm)
			}
		})
	})
}

func TestRestrictedToPeople(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		colleague := w.person(w.OM, "Carla Collega", false)
		chef := w.person(w.Politie, "Bea Beheer", true)
		absent := w.person(w.Politie, "Niels Niet", false, "Basisteam Purmerend")
		_, err := w.Svc.Admissions.SetAdmission(chef.Ctx, w.WS.ID, w.Politie.Org.ID, ketenhub.AdmissionInput{Users: []int64{w.Politie.User.ID}})
		mustOK(t, err, "admit one officer")

		forPeople := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Users: []int64{w.OM.User.ID}}
		act := w.newAction("Bibob-signaal", w.Gemeente)
		act.Visibility = forPeople
		w.mustCreateAction(w.Gemeente, act)
		if !slices.Equal(act.Visibility.Users, uniqueSorted(w.OM.User.ID, w.Gemeente.User.ID)) || len(act.Visibility.Organisations) != 0 {
			t.Fatalf("visibility = %+v, want the named person and the creator, no organisation", act.Visibility)
		}

		for _, tc := range []struct {
			who  party
			sees bool
		}{{w.OM, true}, {w.Gemeente, true}, {colleague, false}, {w.Politie, false}, {w.GGD, false}} {
			_, err := w.Svc.Actions.FindActionByID(tc.who.Ctx, act.ID)
			if got := err == nil; got != tc.sees {
				t.Errorf("%s reads the action: %v (%v), want %v", tc.who.User.Name, got, err, tc.sees)
			}
			list, _, err := w.Svc.Actions.FindActions(tc.who.Ctx, ketenhub.ActionFilter{WorkspaceID: w.WS.ID})
			mustOK(t, err, "list actions")
			if got := len(list) == 1; got != tc.sees {
				t.Errorf("%s lists the action: %v, want %v", tc.who.User.Name, got, tc.sees)
			}
			// What the realtime hub sends: the log filtered by the person's sight.
			member, err := w.DB.MemberOf(tc.who.Ctx, w.WS.ID, tc.who.Org.ID)
			mustOK(t, err, "read member")
			sight := (policy.Policy{}).Sight(tc.who.User.Viewer(), member)
			evs, err := w.DB.EventsAfter(tc.who.Ctx, w.WS.ID, 0, 100)
			mustOK(t, err, "read log")
			got := slices.ContainsFunc(evs, func(e *ketenhub.Event) bool {
				return e.Subject == ketenhub.SubjectAction && e.SubjectID == act.ID && sight.AdmitsEvent(e)
			})
			if got != tc.sees {
				t.Errorf("%s receives the action's event: %v, want %v", tc.who.User.Name, got, tc.sees)
			}
		}

		t.Run("only people taking part may be named", func(t *testing.T) {
			bad := w.newAction("Voor een buitenstaander", w.Gemeente)
			bad.Visibility = ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Users: []int64{absent.User.ID}}
			wantField(t, w.Svc.Actions.CreateAction(w.Gemeente.Ctx, bad), "visibility")
			bad.Visibility.Users = []int64{w.Halt.User.ID}
			wantField(t, w.Svc.Actions.CreateAction(w.Gemeente.Ctx, bad), "visibility")
		})

		t.Run("a comment stays within its action's people", func(t *testing.T) {
			c := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: act.ID, Body: "Dossier opgevraagd.",
				Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{w.OM.Org.ID}}}
			wantField(t, w.Svc.Comments.CreateComment(w.OM.Ctx, c), "visibility")
			c.Visibility = everyone
			mustOK(t, w.Svc.Comments.CreateComment(w.OM.Ctx, c), "comment")
			if !slices.Equal(c.Visibility.Users, act.Visibility.Users) {
				t.Errorf("comment visibility = %+v, want the action's", c.Visibility)
			}
		})

		t.Run("a named person no longer admitted sees nothing", func(t *testing.T) {
			omChef := w.person(w.OM, "Oscar Beheer", true)
			_, err := w.Svc.Admissions.SetAdmission(omChef.Ctx, w.WS.ID, w.OM.Org.ID, ketenhub.AdmissionInput{Users: []int64{colleague.User.ID}})
			mustOK(t, err, "admit the colleague only")
			_, err = w.Svc.Actions.FindActionByID(w.OM.Ctx, act.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
	})
}

// uniqueSorted returns the ids sorted, each once.
func uniqueSorted(ids ...int64) []int64 {
	slices.Sort(ids)
	return slices.Compact(ids)
}
