package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// upgradable refuses, and reports false for, a request that may not open a
// websocket: one that is not a GET, or comes from a page of an origin not
// allowed. A browser always sends Origin on a websocket; without it we
// cannot tell a cross-site page from our own, so it is refused.
func (h *Hub) upgradable(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet {
		refuse(w, ketenhub.Errorf(ketenhub.EMETHODNOTALLOWED, "Use GET to open the websocket.", "Gebruik GET om de websocket te openen."))
		return false
	}
	if !auth.OriginAllowed(r.Header.Get("Origin"), h.cfg.AllowedOrigins) {
		refuse(w, ketenhub.Errorf(ketenhub.EFORBIDDEN, "Websockets from this origin are not allowed.", "Websockets vanaf deze herkomst zijn niet toegestaan."))
		return false
	}
	return true
}

// upgrader upgrades a request that upgradable let through. A zero
// ReadBufferSize reuses the HTTP server's buffer of the hijacked
// connection; write buffers come from the hub's pool. A request that is
// no websocket handshake (a plain GET, a missing key or version) is
// refused with a problem, as every other refusal; gorilla's reason is
// logged, never sent, and a failure on our side is an internal error.
func (h *Hub) upgrader() *websocket.Upgrader {
	return &websocket.Upgrader{
		WriteBufferPool: &h.writeBuffers,
		CheckOrigin:     func(*http.Request) bool { return true }, // upgradable checked it, against the allow-list
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			if status >= http.StatusInternalServerError {
				h.refuseInternal(w, r, "realtime: upgrade", reason)
				return
			}
			h.log.DebugContext(r.Context(), "realtime: not a websocket handshake", "error", reason)
			w.Header().Set("Sec-WebSocket-Version", "13")
			refuse(w, ketenhub.Errorf(ketenhub.EINVALID, "This address only opens a websocket; send a websocket handshake (upgrade).",
				"Dit adres opent alleen een websocket; stuur een websocket-handshake (upgrade)."))
		},
	}
}

// refuseInternal logs err and answers 500 without telling the client more.
func (h *Hub) refuseInternal(w http.ResponseWriter, r *http.Request, what string, err error) {
	h.log.ErrorContext(r.Context(), what, "error", err)
	refuse(w, ketenhub.Errorf(ketenhub.EINTERNAL, "Internal error.", "Interne fout."))
}

// ServeHTTP upgrades GET /api/ws to a websocket for a signed-in user whose
// page comes from an allowed origin.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.upgradable(w, r) {
		return
	}
	cookie, err := r.Cookie(auth.SessionCookie)
	if err != nil || cookie.Value == "" {
		refuse(w, ketenhub.Errorf(ketenhub.EUNAUTHORIZED, "Sign in first.", "Meld u eerst aan."))
		return
	}
	// Check, not Resolve: a websocket records no activity, so an open
	// socket does not keep the session alive (docs/realtime.md).
	sess, user, err := h.cfg.Sessions.Check(r.Context(), cookie.Value)
	if ketenhub.ErrorCode(err) == ketenhub.EUNAUTHORIZED {
		refuse(w, ketenhub.Errorf(ketenhub.EUNAUTHORIZED, "Sign in first.", "Meld u eerst aan."))
		return
	} else if err != nil {
		h.refuseInternal(w, r, "realtime: resolve session", err)
		return
	}
	// The upgrade response carries the headers the middleware set (security
	// headers, request id): gorilla writes only the ones it is given.
	ws, err := h.upgrader().Upgrade(w, r, w.Header())
	if err != nil {
		return // the upgrader has answered
	}
	c := &conn{h: h, ws: ws, viewer: user.Viewer(), person: presenceUser(user), token: cookie.Value, session: sess.ID,
		send: make(chan *websocket.PreparedMessage, h.cfg.QueueSize), subs: map[string]*sub{}}
	// The connection's context ends when it is closed or the hub stops:
	// one context instead of a done channel and a goroutine joining the two.
	c.ctx, c.cancel = context.WithCancel(h.ctx)
	if !h.register(c) {
		c.cancel()
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), time.Now().Add(time.Second))
		ws.Close()
		return
	}
	// The handler returns at once: the request, the router's context and
	// the deep stack of the HTTP server's goroutine are not kept for the
	// life of the connection (memory per idle connection).
	go c.run()
}

// run serves the connection until it ends.
func (c *conn) run() {
	defer c.h.unregister(c)
	defer c.cancel()
	readerDone := make(chan struct{})
	go func() { defer close(readerDone); c.readLoop() }()
	c.writeLoop(readerDone)
	<-readerDone
}

