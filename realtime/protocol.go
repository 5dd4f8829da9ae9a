package realtime

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
)

// Message types, client to server.
const (
	msgSubscribe   = "subscribe"
	msgUnsubscribe = "unsubscribe"
	msgPing        = "ping"
)

// Message types, server to client.
const (
	msgSubscribed   = "subscribed"
	msgUnsubscribed = "unsubscribed"
	msgEvent        = "event"
	msgRemoved      = "removed"
	msgPosition     = "position"
	msgResync       = "resync"
	msgError        = "error"
	msgPong         = "pong"
)

// closeCodeOf is the websocket close code of an error code whose status
// (ketenhub.StatusOf) is a 4xx: 4000 plus the status's last two digits, so
// that 4001 means what 401 means.
func closeCodeOf(code string) int { return 4000 + ketenhub.StatusOf(code) - 400 }

// Close codes beyond the standard ones (documented in docs/realtime.md),
// each the close code of an error code. They are never changed.
var (
	CloseSessionEnded = closeCodeOf(ketenhub.EUNAUTHORIZED) // 4001: the session is no longer valid: sign in again
	CloseSlowConsumer = closeCodeOf(ketenhub.ETIMEOUT)      // 4008: the send queue was full (the client did not read in time): reconnect and resume
	CloseRateLimited  = closeCodeOf(ketenhub.ERATELIMIT)    // 4029: too many messages from the client
)

// Error codes of "error" messages: the domain's codes, and limit, which only
// this protocol has.
const (
	errInvalid   = ketenhub.EINVALID     // malformed message or unknown type or topic
	errNotFound  = ketenhub.ENOTFOUND    // no such workspace, or not a member
	errLimit     = "limit"               // too many subscriptions
	errUnavail   = ketenhub.EUNAVAILABLE // retry later
	maxIDLength  = 64
	topicPrefixW = "workspace:"
	topicPrefixM = "meeting:"
)

// clientMessage is any message a client sends.
type clientMessage struct {
	Type  string `json:"type"`
	ID    string `json:"id,omitempty"`
	Topic string `json:"topic,omitempty"`
	Since *int64 `json:"since,omitempty"`
}

// badMessage is a client message refused, with what to tell the client in
// English and in Dutch (never Go's own error text, which is English only).
type badMessage struct{ en, nl string }

func (e *badMessage) Error() string { return e.en }

func refuseMessage(en, nl string) error { return &badMessage{en: en, nl: nl} }

// parseClientMessage decodes and checks one client message. Its errors are
// *badMessage.
func parseClientMessage(data []byte) (clientMessage, error) {
	var m clientMessage
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, refuseMessage("Invalid message: not a JSON object with type, id, topic and since.",
			"Ongeldig bericht: geen JSON-object met type, id, topic en since.")
	}
	// More() misses a stray ']' or '}'; only the end of input is no trailing data.
	if _, err := dec.Token(); err != io.EOF {
		return m, refuseMessage("Invalid message: data after the message.", "Ongeldig bericht: gegevens na het bericht.")
	}
	if len(m.ID) > maxIDLength {
		return m, refuseMessage(fmt.Sprintf("Invalid message: id is longer than %d bytes.", maxIDLength),
			fmt.Sprintf("Ongeldig bericht: id is langer dan %d bytes.", maxIDLength))
	}
	switch m.Type {
	case msgPing:
		return m, nil
	case msgSubscribe, msgUnsubscribe:
		if _, err := parseTopic(m.Topic); err != nil {
			return m, err
		}
		if m.Since != nil && *m.Since < 0 {
			return m, refuseMessage("Invalid message: since must not be negative.", "Ongeldig bericht: since mag niet negatief zijn.")
		}
		return m, nil
	}
	return m, refuseMessage("Invalid message: unknown type (ping, subscribe or unsubscribe).",
		"Ongeldig bericht: onbekend type (ping, subscribe of unsubscribe).")
}

// topicRef is what a topic names: a workspace, or one meeting of a
// workspace (whose events and presence a meeting board follows).
type topicRef struct {
	meeting bool
	id      int64
}

var errUnknownTopic = refuseMessage("Invalid message: the topic is not workspace:<id> or meeting:<id>.",
	"Ongeldig bericht: het onderwerp is niet workspace:<id> of meeting:<id>.")

