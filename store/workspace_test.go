package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestWorkspaces_Create(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		w := &ketenhub.Workspace{Title: "  Jeugd en veiligheid ", Description: "Jeugdgroepen en Halt", Theme: ketenhub.ThemeJeugd, Period: "2026"}
		mustOK(t, f.Svc.Workspaces.CreateWorkspace(f.AdminCtx, w), "create")
		if w.ID == 0 {
			t.Fatal("ID not set")
		}
		if got, want := w.Title, "Jeugd en veiligheid"; got != want {
			t.Errorf("Title = %q, want trimmed %q", got, want)
		}
		if w.Version != 1 || w.LastSeq != 1 {
			t.Errorf("Version, LastSeq = %d, %d; want 1, 1", w.Version, w.LastSeq)
		}
		if !w.CreatedAt.Equal(f.Clock.Now()) {
			t.Errorf("CreatedAt = %v, want %v", w.CreatedAt, f.Clock.Now())
		}
		evs := rawEvents(t, f.DB, w.ID)
		if len(evs) != 1 {
			t.Fatalf("events = %+v, want one", evs)
		}
		ev := evs[0]
		if ev.Seq != 1 || ev.Type != ketenhub.EventWorkspaceCreated || ev.SubjectType != string(ketenhub.SubjectWorkspace) || ev.SubjectID != w.ID {
			t.Errorf("event = %+v, want seq 1 workspace.created of workspace %d", ev, w.ID)
		}
		if ev.ActorUserID != f.Beheerder.ID || ev.ActorOrgID != f.Beheerder.OrganisationID {
			t.Errorf("event actor = user %d org %d, want the beheerder %d of %d", ev.ActorUserID, ev.ActorOrgID, f.Beheerder.ID, f.Beheerder.OrganisationID)
		}

		t.Run("ErrForbidden", func(t *testing.T) {
			o := f.Org("Gemeente Oostzaan", ketenhub.KindGemeente)
			ctx := ViewerContext(f.User("Gijs Gemeente", o.ID))
			err := f.Svc.Workspaces.CreateWorkspace(ctx, &ketenhub.Workspace{Title: "Eigen", Theme: ketenhub.ThemeJeugd})
			wantCode(t, err, ketenhub.EFORBIDDEN)
		})
		t.Run("ErrUnauthorized", func(t *testing.T) {
			err := f.Svc.Workspaces.CreateWorkspace(context.Background(), &ketenhub.Workspace{Title: "Anoniem", Theme: ketenhub.ThemeJeugd})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}

func TestWorkspaces_Find(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		svc := w.Svc.Workspaces
		jeugd := w.Workspace("Jeugd Zaanstad", member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur}, member{w.Halt.Org.ID, ketenhub.RolePartner})
		archived := w.Workspace("Archief 2019", member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur})
		_, err := svc.UpdateWorkspace(w.Gemeente.Ctx, archived.ID, ketenhub.WorkspaceUpdate{Archived: ptr(true), Version: archived.Version})
		mustOK(t, err, "archive")

		titles := func(t *testing.T, ctx context.Context, f ketenhub.WorkspaceFilter) []string {
			t.Helper()
			list, err := svc.FindWorkspaces(ctx, f)
			mustOK(t, err, "find workspaces")
			out := make([]string, len(list))
			for i, ws := range list {
				out[i] = ws.Title
			}
			return out
		}
		tests := []struct {
			name   string
			ctx    context.Context
			filter ketenhub.WorkspaceFilter
			want   []string
		}{
			{"Regisseur", w.Gemeente.Ctx, ketenhub.WorkspaceFilter{}, []string{"Jeugd Zaanstad", "Ondermijning Zaanstad"}},
			{"RegisseurWithArchived", w.Gemeente.Ctx, ketenhub.WorkspaceFilter{IncludeArchived: true}, []string{"Archief 2019", "Jeugd Zaanstad", "Ondermijning Zaanstad"}},
			{"RegisseurByTheme", w.Gemeente.Ctx, ketenhub.WorkspaceFilter{Theme: ptr(ketenhub.ThemeOndermijning)}, []string{"Jeugd Zaanstad", "Ondermijning Zaanstad"}},
			{"Partner", w.Politie.Ctx, ketenhub.WorkspaceFilter{}, []string{"Ondermijning Zaanstad"}},
			{"Meelezer", w.GGD.Ctx, ketenhub.WorkspaceFilter{}, []string{"Ondermijning Zaanstad"}},
			{"OtherWorkspaceOnly", w.Halt.Ctx, ketenhub.WorkspaceFilter{}, []string{"Jeugd Zaanstad"}},
			{"BeheerderSeesAll", w.AdminCtx, ketenhub.WorkspaceFilter{IncludeArchived: true}, []string{"Archief 2019", "Jeugd Zaanstad", "Ondermijning Zaanstad"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := titles(t, tt.ctx, tt.filter); strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("titles = %q, want %q", got, tt.want)
				}
			})
		}

		t.Run("ThemeFilterExcludes", func(t *testing.T) {
			// The helper makes every workspace an ondermijning one; no jeugd workspace exists.
			if got := titles(t, w.Gemeente.Ctx, ketenhub.WorkspaceFilter{Theme: ptr(ketenhub.ThemeJeugd)}); len(got) != 0 {
				t.Errorf("titles = %q, want none", got)
			}
		})

		t.Run("MyRole", func(t *testing.T) {
			for _, c := range []struct {
				name string
				ctx  context.Context
				want ketenhub.Role
			}{
				{"regisseur", w.Gemeente.Ctx, ketenhub.RoleRegisseur},
				{"partner", w.Politie.Ctx, ketenhub.RolePartner},
				{"meelezer", w.GGD.Ctx, ketenhub.RoleMeelezer},
				{"beheerder", w.AdminCtx, ketenhub.RoleNone},
			} {
				ws, err := svc.FindWorkspaceByID(c.ctx, w.WS.ID)
				mustOK(t, err, "find "+c.name)
				if ws.MyRole != c.want {
					t.Errorf("%s: MyRole = %q, want %q", c.name, ws.MyRole, c.want)
				}
				if ws.LastSeq != worldSetupEvents {
					t.Errorf("%s: LastSeq = %d, want %d", c.name, ws.LastSeq, worldSetupEvents)
				}
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := svc.FindWorkspaceByID(w.Halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.FindWorkspaceByID(w.Politie.Ctx, jeugd.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.FindWorkspaceByID(w.Gemeente.Ctx, 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.FindMemberships(w.Halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
		t.Run("ErrUnauthorized", func(t *testing.T) {
			_, err := svc.FindWorkspaces(context.Background(), ketenhub.WorkspaceFilter{})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = svc.FindWorkspaceByID(context.Background(), w.WS.ID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}

func TestWorkspaces_Update(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		svc := w.Svc.Workspaces
		w.Clock.Add(time.Hour)

		upd, err := svc.UpdateWorkspace(w.Gemeente.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Ondermijning Zaanstad 2026"), Period: ptr("2026"), Version: w.WS.Version})
		mustOK(t, err, "update as regisseur")
		if got, want := upd.Version, w.WS.Version+1; got != want {
			t.Errorf("Version = %d, want %d", got, want)
		}
		if upd.Title != "Ondermijning Zaanstad 2026" || upd.Period != "2026" || upd.Theme != w.WS.Theme {
			t.Errorf("updated = %+v, want new title and period, same theme", upd)
		}
		if !upd.UpdatedAt.Equal(w.Clock.Now()) {
			t.Errorf("UpdatedAt = %v, want %v", upd.UpdatedAt, w.Clock.Now())
		}
		ev := lastRawEvent(t, w.DB, w.WS.ID)
		if ev.Type != ketenhub.EventWorkspaceUpdated || ev.Seq != worldSetupEvents+1 || ev.ActorUserID != w.Gemeente.User.ID {
			t.Errorf("event = %+v, want workspace.updated at seq %d by the regisseur", ev, worldSetupEvents+1)
		}

		t.Run("Beheerder", func(t *testing.T) {
			got, err := svc.UpdateWorkspace(w.AdminCtx, w.WS.ID, ketenhub.WorkspaceUpdate{Description: ptr("Door beheer"), Version: upd.Version})
			mustOK(t, err, "update as beheerder")
			upd = got
		})

		t.Run("ErrConflict", func(t *testing.T) {
			_, err := svc.UpdateWorkspace(w.Gemeente.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Stale title"), Version: w.WS.Version})
			e := wantCode(t, err, ketenhub.ECONFLICT)
			cur, ok := e.Current.(*ketenhub.Workspace)
			if !ok {
				t.Fatalf("Current = %T, want *ketenhub.Workspace", e.Current)
			}
			if cur.Version != upd.Version || cur.Title != upd.Title || cur.Description != upd.Description {
				t.Errorf("Current = version %d %q %q, want the stored version %d %q %q", cur.Version, cur.Title, cur.Description, upd.Version, upd.Title, upd.Description)
			}
		})

		t.Run("ErrForbidden", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"partner": w.Politie.Ctx, "meelezer": w.GGD.Ctx} {
				_, err := svc.UpdateWorkspace(ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Mine"), Version: upd.Version})
				if got := ketenhub.ErrorCode(err); got != ketenhub.EFORBIDDEN {
					t.Errorf("%s: code = %q, want %q", name, got, ketenhub.EFORBIDDEN)
				}
			}
			_, err := svc.UpdateWorkspace(w.Halt.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Mine"), Version: upd.Version})
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("NoEventForRefusedWrites", func(t *testing.T) {
			if got, want := lastSeq(t, w.DB, w.WS.ID), int64(worldSetupEvents+2); got != want {
				t.Errorf("last_seq = %d, want %d (two updates, nothing for refused ones)", got, want)
			}
		})
	})
}

func TestWorkspaces_Validation(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		tests := []struct {
			name  string
			ws    ketenhub.Workspace
			field string
		}{
			{"EmptyTitle", ketenhub.Workspace{Title: "", Theme: ketenhub.ThemeJeugd}, "title"},
			{"BlankTitle", ketenhub.Workspace{Title: "   ", Theme: ketenhub.ThemeJeugd}, "title"},
			{"TitleTooLong", ketenhub.Workspace{Title: strings.Repeat("ë", ketenhub.MaxTitle+1), Theme: ketenhub.ThemeJeugd}, "title"},
			{"TitleNotUTF8", ketenhub.Workspace{Title: "Jeugd \xc3\x28", Theme: ketenhub.ThemeJeugd}, "title"},
			{"TitleControlChar", ketenhub.Workspace{Title: "Jeugd\x1b[31m", Theme: ketenhub.ThemeJeugd}, "title"},
			{"EmptyTheme", ketenhub.Workspace{Title: "Jeugd"}, "theme"},
			{"ThemeNotSlug", ketenhub.Workspace{Title: "Jeugd", Theme: "Jeugd en Veiligheid"}, "theme"},
			{"ThemeTooLong", ketenhub.Workspace{Title: "Jeugd", Theme: ketenhub.Theme(strings.Repeat("t", ketenhub.MaxShort+1))}, "theme"},
			{"PeriodTooLong", ketenhub.Workspace{Title: "Jeugd", Theme: ketenhub.ThemeJeugd, Period: strings.Repeat("2", ketenhub.MaxShort+1)}, "period"},
			{"DescriptionNotUTF8", ketenhub.Workspace{Title: "Jeugd", Theme: ketenhub.ThemeJeugd, Description: "\xff"}, "description"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, w.DB, "workspaces", "1 = 1")
				ws := tt.ws
				wantField(t, w.Svc.Workspaces.CreateWorkspace(w.AdminCtx, &ws), tt.field)
				if got := countRows(t, w.DB, "workspaces", "1 = 1"); got != before {
					t.Errorf("workspaces = %d after a refused create, want %d", got, before)
				}
			})
		}
		t.Run("CustomThemeOK", func(t *testing.T) {
			ws := &ketenhub.Workspace{Title: "Havens", Theme: "haven_en_logistiek"}
			mustOK(t, w.Svc.Workspaces.CreateWorkspace(w.AdminCtx, ws), "create with a custom theme")
		})
		t.Run("Update", func(t *testing.T) {
			_, err := w.Svc.Workspaces.UpdateWorkspace(w.Gemeente.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr(""), Version: w.WS.Version})
			wantField(t, err, "title")
			_, err = w.Svc.Workspaces.UpdateWorkspace(w.Gemeente.Ctx, w.WS.ID, ketenhub.WorkspaceUpdate{Title: ptr("Zonder versie")})
			wantField(t, err, "version")
			if got, want := lastSeq(t, w.DB, w.WS.ID), int64(worldSetupEvents); got != want {
				t.Errorf("last_seq = %d after refused updates, want %d", got, want)
			}
		})
	})
}

func TestWorkspaces_Memberships(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		svc := w.Svc.Workspaces

		t.Run("SetupEvents", func(t *testing.T) {
			evs := rawEvents(t, w.DB, w.WS.ID)
			want := []string{ketenhub.EventWorkspaceCreated, ketenhub.EventMembershipSet, ketenhub.EventMembershipSet, ketenhub.EventMembershipSet, ketenhub.EventMembershipSet}
			if len(evs) != len(want) {
				t.Fatalf("events = %+v, want %d", evs, len(want))
			}
			for i, ev := range evs {
				if ev.Seq != int64(i+1) || ev.Type != want[i] {
					t.Errorf("event %d = seq %d %q, want seq %d %q", i, ev.Seq, ev.Type, i+1, want[i])
				}
			}
			if got, want := evs[1].SubjectID, w.Gemeente.Org.ID; got != want {
				t.Errorf("first membership event is about %d, want the gemeente %d", got, want)
			}
		})

		t.Run("FindMemberships", func(t *testing.T) {
			list, err := svc.FindMemberships(w.GGD.Ctx, w.WS.ID)
			mustOK(t, err, "find memberships")
			roles := map[int64]ketenhub.Role{}
			for _, m := range list {
				roles[m.OrganisationID] = m.Role
				if m.Organisation == nil || m.Organisation.ID != m.OrganisationID {
					t.Errorf("membership of %d carries organisation %+v", m.OrganisationID, m.Organisation)
				}
			}
			want := map[int64]ketenhub.Role{w.Gemeente.Org.ID: ketenhub.RoleRegisseur, w.Politie.Org.ID: ketenhub.RolePartner, w.OM.Org.ID: ketenhub.RolePartner, w.GGD.Org.ID: ketenhub.RoleMeelezer}
			if len(roles) != len(want) {
				t.Errorf("roles = %v, want %v", roles, want)
			}
			for org, role := range want {
				if roles[org] != role {
					t.Errorf("role of %d = %q, want %q", org, roles[org], role)
				}
			}
		})

		t.Run("SetByRegisseur", func(t *testing.T) {
			m, err := svc.SetMembership(w.Gemeente.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RoleMeelezer)
			mustOK(t, err, "add halt")
			if m.Role != ketenhub.RoleMeelezer || m.OrganisationID != w.Halt.Org.ID || m.WorkspaceID != w.WS.ID {
				t.Errorf("membership = %+v", m)
			}
			ev := lastRawEvent(t, w.DB, w.WS.ID)
			if ev.Type != ketenhub.EventMembershipSet || ev.SubjectID != w.Halt.Org.ID || ev.ActorUserID != w.Gemeente.User.ID {
				t.Errorf("event = %+v, want membership.set of halt by the regisseur", ev)
			}
			_, err = svc.FindWorkspaceByID(w.Halt.Ctx, w.WS.ID)
			mustOK(t, err, "halt finds the workspace once a member")

			m, err = svc.SetMembership(w.Gemeente.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RolePartner)
			mustOK(t, err, "change role")
			if m.Role != ketenhub.RolePartner {
				t.Errorf("changed membership role = %q, want partner", m.Role)
			}
			ws, err := svc.FindWorkspaceByID(w.Halt.Ctx, w.WS.ID)
			mustOK(t, err, "find as halt")
			if ws.MyRole != ketenhub.RolePartner {
				t.Errorf("MyRole = %q after the change, want partner", ws.MyRole)
			}
		})

		t.Run("Delete", func(t *testing.T) {
			before := lastSeq(t, w.DB, w.WS.ID)
			mustOK(t, svc.DeleteMembership(w.Gemeente.Ctx, w.WS.ID, w.Halt.Org.ID), "delete halt")
			ev := lastRawEvent(t, w.DB, w.WS.ID)
			if ev.Type != ketenhub.EventMembershipRemoved || ev.SubjectID != w.Halt.Org.ID || ev.Seq != before+1 {
				t.Errorf("event = %+v, want membership.removed of halt at seq %d", ev, before+1)
			}
			_, err := svc.FindWorkspaceByID(w.Halt.Ctx, w.WS.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			wantCode(t, svc.DeleteMembership(w.Gemeente.Ctx, w.WS.ID, w.Halt.Org.ID), ketenhub.ENOTFOUND)
		})

		t.Run("LastRegisseur", func(t *testing.T) {
			before := lastSeq(t, w.DB, w.WS.ID)
			wantCode(t, svc.DeleteMembership(w.AdminCtx, w.WS.ID, w.Gemeente.Org.ID), ketenhub.ECONFLICT)
			_, err := svc.SetMembership(w.Gemeente.Ctx, w.WS.ID, w.Gemeente.Org.ID, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.ECONFLICT)
			if got := lastSeq(t, w.DB, w.WS.ID); got != before {
				t.Errorf("last_seq = %d after refused changes, want %d", got, before)
			}

			// With a second regisseur, the first may go.
			_, err = svc.SetMembership(w.Gemeente.Ctx, w.WS.ID, w.OM.Org.ID, ketenhub.RoleRegisseur)
			mustOK(t, err, "make the OM regisseur")
			_, err = svc.SetMembership(w.OM.Ctx, w.WS.ID, w.Gemeente.Org.ID, ketenhub.RolePartner)
			mustOK(t, err, "demote the gemeente now that the OM coordinates")
			wantCode(t, svc.DeleteMembership(w.OM.Ctx, w.WS.ID, w.OM.Org.ID), ketenhub.ECONFLICT)
		})

		t.Run("Errors", func(t *testing.T) {
			_, err := svc.SetMembership(w.Politie.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.EFORBIDDEN)
			_, err = svc.SetMembership(w.GGD.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.EFORBIDDEN)
			wantCode(t, svc.DeleteMembership(w.Politie.Ctx, w.WS.ID, w.GGD.Org.ID), ketenhub.EFORBIDDEN)
			_, err = svc.SetMembership(w.Halt.Ctx, w.WS.ID, w.Halt.Org.ID, ketenhub.RoleRegisseur)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.SetMembership(w.AdminCtx, w.WS.ID, w.Halt.Org.ID, "eigenaar")
			wantField(t, err, "role")
			_, err = svc.SetMembership(w.AdminCtx, w.WS.ID, w.Halt.Org.ID, ketenhub.RoleNone)
			wantField(t, err, "role")
			_, err = svc.SetMembership(w.AdminCtx, w.WS.ID, 999999, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = svc.SetMembership(context.Background(), w.WS.ID, w.Halt.Org.ID, ketenhub.RolePartner)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}