// refuse answers a request that may not open a websocket with e as a
// problem, with the status of its code (ketenhub.StatusOf).
func refuse(w http.ResponseWriter, e *ketenhub.Error) {
	status := ketenhub.StatusOf(e.Code)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"type": "https://ketenhub.nl/problems/" + e.Code, "title": http.StatusText(status), "status": status,
		"code": e.Code, "detail": e.Message, "detail_en": e.Message, "detail_nl": e.MessageNL,
	})
}

func (h *Hub) register(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.live[c] = struct{}{}
	h.conns.Add(1)
	h.cfg.Metrics.ConnectionOpened()
	return true
}

func (h *Hub) unregister(c *conn) {
	for _, s := range c.subscriptions() {
		h.leave(s)
	}
	h.mu.Lock()
	delete(h.live, c)
	h.mu.Unlock()
	h.cfg.Metrics.ConnectionClosed()
	h.conns.Done()
}

// conn is one websocket: a reader (the handler's goroutine) and a writer,
// which alone writes data frames, fed by a bounded queue.
type conn struct {
	h      *Hub
	ws     *websocket.Conn
	viewer ketenhub.Viewer
	person PresenceUser // the user as presence shows them (to each viewer through the policy)
	token  string
	// session is the id of the connection's session, by which the bus
	// names it when it is revoked (Hub.sessionsEnded).
	session int64

	send      chan *websocket.PreparedMessage
	ctx       context.Context // done when the connection is to end
	cancel    context.CancelFunc
	closeOnce sync.Once
	closeCode int
	closeText string

	mu   sync.Mutex
	subs map[string]*sub // by topic
}

// close ends the connection with a close code and reason (0: none, the
// peer is gone). Only the first call counts.
func (c *conn) close(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, reason
		if code == CloseSlowConsumer {
			c.h.cfg.Metrics.SlowClientDropped()
		}
		c.cancel()
	})
}

// enqueue queues msg without ever blocking: a full queue ends the
// connection as a slow consumer, who resumes from its last sequence number.
func (c *conn) enqueue(msg *websocket.PreparedMessage) bool {
	select {
	case <-c.ctx.Done():
		return false
	default:
	}
	select {
	case c.send <- msg:
		return true
	default:
		c.close(CloseSlowConsumer, "slow consumer")
		return false
	}
}

// enqueueReplay queues a replayed message, waiting while the queue is more
// than half full so that a long replay leaves room for live messages of the
// connection's other subscriptions. It gives up when the connection ends.
func (c *conn) enqueueReplay(msg *websocket.PreparedMessage) bool {
	for len(c.send) > cap(c.send)/2 {
		select {
		case <-c.ctx.Done():
			return false
		case <-time.After(5 * time.Millisecond):
		}
	}
	return c.enqueue(msg)
}

func (c *conn) forget(s *sub) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs[s.name] == s {
		delete(c.subs, s.name)
	}
}

func (c *conn) subscriptions() []*sub {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*sub, 0, len(c.subs))
	for _, s := range c.subs {
		out = append(out, s)
	}
	return out
}

// writeLoop writes queued messages, pings and idle positions until the
// connection ends, then says why with a close frame.
func (c *conn) writeLoop(readerDone <-chan struct{}) {
	defer c.ws.Close() // also ends the reader
	ping := time.NewTicker(c.h.cfg.PingInterval)
	defer ping.Stop()
	lastCheck := time.Now()
	for {
		select {
		case <-c.ctx.Done():
			if c.writeClose(nil) {
				c.linger(readerDone)
			}
			return
		case msg := <-c.send:
			select {
			case <-c.ctx.Done(): // ending wins over what is still queued
				if c.writeClose(msg) {
					c.linger(readerDone)
				}
				return
			default:
			}
			c.ws.SetWriteDeadline(time.Now().Add(c.h.cfg.WriteTimeout))
			if err := c.ws.WritePreparedMessage(msg); err != nil {
				c.writeFailed(err)
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.h.cfg.WriteTimeout)); err != nil {
				c.writeFailed(err)
				return
			}
			c.sendPositions()
			if time.Since(lastCheck) >= c.h.cfg.SessionCheck {
				lastCheck = time.Now()
				c.checkSession()
			}
		}
	}
}

