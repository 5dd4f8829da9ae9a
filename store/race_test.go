package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestUsers_ConcurrentFirstSignIn signs one new person in from several
// browser tabs at once: every call succeeds and they all get the same user.
func TestUsers_ConcurrentFirstSignIn(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		org := f.insertOrganisation("Politie Noord-Holland", ketenhub.KindPolitie)
		for round := range 10 {
			const tabs = 8
			got := make([]*ketenhub.User, tabs)
			errs := make([]error, tabs)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range tabs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					got[i] = &ketenhub.User{Issuer: "https://idp.test", Subject: "tab-" + string(rune('a'+round)), Name: "Tabs", OrganisationID: org}
					errs[i] = f.Svc.Users.UpsertUser(context.Background(), got[i])
				}()
			}
			close(start)
			wg.Wait()
			for i := range tabs {
				if errs[i] != nil {
					t.Fatalf("round %d tab %d: %v", round, i, errs[i])
				}
				if got[i].ID == 0 || got[i].ID != got[0].ID {
					t.Fatalf("round %d: tab %d got user %d, tab 0 user %d", round, i, got[i].ID, got[0].ID)
				}
			}
		}
		if n := countRows(t, f.DB, "users", "subject LIKE ?", "tab-%"); n != 10 {
			t.Errorf("users = %d, want 10", n)
		}
	})
}

// TestOrganisations_ConcurrentSameName has beheerders create one name at
// once: one succeeds, the others get the field error on the name, not an
// internal error.
func TestOrganisations_ConcurrentSameName(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		for round := range 10 {
			const beheerders = 6
			name := "Gemeente Ronde " + string(rune('A'+round))
			errs := make([]error, beheerders)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range beheerders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = f.Svc.Organisations.CreateOrganisation(f.AdminCtx, &ketenhub.Organisation{Name: name, Kind: ketenhub.KindGemeente})
				}()
			}
			close(start)
			wg.Wait()
			created := 0
			for _, err := range errs {
				if err == nil {
					created++
					continue
				}
				if e := wantCode(t, err, ketenhub.ECONFLICT); e.Field != "name" {
					t.Errorf("field = %q, want name", e.Field)
				}
			}
			if created != 1 {
				t.Fatalf("round %d: %d organisations created, want 1 (%v)", round, created, errs)
			}
		}
	})
}