// parseTopic reads a topic "workspace:<id>" or "meeting:<id>".
func parseTopic(topic string) (topicRef, error) {
	ref := topicRef{}
	rest, ok := strings.CutPrefix(topic, topicPrefixW)
	if !ok {
		rest, ok = strings.CutPrefix(topic, topicPrefixM)
		ref.meeting = true
	}
	if !ok {
		return ref, errUnknownTopic
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != rest {
		return ref, errUnknownTopic
	}
	ref.id = id
	return ref, nil
}

func (r topicRef) String() string {
	if r.meeting {
		return meetingTopic(r.id)
	}
	return workspaceTopic(r.id)
}

func workspaceTopic(id int64) string { return topicPrefixW + strconv.FormatInt(id, 10) }

func meetingTopic(id int64) string { return topicPrefixM + strconv.FormatInt(id, 10) }

// Server messages.
type (
	eventMessage struct {
		Type  string          `json:"type"`
		Topic string          `json:"topic"`
		Seq   int64           `json:"seq"`
		Event *ketenhub.Event `json:"event"`
	}
	removedMessage struct {
		Type      string               `json:"type"`
		Topic     string               `json:"topic"`
		Seq       int64                `json:"seq"`
		Subject   ketenhub.SubjectType `json:"subject"`
		SubjectID int64                `json:"subject_id"`
	}
	topicMessage struct {
		Type   string `json:"type"`
		ID     string `json:"id,omitempty"`
		Topic  string `json:"topic"`
		Seq    *int64 `json:"seq,omitempty"`
		Reason string `json:"reason,omitempty"`
	}
	errorMessage struct {
		Type      string `json:"type"`
		ID        string `json:"id,omitempty"`
		Topic     string `json:"topic,omitempty"`
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageNL string `json:"message_nl"`
	}
	pongMessage struct {
		Type string `json:"type"`
		ID   string `json:"id,omitempty"`
	}
)

// prepare encodes v once for any number of connections.
func prepare(v any) *websocket.PreparedMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("realtime: encode %T: %v", v, err)) // our own types always encode
	}
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data)
	if err != nil {
		panic(fmt.Sprintf("realtime: prepare message: %v", err)) // only fails on compression errors
	}
	return pm
}

// event is one event of the log on its way to the connections that may see
// it. It is encoded at most once per topic and visibility class: the full
// event for those who may see it, the "removed" notice for those who just
// lost sight of it; once for the workspace's topic and, when it is about a
// meeting, once for that meeting's topic.
type event struct {
	*ketenhub.Event
	workspace, meeting encodings
}

// encodings are an event's messages for one topic, made when first needed.
type encodings struct {
	topic                 string
	fullOnce, removedOnce sync.Once
	full, removed         *websocket.PreparedMessage
}

func newEvent(ev *ketenhub.Event) *event {
	e := &event{Event: ev}
	e.workspace.topic = workspaceTopic(ev.WorkspaceID)
	if ev.MeetingID != nil {
		e.meeting.topic = meetingTopic(*ev.MeetingID)
	}
	return e
}

// about reports whether the event belongs to meeting's topic.
func (e *event) about(meeting int64) bool { return e.MeetingID != nil && *e.MeetingID == meeting }

func (e *event) fullMessage(enc *encodings) *websocket.PreparedMessage {
	enc.fullOnce.Do(func() { enc.full = prepare(eventMessage{Type: msgEvent, Topic: enc.topic, Seq: e.Seq, Event: e.Event}) })
	return enc.full
}

func (e *event) removedMessage(enc *encodings) *websocket.PreparedMessage {
	enc.removedOnce.Do(func() {
		enc.removed = prepare(removedMessage{Type: msgRemoved, Topic: enc.topic, Seq: e.Seq, Subject: e.Subject, SubjectID: e.SubjectID})
	})
	return enc.removed
}

// messageFor returns what a viewer with sight, subscribed to the workspace
// (meeting 0) or to one of its meetings, gets of e: the event, the "removed"
// notice (it could see the subject before and cannot now), or nil.
func (e *event) messageFor(sight ketenhub.Sight, meeting int64) *websocket.PreparedMessage {
	enc := &e.workspace
	if meeting != 0 {
		if !e.about(meeting) {
			return nil
		}
		enc = &e.meeting
	}
	if sight.AdmitsEvent(e.Event) {
		return e.fullMessage(enc)
	}
	// Removed tells of the change that took the subject out of sight; an
	// earlier event withdrawn by it is just not sent.
	if e.PreviousVisibility != nil && e.Seq >= sight.History.FromSeq && !sight.Admits(e.Visibility) && sight.Admits(*e.PreviousVisibility) {
		return e.removedMessage(enc)
	}
	return nil
}

func errorMsg(id, topic, code, en, nl string) *websocket.PreparedMessage {
	return prepare(errorMessage{Type: msgError, ID: id, Topic: topic, Code: code, Message: en, MessageNL: nl})
}

func positionMsg(topic string, seq int64) *websocket.PreparedMessage {
	return prepare(topicMessage{Type: msgPosition, Topic: topic, Seq: &seq})
}
