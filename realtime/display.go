package realtime

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// A room screen (a "display", paired with a meeting by its chair) follows
// its meeting over GET /api/display/ws. The socket carries no content, only
// the signal "changed": the screen then reads its room view again from GET
// /api/v1/display. So what a room may see is decided in one place (the
// store's room view, by the room rule), the socket can leak nothing, and a
// screen needs no session. A signal costs one read per screen, and there
// are a few screens per meeting; the hub's topics, replay and per-viewer
// filtering are for people and are not needed here.

// DisplayResolver tells the hub which workspace a screen follows.
// *store.DisplayService implements it.
type DisplayResolver interface {
	// DisplayWorkspace returns the workspace of the meeting the screen
	// holding secret is paired with, 0 while it waits for its code to be
	// entered; ENOTFOUND for a screen that is not (or no longer) paired.
	DisplayWorkspace(ctx context.Context, secret string) (int64, error)
}

// CloseDisplayUnpaired (4004) ends a screen's socket when it is no longer
// paired (revoked, or its code expired): it asks for a new code.
var CloseDisplayUnpaired = closeCodeOf(ketenhub.ENOTFOUND)

// displaySettle is how long a screen's socket gathers a burst of changes
// (a replay, a chair clicking through attendance) into one signal.
const displaySettle = 150 * time.Millisecond

// changedMessage is the one message a screen receives.
var changedMessage = []byte(`{"type":"changed"}`)

// displays are this node's screen sockets, by the workspace they follow;
// those waiting to be paired are under 0 and look again at every change of
// any workspace, since their pairing is such a change (display.paired).
type displays struct {
	mu   sync.Mutex
	byWS map[int64]map[*displayConn]struct{}
}

// announce wakes the screens that follow ws and those still waiting.
func (d *displays) announce(ws int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for c := range d.byWS[ws] {
		c.poke()
	}
	for c := range d.byWS[0] {
		c.poke()
	}
}

// follow files c under workspace ws (moving it from where it was).
func (d *displays) follow(c *displayConn, ws int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byWS == nil {
		d.byWS = map[int64]map[*displayConn]struct{}{}
	}
	if old := d.byWS[c.ws]; old != nil {
		delete(old, c)
		if len(old) == 0 {
			delete(d.byWS, c.ws)
		}
	}
	if ws < 0 {
		return // forget it
	}
	if d.byWS[ws] == nil {
		d.byWS[ws] = map[*displayConn]struct{}{}
	}
	d.byWS[ws][c] = struct{}{}
	c.ws = ws
}

// closeAll ends every screen socket (the hub is shutting down).
func (d *displays) closeAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, set := range d.byWS {
		for c := range set {
			c.close(websocket.CloseGoingAway, "server shutting down")
		}
	}
}

// displayConn is one screen's socket: a reader that only keeps the peer
// alive, and a writer that pings and sends "changed".
type displayConn struct {
	h      *Hub
	sock   *websocket.Conn
	secret string
	ws     int64 // the workspace followed; guarded by the displays' mutex

	wake      chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
	closeCode int
	closeText string
}

// refuseUnpaired answers a screen that holds no pairing, or an ended one.
func refuseUnpaired(w http.ResponseWriter) {
	refuse(w, ketenhub.Errorf(ketenhub.ENOTFOUND, "This screen is not paired; ask for a new code.", "Dit scherm is niet gekoppeld; vraag een nieuwe code aan."))
}

