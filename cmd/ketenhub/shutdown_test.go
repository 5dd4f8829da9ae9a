package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

// node is a ketenhub process.
type node struct {
	name string
	cmd  *exec.Cmd
	base string
	log  *syncBuffer
	done chan error // the process's exit
}

// buildBinary builds the ketenhub binary once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ketenhub")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startNode starts the binary with vars on a free port and waits until it
// serves; the process is stopped when the test ends.
func startNode(t *testing.T, bin, name string, vars map[string]string) *node {
	t.Helper()
	n := &node{name: name, cmd: exec.Command(bin, "serve"), log: &syncBuffer{}, done: make(chan error, 1)}
	n.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "KETENHUB_ADDR=127.0.0.1:0", "KETENHUB_METRICS_ADDR=127.0.0.1:0"}
	for k, v := range vars {
		n.cmd.Env = append(n.cmd.Env, k+"="+v)
	}
	stderr, err := n.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			fmt.Fprintln(n.log, sc.Text())
			var rec struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving" {
				serving <- rec.Addr
			}
		}
		n.done <- n.cmd.Wait()
	}()
	t.Cleanup(func() {
		if n.cmd.ProcessState == nil {
			n.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-n.done:
			case <-time.After(30 * time.Second):
				n.cmd.Process.Kill()
			}
		}
		if t.Failed() {
			t.Logf("log of node %s:\n%s", n.name, n.log)
		}
	})
	select {
	case addr := <-serving:
		n.base = "http://" + addr
	case err := <-n.done:
		t.Fatalf("node %s exited before serving (%v):\n%s", name, err, n.log)
	case <-time.After(60 * time.Second):
		t.Fatalf("node %s not serving after a minute:\n%s", name, n.log)
	}
	return n
}

// follower is a browser tab following a workspace over the websocket; it
// records every event it is sent.
type follower struct {
	b      *browser
	topic  string
	conn   *websocket.Conn
	last   int64   // the last sequence number it has (event or position)
	events []int64 // the sequence numbers of the events received, in order
	about  map[int64]int
}

// connect opens the websocket at base and subscribes, from since when the
// follower has seen something, from now otherwise.
func (f *follower) connect(t *testing.T, base string) {
	t.Helper()
	dialer := websocket.Dialer{Jar: f.b.client.Jar, HandshakeTimeout: 10 * time.Second}
	conn, res, err := dialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/ws", http.Header{"Origin": {base}})
	if err != nil {
		t.Fatalf("open websocket at %s: %v (response %v)", base, err, res)
	}
	t.Cleanup(func() { conn.Close() })
	sub := map[string]any{"type": "subscribe", "topic": f.topic}
	if f.conn != nil {
		sub["since"] = f.last
	}
	if err := conn.WriteJSON(sub); err != nil {
		t.Fatal(err)
	}
	f.conn = conn
	msg := readMessage(t, conn)
	if msg.Type != "subscribed" || (sub["since"] != nil && msg.Seq != f.last) {
		t.Fatalf("subscribing at %s since %v: got %+v", base, sub["since"], msg)
	}
	f.last = msg.Seq
}

// readUntil records messages until cond holds. It returns the close error
// if the server closes the connection first.
func (f *follower) readUntil(t *testing.T, cond func() bool) *websocket.CloseError {
	t.Helper()
	for !cond() {
		f.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		var msg liveMessage
		err := f.conn.ReadJSON(&msg)
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce
		} else if err != nil {
			t.Fatalf("read websocket: %v", err)
		}
		switch msg.Type {
		case "event":
			if msg.Seq <= f.last {
				t.Fatalf("event %d after %d: a duplicate or out of order", msg.Seq, f.last)
			}
			f.events = append(f.events, msg.Seq)
			f.about[msg.Event.SubjectID]++
			f.last = msg.Seq
		case "position":
			f.last = max(f.last, msg.Seq)
		case "resync", "error":
			t.Fatalf("unexpected %+v", msg)
		}
	}
	return nil
}

