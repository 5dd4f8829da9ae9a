package oracle_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// The websocket as docs/realtime.md describes it: every viewer subscribes
// to every workspace and meeting topic (and to ones that do not exist) from
// sequence 0, and what arrives, replayed or live, is judged at the step the
// event belongs to.

// topic is one subscription and what the model knows of its subject.
type topic struct {
	name    string // "workspace:3"
	ws      *wsModel
	meeting *item
	at      step // when it was subscribed
	none    bool // names nothing
}

// socket is one viewer's websocket and everything it received.
type socket struct {
	v      *viewer
	conn   *websocket.Conn
	topics map[string]*topic

	mu   sync.Mutex
	msgs [][]byte
	done chan struct{} // closed when the connection has ended
}

// follower is every viewer's socket.
type follower struct {
	label   string // "live", "replay"
	m       *model
	sockets []*socket
}

// follow opens a websocket for every viewer and subscribes it to every topic.
func (s *scenario) follow(label string) *follower {
	f := &follower{label: label, m: s.m}
	for _, v := range s.viewers {
		f.sockets = append(f.sockets, s.dial(v))
	}
	return f
}

// topics lists every workspace and meeting topic, and one of each that
// names nothing.
func (s *scenario) topics() []*topic {
	var out []*topic
	for _, ws := range s.m.workspaces {
		out = append(out, &topic{name: fmt.Sprintf("workspace:%d", ws.id), ws: ws, at: s.m.now})
	}
	out = append(out, &topic{name: "workspace:" + noneID, at: s.m.now, none: true})
	for _, m := range s.m.byKind(ketenhub.SubjectMeeting) {
		out = append(out, &topic{name: fmt.Sprintf("meeting:%d", m.id), ws: m.ws, meeting: m, at: s.m.now})
	}
	out = append(out, &topic{name: "meeting:" + noneID, at: s.m.now, none: true})
	return out
}

func (s *scenario) dial(v *viewer) *socket {
	t := s.t
	h := http.Header{}
	h.Set("Origin", origin)
	h.Set("Cookie", auth.SessionCookie+"="+v.b.token)
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.h.url, "http")+"/api/ws", h)
	if err != nil {
		t.Fatalf("dial websocket as %s: %v (%v)", v.name, err, resp)
	}
	t.Cleanup(func() { conn.Close() })
	sk := &socket{v: v, conn: conn, topics: map[string]*topic{}, done: make(chan struct{})}
	go sk.read()
	for _, tp := range s.topics() {
		sk.topics[tp.name] = tp
		if err := conn.WriteJSON(map[string]any{"type": "subscribe", "topic": tp.name, "since": 0, "id": tp.name}); err != nil {
			t.Fatalf("subscribe %s as %s: %v", tp.name, v.name, err)
		}
	}
	return sk
}

// read keeps every message until the connection ends.
func (sk *socket) read() {
	defer close(sk.done)
	for {
		_, data, err := sk.conn.ReadMessage()
		if err != nil {
			return
		}
		sk.mu.Lock()
		sk.msgs = append(sk.msgs, data)
		sk.mu.Unlock()
	}
}

// wsMsg is the envelope of a server message.
type wsMsg struct {
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	Topic     string          `json:"topic"`
	Seq       int64           `json:"seq"`
	Subject   string          `json:"subject"`
	SubjectID int64           `json:"subject_id"`
	Reason    string          `json:"reason"`
	Event     *ketenhub.Event `json:"event"`
}

func (sk *socket) messages() []wsMsg {
	sk.mu.Lock()
	defer sk.mu.Unlock()
	out := make([]wsMsg, len(sk.msgs))
	for i, raw := range sk.msgs {
		json.Unmarshal(raw, &out[i])
	}
	return out
}

func (sk *socket) raw() [][]byte {
	sk.mu.Lock()
	defer sk.mu.Unlock()
	return append([][]byte(nil), sk.msgs...)
}

// settled reports whether every topic has answered its subscription and
// caught up to want (workspace id → seq) where it is still followed: by a
// person who took part when they subscribed and still does now.
func (sk *socket) settled(want map[int64]int64, now step) bool {
	answered := map[string]bool{}
	ended := map[string]bool{}
	reached := map[string]int64{}
	for _, m := range sk.messages() {
		switch m.Type {
		case "position", "error", "resync":
			answered[m.Topic] = true
		case "unsubscribed":
			ended[m.Topic] = true
		}
		if m.Type == "position" || m.Type == "event" || m.Type == "removed" {
			reached[m.Topic] = max(reached[m.Topic], m.Seq)
		}
	}
	for name, tp := range sk.topics {
		if !answered[name] && !ended[name] {
			return false
		}
		if tp.ws != nil && tp.meeting == nil && answered[name] && !ended[name] && want[tp.ws.id] > 0 &&
			tp.ws.takesPart(sk.v.p, tp.at) && tp.ws.takesPart(sk.v.p, now) && reached[name] < want[tp.ws.id] {
			return false
		}
	}
	return true
}