// writeFailed ends the connection after a write failed. A write that timed
// out is a peer that does not read: a slow consumer, counted as one. It gets
// no close frame: the frame the deadline cut off may be half sent, and the
// websocket library refuses every write after a failed one, so the client
// sees the connection drop (1006).
func (c *conn) writeFailed(err error) {
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		c.close(CloseSlowConsumer, "slow consumer")
		return
	}
	c.close(0, "")
}

// writeClose says with a close frame why the connection ends, and reports
// whether it could. A client closed for sending too much first gets the
// answers already queued for it (pending, taken from the queue, first), all
// within the second the close frame has, so that it sees which of its
// messages were answered.
func (c *conn) writeClose(pending *websocket.PreparedMessage) bool {
	if c.closeCode == 0 {
		return false
	}
	deadline := time.Now().Add(time.Second)
	if c.closeCode == CloseRateLimited {
		c.ws.SetWriteDeadline(deadline)
		if pending != nil && c.ws.WritePreparedMessage(pending) != nil {
			return false
		}
	drain:
		for {
			select {
			case msg := <-c.send:
				if c.ws.WritePreparedMessage(msg) != nil {
					return false
				}
			default:
				break drain
			}
		}
	}
	msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
	return c.ws.WriteControl(websocket.CloseMessage, msg, deadline) == nil
}

// linger gives the peer up to a second to answer the close frame before the
// socket is closed, reading what it still sends: closing a socket with
// unread data resets it, and a reset throws away what was sent but not yet
// delivered, the close frame among it. The reader reads the peer's answer
// (its close frame, then the end of the stream); once it has stopped, for
// its own reason or that one, the rest is read and discarded here.
func (c *conn) linger(readerDone <-chan struct{}) {
	deadline := time.Now().Add(time.Second)
	c.ws.SetReadDeadline(deadline)
	select {
	case <-readerDone:
	case <-time.After(time.Until(deadline)):
		return
	}
	nc := c.ws.NetConn()
	nc.SetReadDeadline(deadline)
	io.Copy(io.Discard, nc)
}

// sendPositions tells idle subscriptions how far they are, so that a resume
// need not replay what they were passed over.
func (c *conn) sendPositions() {
	for _, s := range c.subscriptions() {
		s.t.mu.Lock()
		s.positionLocked()
		s.t.mu.Unlock()
	}
}

// checkSession ends the connection when its session has ended (sign-out,
// revocation, timeout). It records no activity: the socket does not keep
// the session alive.
func (c *conn) checkSession() {
	_, _, err := c.h.cfg.Sessions.Check(c.h.ctx, c.token)
	switch ketenhub.ErrorCode(err) {
	case "":
	case ketenhub.EUNAUTHORIZED:
		c.close(CloseSessionEnded, "session ended")
	default:
		c.h.log.Error("realtime: check session", "error", err)
	}
}

// readLoop reads client messages until the connection ends.
func (c *conn) readLoop() {
	defer c.close(0, "")
	c.ws.SetReadLimit(maxMessageBytes) // gorilla answers a larger message with 1009
	deadline := func() { c.ws.SetReadDeadline(time.Now().Add(c.h.cfg.ReadTimeout)) }
	deadline()
	c.ws.SetPongHandler(func(string) error { deadline(); return nil })
	limit := newLimiter(c.h.cfg.MessageRate, c.h.cfg.MessageBurst)
	ctx := c.ctx
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		deadline()
		if !limit.Allow() {
			c.close(CloseRateLimited, "too many messages")
			return
		}
		if typ != websocket.TextMessage {
			c.enqueue(errorMsg("", "", errInvalid, "Send JSON text messages.", "Stuur JSON-tekstberichten."))
			continue
		}
		c.handle(ctx, data)
	}
}

// handle answers one client message.
func (c *conn) handle(ctx context.Context, data []byte) {
	m, err := parseClientMessage(data)
	if err != nil {
		en, nl := "Invalid message.", "Ongeldig bericht."
		var bad *badMessage
		if errors.As(err, &bad) {
			en, nl = bad.en, bad.nl
		}
		c.enqueue(errorMsg(m.ID, "", errInvalid, en, nl))
		return
	}
	switch m.Type {
	case msgPing:
		c.enqueue(prepare(pongMessage{Type: msgPong, ID: m.ID}))
	case msgSubscribe:
		c.subscribe(ctx, m)
	case msgUnsubscribe:
		c.unsubscribe(m)
	}
}

func (c *conn) unsubscribe(m clientMessage) {
	c.mu.Lock()
	s := c.subs[m.Topic]
	c.mu.Unlock()
	if s != nil {
		c.h.leave(s)
	}
	c.enqueue(prepare(topicMessage{Type: msgUnsubscribed, ID: m.ID, Topic: m.Topic, Reason: "requested"}))
}

