package store

import (
	"context"
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
			cfg := Config{DataDir: t.TempDir()}
			if kind == KindPostgres {
				cfg.DatabaseURL = storetest.PostgresURL(t)
			}
			ctx := context.Background()
			db, err := Open(ctx, cfg)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			t.Cleanup(func() { db.Close() })

			opts := *gormigrate.DefaultOptions
			opts.TableName = "schema_migrations"
			if err := gormigrate.New(db.g, &opts, migrations()).MigrateTo("202611230001_initial"); err != nil {
				t.Fatalf("migrate to the first migration: %v", err)
			}
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
