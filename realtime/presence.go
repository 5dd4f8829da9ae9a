package realtime

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
)

// PresenceUser is one person looking at a meeting board. Between nodes it
// carries the name; what a viewer receives is shown(), which leaves out the
// name of a shielded officer of another organisation than the viewer's.
type PresenceUser struct {
	UserID         int64  `json:"user_id"`
	Name           string `json:"name"`
	OrganisationID int64  `json:"organisation_id"`
	Function       string `json:"function"`
	Shielded       bool   `json:"shielded"`
}

// presenceUser is u as presence knows them.
func presenceUser(u *ketenhub.User) PresenceUser {
	return PresenceUser{UserID: u.ID, Name: u.Name, OrganisationID: u.OrganisationID, Function: u.Function, Shielded: u.Shielded}
}

// shownTo is the person as viewer v may see them (ketenhub.ShowPerson):
// a shielded officer of another organisation without a name.
func (u PresenceUser) shownTo(p ketenhub.Policy, v ketenhub.Viewer) PresenceUser {
	full := &ketenhub.User{ID: u.UserID, Name: u.Name, OrganisationID: u.OrganisationID, Function: u.Function, Shielded: u.Shielded}
	u.Name = ketenhub.ShowPerson(p, v, full, "", false).Name
	return u
}

// PresenceNote is what one hub node tells the others: who is looking at a
// meeting through it. A node's newest note replaces its previous one; notes
// are repeated every presenceBeat and forgotten after presenceTTL, so a node
// that dies without a word drops out by itself.
type PresenceNote struct {
	Node    string         `json:"node"`
	Meeting int64          `json:"meeting"`
	Users   []PresenceUser `json:"users"`
}

// Presence timing: how often a node repeats its notes, and how long a note
// counts without being repeated.
const (
	presenceBeat     = 15 * time.Second
	presenceTTL      = 40 * time.Second
	presenceDebounce = 50 * time.Millisecond
	maxPresenceUsers = 100 // keeps a note within PostgreSQL's NOTIFY payload limit
)

// presenceMessage tells a meeting's subscribers who is looking at it.
type presenceMessage struct {
	Type  string         `json:"type"`
	Topic string         `json:"topic"`
	Users []PresenceUser `json:"users"`
}

const msgPresence = "presence"

// presence tracks who looks at which meeting, on this node and (through the
// bus) on the others, and tells the meeting's local subscribers when that
// changes. Changes are batched by one goroutine, which alone publishes, so
// this node's notes reach the bus in order.
type presence struct {
	node   string
	bus    Bus
	policy ketenhub.Policy

	mu     sync.Mutex
	local  map[int64]map[*conn]PresenceUser // meeting → the connections here
	remote map[int64]map[string]remoteNote  // meeting → node → its last note
	dirty  map[int64]bool                   // meeting → changed (true: also publish)
	wake   chan struct{}
}

type remoteNote struct {
	users   []PresenceUser
	expires time.Time
}

func newPresence(bus Bus, policy ketenhub.Policy) *presence {
	return &presence{node: newNodeID(), bus: bus, policy: policy, local: map[int64]map[*conn]PresenceUser{},
		remote: map[int64]map[string]remoteNote{}, dirty: map[int64]bool{}, wake: make(chan struct{}, 1)}
}

func newNodeID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// join records that c looks at meeting.
func (p *presence) join(meeting int64, c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.local[meeting] == nil {
		p.local[meeting] = map[*conn]PresenceUser{}
	}
	p.local[meeting][c] = c.person
	p.markLocked(meeting, true)
}

// leave records that c no longer looks at meeting.
func (p *presence) leave(meeting int64, c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.local[meeting][c]; !ok {
		return
	}
	delete(p.local[meeting], c)
	if len(p.local[meeting]) == 0 {
		delete(p.local, meeting)
	}
	p.markLocked(meeting, true)
}

