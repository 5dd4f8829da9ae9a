package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
)

// newLogger logs in the configured format to w. Every line logged with a
// request's context carries its request id and origin.
func newLogger(w io.Writer, cfg Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewJSONHandler(w, opts)
	if cfg.LogFormat == logFormatText {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(server.LogHandler(h))
}

// readyChecks are what /readyz checks: the database answers, its schema is
// the one this binary expects, and the realtime listener is connected (on
// PostgreSQL; on SQLite the bus is in the process).
func readyChecks(db *store.DB, bus realtime.Bus) []server.ReadyCheck {
	checks := []server.ReadyCheck{
		{Name: "database", Check: db.Ping},
		{Name: "migrations", Check: func(ctx context.Context) error {
			pending, err := db.PendingMigrations(ctx)
			if err != nil {
				return err
			}
			if len(pending) > 0 {
				return fmt.Errorf("%d pending: %s", len(pending), strings.Join(pending, ", "))
			}
			return nil
		}},
	}
	if pg, ok := bus.(*pgbus.Bus); ok {
		checks = append(checks, server.ReadyCheck{Name: "realtime", Check: func(context.Context) error {
			if pg.PID() == 0 {
				return errors.New("the event listener is not connected")
			}
			return nil
		}})
	}
	return checks
}

// argCommand is a command with arguments of its own besides the settings:
// parse takes them from args and returns the command and the rest.
type argCommand func(args []string) (func(context.Context, Config, *slog.Logger) error, []string, error)

var argCommands = map[string]argCommand{
	"backup":              parseBackup,
	"create-organisation": parseCreateOrganisation,
}

// parseBackup reads `backup <file> [flags]`.
func parseBackup(args []string) (func(context.Context, Config, *slog.Logger) error, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return nil, nil, errors.New("name the file to write: ketenhub backup <file> [flags]")
	}
	file := args[0]
	return func(ctx context.Context, cfg Config, log *slog.Logger) error {
		return backup(ctx, cfg, log, file)
	}, args[1:], nil
}

// backup writes a consistent copy of the embedded SQLite database to file,
// also while a hub serves from it. It neither migrates nor changes the
// database: a backup of an older schema stays one.
func backup(ctx context.Context, cfg Config, log *slog.Logger, file string) error {
	if cfg.DatabaseURL != "" {
		return store.ErrBackupPostgres
	}
	db, err := store.Open(ctx, store.Config{DataDir: cfg.DataDir})
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	log.Info("backup written", "file", file)
	return nil
}

// parseCreateOrganisation reads `create-organisation --name <name> --kind
// <kind> [flags]`; --name and --kind may stand anywhere among the flags.
func parseCreateOrganisation(args []string) (func(context.Context, Config, *slog.Logger) error, []string, error) {
	var name, kind string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		key, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (key != "name" && key != "kind") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 == len(args) {
				return nil, nil, fmt.Errorf("--%s needs a value", key)
			}
			i++
			val = args[i]
		}
		if key == "name" {
			name = val
		} else {
			kind = val
		}
	}
	if strings.TrimSpace(name) == "" || kind == "" {
		return nil, nil, fmt.Errorf("give --name and --kind (one of %s)", kindList())
	}
	o := &ketenhub.Organisation{Name: name, Kind: ketenhub.OrganisationKind(kind)}
	return func(ctx context.Context, cfg Config, log *slog.Logger) error {
		return createOrganisation(ctx, cfg, log, o)
	}, rest, nil
}

func kindList() string {
	names := make([]string, len(ketenhub.OrganisationKinds))
	for i, k := range ketenhub.OrganisationKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// createOrganisation creates an organisation as the system: the bootstrap
// of an empty production database, where nobody can sign in before the
// organisation their identity provider vouches for exists.
func createOrganisation(ctx context.Context, cfg Config, log *slog.Logger, o *ketenhub.Organisation) error {
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
	system := ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{UserID: systemUserID, PlatformRole: ketenhub.PlatformRoleBeheerder})
	if err := svc.Organisations.CreateOrganisation(system, o); err != nil {
		if e := ketenhub.ErrorOf(err); e != nil && e.Code != ketenhub.EINTERNAL {
			return fmt.Errorf("%s", e.Message)
		}
		return err
	}
	log.Info("organisation created", append(auth.Audit("system", "organisation_create", fmt.Sprintf("organisation:%d", o.ID), auth.AuditSuccess),
		"organisation_id", o.ID, "kind", string(o.Kind))...)
	return nil
}

// systemUserID is the actor of writes the binary makes on its own (as the
// demo seed does).
const systemUserID = -1
