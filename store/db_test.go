package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestOpen_Kind(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		cfg := dbConfig(t, kind)
		db := MustOpenDB(t, cfg)
		if got := db.Kind(); got != kind {
			t.Errorf("Kind() = %q, want %q", got, kind)
		}
		mustOK(t, db.Ping(context.Background()), "ping")
		entries, err := os.ReadDir(cfg.DataDir)
		mustOK(t, err, "read data dir")
		if kind == "sqlite" && len(entries) == 0 {
			t.Error("no SQLite file in the data directory")
		}
		if kind == "postgres" && len(entries) != 0 {
			t.Errorf("PostgreSQL wrote %d files to the data directory, want none", len(entries))
		}
	})
}

func TestOpen_BadPostgresURL(t *testing.T) {
	// A port nobody listens on: opening must fail, not hang or fall back to SQLite.
	_, err := store.Open(context.Background(), store.Config{DatabaseURL: "postgres://postgres@127.0.0.1:1/nope?sslmode=disable&connect_timeout=2"})
	if err == nil {
		t.Fatal("open of an unreachable PostgreSQL succeeded")
	}
}

func TestMigrate_Twice(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		cfg := dbConfig(t, kind)
		db := MustOpenDB(t, cfg) // migrated once
		clock := NewTestClock()
		f := &fixture{tb: t, Kind: kind, DB: db, Svc: store.NewServices(db, policy.Policy{}, clock), Clock: clock}
		orgID := f.insertOrganisation("Gemeente Edam-Volendam", ketenhub.KindGemeente)
		u := f.User("Eva Edam", orgID)

		mustOK(t, db.Migrate(ctx), "second migrate")
		mustOK(t, db.Close(), "close")

		// Open the same database again, migrate a third time: the data is still there.
		again := MustOpenDB(t, cfg)
		mustOK(t, again.Migrate(ctx), "third migrate")
		svc := store.NewServices(again, policy.Policy{}, clock)
		got, err := svc.Users.FindUserByID(ctx, u.ID)
		mustOK(t, err, "find user after re-opening")
		if got.Name != u.Name || got.OrganisationID != orgID {
			t.Errorf("user after migrations = %+v, want %+v", got, u)
		}
		if n := countRows(t, again, "organisations", "1 = 1"); n != 1 {
			t.Errorf("organisations = %d, want 1", n)
		}
	})
}

// TestMigrate_ConcurrentReplicas: replicas starting at once on one
// PostgreSQL migrate one after the other instead of racing.
func TestMigrate_ConcurrentReplicas(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := store.Open(ctx, store.Config{DatabaseURL: url})
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(ctx)
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
}
