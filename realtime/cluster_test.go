package realtime_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/pgbus"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/realtime"
	"github.com/ketenhub/ketenhub/store"
)

var clusterSeed = flag.Uint64("cluster.seed", 0, "seed of TestClusterDeliversExactlyWhatEachViewerMaySee (0: random)")

// clusterNode is one hub node: its own pool, services, sessions, listener
// and websocket server, all on the one PostgreSQL database.
type clusterNode struct {
	name   string
	db     *store.DB
	svc    *store.Services
	hub    *realtime.Hub
	srv    *httptest.Server
	url    string
	stopRn context.CancelFunc
	ran    chan struct{}
	down   atomic.Bool
}

func startClusterNode(t *testing.T, e *env, name string, db *store.DB) *clusterNode {
	t.Helper()
	svc := store.NewServices(db, policy.Policy{}, ketenhub.SystemClock{})
	sessions := auth.NewSessions(svc.Sessions, svc.Users, ketenhub.SystemClock{}, auth.SessionOptions{})
	bus := pgbus.New(e.cfg.DatabaseURL, db, nil)
	hub, err := realtime.New(realtime.Config{Policy: policy.Policy{}, Sessions: sessions, Feed: db, Bus: bus,
		AllowedOrigins: []string{origin}, PingInterval: 200 * time.Millisecond}) // frequent positions for the final catch-up
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := &clusterNode{name: name, db: db, svc: svc, hub: hub, srv: httptest.NewServer(hub), stopRn: cancel, ran: make(chan struct{})}
	n.url = "ws" + strings.TrimPrefix(n.srv.URL, "http")
	go func() { defer close(n.ran); hub.Run(ctx) }()
	t.Cleanup(n.stop)
	waitFor(t, name+" listening", func() bool { return bus.PID() != 0 })
	return n
}

// stop takes the node away as a shut-down replica: clients get 1001.
func (n *clusterNode) stop() {
	n.down.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n.hub.Shutdown(ctx)
	n.stopRn()
	<-n.ran
	n.srv.Close()
}

// cluster is the shared state of the randomised run.
type cluster struct {
	e     *env
	orgs  []party
	wss   []*ketenhub.Workspace
	roles map[int64]map[int64]ketenhub.Role // workspace → organisation → role, fixed during the run
}

func (c *cluster) members(ws int64) []int64 {
	var out []int64
	for org := range c.roles[ws] {
		out = append(out, org)
	}
	slices.Sort(out)
	return out
}

// randomVisibility is the whole workspace or a random subset of its members.
func (c *cluster) randomVisibility(rng *rand.Rand, ws int64, among []int64) ketenhub.Visibility {
	if rng.IntN(2) == 0 {
		return everyone
	}
	var orgs []int64
	for _, org := range among {
		if rng.IntN(2) == 0 {
			orgs = append(orgs, org)
		}
	}
	return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
}

func (c *cluster) party(org int64) party {
	for _, p := range c.orgs {
		if p.Org.ID == org {
			return p
		}
	}
	panic(fmt.Sprintf("no party %d", org))
}

