package store

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/ketenhub/ketenhub/store/storetest"
)

// TestMigrate_UpgradeKeepsUsers upgrades a database that has only the
// first migration and users in it: the foreign key migration must keep
// every row and index (SQLite rebuilds the table to add the constraint).
func TestMigrate_UpgradeKeepsUsers(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := openMigratedTo(t, kind, "202611230001_initial")
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			var orgID int64
			if err := db.g.Raw(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES ('Gemeente Hoorn', 'gemeente', 1, ?, ?) RETURNING id`, now, now).Scan(&orgID).Error; err != nil {
				t.Fatalf("insert organisation: %v", err)
			}
			for _, subject := range []string{"a", "b"} {
				if err := db.g.Exec(`INSERT INTO users (issuer, subject, organisation_id, created_at, updated_at) VALUES ('https://idp.test', ?, ?, ?, ?)`, subject, orgID, now, now).Error; err != nil {
					t.Fatalf("insert user %s: %v", subject, err)
				}
			}

			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			var users int64
			if err := db.g.Table("users").Where("organisation_id = ?", orgID).Count(&users).Error; err != nil || users != 2 {
				t.Fatalf("users after the upgrade = %d (%v), want 2", users, err)
			}
			for _, index := range []string{"idx_users_identity", "idx_users_organisation_id"} {
				if !db.g.Migrator().HasIndex("users", index) {
					t.Errorf("users lost index %s in the upgrade", index)
				}
			}
			if err := db.g.Exec(`INSERT INTO users (issuer, subject, organisation_id, created_at, updated_at) VALUES ('https://idp.test', 'c', 999999, ?, ?)`, now, now).Error; err == nil {
				t.Error("after the upgrade a user of an unknown organisation was stored")
			}
		})
	}
}

// TestMigrate_BoundedCounts: counts stored before the bound, up to the
// int64 limit, are brought down to it with a new version; others are left
// alone.
func TestMigrate_BoundedCounts(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := openMigratedTo(t, kind, "202612030001_history") // a point before it
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			var orgID, wsID int64
			if err := db.g.Raw(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES ('Gemeente Hoorn', 'gemeente', 1, ?, ?) RETURNING id`, now, now).Scan(&orgID).Error; err != nil {
				t.Fatalf("insert organisation: %v", err)
			}
			if err := db.g.Raw(`INSERT INTO workspaces (title, description, theme, period, version, created_at, updated_at) VALUES ('Ondermijning', '', 'ondermijning', '', 1, ?, ?) RETURNING id`, now, now).Scan(&wsID).Error; err != nil {
				t.Fatalf("insert workspace: %v", err)
			}
			insert := func(title string, target, done int64) {
				t.Helper()
				err := db.g.Exec(`INSERT INTO actions (workspace_id, title, description, owner_organisation_id, status, count_target, count_done, external_ref, visibility, created_by_user_id, created_by_org_id, version, created_at, updated_at)
					VALUES (?, ?, '', ?, 'open', ?, ?, '', 'workspace', 0, ?, 1, ?, ?)`, wsID, title, orgID, target, done, orgID, now, now).Error
				if err != nil {
					t.Fatalf("insert action %s: %v", title, err)
				}
			}
			insert("huge", math.MaxInt64, math.MaxInt64-1)
			insert("normal", 6, 2)
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			var rows []struct {
				Title                  string
				CountTarget, CountDone int64
				Version                int64
			}
			if err := db.g.Raw(`SELECT title, count_target, count_done, version FROM actions ORDER BY title`).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].CountTarget != 1_000_000_000 || rows[0].CountDone != 1_000_000_000 || rows[0].Version != 2 ||
				rows[1].CountTarget != 6 || rows[1].CountDone != 2 || rows[1].Version != 1 {
				t.Errorf("after the upgrade: %+v, want huge at the bound in version 2, normal unchanged", rows)
			}
		})
	}
}

// openMigratedTo opens a fresh database of the kind with the migrations up
// to and including id, as a database of an older release would be.
func openMigratedTo(t *testing.T, kind, id string) *DB {
	t.Helper()
	cfg := Config{DataDir: t.TempDir()}
	if kind == KindPostgres {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	db, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	if err := gormigrate.New(db.g, &opts, migrations()).MigrateTo(id); err != nil {
		t.Fatalf("migrate to %s: %v", id, err)
	}
	return db
}
