// Command ketenhub is the Ketenhub binary: the web app, the REST API and the
// database migrations in one file.
//
//	ketenhub [serve] [flags]   serve the hub (the default)
//	ketenhub migrate [flags]   bring the database schema up to date
//	ketenhub seed-demo [flags] fill an empty database with the demo region
//	ketenhub backup <file>     copy the embedded SQLite database, online
//	ketenhub create-organisation --name <name> --kind <kind>
//	                           create an organisation (bootstrap)
//	ketenhub version           print the version
//	ketenhub help              print this help
//
// Settings come from environment variables, with flags overriding them; see
// docs/configuration.md. This package only reads the configuration and wires
// the other packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/frontend"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/server"
	"github.com/ketenhub/ketenhub/store"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad command line or configuration
)

// Timeouts of the HTTP server. There is no write timeout: websockets and
// large exports stay open longer than any sensible fixed limit.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}.run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// app is one run of the binary with its surroundings, so that tests can run
// it as a function.
type app struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// ready, if set, is called with the listening address once serve accepts connections.
	ready func(net.Addr)
	// metricsReady, if set, is called with the metrics listener's address.
	metricsReady func(net.Addr)
}

// run executes the command in args and returns the exit code. serve runs
// until ctx is cancelled.
func (a app) run(ctx context.Context, args []string) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version":
		fmt.Fprintln(a.stdout, "ketenhub", version())
		return exitOK
	case "help", "-h", "--help":
		a.usage(a.stdout)
		return exitOK
	}
	commands := map[string]func(context.Context, Config, *slog.Logger) error{
		"serve":     a.serve,
		"migrate":   migrate,
		"seed-demo": seedDemo,
	}
	fn, ok := commands[cmd]
	if parse, withArgs := argCommands[cmd]; withArgs {
		var err error
		if fn, args, err = parse(args); err != nil {
			fmt.Fprintf(a.stderr, "ketenhub %s: %v\n", cmd, err)
			return exitUsage
		}
		ok = true
	}
	if !ok {
		fmt.Fprintf(a.stderr, "ketenhub: unknown command %q\n\n", cmd)
		a.usage(a.stderr)
		return exitUsage
	}
	cfg, err := loadConfig(args, a.getenv)
	if errors.Is(err, flag.ErrHelp) {
		a.usage(a.stdout)
		return exitOK
	} else if err != nil {
		fmt.Fprintf(a.stderr, "ketenhub: %v\n", err)
		return exitUsage
	}
	log := newLogger(a.stderr, cfg)
	if err := fn(ctx, cfg, log); err != nil {
		log.Error("ketenhub "+cmd+" failed", "err", err)
		var cerr *configError
		if errors.As(err, &cerr) {
			return exitUsage // a mistake in the configuration that the command found
		}
		return exitError
	}
	return exitOK
}

func (a app) usage(w io.Writer) {
	fmt.Fprint(w, `Ketenhub: the collaboration hub for local safety partners.

Usage: ketenhub [command] [flags]

Commands:
  serve      serve the hub (default)
  migrate    bring the database schema up to date
  seed-demo  fill an empty database with the demo region
  backup <file>
             write a consistent copy of the embedded SQLite database to a new
             file, also while the hub runs (PostgreSQL: use pg_dump)
  create-organisation --name <name> --kind <kind>
             create an organisation, e.g. the first one on an empty database
  version    print the version
  help       print this help

Settings (environment variable, flag, default); flags override the environment:
`)
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(w, "  %-27s --%-18s %s\n  %-27s %-20s default: %s\n", s.env, s.flag, s.usage, "", "", def)
	}
	fmt.Fprintln(w, "\nSee docs/configuration.md.")
}

// version is the module version and VCS revision the binary was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// openStore opens the database and brings its schema up to date.
func openStore(ctx context.Context, cfg Config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database: %w", err)
	}
	log.Info("database ready", "kind", db.Kind())
	return db, nil
}

func migrate(ctx context.Context, cfg Config, log *slog.Logger) error {
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	return db.Close()
}

// seedDemo seeds the demo region whatever KETENHUB_DEMO says: asking for
// it is the point of the command. An existing database is left alone, and
// a hub with real identity providers gets none.
func seedDemo(ctx context.Context, cfg Config, log *slog.Logger) error {
	if cfg.OIDCConfig != "" {
		return errDemoBesideProviders("seed-demo")
	}
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return seed(ctx, demoServices(store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{}), demoIssuer(cfg)), log)
}

// demoServices are the services the demo seed writes through, seeding the
// personas under issuer.
func demoServices(svc *store.Services, issuer string) demo.Services {
	return demo.Services{Services: svc.Services, Issuer: issuer}
}

// seed seeds the demo region into an empty database.
func seed(ctx context.Context, svc demo.Services, log *slog.Logger) error {
	seeded, err := demo.Seeded(ctx, svc.Organisations)
	if err != nil {
		return err
	}
	if seeded {
		log.Info("demo data not seeded: the database already holds organisations")
		return nil
	}
	if err := demo.Seed(ctx, svc); err != nil {
		return err
	}
	log.Info("demo data seeded", "personas", len(demo.Personas), "issuer", svc.Issuer)
	return nil
}

