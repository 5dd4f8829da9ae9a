// Package realtime pushes the event log to browsers over websockets: the
// hub keeps subscriptions per workspace, reads each new event once from the
// log when the bus announces it, and sends every connection the events its
// viewer may see according to the policy. The protocol is in docs/realtime.md.
package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// Feed is the hub's read access to the log. *store.DB implements it. These
// are system reads: the hub filters every event with the policy itself.
type Feed interface {
	// EventsAfter returns up to limit events after afterSeq, in sequence order.
	EventsAfter(ctx context.Context, workspaceID, afterSeq int64, limit int) ([]*ketenhub.Event, error)
	// LastSeq returns the workspace's newest sequence number.
	LastSeq(ctx context.Context, workspaceID int64) (int64, error)
	// CountEvents returns how many events the log holds in (afterSeq, upToSeq].
	CountEvents(ctx context.Context, workspaceID, afterSeq, upToSeq int64) (int64, error)
	// MemberOf returns how an organisation stands in a workspace (RoleNone
	// if it is not a member).
	MemberOf(ctx context.Context, workspaceID, orgID int64) (ketenhub.Member, error)
	// MeetingWorkspace returns the workspace of a meeting, ENOTFOUND if none.
	MeetingWorkspace(ctx context.Context, meetingID int64) (int64, error)
}

// Config configures a hub. Policy, Sessions, Feed and Bus are required;
// zero values of the rest take the defaults.
type Config struct {
	Policy         ketenhub.Policy
	Sessions       *auth.Sessions
	Feed           Feed
	Bus            Bus
	AllowedOrigins []string       // origins allowed to open the websocket
	Retention      time.Duration  // how far back a resume may reach (30 days)
	Clock          ketenhub.Clock // for the retention window (system clock)
	Logger         *slog.Logger
	Metrics        Metrics // told what the hub does (none)
	// Displays resolves paired room screens (none: ServeDisplay refuses them).
	Displays DisplayResolver

	QueueSize        int           // messages queued per connection (256)
	PingInterval     time.Duration // heartbeat (25 s)
	ReadTimeout      time.Duration // a peer silent this long is dead (60 s)
	WriteTimeout     time.Duration // one write may take this long (10 s)
	SessionCheck     time.Duration // how often a connection's session is checked again (1 min)
	MaxSubscriptions int           // per connection (64)
	MessageRate      float64       // client messages per second (20)
	MessageBurst     int           // client messages in a burst (40)
}

// DefaultRetention is how far back a client may resume by default.
const DefaultRetention = 30 * 24 * time.Hour

// Page sizes of log reads: live reads stay at most a quarter of the queue
// size so that a burst does not overflow a healthy client; replays, which
// wait for room in the queue, may be larger.
const (
	livePage   = 64
	replayPage = 500
)

// maxMessageBytes is the largest message a client may send.
const maxMessageBytes = 4096

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Retention, DefaultRetention)
	def(&c.PingInterval, 25*time.Second)
	def(&c.ReadTimeout, 60*time.Second)
	def(&c.WriteTimeout, 10*time.Second)
	def(&c.SessionCheck, time.Minute)
	if c.Clock == nil {
		c.Clock = ketenhub.SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = noMetrics{}
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 256
	}
	if c.MaxSubscriptions <= 0 {
		c.MaxSubscriptions = 64
	}
	if c.MessageRate <= 0 {
		c.MessageRate = 20
	}
	if c.MessageBurst <= 0 {
		c.MessageBurst = 40
	}
	return c
}

// Hub is one node's realtime hub. It serves GET /api/ws (ServeHTTP); Run
// feeds it from the bus; Shutdown closes its connections.
type Hub struct {
	cfg    Config
	log    *slog.Logger
	ctx    context.Context // ends at Shutdown: stops topics and connections
	cancel context.CancelFunc
	conns  sync.WaitGroup
	// writeBuffers lends a write buffer to a connection only while it
	// writes, so an idle connection holds none (memory per connection).
	writeBuffers sync.Pool

	presence *presence
	displays displays // room screens (display.go)

	mu     sync.Mutex
	topics map[int64]*topic
	live   map[*conn]struct{}
	closed bool
}

// New returns a hub for cfg.
func New(cfg Config) (*Hub, error) {
	if cfg.Policy == nil || cfg.Sessions == nil || cfg.Feed == nil || cfg.Bus == nil {
		return nil, errors.New("realtime: Policy, Sessions, Feed and Bus are required")
	}
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{cfg: cfg, log: cfg.Logger, ctx: ctx, cancel: cancel, presence: newPresence(cfg.Bus, cfg.Policy),
		topics: map[int64]*topic{}, live: map[*conn]struct{}{}}, nil
}

// Run listens to the bus and keeps presence until ctx ends.
func (h *Hub) Run(ctx context.Context) error {
	done := make(chan struct{})
	go func() { defer close(done); h.presence.run(ctx, h.log.Error) }()
	defer func() { <-done }()
	return h.cfg.Bus.Listen(ctx, Listener{Announce: h.announce, Presence: h.presence.heard, SessionsEnded: h.sessionsEnded})
}