// setUp makes five organisations and two workspaces with random
// memberships in which every organisation is somewhere and every workspace
// has a regisseur.
func setUpCluster(t *testing.T, e *env, rng *rand.Rand) *cluster {
	c := &cluster{e: e, orgs: []party{e.A, e.B, e.C,
		e.party("Openbaar Ministerie Noord-Holland", "Otto Officier", ketenhub.KindOM),
		e.party("RIEC Noord-Holland", "Rita Riec", ketenhub.KindRIEC)}, roles: map[int64]map[int64]ketenhub.Role{}}
	for i, theme := range []ketenhub.Theme{ketenhub.ThemeJeugd, ketenhub.ThemeDriehoek} {
		ws := &ketenhub.Workspace{Title: fmt.Sprintf("Cluster %d", i), Theme: theme, Period: "2026"}
		if err := e.svc.Workspaces.CreateWorkspace(e.admin, ws); err != nil {
			t.Fatal(err)
		}
		c.wss = append(c.wss, ws)
		c.roles[ws.ID] = map[int64]ketenhub.Role{}
	}
	roles := []ketenhub.Role{ketenhub.RoleRegisseur, ketenhub.RolePartner, ketenhub.RolePartner, ketenhub.RoleMeelezer}
	for _, ws := range c.wss {
		regisseur := c.orgs[rng.IntN(len(c.orgs))].Org.ID
		c.roles[ws.ID][regisseur] = ketenhub.RoleRegisseur
		for _, p := range c.orgs {
			if p.Org.ID != regisseur && rng.IntN(10) < 6 {
				c.roles[ws.ID][p.Org.ID] = roles[rng.IntN(len(roles))]
			}
		}
	}
	for _, p := range c.orgs {
		if c.roles[c.wss[0].ID][p.Org.ID] == "" && c.roles[c.wss[1].ID][p.Org.ID] == "" {
			c.roles[c.wss[rng.IntN(2)].ID][p.Org.ID] = roles[1+rng.IntN(3)]
		}
	}
	for ws, orgs := range c.roles {
		for org, role := range orgs {
			if _, err := e.svc.Workspaces.SetMembership(e.admin, ws, org, role); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("workspace %d: %v", ws, orgs)
	}
	return c
}

// writer writes through one node's services, and updates and comments on
// only the actions it created itself, so that it never races the other
// writer for a version.
type writer struct {
	c       *cluster
	svc     *store.Services
	rng     *rand.Rand
	actions []*ketenhub.Action
}

func (w *writer) write(t *testing.T) {
	if len(w.actions) > 0 && w.rng.IntN(3) > 0 {
		a := w.actions[w.rng.IntN(len(w.actions))]
		if w.rng.IntN(2) == 0 && w.update(t, a) {
			return
		}
		if w.comment(t, a) {
			return
		}
	}
	w.create(t)
}

func (w *writer) create(t *testing.T) {
	ws := w.c.wss[w.rng.IntN(len(w.c.wss))].ID
	var authors []int64
	for org, role := range w.c.roles[ws] {
		if role == ketenhub.RoleRegisseur || role == ketenhub.RolePartner {
			authors = append(authors, org)
		}
	}
	slices.Sort(authors)
	p := w.c.party(authors[w.rng.IntN(len(authors))])
	a := &ketenhub.Action{WorkspaceID: ws, Title: fmt.Sprintf("actie %d", w.rng.Int()), OwnerOrganisationID: p.Org.ID,
		Visibility: w.c.randomVisibility(w.rng, ws, w.c.members(ws))}
	if err := w.svc.Actions.CreateAction(p.Ctx, a); err != nil {
		t.Errorf("create action: %v", err)
		return
	}
	w.actions = append(w.actions, a)
}

// editors are the organisations that may see and edit a.
func (w *writer) editors(a *ketenhub.Action, edit bool) []int64 {
	var out []int64
	for _, org := range w.c.members(a.WorkspaceID) {
		role := w.c.roles[a.WorkspaceID][org]
		v := ketenhub.Viewer{OrganisationID: org}
		if !(policy.Policy{}).Sight(v, ketenhub.Member{Role: role}).Admits(a.Visibility) {
			continue
		}
		if edit && (policy.Policy{}).CanEditAction(v, role, a.OwnerOrganisationID) || !edit && (policy.Policy{}).CanContribute(v, role) {
			out = append(out, org)
		}
	}
	return out
}

func (w *writer) update(t *testing.T, a *ketenhub.Action) bool {
	eds := w.editors(a, true)
	if len(eds) == 0 {
		return false
	}
	p := w.c.party(eds[w.rng.IntN(len(eds))])
	title := fmt.Sprintf("bijgewerkt %d", w.rng.Int())
	upd := ketenhub.ActionUpdate{Title: &title, Version: a.Version}
	if w.rng.IntN(3) > 0 {
		vis := w.c.randomVisibility(w.rng, a.WorkspaceID, w.c.members(a.WorkspaceID))
		upd.Visibility = &vis
	}
	got, err := w.svc.Actions.UpdateAction(p.Ctx, a.ID, upd)
	if err != nil {
		t.Errorf("update action: %v", err)
		return true
	}
	*a = *got
	return true
}

func (w *writer) comment(t *testing.T, a *ketenhub.Action) bool {
	authors := w.editors(a, false)
	if len(authors) == 0 {
		return false
	}
	p := w.c.party(authors[w.rng.IntN(len(authors))])
	among := w.c.members(a.WorkspaceID)
	if a.Visibility.Restricted() {
		among = a.Visibility.Organisations
	}
	vis := w.c.randomVisibility(w.rng, a.WorkspaceID, among)
	if vis.Restricted() {
		vis.Organisations = append(vis.Organisations, p.Org.ID)
	}
	cm := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "reactie", Visibility: vis}
	if err := w.svc.Comments.CreateComment(p.Ctx, cm); err != nil {
		t.Errorf("create comment: %v", err)
	}
	return true
}

