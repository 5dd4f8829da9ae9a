package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
)

func TestPendingMigrations(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dbConfig(t, kind))
		mustOK(t, err, "open")
		t.Cleanup(func() { db.Close() })
		pending, err := db.PendingMigrations(ctx)
		mustOK(t, err, "pending before migrating")
		if len(pending) == 0 {
			t.Fatal("a fresh database has no pending migrations")
		}
		mustOK(t, db.Migrate(ctx), "migrate")
		pending, err = db.PendingMigrations(ctx)
		mustOK(t, err, "pending after migrating")
		if len(pending) != 0 {
			t.Errorf("pending after migrating: %v", pending)
		}
		mustOK(t, db.Gorm().Exec("DELETE FROM schema_migrations WHERE id = (SELECT MAX(id) FROM schema_migrations)").Error, "forget one")
		if pending, err = db.PendingMigrations(ctx); err != nil || len(pending) != 1 {
			t.Errorf("after forgetting the newest: pending %v, err %v; want one", pending, err)
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t, store.Config{DataDir: t.TempDir()})
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
	system := ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{UserID: -1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	for _, name := range []string{"Gemeente Leiden", "Politie Den Haag"} {
		mustOK(t, svc.Organisations.CreateOrganisation(system, &ketenhub.Organisation{Name: name, Kind: ketenhub.KindOverig}), "create")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "ketenhub.db")
	mustOK(t, db.Backup(ctx, file), "backup")

	t.Run("TheCopyHasTheData", func(t *testing.T) {
		copied := MustOpenDB(t, store.Config{DataDir: dir})
		orgs, err := store.NewServices(copied, policy.Policy{}, ketenhub.SystemClock{}).Organisations.FindOrganisations(system)
		mustOK(t, err, "find")
		if len(orgs) != 2 {
			t.Errorf("the copy holds %d organisations, want 2", len(orgs))
		}
	})
	t.Run("NeverOverwrites", func(t *testing.T) {
		before, _ := os.ReadFile(file)
		if err := db.Backup(ctx, file); err == nil {
			t.Fatal("a backup over an existing file succeeded")
		}
		if after, _ := os.ReadFile(file); string(after) != string(before) {
			t.Error("the existing file was changed")
		}
	})
	t.Run("NotOnPostgres", func(t *testing.T) {
		pg := MustOpenDB(t, dbConfig(t, "postgres"))
		if err := pg.Backup(ctx, filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, store.ErrBackupPostgres) {
			t.Errorf("err = %v, want ErrBackupPostgres", err)
		}
	})
}