// sessionsEnded is the bus's news that sessions were revoked: each of this
// node's connections on one of them checks its session now, rather than at
// its next SessionCheck, and closes with CloseSessionEnded. The store stays
// the judge: the news only says when to ask it.
func (h *Hub) sessionsEnded(ids []int64) {
	ended := make(map[int64]bool, len(ids))
	for _, id := range ids {
		ended[id] = true
	}
	h.mu.Lock()
	var check []*conn
	for c := range h.live {
		if ended[c.session] {
			check = append(check, c)
		}
	}
	h.mu.Unlock()
	for _, c := range check {
		go c.checkSession()
	}
}

// Shutdown closes every connection with 1001 (going away) so that clients
// reconnect elsewhere, and waits for them to end or for ctx.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	for c := range h.live {
		c.close(1001, "server shutting down")
	}
	h.mu.Unlock()
	h.displays.closeAll()
	done := make(chan struct{})
	go func() { h.conns.Wait(); close(done) }()
	defer h.cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("realtime shutdown: %w", ctx.Err())
	}
}

// Connections returns the number of open websocket connections.
func (h *Hub) Connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.live)
}

// Announce tells the hub that events up to seq of a workspace were
// committed by this node: it is the store's commit hook on PostgreSQL
// (store.DB.SetCommitHook(hub.Announce)). The bus brings the same news, but
// by way of the database (NOTIFY, then the listening connection): told at
// once, the node's own clients are spared that trip, and the notification
// that follows finds the topic read and costs no second read of the log.
func (h *Hub) Announce(workspaceID, seq int64) { h.announce(workspaceID, seq) }

// announce is the bus's news: workspace ws has events up to seq. A topic
// that has fanned out seq already is not woken: the news is old (the
// notification of a commit this node announced itself, or a catch-up).
func (h *Hub) announce(ws, seq int64) {
	h.displays.announce(ws)
	h.mu.Lock()
	t := h.topics[ws]
	h.mu.Unlock()
	if t != nil && seq > t.fanned.Load() {
		t.poke()
	}
}

// join adds a new, replaying subscription of c to the workspace's topic,
// starting the topic when it is the first. A meeting's subscription (meeting
// not 0) rides on its workspace's topic and passes only that meeting's events.
func (h *Hub) join(c *conn, ws int64, ref topicRef) (*sub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errors.New("hub is shutting down")
	}
	t := h.topics[ws]
	if t == nil {
		t = newTopic(h, ws)
		h.topics[ws] = t
		go t.run()
	}
	s := &sub{c: c, t: t, name: ref.String(), replaying: true}
	if ref.meeting {
		s.meeting = ref.id
	}
	t.mu.Lock()
	t.subs[s] = struct{}{}
	t.mu.Unlock()
	return s, nil
}

// leave ends a subscription, and its topic when it was the last.
func (h *Hub) leave(s *sub) {
	t := s.t
	t.mu.Lock()
	t.dropLocked(s)
	t.mu.Unlock()
	h.releaseIfIdle(t)
}

// releaseIfIdle stops a topic that has no subscriptions left.
func (h *Hub) releaseIfIdle(t *topic) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t.mu.Lock()
	idle := len(t.subs) == 0
	t.mu.Unlock()
	if idle && h.topics[t.ws] == t {
		delete(h.topics, t.ws)
		close(t.stop)
	}
}

// topic is one workspace on this node: its subscriptions and how far the
// log has been read and fanned out (head).
type topic struct {
	h     *Hub
	ws    int64
	name  string
	wake  chan struct{} // "the log may have grown"
	stop  chan struct{} // closed when the last subscription left
	ready chan struct{} // closed once head is known

	// fanned is head, readable without the mutex by announce.
	fanned atomic.Int64

	mu   sync.Mutex
	head int64
	subs map[*sub]struct{}
}

func newTopic(h *Hub, ws int64) *topic {
	return &topic{h: h, ws: ws, name: workspaceTopic(ws), wake: make(chan struct{}, 1), stop: make(chan struct{}),
		ready: make(chan struct{}), subs: map[*sub]struct{}{}}
}

// poke asks the topic to read the log; pokes while it is busy merge.
func (t *topic) poke() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// run reads the log whenever poked, until the topic is stopped. The topic
// is registered before head is read, so an event committed meanwhile is
// either below head or announced to it.
func (t *topic) run() {
	if !t.loadHead() {
		return
	}
	for {
		select {
		case <-t.stop:
			return
		case <-t.h.ctx.Done():
			return
		case <-t.wake:
			t.catchUp()
		}
	}
}

func (t *topic) loadHead() bool {
	for {
		head, err := t.h.cfg.Feed.LastSeq(t.h.ctx, t.ws)
		if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
			head, err = 0, nil // deleted meanwhile: nothing will come
		}
		if err == nil {
			t.mu.Lock()
			t.head = head
			t.fanned.Store(head)
			t.mu.Unlock()
			close(t.ready)
			return true
		}
		t.h.log.Error("realtime: read last sequence number", "workspace", t.ws, "error", err)
		select {
		case <-t.stop:
			return false
		case <-t.h.ctx.Done():
			return false
		case <-time.After(time.Second):
		}
	}
}

