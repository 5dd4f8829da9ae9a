package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// TestDatabaseDown: while PostgreSQL is down, requests that need it get
// 503 with Retry-After and the code unavailable, not 500; once it is back
// they succeed again.
func TestDatabaseDown(t *testing.T) {
	pg, err := storetest.StartPostgres()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pg.Stop)
	s := newStackOn(t, store.Config{DatabaseURL: pg.URL}, func(string, *store.Services, *auth.Sessions) server.Config { return server.Config{} })
	ctx := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: 1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	regio := &ketenhub.Organisation{Name: "Regio Beheer", Kind: ketenhub.KindOverig}
	if err := s.svc.Organisations.CreateOrganisation(ctx, regio); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	beheerder := s.signIn("beheerder", regio.ID, ketenhub.PlatformRoleBeheerder)
	beheerder.do("GET", "/api/v1/organisations", nil).must(t, http.StatusOK, nil)

	restarted := make(chan error, 1)
	go func() { restarted <- pg.Restart(3 * time.Second) }()
	var down *response
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp := beheerder.do("GET", "/api/v1/organisations", nil)
		if resp.status == http.StatusOK {
			continue // not down yet
		}
		down = resp
		break
	}
	if down == nil {
		t.Fatal("no request failed while the database was restarted")
	}
	down.problem(t, http.StatusServiceUnavailable, ketenhub.EUNAVAILABLE, "")
	if got := down.header.Get("Retry-After"); got != "5" {
		t.Errorf("Retry-After = %q, want 5", got)
	}
	// Later requests of the down time find no server at all: the same answer.
	if resp := beheerder.do("GET", "/api/v1/organisations", nil); len(restarted) == 0 && resp.status != http.StatusOK {
		resp.problem(t, http.StatusServiceUnavailable, ketenhub.EUNAVAILABLE, "")
	}
	if err := <-restarted; err != nil {
		t.Fatal(err)
	}
	var ok bool
	for deadline := time.Now().Add(10 * time.Second); !ok && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ok = beheerder.do("GET", "/api/v1/organisations", nil).status == http.StatusOK
	}
	if !ok {
		t.Error("requests still fail after the database came back")
	}
}