// follower is a browser tab of one organisation following every workspace
// of its organisation, reconnecting to the other node now and then and
// resuming where it was.
type follower struct {
	name   string
	p      party
	topics []string

	mu      sync.Mutex
	resume  map[string]int64 // the resume point per topic, once subscribed
	start   map[string]int64 // the first subscribed position per topic
	got     map[string][]msg // event and removed messages per topic
	dials   [2]int           // connections per node
	goneAwy int              // connections ended with 1001
}

func (f *follower) run(ctx context.Context, t *testing.T, nodes [2]*clusterNode, rng *rand.Rand) {
	at := rng.IntN(2)
	for ctx.Err() == nil {
		if nodes[at].down.Load() {
			at = 1 - at
		}
		ws, _, err := websocket.DefaultDialer.DialContext(ctx, nodes[at].url, header(origin, f.p.Token))
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			at = 1 - at
			continue
		}
		f.mu.Lock()
		f.dials[at]++
		f.mu.Unlock()
		f.session(ctx, t, ws, time.Now().Add(time.Duration(50+rng.IntN(400))*time.Millisecond))
		ws.Close()
		at = 1 - at // the next connection goes to the other node
	}
}

// session subscribes on ws, resuming where the follower was, and reads
// until until, an error or the end of the run.
func (f *follower) session(ctx context.Context, t *testing.T, ws *websocket.Conn, until time.Time) {
	since := map[string]*int64{}
	f.mu.Lock()
	for _, topic := range f.topics {
		if r, ok := f.resume[topic]; ok {
			since[topic] = &r
		}
	}
	f.mu.Unlock()
	for _, topic := range f.topics {
		req := map[string]any{"type": "subscribe", "topic": topic}
		if s := since[topic]; s != nil {
			req["since"] = *s
		}
		if ws.WriteJSON(req) != nil {
			return
		}
	}
	c := &client{tb: t, ws: ws}
	for ctx.Err() == nil && time.Now().Before(until) {
		m, err := c.read(time.Until(until))
		if ce, ok := err.(*websocket.CloseError); ok && ce.Code == websocket.CloseGoingAway {
			f.mu.Lock()
			f.goneAwy++
			f.mu.Unlock()
		}
		if err != nil {
			return
		}
		f.take(t, m, since[m.Topic])
	}
}

