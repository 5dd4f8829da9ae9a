// Package storetest gives tests real databases: a fresh SQLite file, or a
// fresh database on a PostgreSQL server. When TEST_DATABASE_URL is not set,
// Main starts a throwaway PostgreSQL server for the test binary (as the
// unprivileged postgres user when running as root, since postgres refuses
// root) and stops it afterwards. Nothing is skipped: without a server the
// tests fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection
)

// Kinds are the database kinds every store test runs on.
var Kinds = []string{"sqlite", "postgres"}

// adminURL is the maintenance database of this test binary's server; set once by Main.
var adminURL string

// Main runs the tests of a package with a PostgreSQL server available. Use it
// from TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		adminURL = u
		return m.Run(), nil
	}
	srv, err := StartPostgres()
	if err != nil {
		return 0, err
	}
	defer srv.Stop()
	adminURL = srv.URL
	return m.Run(), nil
}

// Server is a throwaway PostgreSQL server.
type Server struct {
	URL  string
	Dir  string
	bin  string
	opts string // server options, kept for Restart
	asPG bool
}

// StartPostgres initialises and starts a PostgreSQL server in a temporary
// directory on a free loopback port.
func StartPostgres() (*Server, error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ketenhub-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin, asPG: os.Geteuid() == 0}
	if s.asPG {
		if err := chownToPostgres(dir); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if out, err := s.pg("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	s.opts = fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", port, dir)
	if out, err := s.pg("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-o", s.opts, "start").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := s.reapAfter(os.Getpid()); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// reapAfter starts a watchdog, in a session of its own so that it outlives
// the test binary, that stops the server and removes its files once process
// pid is gone. A test binary that ends normally has done so already (Stop);
// one stopped from outside (Ctrl-C, the go test timeout, kill -9) would
// otherwise leave the server running.
func (s *Server) reapAfter(pid int) error {
	stop := s.pg("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop").Args
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; %s >/dev/null 2>&1; rm -rf %s",
		pid, shellQuote(stop), shellQuote([]string{s.Dir}))
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start the server's watchdog: %w", err)
	}
	return cmd.Process.Release()
}

// shellQuote quotes each word for sh.
func shellQuote(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}

// Stop stops the server and removes its files.
func (s *Server) Stop() {
	s.pg("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop").Run()
	os.RemoveAll(s.Dir)
}

// Restart stops the server (fast) and starts it again on the same port, for
// tests of what survives a database restart.
func (s *Server) Restart(downFor time.Duration) error {
	data := filepath.Join(s.Dir, "data")
	if out, err := s.pg("pg_ctl", "-D", data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	time.Sleep(downFor)
	if out, err := s.pg("pg_ctl", "-D", data, "-l", filepath.Join(s.Dir, "log"), "-w", "-o", s.opts, "start").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}

func (s *Server) pg(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(dirs) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", fmt.Errorf("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: install the postgresql package, or set TEST_DATABASE_URL")
	}
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) < versionOf(dirs[j]) })
	return dirs[len(dirs)-1], nil
}

func versionOf(dir string) int {
	var v int
	fmt.Sscanf(filepath.Base(filepath.Dir(dir)), "%d", &v)
	return v
}

func chownToPostgres(dir string) error {
	if _, err := user.Lookup("postgres"); err != nil {
		return fmt.Errorf("running as root needs an unprivileged postgres user: %w", err)
	}
	if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("chown: %v: %s", err, out)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// PostgresURL creates a fresh, empty database on the test server and returns
// its URL; the database is dropped when the test ends.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	if adminURL == "" {
		tb.Fatal("storetest: no PostgreSQL server; call storetest.Main from TestMain")
	}
	name := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatalf("storetest: create database: %v", err)
	}
	tb.Cleanup(func() {
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(adminURL)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// SQLitePath returns the path of a fresh SQLite file in the test's temporary directory.
func SQLitePath(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "ketenhub.db")
}

// AdminURL is the URL of the server's maintenance database, for tests that
// need to act on the server itself.
func AdminURL() string { return adminURL }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