// ServeDisplay upgrades GET /api/display/ws for a screen holding a display
// cookie, from a page of an allowed origin.
func (h *Hub) ServeDisplay(w http.ResponseWriter, r *http.Request) {
	if !h.upgradable(w, r) {
		return
	}
	cookie, err := r.Cookie(auth.DisplayCookie)
	if h.cfg.Displays == nil || err != nil || cookie.Value == "" {
		refuseUnpaired(w)
		return
	}
	ws, err := h.cfg.Displays.DisplayWorkspace(r.Context(), cookie.Value)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		refuseUnpaired(w)
		return
	} else if err != nil {
		h.refuseInternal(w, r, "realtime: resolve display", err)
		return
	}
	sock, err := h.upgrader().Upgrade(w, r, w.Header())
	if err != nil {
		return
	}
	c := &displayConn{h: h, sock: sock, secret: cookie.Value, wake: make(chan struct{}, 1)}
	c.ctx, c.cancel = context.WithCancel(h.ctx)
	if !h.registerDisplay(c, ws) {
		c.cancel()
		sock.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), time.Now().Add(time.Second))
		sock.Close()
		return
	}
	go c.run()
}

// registerDisplay files a new screen socket, unless the hub is closing.
func (h *Hub) registerDisplay(c *displayConn, ws int64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.conns.Add(1)
	h.displays.follow(c, ws)
	return true
}

func (c *displayConn) run() {
	defer c.h.conns.Done()
	defer c.h.displays.follow(c, -1)
	defer c.cancel()
	c.poke() // the first "changed": the screen reads its state after the socket is filed, so no change falls between
	done := make(chan struct{})
	go func() { defer close(done); c.writeLoop() }()
	c.readLoop()
	<-done
}

func (c *displayConn) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *displayConn) close(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, reason
		c.cancel()
	})
}

// readLoop reads (and drops) what the screen sends, so that pongs are
// seen and a silent peer times out; a chatty one is cut off.
func (c *displayConn) readLoop() {
	defer c.close(0, "")
	c.sock.SetReadLimit(maxMessageBytes)
	deadline := func() { c.sock.SetReadDeadline(time.Now().Add(c.h.cfg.ReadTimeout)) }
	deadline()
	c.sock.SetPongHandler(func(string) error { deadline(); return nil })
	limit := newLimiter(c.h.cfg.MessageRate, c.h.cfg.MessageBurst)
	for {
		if _, _, err := c.sock.ReadMessage(); err != nil {
			return
		}
		deadline()
		if !limit.Allow() {
			c.close(CloseRateLimited, "too many messages")
			return
		}
	}
}

// writeLoop sends "changed" after each settled burst of wake-ups, and
// pings; before either it looks again at the pairing, and ends the socket
// of a screen that is no longer paired.
func (c *displayConn) writeLoop() {
	defer c.sock.Close()
	ping := time.NewTicker(c.h.cfg.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-c.ctx.Done():
			c.writeClose()
			return
		case <-c.wake:
			if !c.sleep(displaySettle) || !c.recheck() {
				continue
			}
			c.sock.SetWriteDeadline(time.Now().Add(c.h.cfg.WriteTimeout))
			if err := c.sock.WriteMessage(websocket.TextMessage, changedMessage); err != nil {
				c.close(0, "")
			}
		case <-ping.C:
			if err := c.sock.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.h.cfg.WriteTimeout)); err != nil {
				c.close(0, "")
				continue
			}
			c.recheck() // a code that expired unpaired announces nothing
		}
	}
}

// sleep waits d, or until the socket ends (false).
func (c *displayConn) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.ctx.Done():
		return false
	}
}

// recheck reads the screen's pairing again and files it under the
// workspace it now follows; false when the socket is to end.
func (c *displayConn) recheck() bool {
	ws, err := c.h.cfg.Displays.DisplayWorkspace(c.ctx, c.secret)
	switch ketenhub.ErrorCode(err) {
	case "":
		c.h.displays.follow(c, ws)
		return true
	case ketenhub.ENOTFOUND:
		c.close(CloseDisplayUnpaired, "display not paired")
		return false
	}
	if c.ctx.Err() == nil {
		c.h.log.Error("realtime: check display", "error", err)
	}
	return true // the signal is harmless; the screen's read will tell
}

func (c *displayConn) writeClose() {
	if c.closeCode == 0 {
		return
	}
	c.sock.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.closeCode, c.closeText), time.Now().Add(time.Second))
}