// take records one server message and checks it against what came before.
func (f *follower) take(t *testing.T, m msg, since *int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	resume, subscribed := f.resume[m.Topic]
	switch m.Type {
	case "subscribed":
		if since != nil && m.Seq != *since {
			t.Errorf("%s: subscribed at %d, want %d", f.name, m.Seq, *since)
		}
		if _, ok := f.start[m.Topic]; !ok {
			f.start[m.Topic] = m.Seq
		}
		f.resume[m.Topic] = max(resume, m.Seq)
	case "event", "removed":
		if !subscribed || m.Seq <= resume {
			t.Errorf("%s: %s %d on %s at resume point %d (subscribed %v)", f.name, m.Type, m.Seq, m.Topic, resume, subscribed)
		}
		if m.Type == "event" && (m.Event == nil || m.Event.Seq != m.Seq || topicOf(&ketenhub.Workspace{ID: m.Event.WorkspaceID}) != m.Topic) {
			t.Errorf("%s: event message %+v does not match its event", f.name, m)
		}
		f.got[m.Topic] = append(f.got[m.Topic], m)
		f.resume[m.Topic] = max(resume, m.Seq)
	case "position":
		f.resume[m.Topic] = max(resume, m.Seq)
	case "pong":
	default:
		t.Errorf("%s: unexpected %+v", f.name, m)
	}
}

func (f *follower) caughtUp(last map[string]int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, topic := range f.topics {
		if r, ok := f.resume[topic]; !ok || r < last[topic] {
			return false
		}
	}
	return true
}

