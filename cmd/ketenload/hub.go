package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// fixture is what the run sets up on the hub: fresh workspaces with every
// partner organisation as a member, and in each a workspace-visible action
// and one restricted to the writer's organisation and the police.
type fixture struct {
	workspaces []workspace
	// allowed are the organisations that may see the restricted actions.
	allowed map[int64]bool
}

type workspace struct {
	id         int64
	public     action
	restricted action
}

func (w workspace) topic() string { return "workspace:" + strconv.FormatInt(w.id, 10) }

type action struct {
	ID      int64 `json:"id"`
	Version int64 `json:"version"`
}

type organisation struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Organisations with a part in the fixture.
const (
	writerOrg     = "Gemeente Purmerend"
	policeOrg     = "Politie Noord-Holland"
	outsiderOrg   = "Veiligheidsregio Zaanstreek-Waterland" // the beheerder's: no member
	writerPersona = "oov-adviseur"
)

// setUp creates n workspaces as the beheerder and their actions as the writer.
func setUp(ctx context.Context, beheerder, writer *user, n int, runID string) (*fixture, error) {
	var orgs struct{ Items []organisation }
	if err := beheerder.do(ctx, "GET", "/api/v1/organisations", nil, &orgs); err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for _, o := range orgs.Items {
		byName[o.Name] = o.ID
	}
	if byName[writerOrg] == 0 || byName[policeOrg] == 0 {
		return nil, fmt.Errorf("the hub lacks the demo organisations %q and %q: start it with KETENHUB_DEMO=true on an empty database", writerOrg, policeOrg)
	}
	f := &fixture{allowed: map[int64]bool{byName[writerOrg]: true, byName[policeOrg]: true}}
	for i := range n {
		w, err := setUpWorkspace(ctx, beheerder, writer, orgs.Items, byName, fmt.Sprintf("Belastingtest %s #%d", runID, i+1))
		if err != nil {
			return nil, err
		}
		f.workspaces = append(f.workspaces, w)
	}
	return f, nil
}

func setUpWorkspace(ctx context.Context, beheerder, writer *user, orgs []organisation, byName map[string]int64, title string) (workspace, error) {
	var w workspace
	var created struct {
		ID int64 `json:"id"`
	}
	if err := beheerder.do(ctx, "POST", "/api/v1/workspaces", map[string]any{"title": title, "theme": "ondermijning"}, &created); err != nil {
		return w, err
	}
	w.id = created.ID
	for _, o := range orgs {
		role := "partner"
		switch o.Name {
		case outsiderOrg:
			continue
		case writerOrg:
			role = "regisseur"
		}
		if err := beheerder.do(ctx, "PUT", fmt.Sprintf("/api/v1/workspaces/%d/members/%d", w.id, o.ID), map[string]any{"role": role}, nil); err != nil {
			return w, err
		}
	}
	path := fmt.Sprintf("/api/v1/workspaces/%d/actions", w.id)
	if err := writer.do(ctx, "POST", path, map[string]any{"title": "Openbare actie", "visibility": map[string]any{"scope": "workspace"}}, &w.public); err != nil {
		return w, err
	}
	restricted := map[string]any{"scope": "restricted", "organisations": []int64{byName[writerOrg], byName[policeOrg]}}
	err := writer.do(ctx, "POST", path, map[string]any{"title": "Beperkte actie", "visibility": restricted}, &w.restricted)
	return w, err
}

// writeLog collects the writes of all writers.
type writeLog struct {
	mu     sync.Mutex
	writes []write
	failed atomic.Int64
}

func (l *writeLog) add(w write) {
	l.mu.Lock()
	l.writes = append(l.writes, w)
	l.mu.Unlock()
}

// restrictedEvery makes every n-th write of a workspace one to its restricted action.
const restrictedEvery = 10

// writeLoop PATCHes the workspace's actions at the given interval until ctx
// ends, each with a unique marker in the description.
func writeLoop(ctx context.Context, writer *user, w workspace, f *fixture, interval time.Duration, log *writeLog) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		a, restricted := &w.public, n%restrictedEvery == 0
		if restricted {
			a = &w.restricted
		}
		marker := fmt.Sprintf("m-%d-%d", w.id, n)
		sent := time.Now()
		var updated action
		// A write in flight when the duration ends completes (the client's
		// 30 s timeout bounds it), so that its event is expected and checked.
		err := writer.do(context.WithoutCancel(ctx), "PATCH", fmt.Sprintf("/api/v1/actions/%d", a.ID),
			map[string]any{"version": a.Version, "description": marker}, &updated)
		if err != nil {
			log.failed.Add(1)
			continue
		}
		a.Version = updated.Version
		wr := write{marker: marker, topic: w.topic(), sent: sent, restricted: restricted}
		if restricted {
			wr.allowed = f.allowed
		}
		log.add(wr)
	}
}

// subscriber is one websocket following one workspace.
type subscriber struct {
	conn   *websocket.Conn
	stream stream
	done   chan struct{}
}

// message is the part of a server message the tool reads.
type message struct {
	Type  string `json:"type"`
	Topic string `json:"topic"`
	Seq   int64  `json:"seq"`
	Event struct {
		Type    string `json:"type"`
		Payload struct {
			Description string `json:"description"`
		} `json:"payload"`
	} `json:"event"`
}

var dialer = websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 512}

// subscribe opens a websocket on base with the session cookie and follows
// topic from now on; it returns once the server reported the position.
func subscribe(ctx context.Context, base, cookie string, orgID int64, topic string) (*subscriber, error) {
	header := map[string][]string{"Origin": {base}, "Cookie": {cookie}}
	conn, _, err := dialer.DialContext(ctx, "ws"+base[len("http"):]+"/api/ws", header)
	if err != nil {
		return nil, fmt.Errorf("open websocket: %w", err)
	}
	if err := conn.WriteJSON(map[string]any{"type": "subscribe", "topic": topic}); err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var m message
		if err := conn.ReadJSON(&m); err != nil {
			conn.Close()
			return nil, fmt.Errorf("subscribe %s: %w", topic, err)
		}
		if m.Type == "position" {
			break
		}
		if m.Type != "subscribed" {
			conn.Close()
			return nil, fmt.Errorf("subscribe %s: got %q", topic, m.Type)
		}
	}
	conn.SetReadDeadline(time.Time{})
	s := &subscriber{conn: conn, stream: stream{orgID: orgID, topic: topic}, done: make(chan struct{})}
	go s.read()
	return s, nil
}

// read records every action.updated event until the connection closes.
func (s *subscriber) read() {
	defer close(s.done)
	for {
		_, data, err := s.conn.ReadMessage()
		if err != nil {
			return
		}
		// Received is when the whole message has been read; decoding it is
		// the tool's own work, which a busy machine would otherwise add.
		at := time.Now()
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			return // what follows counts as lost
		}
		if m.Type == "event" && m.Event.Type == "action.updated" {
			s.stream.deliveries = append(s.stream.deliveries, delivery{seq: m.Seq, marker: m.Event.Payload.Description, at: at})
		}
	}
}

// close ends the connection and waits for the reader.
func (s *subscriber) close() stream {
	s.conn.Close()
	<-s.done
	return s.stream
}
