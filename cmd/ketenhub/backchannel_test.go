package main

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub/demo"
)

// testBackChannelLogout signs the wijkagent in, opens her websocket, and has
// the development provider send a back-channel logout for her: the hub
// closes the websocket with 4001 within seconds and her next API call is 401.
func testBackChannelLogout(t *testing.T, base string) {
	agent := signInAs(t, base, "wijkagent")
	dialer := websocket.Dialer{Jar: agent.client.Jar, HandshakeTimeout: 10 * time.Second}
	conn, res, err := dialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/ws", http.Header{"Origin": {base}})
	if err != nil {
		t.Fatalf("open websocket: %v (response %v)", err, res)
	}
	t.Cleanup(func() { conn.Close() })
	// A pong shows the hub has the connection.
	if err := conn.WriteJSON(map[string]any{"type": "ping", "id": "p"}); err != nil {
		t.Fatal(err)
	}
	for readMessage(t, conn).Type != "pong" {
	}

	p, _ := demo.PersonaByKey("wijkagent")
	start := time.Now()
	res, err = http.PostForm(base+"/dev-idp/backchannel-logout", url.Values{"subject": {p.Subject}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the development provider's back-channel logout: status %d", res.StatusCode)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4001 {
			t.Fatalf("websocket ended with %v, want close code 4001", err)
		}
		break
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("websocket closed %v after the logout, want within seconds", elapsed)
	}
	if got, want := agent.getJSON(t, "/api/v1/me", &agent.me), http.StatusUnauthorized; got != want {
		t.Errorf("GET /api/v1/me after the back-channel logout: status %d, want %d", got, want)
	}
}
