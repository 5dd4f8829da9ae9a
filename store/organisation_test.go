package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestOrganisations(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		orgs := f.Svc.Organisations

		t.Run("CreateAndFind", func(t *testing.T) {
			o := &ketenhub.Organisation{Name: "  Gemeente Purmerend  ", Kind: ketenhub.KindGemeente}
			mustOK(t, orgs.CreateOrganisation(f.AdminCtx, o), "create")
			if o.ID == 0 {
				t.Fatal("ID not set")
			}
			if got, want := o.Version, int64(1); got != want {
				t.Errorf("Version = %d, want %d", got, want)
			}
			got, err := orgs.FindOrganisationByID(f.AdminCtx, o.ID)
			mustOK(t, err, "find")
			if got.Name != "Gemeente Purmerend" || got.Kind != ketenhub.KindGemeente {
				t.Errorf("found %+v, want the trimmed name and kind gemeente", got)
			}
			if !got.CreatedAt.Equal(f.Clock.Now()) {
				t.Errorf("CreatedAt = %v, want the clock's %v", got.CreatedAt, f.Clock.Now())
			}
		})

		t.Run("FindOrganisationsOrderedByName", func(t *testing.T) {
			f.Org("Politie Noord-Holland", ketenhub.KindPolitie)
			f.Org("Halt Noord-Holland", ketenhub.KindHalt)
			list, err := orgs.FindOrganisations(f.AdminCtx)
			mustOK(t, err, "find organisations")
			if len(list) < 4 {
				t.Fatalf("found %d organisations, want at least 4", len(list))
			}
			for i := 1; i < len(list); i++ {
				if list[i-1].Name > list[i].Name {
					t.Errorf("not ordered by name: %q before %q", list[i-1].Name, list[i].Name)
				}
			}
		})

		t.Run("Update", func(t *testing.T) {
			o := f.Org("RIEC Noord-Holland", ketenhub.KindRIEC)
			f.Clock.Add(time.Hour)
			upd, err := orgs.UpdateOrganisation(f.AdminCtx, o.ID, ketenhub.OrganisationUpdate{Name: ptr("RIEC Noord-Holland Noord"), Version: o.Version})
			mustOK(t, err, "update")
			if got, want := upd.Version, o.Version+1; got != want {
				t.Errorf("Version = %d, want %d", got, want)
			}
			if got, want := upd.Name, "RIEC Noord-Holland Noord"; got != want {
				t.Errorf("Name = %q, want %q", got, want)
			}
			if got, want := upd.Kind, ketenhub.KindRIEC; got != want {
				t.Errorf("Kind = %q, want it unchanged %q", got, want)
			}
			if !upd.UpdatedAt.Equal(f.Clock.Now()) {
				t.Errorf("UpdatedAt = %v, want %v", upd.UpdatedAt, f.Clock.Now())
			}

			_, err = orgs.UpdateOrganisation(f.AdminCtx, o.ID, ketenhub.OrganisationUpdate{Name: ptr("Stale"), Version: o.Version})
			e := wantCode(t, err, ketenhub.ECONFLICT)
			cur, ok := e.Current.(*ketenhub.Organisation)
			if !ok {
				t.Fatalf("Current = %T, want *ketenhub.Organisation", e.Current)
			}
			if cur.Version != upd.Version || cur.Name != upd.Name {
				t.Errorf("Current = %+v, want version %d named %q", cur, upd.Version, upd.Name)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := orgs.FindOrganisationByID(f.AdminCtx, 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = orgs.UpdateOrganisation(f.AdminCtx, 999999, ketenhub.OrganisationUpdate{Name: ptr("x"), Version: 1})
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("ErrForbidden", func(t *testing.T) {
			o := f.Org("Jongerenwerk Zaandam", ketenhub.KindJongerenwerk)
			ctx := ViewerContext(f.User("Jan Jongerenwerker", o.ID))
			err := orgs.CreateOrganisation(ctx, &ketenhub.Organisation{Name: "Eigen club", Kind: ketenhub.KindOverig})
			wantCode(t, err, ketenhub.EFORBIDDEN)
			_, err = orgs.UpdateOrganisation(ctx, o.ID, ketenhub.OrganisationUpdate{Name: ptr("Anders"), Version: o.Version})
			wantCode(t, err, ketenhub.EFORBIDDEN)
			// Any signed-in user may read organisations.
			_, err = orgs.FindOrganisationByID(ctx, o.ID)
			mustOK(t, err, "find as a plain user")
		})

		t.Run("ErrUnauthorized", func(t *testing.T) {
			ctx := context.Background()
			_, err := orgs.FindOrganisations(ctx)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			_, err = orgs.FindOrganisationByID(ctx, f.Beheerder.OrganisationID)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			err = orgs.CreateOrganisation(ctx, &ketenhub.Organisation{Name: "Anoniem", Kind: ketenhub.KindOverig})
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}

func TestOrganisations_Validation(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		existing := f.Org("Gemeente Zaanstad", ketenhub.KindGemeente)
		tests := []struct {
			name  string
			org   ketenhub.Organisation
			field string
		}{
			{"EmptyName", ketenhub.Organisation{Name: "", Kind: ketenhub.KindGGD}, "name"},
			{"BlankName", ketenhub.Organisation{Name: " \t ", Kind: ketenhub.KindGGD}, "name"},
			{"NameTooLong", ketenhub.Organisation{Name: strings.Repeat("é", ketenhub.MaxName+1), Kind: ketenhub.KindGGD}, "name"},
			{"NameNotUTF8", ketenhub.Organisation{Name: "GGD \xff", Kind: ketenhub.KindGGD}, "name"},
			{"NameControlChar", ketenhub.Organisation{Name: "GGD\x00", Kind: ketenhub.KindGGD}, "name"},
			{"UnknownKind", ketenhub.Organisation{Name: "Brandweer", Kind: "brandweer"}, "kind"},
			{"EmptyKind", ketenhub.Organisation{Name: "Brandweer"}, "kind"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, f.DB, "organisations", "1 = 1")
				o := tt.org
				wantField(t, f.Svc.Organisations.CreateOrganisation(f.AdminCtx, &o), tt.field)
				if got := countRows(t, f.DB, "organisations", "1 = 1"); got != before {
					t.Errorf("organisations = %d after a refused create, want %d", got, before)
				}
			})
		}

		t.Run("ErrConflictDuplicateName", func(t *testing.T) {
			before := countRows(t, f.DB, "organisations", "1 = 1")
			o := ketenhub.Organisation{Name: existing.Name, Kind: ketenhub.KindOverig}
			e := wantCode(t, f.Svc.Organisations.CreateOrganisation(f.AdminCtx, &o), ketenhub.ECONFLICT)
			if e.Field != "name" {
				t.Errorf("field = %q, want name", e.Field)
			}
			if got := countRows(t, f.DB, "organisations", "1 = 1"); got != before {
				t.Errorf("organisations = %d after a refused create, want %d", got, before)
			}
		})

		t.Run("LongestNameOK", func(t *testing.T) {
			o := &ketenhub.Organisation{Name: strings.Repeat("é", ketenhub.MaxName), Kind: ketenhub.KindOverig}
			mustOK(t, f.Svc.Organisations.CreateOrganisation(f.AdminCtx, o), "create with a name of exactly the limit")
		})

		t.Run("Update", func(t *testing.T) {
			other := f.Org("GGD Zaanstreek", ketenhub.KindGGD)
			_, err := f.Svc.Organisations.UpdateOrganisation(f.AdminCtx, other.ID, ketenhub.OrganisationUpdate{Name: ptr(existing.Name), Version: other.Version})
			if e := wantCode(t, err, ketenhub.ECONFLICT); e.Field != "name" {
				t.Errorf("field = %q, want name", e.Field)
			}
			_, err = f.Svc.Organisations.UpdateOrganisation(f.AdminCtx, other.ID, ketenhub.OrganisationUpdate{Kind: ptr(ketenhub.OrganisationKind("nope")), Version: other.Version})
			wantField(t, err, "kind")
			got, err := f.Svc.Organisations.FindOrganisationByID(f.AdminCtx, other.ID)
			mustOK(t, err, "find")
			if got.Version != other.Version || got.Name != other.Name || got.Kind != other.Kind {
				t.Errorf("after refused updates: %+v, want unchanged %+v", got, other)
			}
		})
	})
}

func TestUsers(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		users := f.Svc.Users
		org := f.Org("Politie Zaanstreek", ketenhub.KindPolitie)
		other := f.Org("OM Noord-Holland", ketenhub.KindOM)

		t.Run("UpsertWithoutViewer", func(t *testing.T) {
			u := &ketenhub.User{Issuer: "https://idp.politie.test", Subject: "abc-123", Name: "Samira Haddou", Email: "s.haddou@politie.test", OrganisationID: org.ID}
			mustOK(t, users.UpsertUser(context.Background(), u), "upsert new")
			if u.ID == 0 {
				t.Fatal("ID not set")
			}
			first := u.ID

			again := &ketenhub.User{Issuer: "https://idp.politie.test", Subject: "abc-123", Name: "Samira Haddou-de Vries", Email: "samira@politie.test", OrganisationID: other.ID, PlatformRole: ketenhub.PlatformRoleBeheerder}
			mustOK(t, users.UpsertUser(context.Background(), again), "upsert existing")
			if got, want := again.ID, first; got != want {
				t.Errorf("second upsert ID = %d, want the same user %d", got, want)
			}

			got, err := users.FindUserByID(context.Background(), first)
			mustOK(t, err, "find without viewer")
			if got.Name != again.Name || got.Email != again.Email || got.OrganisationID != other.ID || got.PlatformRole != ketenhub.PlatformRoleBeheerder {
				t.Errorf("found %+v, want the updated fields of %+v", got, again)
			}
		})

		t.Run("SameSubjectOtherIssuerIsAnotherUser", func(t *testing.T) {
			a := &ketenhub.User{Issuer: "https://a.test", Subject: "same", Name: "A", OrganisationID: org.ID}
			b := &ketenhub.User{Issuer: "https://b.test", Subject: "same", Name: "B", OrganisationID: org.ID}
			mustOK(t, users.UpsertUser(context.Background(), a), "upsert a")
			mustOK(t, users.UpsertUser(context.Background(), b), "upsert b")
			if a.ID == b.ID {
				t.Errorf("users of two issuers share ID %d", a.ID)
			}
		})

		t.Run("FindUsersOfOrganisation", func(t *testing.T) {
			f.User("Zeger Zuid", org.ID)
			f.User("Anna Agent", org.ID)
			list, err := users.FindUsers(f.AdminCtx, org.ID)
			mustOK(t, err, "find users")
			if len(list) < 2 {
				t.Fatalf("found %d users, want at least 2", len(list))
			}
			for i, u := range list {
				if u.OrganisationID != org.ID {
					t.Errorf("user %q of organisation %d listed for %d", u.Name, u.OrganisationID, org.ID)
				}
				if i > 0 && list[i-1].Name > u.Name {
					t.Errorf("not ordered by name: %q before %q", list[i-1].Name, u.Name)
				}
			}
			all, err := users.FindUsers(f.AdminCtx, 0)
			mustOK(t, err, "find all users")
			if len(all) <= len(list) {
				t.Errorf("all users = %d, want more than the %d of one organisation", len(all), len(list))
			}
		})

		t.Run("Errors", func(t *testing.T) {
			_, err := users.FindUserByID(context.Background(), 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = users.FindUsers(context.Background(), 0)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
			err = users.UpsertUser(context.Background(), &ketenhub.User{Issuer: "https://idp.test", Name: "Geen subject", OrganisationID: org.ID})
			wantCode(t, err, ketenhub.EINVALID)
			err = users.UpsertUser(context.Background(), &ketenhub.User{Issuer: "https://idp.test", Subject: "x", Name: "Bad \xff", OrganisationID: org.ID})
			wantField(t, err, "name")
			err = users.UpsertUser(context.Background(), &ketenhub.User{Issuer: "https://idp.test", Subject: "ghost", Name: "Spook", OrganisationID: 999999})
			if err == nil {
				t.Error("upsert of a user of an unknown organisation succeeded")
			}
			if n := countRows(t, f.DB, "users", "subject = ?", "ghost"); n != 0 {
				t.Errorf("%d users recorded for an unknown organisation, want 0", n)
			}
		})
	})
}