// subscribe starts a subscription: it joins the topic (live events are
// held from then on), replays the log from since up to where the topic
// stood, then releases the held events, skipping what the replay covered.
// So the client gets every visible event once and in order.
func (c *conn) subscribe(ctx context.Context, m clientMessage) {
	ref, _ := parseTopic(m.Topic)
	c.mu.Lock()
	_, dup := c.subs[m.Topic]
	full := len(c.subs) >= c.h.cfg.MaxSubscriptions
	c.mu.Unlock()
	switch {
	case dup:
		c.enqueue(errorMsg(m.ID, m.Topic, errInvalid, "Already subscribed to this topic.", "Al geabonneerd op dit onderwerp."))
		return
	case full:
		c.enqueue(errorMsg(m.ID, m.Topic, errLimit, "Too many subscriptions on this connection.", "Te veel abonnementen op deze verbinding."))
		return
	}
	ws, err := c.workspaceOf(ctx, ref)
	if err != nil {
		c.refuseTopic(ctx, m, ref, err)
		return
	}
	// Strangers are refused before they start a topic; the role is read
	// again once joined (see start).
	if member, err := c.h.cfg.Feed.MemberOf(ctx, ws, c.viewer.OrganisationID); err != nil || !c.h.cfg.Policy.Sight(c.viewer, member).Items {
		if err != nil && ctx.Err() == nil {
			c.h.log.Error("realtime: read role", "topic", m.Topic, "error", err)
		}
		c.enqueue(notFoundMsg(m, ref))
		return
	}
	s, err := c.h.join(c, ws, ref)
	if err != nil {
		c.enqueue(errorMsg(m.ID, m.Topic, errUnavail, "The server is shutting down.", "De server wordt afgesloten."))
		return
	}
	c.mu.Lock()
	c.subs[m.Topic] = s
	c.mu.Unlock()
	if err := c.start(ctx, s, m); err != nil {
		c.h.leave(s)
		if errors.Is(err, errNotMember) {
			c.enqueue(notFoundMsg(m, ref))
			return
		}
		if errors.Is(err, errResync) {
			c.enqueue(prepare(topicMessage{Type: msgResync, ID: m.ID, Topic: m.Topic}))
			return
		}
		if ctx.Err() == nil {
			c.h.log.Error("realtime: subscribe", "topic", m.Topic, "error", err)
			c.enqueue(errorMsg(m.ID, m.Topic, errUnavail, "Could not subscribe; try again.", "Abonneren lukte niet; probeer het opnieuw."))
		}
	}
}

// workspaceOf returns the workspace a topic belongs to.
func (c *conn) workspaceOf(ctx context.Context, ref topicRef) (int64, error) {
	if !ref.meeting {
		return ref.id, nil
	}
	return c.h.cfg.Feed.MeetingWorkspace(ctx, ref.id)
}

// refuseTopic answers a subscription to a meeting that could not be found.
func (c *conn) refuseTopic(ctx context.Context, m clientMessage, ref topicRef, err error) {
	if ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND && ctx.Err() == nil {
		c.h.log.Error("realtime: find meeting", "topic", m.Topic, "error", err)
		c.enqueue(errorMsg(m.ID, m.Topic, errUnavail, "Could not subscribe; try again.", "Abonneren lukte niet; probeer het opnieuw."))
		return
	}
	c.enqueue(notFoundMsg(m, ref))
}

// notFoundMsg refuses a topic the viewer may not follow. A meeting that does
// not exist and one of a workspace the viewer is not in are refused alike,
// so that the answer tells nothing of meetings the viewer may not see.
func notFoundMsg(m clientMessage, ref topicRef) *websocket.PreparedMessage {
	if ref.meeting {
		return errorMsg(m.ID, m.Topic, errNotFound, "No such meeting, or not yours.", "Dit overleg bestaat niet of is niet van u.")
	}
	return errorMsg(m.ID, m.Topic, errNotFound, "No such workspace, or not yours.", "Deze werkruimte bestaat niet of is niet van u.")
}

var (
	errNotMember = errors.New("not a member")
	errResync    = errors.New("resync")
	errGone      = errors.New("connection ended")
)