// catchUp reads the events after head from the log, once for all
// subscriptions, and fans them out in order.
func (t *topic) catchUp() {
	for {
		t.mu.Lock()
		after := t.head
		t.mu.Unlock()
		page := max(1, min(livePage, t.h.cfg.QueueSize/4))
		evs, err := t.h.cfg.Feed.EventsAfter(t.h.ctx, t.ws, after, page)
		if err != nil {
			if t.h.ctx.Err() == nil {
				t.h.log.Error("realtime: read events", "workspace", t.ws, "error", err)
				time.AfterFunc(time.Second, t.poke)
			}
			return
		}
		n := contiguous(evs, after)
		if n == 0 {
			return
		}
		t.fanOut(evs[:n])
		t.h.releaseIfIdle(t) // a membership removal may have ended the last subscription
		if len(evs) < page {
			return
		}
	}
}

// contiguous returns how many of evs follow after without a gap. The log is
// gapless, so a gap means a read raced a commit; the rest comes next time.
func contiguous(evs []*ketenhub.Event, after int64) int {
	for i, e := range evs {
		if e.Seq != after+int64(i)+1 {
			return i
		}
	}
	return len(evs)
}

func (t *topic) fanOut(evs []*ketenhub.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.h.cfg.Metrics.EventsFannedOut(len(evs))
	for _, ev := range evs {
		e := newEvent(ev)
		for s := range t.subs {
			s.deliverLocked(e)
		}
		t.head = ev.Seq
		t.fanned.Store(ev.Seq)
	}
}

// dropLocked removes a subscription from the topic and its connection.
func (t *topic) dropLocked(s *sub) {
	if s.ended {
		return
	}
	s.ended = true
	s.held = nil
	delete(t.subs, s)
	s.c.forget(s)
	if s.meeting != 0 {
		t.h.presence.leave(s.meeting, s.c)
	}
}

// sub is one connection's subscription to one topic. Its fields are guarded
// by the topic's mutex.
type sub struct {
	c       *conn
	t       *topic
	name    string // the topic as the client named it
	meeting int64  // for a meeting's topic: the meeting; 0 for the workspace's

	member    ketenhub.Member
	sight     ketenhub.Sight // what the policy lets the viewer see of the workspace
	after     int64          // the last sequence number delivered to, or passed over for, this client
	told      int64          // the last sequence number the client was sent (event or position)
	replaying bool           // live events are held until the replay ends
	held      []*event       // live events that arrived during the replay
	ended     bool
}

// deliverLocked passes a live event to the subscription.
func (s *sub) deliverLocked(e *event) {
	if s.ended {
		return
	}
	if s.replaying {
		if len(s.held) >= s.c.h.cfg.QueueSize*4 {
			s.c.close(CloseSlowConsumer, "slow consumer")
			return
		}
		s.held = append(s.held, e)
		return
	}
	s.offerLocked(e)
}

// offerLocked sends e if the viewer may see it, and follows changes to the
// membership of the viewer's organisation.
func (s *sub) offerLocked(e *event) {
	if e.Seq <= s.after {
		return // the client has it already (replay, or a resume from another node)
	}
	s.after = e.Seq
	v := s.c.viewer
	if msg := e.messageFor(s.sight, s.meeting); msg != nil {
		if !s.c.enqueue(msg) {
			return
		}
		s.told = e.Seq
	}
	if e.SubjectID != v.OrganisationID {
		return
	}
	switch {
	case e.Subject == ketenhub.SubjectMembership && e.Type == ketenhub.EventMembershipSet:
		if role := roleFromPayload(e.Payload); role.Valid() {
			s.member.Role = role
			s.sight = s.c.h.cfg.Policy.Sight(v, s.member)
		}
	case e.Subject == ketenhub.SubjectMembership && e.Type == ketenhub.EventMembershipRemoved:
		s.endLocked("membership_removed")
	case e.Subject == ketenhub.SubjectAdmission && e.Type == ketenhub.EventAdmissionSet:
		// A payload that cannot be read admits nobody: fail closed.
		s.member.Admission = admissionFromPayload(e.Payload)
		s.sight = s.c.h.cfg.Policy.Sight(v, s.member)
		if !s.sight.Items {
			s.endLocked("admission_removed")
		}
	}
}

// endLocked ends the subscription because the viewer may no longer follow
// the workspace, telling the client why.
func (s *sub) endLocked(reason string) {
	s.c.enqueue(prepare(topicMessage{Type: msgUnsubscribed, Topic: s.name, Reason: reason}))
	s.t.dropLocked(s)
}

// positionLocked returns a position message when the client's resume point
// lags behind what it was passed over, nil otherwise.
func (s *sub) positionLocked() bool {
	if s.ended || s.replaying || s.after <= s.told {
		return false
	}
	if !s.c.enqueue(positionMsg(s.name, s.after)) {
		return false
	}
	s.told = s.after
	return true
}
