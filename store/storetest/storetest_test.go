package storetest

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// childEnv marks the test binary run by TestServerEndsWithItsProcess as the
// process that starts a server and is then killed.
const childEnv = "KETENHUB_STORETEST_CHILD"

// TestServerEndsWithItsProcess: a test binary killed from outside (kill -9,
// as the go test timeout or Ctrl-C may leave it) takes its throwaway
// PostgreSQL server and files with it.
func TestServerEndsWithItsProcess(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		srv, err := StartPostgres()
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString(srv.Dir + " " + srv.URL + "\n")
		time.Sleep(time.Hour) // until killed
		return
	}
	child := exec.Command(os.Args[0], "-test.run=^TestServerEndsWithItsProcess$")
	child.Env = append(os.Environ(), childEnv+"=1")
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		child.Process.Kill()
		t.Fatalf("the child started no server: %v", err)
	}
	dir, url, _ := strings.Cut(strings.TrimSpace(line), " ")
	if !reachable(url) {
		t.Fatalf("the child's server at %s does not answer", url)
	}
	child.Process.Kill()
	child.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(dir); os.IsNotExist(err) && !reachable(url) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("30 s after its process was killed, the server at %s still runs or its files at %s remain", url, dir)
}

func reachable(url string) bool {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return false
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return db.PingContext(ctx) == nil
}