// serve runs the hub until ctx is cancelled, then shuts down gracefully.
func (a app) serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	// Listen before anything else: with port 0 the public URL, and with it
	// the development provider's issuer, is only known now.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	cfg = cfg.listeningOn(ln.Addr())
	clock := ketenhub.SystemClock{}
	svc := store.NewServices(db, policy.Policy{}, clock)
	if cfg.Demo {
		if err := seed(ctx, demoServices(svc, demoIssuer(cfg)), log); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
	}
	bus := newBus(cfg, db, log)
	sessions := auth.NewSessions(svc.Sessions, svc.Users, clock, auth.SessionOptions{Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute,
		Ended: sessionsEnded(bus, log)})
	signIn, err := newSignIn(cfg, svc, sessions, clock, log)
	if err != nil {
		return err
	}
	if err := signIn.checkProviders(ctx, log); err != nil {
		return err
	}
	metrics := server.NewMetrics()
	metrics.WatchDB(db.SQL())
	srvCfg := server.Config{
		AllowedOrigins: cfg.AllowedOrigins,
		CookieSecure:   cfg.CookieSecure(),
		HSTS:           cfg.CookieSecure(), // the public URL is https
		TrustedProxies: cfg.TrustedProxies,
		LoginLimit:     cfg.LoginRateLimit,
		WriteLimit:     cfg.WriteRateLimit,
		Metrics:        metrics,
		Static:         frontend.FS(),
		Logger:         log,
		PublicURL:      cfg.PublicURL,
	}
	signIn.configure(&srvCfg)
	hub, err := newRealtime(cfg, db, bus, sessions, svc.Displays, metrics, log)
	if err != nil {
		return err
	}
	srvCfg.Realtime = hub
	srvCfg.Display = http.HandlerFunc(hub.ServeDisplay)
	srvCfg.Ready = readyChecks(db, bus)
	go func() {
		if err := hub.Run(ctx); err != nil && ctx.Err() == nil {
			log.Error("realtime stopped", "err", err)
		}
	}()
	srv := server.New(srvCfg, server.Services{Services: svc.Services, Sessions: sessions})
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if cfg.DebugAddr != "" {
		go serveDebug(ctx, cfg.DebugAddr, log)
	}
	if cfg.MetricsAddr != "" {
		serveMetrics(ctx, cfg.MetricsAddr, metrics.Handler(), log, a.metricsReady)
	}
	return a.serveOn(ctx, ln, httpSrv, hub, cfg, log)
}

// newBus returns the bus between the realtime hubs. On PostgreSQL every
// node LISTENs for the commits of all nodes; on the embedded SQLite there is
// one node, told by the store's commit hook.
func newBus(cfg Config, db *store.DB, log *slog.Logger) realtime.Bus {
	if db.Kind() == store.KindPostgres {
		return pgbus.New(cfg.DatabaseURL, db, log)
	}
	local := realtime.NewLocalBus()
	db.SetCommitHook(local.Publish)
	return local
}

// sessionsEnded passes revoked sessions on to every node's hub, which
// closes their websockets at once (sign-out, back-channel logout).
func sessionsEnded(bus realtime.Bus, log *slog.Logger) func(context.Context, []int64) {
	return func(ctx context.Context, ids []int64) {
		if err := bus.PublishSessionsEnded(context.WithoutCancel(ctx), ids); err != nil {
			log.WarnContext(ctx, "tell the hubs of ended sessions; their websockets close at the next session check", "err", err)
		}
	}
}

// newRealtime builds the websocket hub on bus.
func newRealtime(cfg Config, db *store.DB, bus realtime.Bus, sessions *auth.Sessions, displays realtime.DisplayResolver, metrics realtime.Metrics, log *slog.Logger) (*realtime.Hub, error) {
	hub, err := realtime.New(realtime.Config{
		Policy: policy.Policy{}, Sessions: sessions, Feed: db, Bus: bus, Displays: displays,
		AllowedOrigins: cfg.AllowedOrigins, Logger: log, Metrics: metrics,
	})
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	if db.Kind() == store.KindPostgres {
		// This node's own commits reach its clients at once; other nodes'
		// arrive by NOTIFY (see Hub.Announce).
		db.SetCommitHook(hub.Announce)
	}
	return hub, nil
}

// serveOn serves on ln until ctx is cancelled, then lets requests in
// flight finish (up to shutdownTimeout).
func (a app) serveOn(ctx context.Context, ln net.Listener, httpSrv *http.Server, hub *realtime.Hub, cfg Config, log *slog.Logger) error {
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "demo", cfg.Demo, "dev", cfg.Dev)
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	if a.ready != nil {
		a.ready(ln.Addr())
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	// Websockets are hijacked connections that Shutdown does not wait for:
	// close them first (1001), so that clients reconnect elsewhere.
	if err := hub.Shutdown(shutdownCtx); err != nil {
		log.Warn("closing websockets", "err", err)
	}
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}
