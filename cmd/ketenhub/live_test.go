package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// testLiveUpdates follows the Ondermijning workspace over websockets as the
// RIEC-analist and the GGD-medewerker while the RIEC-analist changes its
// restricted case and then one of its actions that everyone may see: both
// changes reach the RIEC at once, only the second reaches the GGD.
func testLiveUpdates(t *testing.T, base string) {
	ggd, riec := signInAs(t, base, "ggd"), signInAs(t, base, "riec-analist")
	ws := riec.workspaceID(t, "Ondermijning")
	ggdLive, riecLive := ggd.follow(t, ws), riec.follow(t, ws)

	actions := riec.actions(t, ws)
	restricted := actions[riecCase]
	var public action
	for _, a := range actions {
		if a.OwnerOrgID == riec.me.Organisation.ID && a.Visibility.Scope == "workspace" {
			public = a
		}
	}
	if restricted.ID == 0 || public.ID == 0 {
		t.Fatalf("the demo lacks a restricted case (%d) or a public RIEC action (%d)", restricted.ID, public.ID)
	}
	riec.patch(t, restricted, `"description": "Nieuwe bevindingen gedeeld met de driehoekpartners."`)
	riec.patch(t, public, `"description": "Planning bijgewerkt."`)

	if got, want := nextActionEvents(t, riecLive, 2), []int64{restricted.ID, public.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the RIEC-analist received updates of actions %v, want %v", got, want)
	}
	if got, want := nextActionEvents(t, ggdLive, 1), []int64{public.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the GGD-medewerker received updates of actions %v, want only %v", got, want)
	}
}

// follow opens the browser's websocket and subscribes to a workspace from now on.
func (b *browser) follow(t *testing.T, workspaceID int64) *websocket.Conn {
	t.Helper()
	dialer := websocket.Dialer{Jar: b.client.Jar, HandshakeTimeout: 10 * time.Second}
	conn, res, err := dialer.Dial("ws"+strings.TrimPrefix(b.base, "http")+"/api/ws", http.Header{"Origin": {b.base}})
	if err != nil {
		t.Fatalf("open websocket: %v (response %v)", err, res)
	}
	t.Cleanup(func() { conn.Close() })
	topic := fmt.Sprintf("workspace:%d", workspaceID)
	if err := conn.WriteJSON(map[string]any{"type": "subscribe", "topic": topic}); err != nil {
		t.Fatal(err)
	}
	for {
		msg := readMessage(t, conn)
		if msg.Type == "position" {
			return conn
		}
		if msg.Type != "subscribed" {
			t.Fatalf("subscribing to %s: got %+v", topic, msg)
		}
	}
}

// patch changes an action through the REST API the way the web app does.
func (b *browser) patch(t *testing.T, a action, fields string) {
	t.Helper()
	body := fmt.Sprintf(`{"version": %d, %s}`, a.Version, fields)
	req, _ := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/api/v1/actions/%d", b.base, a.ID), bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", b.base)
	req.Header.Set("X-CSRF-Token", b.me.CSRFToken)
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Fatalf("PATCH action %d: status %d, want %d", a.ID, got, want)
	}
}

type liveMessage struct {
	Type  string `json:"type"`
	Seq   int64  `json:"seq"`
	Event struct {
		Type      string `json:"type"`
		SubjectID int64  `json:"subject_id"`
	} `json:"event"`
}

func readMessage(t *testing.T, conn *websocket.Conn) liveMessage {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var msg liveMessage
	if err := conn.ReadJSON(&msg); err != nil {
		t.Fatalf("read websocket: %v", err)
	}
	return msg
}

// nextActionEvents reads until n action.updated events have arrived and
// returns the ids of their actions, in order of arrival.
func nextActionEvents(t *testing.T, conn *websocket.Conn, n int) []int64 {
	t.Helper()
	var ids []int64
	for len(ids) < n {
		msg := readMessage(t, conn)
		if msg.Type == "event" && msg.Event.Type == "action.updated" {
			ids = append(ids, msg.Event.SubjectID)
		}
	}
	return ids
}