// start runs the replay of a joined subscription and makes it live.
func (c *conn) start(ctx context.Context, s *sub, m clientMessage) error {
	t := s.t
	select {
	case <-t.ready:
	case <-ctx.Done():
		return errGone
	}
	t.mu.Lock()
	head := t.head
	t.mu.Unlock()
	// The membership is read after joining: a change committed later
	// arrives as an event and is followed from there.
	member, err := c.h.cfg.Feed.MemberOf(ctx, t.ws, c.viewer.OrganisationID)
	if err != nil {
		return err
	}
	sight := c.h.cfg.Policy.Sight(c.viewer, member)
	if !sight.Items {
		return errNotMember
	}
	since := head
	if m.Since != nil {
		since = *m.Since
	}
	// Every reason to resync is found before the first replayed event, so
	// that resync comes instead of the replay, never after part of it.
	if err := c.checkResume(ctx, t.ws, member, since, head); err != nil {
		return err
	}
	if !c.enqueue(prepare(topicMessage{Type: msgSubscribed, ID: m.ID, Topic: s.name, Seq: &since})) {
		return errGone
	}
	if err := c.replay(ctx, s, sight, since, head); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.ended {
		return nil
	}
	s.member, s.sight, s.replaying = member, sight, false
	s.after, s.told = max(since, head), max(since, head)
	held := s.held
	s.held = nil
	for _, e := range held {
		s.offerLocked(e)
	}
	if !s.ended {
		c.enqueue(positionMsg(s.name, s.after))
		s.told = s.after
		if s.meeting != 0 {
			c.h.presence.join(s.meeting, c)
		}
	}
	return nil
}

// checkResume refuses with resync a resume the log cannot serve whole: from
// a point it does not have, from before the retention window, across a gap,
// or from state the client built before its organisation's current
// membership began (since 0 is a client without state: it gets what its
// organisation may see of the log, which starts at its membership).
func (c *conn) checkResume(ctx context.Context, ws int64, member ketenhub.Member, since, head int64) error {
	if since > head {
		last, err := c.h.cfg.Feed.LastSeq(ctx, ws)
		if err != nil {
			return err
		}
		if since > last {
			return errResync // the client knows of events the log does not have
		}
		return nil
	}
	if since == head {
		return nil
	}
	if since > 0 && since < member.Since {
		return errResync
	}
	n, err := c.h.cfg.Feed.CountEvents(ctx, ws, since, head)
	if err != nil {
		return err
	}
	if n != head-since {
		return errResync // part of it is no longer in the log
	}
	evs, err := c.h.cfg.Feed.EventsAfter(ctx, ws, since, 1)
	if err != nil {
		return err
	}
	if len(evs) == 0 || evs[0].CreatedAt.Before(c.h.cfg.Clock.Now().Add(-c.h.cfg.Retention)) {
		return errResync
	}
	return nil
}

// replay sends the events in (since, head] that the viewer's sight admits,
// from the log. checkResume has made sure the log holds them all; should
// that no longer hold (a purge meanwhile), the connection is closed rather
// than sending resync after part of the replay.
func (c *conn) replay(ctx context.Context, s *sub, sight ketenhub.Sight, since, head int64) error {
	sent := 0
	defer func() { c.h.cfg.Metrics.Replayed(sent) }()
	for after := since; after < head; {
		evs, err := c.h.cfg.Feed.EventsAfter(ctx, s.t.ws, after, replayPage)
		if err != nil {
			return err
		}
		n := contiguous(evs, after)
		if n == 0 {
			return fmt.Errorf("replay: the log has no event after %d", after)
		}
		for _, ev := range evs[:n] {
			if ev.Seq > head {
				return nil
			}
			if msg := newEvent(ev).messageFor(sight, s.meeting); msg != nil {
				if !c.enqueueReplay(msg) {
					return errGone
				}
				sent++
			}
			after = ev.Seq
		}
	}
	return nil
}

// roleFromPayload reads the role from a membership.set event's payload.
func roleFromPayload(payload json.RawMessage) ketenhub.Role {
	var m struct {
		Role ketenhub.Role `json:"role"`
	}
	if json.Unmarshal(payload, &m) != nil {
		return ketenhub.RoleNone
	}
	return m.Role
}

// admissionFromPayload reads the admission an admission.set event carries.
// One that cannot be read names a person no one is, so it admits nobody.
func admissionFromPayload(payload json.RawMessage) ketenhub.Admission {
	var a ketenhub.Admission
	if json.Unmarshal(payload, &a) != nil {
		return ketenhub.Admission{Users: []int64{-1}}
	}
	return a
}

// newLimiter returns the limit on one connection's client messages:
// perSecond on average, up to burst at once, the burst available from the
// start.
func newLimiter(perSecond float64, burst int) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}
