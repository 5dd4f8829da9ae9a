package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/store"
)

// TestUpsertUser_PersonClaims: a sign-in stores function, organisation
// role and the claim's shielded mark, and replaces the user's groups with
// this sign-in's, bounded; the organisation's own mark is left alone.
func TestUpsertUser_PersonClaims(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		org := f.Org("Politie Noord-Holland", ketenhub.KindPolitie)
		ctx := context.Background()
		signIn := func(u ketenhub.User) *ketenhub.User {
			t.Helper()
			u.Issuer, u.Subject, u.Name, u.OrganisationID = "https://idp.politie.test", "abc-123", "Ruud Jansen", org.ID
			if err := f.Svc.Users.UpsertUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			found, err := f.Svc.Users.FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(found.Groups, u.Groups) || found.Shielded != u.Shielded || found.Function != u.Function {
				t.Errorf("UpsertUser returned %+v, the store holds %+v", u, found)
			}
			return found
		}

		long := strings.Repeat("g", ketenhub.MaxGroupName+1)
		u := signIn(ketenhub.User{Function: "  Rechercheur ", OrganisationRole: ketenhub.OrganisationRoleBeheerder, Shielded: true,
			Groups: []string{"Team Ondermijning", "Aanhoudingseenheid", "Team Ondermijning", long, " "}})
		if got, want := fmt.Sprintf("%s|%q|%s|%t", u.Function, u.Groups, u.OrganisationRole, u.Shielded),
			`Rechercheur|["Aanhoudingseenheid" "Team Ondermijning"]|organisatiebeheerder|true`; got != want {
			t.Errorf("after the first sign-in: %s, want %s", got, want)
		}

		var many []string
		for i := range store.MaxUserGroups + 5 {
			many = append(many, fmt.Sprintf("groep-%03d", i))
		}
		u = signIn(ketenhub.User{Groups: many})
		if len(u.Groups) != store.MaxUserGroups || slices.Contains(u.Groups, "Team Ondermijning") || u.OrganisationRole != "" || u.Shielded || u.Function != "" {
			t.Errorf("after the second sign-in: %d groups, role %q, shielded %t, function %q", len(u.Groups), u.OrganisationRole, u.Shielded, u.Function)
		}
		if n := countRows(t, f.DB, "user_groups", "user_id = ?", u.ID); n != store.MaxUserGroups {
			t.Errorf("%d rows in user_groups, want %d", n, store.MaxUserGroups)
		}

		// The organisation's beheerder marks the user; a sign-in without the
		// claim keeps the mark, and clearing it is audited too.
		beheerder := &ketenhub.User{Issuer: "https://idp.politie.test", Subject: "beheer", Name: "Karin Bos", OrganisationID: org.ID,
			OrganisationRole: ketenhub.OrganisationRoleBeheerder}
		mustOK(t, f.Svc.Users.UpsertUser(ctx, beheerder), "upsert beheerder")
		mark, err := f.Svc.Users.SetShielded(ViewerContext(beheerder), u.ID, true)
		mustOK(t, err, "set shielded")
		if *mark != (ketenhub.ShieldedMark{UserID: u.ID, Shielded: true, ByOrganisation: true}) {
			t.Errorf("mark = %+v", *mark)
		}
		if u = signIn(ketenhub.User{}); !u.Shielded {
			t.Error("a sign-in without the claim cleared the organisation's mark")
		}
		_, err = f.Svc.Users.SetShielded(ViewerContext(beheerder), u.ID, false)
		mustOK(t, err, "clear shielded")
		if n := countRows(t, f.DB, "audit_log", "actor_user_id = ? AND subject_type = 'user' AND subject_id = ? AND action = 'update'", beheerder.ID, u.ID); n != 2 {
			t.Errorf("%d audit rows of the beheerder's marks, want 2", n)
		}

		// Nobody else: the platform beheerder, another organisation's
		// beheerder, an unknown user, and no viewer at all.
		other := f.Org("Gemeente Purmerend", ketenhub.KindGemeente)
		otherBeheerder := &ketenhub.User{Issuer: "https://idp.gemeente.test", Subject: "beheer", Name: "Femke de Wit", OrganisationID: other.ID,
			OrganisationRole: ketenhub.OrganisationRoleBeheerder}
		mustOK(t, f.Svc.Users.UpsertUser(ctx, otherBeheerder), "upsert other beheerder")
		for _, c := range []context.Context{f.AdminCtx, ViewerContext(otherBeheerder)} {
			_, err := f.Svc.Users.SetShielded(c, u.ID, true)
			wantCode(t, err, ketenhub.EFORBIDDEN)
		}
		_, err = f.Svc.Users.SetShielded(ViewerContext(beheerder), 999999, true)
		wantCode(t, err, ketenhub.EFORBIDDEN)
		_, err = f.Svc.Users.SetShielded(ctx, u.ID, true)
		wantCode(t, err, ketenhub.EUNAUTHORIZED)
		if found, _ := f.Svc.Users.FindUserByID(ctx, u.ID); found.Shielded {
			t.Error("a refused SetShielded marked the user")
		}

		bad := ketenhub.User{Issuer: "https://idp.politie.test", Subject: "x", Name: "X", OrganisationID: org.ID, OrganisationRole: "koning"}
		wantField(t, f.Svc.Users.UpsertUser(ctx, &bad), "organisation_role")
	})
}