// heard takes in another node's note.
func (p *presence) heard(n PresenceNote) {
	if n.Node == p.node {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.remote[n.Meeting] == nil {
		p.remote[n.Meeting] = map[string]remoteNote{}
	}
	if len(n.Users) == 0 {
		delete(p.remote[n.Meeting], n.Node)
	} else {
		p.remote[n.Meeting][n.Node] = remoteNote{users: n.Users, expires: time.Now().Add(presenceTTL)}
	}
	p.markLocked(n.Meeting, false)
}

func (p *presence) markLocked(meeting int64, publish bool) {
	p.dirty[meeting] = p.dirty[meeting] || publish
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run publishes and broadcasts changes until ctx ends; then it tells the
// other nodes that nobody looks at anything through this one any more.
func (p *presence) run(ctx context.Context, log func(msg string, args ...any)) {
	beat := time.NewTicker(presenceBeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			p.goodbye(log)
			return
		case <-p.wake:
			time.Sleep(presenceDebounce) // let a burst of joins become one message
			p.flush(ctx, log)
		case <-beat.C:
			p.expire()
			p.republish(ctx, log)
			p.flush(ctx, log)
		}
	}
}

// flush handles the meetings that changed: publish this node's note where
// it changed, and tell the local subscribers who is looking now.
func (p *presence) flush(ctx context.Context, log func(string, ...any)) {
	p.mu.Lock()
	dirty := p.dirty
	p.dirty = map[int64]bool{}
	type job struct {
		meeting int64
		note    PresenceNote
		pub     bool
		conns   []*conn
		users   []PresenceUser
	}
	jobs := make([]job, 0, len(dirty))
	for meeting, publish := range dirty {
		jobs = append(jobs, job{meeting: meeting, note: p.noteLocked(meeting), pub: publish, conns: p.connsLocked(meeting),
			users: p.mergedLocked(meeting)})
	}
	p.mu.Unlock()
	for _, j := range jobs {
		if j.pub {
			if err := p.bus.PublishPresence(ctx, j.note); err != nil && ctx.Err() == nil {
				log("realtime: publish presence", "meeting", j.note.Meeting, "error", err)
			}
		}
		p.tell(j.meeting, j.users, j.conns)
	}
}

// tell sends each connection the people looking at a meeting as its viewer
// may see them. The message is encoded once per distinct view (in practice
// once per organisation), not once per connection.
func (p *presence) tell(meeting int64, users []PresenceUser, conns []*conn) {
	prepared := map[string]*websocket.PreparedMessage{}
	for _, c := range conns {
		view := make([]PresenceUser, len(users))
		var key strings.Builder
		for i, u := range users {
			view[i] = u.shownTo(p.policy, c.viewer)
			if view[i].Name == "" && u.Name != "" {
				fmt.Fprintf(&key, "%d,", u.UserID)
			}
		}
		msg, ok := prepared[key.String()]
		if !ok {
			sortShown(view)
			msg = prepare(presenceMessage{Type: msgPresence, Topic: meetingTopic(meeting), Users: view})
			prepared[key.String()] = msg
		}
		c.enqueue(msg)
	}
}

// sortShown orders a view of presence by what it shows (the name, or the
// function of one shown by function), then id, so that the order says
// nothing of a hidden name.
func sortShown(users []PresenceUser) {
	slices.SortFunc(users, func(a, b PresenceUser) int {
		ka, kb := a.Name, b.Name
		if ka == "" {
			ka = a.Function
		}
		if kb == "" {
			kb = b.Function
		}
		return cmp.Or(strings.Compare(ka, kb), cmp.Compare(a.UserID, b.UserID))
	})
}

// republish repeats this node's notes, so that other nodes keep them.
func (p *presence) republish(ctx context.Context, log func(string, ...any)) {
	p.mu.Lock()
	notes := make([]PresenceNote, 0, len(p.local))
	for meeting := range p.local {
		notes = append(notes, p.noteLocked(meeting))
	}
	p.mu.Unlock()
	for _, n := range notes {
		if err := p.bus.PublishPresence(ctx, n); err != nil && ctx.Err() == nil {
			log("realtime: publish presence", "meeting", n.Meeting, "error", err)
		}
	}
}

// expire forgets the notes of nodes that stopped repeating them.
func (p *presence) expire() {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for meeting, nodes := range p.remote {
		for node, n := range nodes {
			if now.After(n.expires) {
				delete(nodes, node)
				p.markLocked(meeting, false)
			}
		}
		if len(nodes) == 0 {
			delete(p.remote, meeting)
		}
	}
}

// goodbye withdraws this node's notes when it stops.
func (p *presence) goodbye(log func(string, ...any)) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p.mu.Lock()
	meetings := make([]int64, 0, len(p.local))
	for meeting := range p.local {
		meetings = append(meetings, meeting)
	}
	p.mu.Unlock()
	for _, m := range meetings {
		if err := p.bus.PublishPresence(ctx, PresenceNote{Node: p.node, Meeting: m}); err != nil {
			log("realtime: withdraw presence", "meeting", m, "error", err)
		}
	}
}

// noteLocked is this node's note for a meeting: its distinct users.
func (p *presence) noteLocked(meeting int64) PresenceNote {
	users := make([]PresenceUser, 0, len(p.local[meeting]))
	for _, u := range p.local[meeting] {
		users = append(users, u)
	}
	return PresenceNote{Node: p.node, Meeting: meeting, Users: distinctUsers(users)}
}

// mergedLocked is everyone looking at a meeting, on every node.
func (p *presence) mergedLocked(meeting int64) []PresenceUser {
	users := p.noteLocked(meeting).Users
	for _, n := range p.remote[meeting] {
		users = append(users, n.users...)
	}
	return distinctUsers(users)
}

func (p *presence) connsLocked(meeting int64) []*conn {
	out := make([]*conn, 0, len(p.local[meeting]))
	for c := range p.local[meeting] {
		out = append(out, c)
	}
	return out
}

// distinctUsers lists each user once (one person may have several tabs
// open), by name, at most maxPresenceUsers.
func distinctUsers(users []PresenceUser) []PresenceUser {
	slices.SortFunc(users, func(a, b PresenceUser) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
	out := slices.CompactFunc(users, func(a, b PresenceUser) bool { return a.UserID == b.UserID })
	if out == nil {
		out = []PresenceUser{}
	}
	return out[:min(len(out), maxPresenceUsers)]
}