// await waits until every socket has settled (want: nil for the replay
// only), then a little longer for the meeting topics, which have no sentinel.
func (f *follower) await(t *testing.T, want map[int64]int64) {
	t.Helper()
	// A guard against a hang, not a speed test: under the race detector on
	// a loaded machine a replay of every socket can take a minute.
	deadline := time.Now().Add(2 * time.Minute)
	for _, sk := range f.sockets {
		for !sk.settled(want, f.m.now) {
			if time.Now().After(deadline) {
				t.Errorf("websocket %s of %s did not settle: %d messages", f.label, sk.v.name, len(sk.messages()))
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	time.Sleep(300 * time.Millisecond)
}

// check judges every message of every socket.
func (f *follower) check(s *scenario, c *checker) {
	for _, sk := range f.sockets {
		first := map[string][]byte{} // each topic's answer to its subscription
		for _, raw := range sk.raw() {
			var m wsMsg
			json.Unmarshal(raw, &m)
			if _, ok := first[m.Topic]; !ok && m.ID == m.Topic {
				first[m.Topic] = raw
			}
			f.checkMessage(s, c, sk, m, raw)
		}
		f.compareTopics(s, c, sk, first)
		f.checkEnded(s, c, sk)
	}
}

// checkMessage judges one message at the step its event belongs to (or
// when it was subscribed, for a replay).
func (f *follower) checkMessage(s *scenario, c *checker, sk *socket, m wsMsg, raw []byte) {
	t := s.m.now
	tp := sk.topics[m.Topic]
	if tp != nil && tp.ws != nil && (m.Type == "event" || m.Type == "removed") {
		t = max(tp.at, tp.ws.stepOf(m.Seq, s.m.now))
	}
	where := fmt.Sprintf("ws %s %s %s seq %d", f.label, m.Topic, m.Type, m.Seq)
	if m.Event != nil {
		where += " " + m.Event.Type
	}
	c.scanText(sk.v, where, t, string(raw))
	doc, err := decodeJSON(raw)
	if err != nil {
		return
	}
	if m.Type == "removed" {
		// A removal names what the viewer saw before and no longer may.
		if it := s.m.find(ketenhub.SubjectType(m.Subject), m.SubjectID); it != nil && !it.everSaw(sk.v.p, t) {
			c.fs.add(finding{kind: kindLink, viewer: sk.v.name, org: sk.v.org, where: where, what: fmt.Sprintf("removed names %s, never seen by %s", it, sk.v.name), item: it})
		}
		delete(doc.(map[string]any), "subject_id")
	}
	c.scanJSON(sk.v, where, t, doc)
}

// compareTopics checks that subscribing to a hidden workspace or meeting
// answers as subscribing to one that does not exist.
func (f *follower) compareTopics(s *scenario, c *checker, sk *socket, first map[string][]byte) {
	none := map[string]*topic{}
	for _, tp := range sk.topics {
		if tp.none {
			none[strings.Split(tp.name, ":")[0]] = tp
		}
	}
	for name, tp := range sk.topics {
		if tp.none || !tp.hiddenFrom(sk.v.p) {
			continue
		}
		n := none[strings.Split(name, ":")[0]]
		a, b := normalizedMsg(first[name], name), normalizedMsg(first[n.name], n.name)
		if a != b {
			var subject *item
			if tp.meeting != nil {
				subject = tp.meeting
			}
			c.fs.add(finding{kind: kindExistence, viewer: sk.v.name, org: sk.v.org, where: fmt.Sprintf("ws %s subscribe %s vs %s", f.label, name, n.name),
				what: fmt.Sprintf("hidden topic answered unlike a non-existent one: %s vs %s", clip(a), clip(b)), item: subject})
		}
	}
}

// hiddenFrom reports whether p may not follow the topic: a workspace p
// does not take part in (the beheerder reads no items there either), or a
// meeting p may not see.
func (tp *topic) hiddenFrom(p *person) bool {
	if tp.meeting != nil {
		return !tp.meeting.sees(p, tp.at)
	}
	return !tp.ws.takesPart(p, tp.at)
}

// checkEnded: a person whose organisation stopped admitting them to a
// workspace while they followed it is told so on every topic of it, with
// reason admission_removed (docs/openapi.yaml, PUT …/admission).
func (f *follower) checkEnded(s *scenario, c *checker, sk *socket) {
	told := map[string]bool{}
	for _, m := range sk.messages() {
		if m.Type == "unsubscribed" && m.Reason == "admission_removed" {
			told[m.Topic] = true
		}
	}
	for name, tp := range sk.topics {
		if tp.none || tp.hiddenFrom(sk.v.p) || told[name] {
			continue
		}
		if lost := tp.ws.lostAdmission(sk.v.p, tp.at, s.m.now); lost != 0 {
			c.fs.add(finding{kind: kindAccess, viewer: sk.v.name, org: sk.v.org, where: fmt.Sprintf("ws %s %s", f.label, name),
				what: fmt.Sprintf("not admitted since step %d, but no unsubscribed with reason admission_removed", lost)})
		}
	}
}

// normalizedMsg is an answer without what echoes the request.
func normalizedMsg(raw []byte, topic string) string {
	if raw == nil {
		return "(no answer)"
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return string(raw)
	}
	delete(m, "id")
	delete(m, "topic")
	out, _ := json.Marshal(m)
	_, id, _ := strings.Cut(topic, ":")
	return strings.ReplaceAll(string(out), id, "{id}")
}
