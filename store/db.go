// Package store keeps Ketenhub's state with gorm: PostgreSQL in production,
// an embedded SQLite file (pure Go, no cgo) by default. It implements the
// domain's service interfaces and writes every change together with its
// event in one transaction.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Config says which database to use: PostgreSQL when DatabaseURL is set,
// otherwise a SQLite file in DataDir (default ./data).
type Config struct {
	DatabaseURL string
	DataDir     string
}

// Database kinds.
const (
	KindSQLite   = "sqlite"
	KindPostgres = "postgres"
)

// maxPostgresConns bounds a node's connections to PostgreSQL.
const maxPostgresConns = 40

// DB is an open database.
type DB struct {
	g    *gorm.DB
	kind string
	// onCommit, when set, is told of every committed event (see SetCommitHook).
	onCommit atomic.Pointer[CommitHook]
}

// Open connects to the database of cfg. It does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	gcfg := &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
	if cfg.DatabaseURL != "" {
		g, err := gorm.Open(postgres.Open(cfg.DatabaseURL), gcfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		if err := registerUnavailable(g); err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db := &DB{g: g, kind: KindPostgres}
		sqlDB, _ := g.DB()
		// Keep as many idle connections as may be open: with fewer, a burst
		// of concurrent writes and log reads closes the surplus when it
		// ends and opens it again for the next, and every new connection
		// costs a PostgreSQL backend and a fresh prepare of each statement
		// (a 40 s load run at 200 writes/s opened some 2,700). Idle ones
		// still go after ConnMaxIdleTime.
		sqlDB.SetMaxOpenConns(maxPostgresConns)
		sqlDB.SetMaxIdleConns(maxPostgresConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return db, db.Ping(ctx)
	}
	dir := cfg.DataDir
	if dir == "" {
		dir = "data"
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	dsn := "file:" + filepath.Join(dir, "ketenhub.db") +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	g, err := gorm.Open(sqlite.Open(dsn), gcfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	if err := registerUnavailable(g); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	sqlDB, _ := g.DB()
	// One connection serialises writers, which SQLite needs anyway; it also
	// means code inside a transaction must use the transaction's handle only.
	sqlDB.SetMaxOpenConns(1)
	db := &DB{g: g, kind: KindSQLite}
	return db, db.Ping(ctx)
}

// Kind is KindSQLite or KindPostgres.
func (db *DB) Kind() string { return db.kind }

// Gorm gives tests and maintenance commands the underlying handle.
func (db *DB) Gorm() *gorm.DB { return db.g }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.g.DB()
	if err != nil {
		return err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.kind, err)
	}
	return nil
}

// Close closes the connections.
func (db *DB) Close() error {
	sqlDB, err := db.g.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// isNotFound reports whether err is gorm's "no row".
func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }
