package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// PendingMigrations returns the ids of the migrations this binary knows
// that the database has not run, in order: none when the schema is
// current. A readiness probe reports a node not ready while there are some
// (another version is mid-rollout, or `ketenhub migrate` has not run).
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	var done []string
	g := db.g.WithContext(ctx)
	if g.Migrator().HasTable("schema_migrations") { // none yet: everything is pending
		if err := g.Table("schema_migrations").Pluck("id", &done).Error; err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
	}
	seen := make(map[string]bool, len(done))
	for _, id := range done {
		seen[id] = true
	}
	var pending []string
	for _, m := range migrations() {
		if !seen[m.ID] {
			pending = append(pending, m.ID)
		}
	}
	return pending, nil
}

// SQL returns the connection pool, for its statistics (sql.DB.Stats).
func (db *DB) SQL() *sql.DB {
	sqlDB, _ := db.g.DB() // only fails for a gorm.DB not made by Open
	return sqlDB
}

// ErrBackupPostgres is returned by Backup on PostgreSQL, whose own tools
// (pg_dump) make consistent copies.
var ErrBackupPostgres = errors.New("backup copies the embedded SQLite database only; back up PostgreSQL with pg_dump (see docs/operations.md)")

// Backup writes a consistent copy of the embedded SQLite database to path
// while the hub keeps running (VACUUM INTO reads one snapshot). The file
// must not exist yet: a backup never overwrites anything.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.kind != KindSQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := db.g.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", path, err)
	}
	return nil
}