// TestTwoNodes_SIGTERM runs two hub processes on one PostgreSQL database.
// Two partners follow a workspace on node A; writes go to node B. Node A
// gets SIGTERM while the writes continue: its clients get close 1001,
// reconnect to node B, resume from their last sequence number and end up
// with every event they may see exactly once, in order.
func TestTwoNodes_SIGTERM(t *testing.T) {
	bin := buildBinary(t)
	dbURL := storetest.PostgresURL(t)
	nodeA := startNode(t, bin, "A", map[string]string{"KETENHUB_DATABASE_URL": dbURL, "KETENHUB_DEV": "true", "KETENHUB_DEMO": "true"})
	nodeB := startNode(t, bin, "B", map[string]string{"KETENHUB_DATABASE_URL": dbURL, "KETENHUB_DEV": "true"})

	// Both sign in on A (whose provider the demo personas belong to); the
	// sessions live in the database, so B knows them too.
	riec, ggd := signInAs(t, nodeA.base, "riec-analist"), signInAs(t, nodeA.base, "ggd")
	ws := riec.workspaceID(t, "Ondermijning")
	var target action
	for _, a := range riec.actions(t, ws) {
		if a.OwnerOrgID == riec.me.Organisation.ID && a.Visibility.Scope == "workspace" {
			target = a
		}
	}
	if target.ID == 0 {
		t.Fatal("the demo has no public RIEC action in Ondermijning")
	}
	topic := fmt.Sprintf("workspace:%d", ws)
	followers := []*follower{{b: riec, topic: topic, about: map[int64]int{}}, {b: ggd, topic: topic, about: map[int64]int{}}}
	for _, f := range followers {
		f.connect(t, nodeA.base)
		f.readUntil(t, func() bool { return f.last > 0 }) // the position after subscribing
	}
	start := followers[0].last

	// The writer changes the action through node B, in two halves: the
	// second runs while node A shuts down.
	const firstHalf, total = 8, 24
	writerB := &browser{base: nodeB.base, client: riec.client, me: riec.me}
	secondHalf, written := make(chan struct{}), make(chan error, 1)
	go func() {
		version := target.Version
		for i := range total {
			if i == firstHalf {
				<-secondHalf
			}
			if err := writerB.tryPatch(target.ID, version, fmt.Sprintf(`"description": "Stand %d"`, i+1)); err != nil {
				written <- err
				return
			}
			version++
		}
		written <- nil
	}()

	got := func(f *follower) func() bool { return func() bool { return f.about[target.ID] >= total } }
	followers[0].readUntil(t, func() bool { return followers[0].about[target.ID] >= firstHalf/2 })
	if err := nodeA.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	close(secondHalf)

	for _, f := range followers {
		ce := f.readUntil(t, got(f))
		if ce == nil {
			t.Fatalf("%s got every event from node A after its SIGTERM; the test proves nothing", f.b.me.User.Name)
		}
		if ce.Code != websocket.CloseGoingAway {
			t.Fatalf("%s: close code %d (%q), want 1001", f.b.me.User.Name, ce.Code, ce.Text)
		}
		fromA := len(f.events)
		f.connect(t, nodeB.base)
		if ce := f.readUntil(t, got(f)); ce != nil {
			t.Fatalf("%s: node B closed the websocket: %v", f.b.me.User.Name, ce)
		}
		t.Logf("%s: %d events from node A, then close 1001, then %d from node B", f.b.me.User.Name, fromA, len(f.events)-fromA)
	}
	if err := <-written; err != nil {
		t.Fatalf("writing through node B: %v", err)
	}

	select {
	case err := <-nodeA.done:
		if err != nil {
			t.Errorf("node A exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("node A did not exit within 30 s of SIGTERM")
	}
	for _, want := range []string{`"msg":"shutting down"`, `"msg":"stopped"`} {
		if !strings.Contains(nodeA.log.String(), want) {
			t.Errorf("node A's log lacks %s", want)
		}
	}

	// Every event of the log since the start, each once and in order: the
	// writes were all to an action both may see, and nothing else was written.
	want := logSeqs(t, dbURL, ws, start)
	if len(want) != total {
		t.Fatalf("the log holds %d events after %d, want the %d writes", len(want), start, total)
	}
	for _, f := range followers {
		if fmt.Sprint(f.events) != fmt.Sprint(want) {
			t.Errorf("%s received events %v, the log holds %v", f.b.me.User.Name, f.events, want)
		}
		if f.about[target.ID] != total {
			t.Errorf("%s received %d updates of the action, want %d", f.b.me.User.Name, f.about[target.ID], total)
		}
	}
}

// tryPatch changes an action's description, reporting rather than failing
// (it runs outside the test's goroutine).
func (b *browser) tryPatch(id, version int64, fields string) error {
	body := fmt.Sprintf(`{"version": %d, %s}`, version, fields)
	req, _ := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/api/v1/actions/%d", b.base, id), bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", b.base)
	req.Header.Set("X-CSRF-Token", b.me.CSRFToken)
	res, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(res.Body)
		return fmt.Errorf("PATCH action %d: %d %s", id, res.StatusCode, msg)
	}
	return nil
}

// logSeqs are the sequence numbers of the workspace's events after since,
// read from the database itself.
func logSeqs(t *testing.T, dbURL string, ws, since int64) []int64 {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	evs, err := db.EventsAfter(context.Background(), ws, since, 1000)
	if err != nil {
		t.Fatal(err)
	}
	seqs := make([]int64, len(evs))
	for i, e := range evs {
		seqs[i] = e.Seq
	}
	return seqs
}