// TestClusterDeliversExactlyWhatEachViewerMaySee runs two hub nodes on one
// PostgreSQL database with two writers, several organisations and followers
// that hop between the nodes, stops one node halfway, and then checks every
// follower got exactly the events its organisation may see, once and in order.
func TestClusterDeliversExactlyWhatEachViewerMaySee(t *testing.T) {
	seed := *clusterSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (rerun with -cluster.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	e := newEnv(t, "postgres")
	c := setUpCluster(t, e, rng)
	nodes := [2]*clusterNode{startClusterNode(t, e, "node 1", e.db), startClusterNode(t, e, "node 2", openDB(t, e.cfg))}

	var followers []*follower
	for i := range 8 {
		p := c.orgs[i%len(c.orgs)]
		f := &follower{name: fmt.Sprintf("follower %d (%s)", i, p.Org.Name), p: p,
			resume: map[string]int64{}, start: map[string]int64{}, got: map[string][]msg{}}
		for _, ws := range c.wss {
			if c.roles[ws.ID][p.Org.ID] != "" {
				f.topics = append(f.topics, topicOf(ws))
			}
		}
		followers = append(followers, f)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	for i, f := range followers {
		running.Go(func() { f.run(ctx, t, nodes, rand.New(rand.NewPCG(seed, uint64(10+i)))) })
	}
	defer func() { cancel(); running.Wait() }()
	waitFor(t, "followers subscribed", func() bool {
		for _, f := range followers {
			f.mu.Lock()
			n := len(f.start)
			f.mu.Unlock()
			if n < len(f.topics) {
				return false
			}
		}
		return true
	})

	doomed := rng.IntN(2) // the node that is stopped halfway
	var writing sync.WaitGroup
	for i, n := range nodes {
		w := &writer{c: c, svc: n.svc, rng: rand.New(rand.NewPCG(seed, uint64(1+i)))}
		writes := 90
		if i == doomed {
			writes = 60
		}
		writing.Go(func() {
			for range writes {
				w.write(t)
				time.Sleep(time.Duration(w.rng.IntN(25)) * time.Millisecond)
			}
			if i == doomed {
				for deadline := time.Now().Add(5 * time.Second); n.hub.Connections() == 0 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond) // stop it while it serves someone
				}
				n.stop()
			}
		})
	}
	writing.Wait()

	last := map[string]int64{}
	for _, ws := range c.wss {
		seq, err := e.db.LastSeq(context.Background(), ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		last[topicOf(ws)] = seq
	}
	waitFor(t, "followers caught up", func() bool {
		for _, f := range followers {
			if !f.caughtUp(last) {
				return false
			}
		}
		return true
	})
	cancel()
	running.Wait()
	if got := nodes[doomed].hub.Connections(); got != 0 {
		t.Errorf("stopped node still has %d connections", got)
	}
	removals := 0
	for _, f := range followers {
		events := 0
		for _, topic := range f.topics {
			for _, m := range checkDelivered(t, e, c, f, topic, last[topic]) {
				if m.Type == "removed" {
					removals++
				}
				events++
			}
		}
		t.Logf("%s: %d messages, dials per node %v, %d closed by the shutdown", f.name, events, f.dials, f.goneAwy)
	}
	if removals == 0 {
		t.Error("no follower lost sight of anything: the run did not test removals")
	}
}

// hiddenLater reports whether a later event of the same subject, or of the
// action a comment is on, took it out of sight.
func hiddenLater(sight ketenhub.Sight, ev *ketenhub.Event, later []*ketenhub.Event) bool {
	parent := int64(-1)
	if ev.Subject == ketenhub.SubjectComment {
		var c struct {
			SubjectID int64 `json:"subject_id"`
		}
		json.Unmarshal(ev.Payload, &c)
		parent = c.SubjectID
	}
	for _, l := range later {
		same := l.Subject == ev.Subject && l.SubjectID == ev.SubjectID
		onParent := l.Subject == ketenhub.SubjectAction && l.SubjectID == parent
		if (same || onParent) && !sight.Admits(l.Visibility) {
			return true
		}
	}
	return false
}

// checkDelivered compares what f got on topic with what the log says its
// organisation may see: an event when the event's visibility admits it, a
// removed notice when only the previous visibility did (docs/realtime.md).
// It returns what f got.
func checkDelivered(t *testing.T, e *env, c *cluster, f *follower, topic string, last int64) []msg {
	t.Helper()
	var ws int64
	fmt.Sscanf(topic, "workspace:%d", &ws)
	member, err := e.db.MemberOf(context.Background(), ws, f.p.Org.ID)
	if err != nil {
		t.Fatal(err)
	}
	sight := policy.Policy{}.Sight(f.p.User.Viewer(), member)
	// want holds what f must get. An event whose own visibility admitted f
	// but whose subject was restricted from f at some later point may or may
	// not have reached f: the history rule judges it by the subject's
	// visibility when it is delivered (live or on a replay after a
	// reconnect), which the random run moves on meanwhile. withdrawn lists
	// those, and they are passed over on both sides.
	var evs []*ketenhub.Event
	for after := f.start[topic]; after < last; {
		page, err := e.db.EventsAfter(context.Background(), ws, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, page...)
		after = page[len(page)-1].Seq
	}
	var want []string
	withdrawn := map[string]bool{}
	for i, ev := range evs {
		switch {
		case sight.AdmitsEvent(ev) && !hiddenLater(sight, ev, evs[i+1:]):
			want = append(want, fmt.Sprintf("event %d #%d", ev.Seq, ev.ID))
		case ev.Seq >= sight.History.FromSeq && sight.Admits(ev.Visibility):
			withdrawn[fmt.Sprintf("event %d #%d", ev.Seq, ev.ID)] = true
		case ev.PreviousVisibility != nil && ev.Seq >= sight.History.FromSeq && sight.Admits(*ev.PreviousVisibility):
			want = append(want, fmt.Sprintf("removed %d %s %d", ev.Seq, ev.Subject, ev.SubjectID))
		}
	}
	var got []string
	for _, m := range f.got[topic] {
		var g string
		if m.Type == "event" {
			g = fmt.Sprintf("event %d #%d", m.Seq, m.Event.ID)
		} else {
			g = fmt.Sprintf("removed %d %s %d", m.Seq, m.Subject, m.SubjectID)
		}
		if !withdrawn[g] {
			got = append(got, g)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s on %s from %d:\n got %v\nwant %v", f.name, topic, f.start[topic], got, want)
	}
	if len(want) == 0 {
		t.Errorf("%s on %s: nothing to see; the run proves nothing for it", f.name, topic)
	}
	return f.got[topic]
}
