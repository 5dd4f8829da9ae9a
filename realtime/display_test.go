package realtime_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/realtime"
)

// dialDisplay opens the screens' websocket of n's hub with a display cookie.
func dialDisplay(tb testing.TB, url, origin, secret string) (*client, *http.Response, error) {
	tb.Helper()
	h := http.Header{"Origin": {origin}, "Cookie": {auth.DisplayCookie + "=" + secret}}
	ws, resp, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		return nil, resp, err
	}
	tb.Cleanup(func() { ws.Close() })
	return &client{tb: tb, ws: ws}, resp, nil
}

func TestDisplaySocket(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		n, _ := newNode(t, e, e.db, func(c *realtime.Config) { c.Displays = e.svc.Displays })
		srv := httptest.NewServer(http.HandlerFunc(n.hub.ServeDisplay))
		t.Cleanup(srv.Close)
		url := "ws" + strings.TrimPrefix(srv.URL, "http")

		m := &ketenhub.Meeting{WorkspaceID: e.WS.ID, Kind: ketenhub.MeetingDriehoek, Title: "Driehoek", StartsAt: time.Now().Add(time.Hour), State: ketenhub.MeetingAgendaOpen}
		if err := e.svc.Meetings.CreateMeeting(e.A.Ctx, m); err != nil {
			t.Fatal(err)
		}
		code, err := e.svc.Displays.RequestDisplayCode(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		t.Run("refused", func(t *testing.T) {
			if _, resp, err := dialDisplay(t, url, origin, "onbekend"); err == nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("unknown secret: %v, %v; want 404", err, resp)
			}
			if _, resp, err := dialDisplay(t, url, "https://evil.example", code.Secret); err == nil || resp.StatusCode != http.StatusForbidden {
				t.Errorf("other origin: %v, %v; want 403", err, resp)
			}
		})
		c, _, err := dialDisplay(t, url, origin, code.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.next(); got.Type != "changed" {
			t.Fatalf("first message = %+v, want changed", got)
		}
		t.Run("a waiting screen hears that it was paired", func(t *testing.T) {
			if _, err := e.svc.Displays.PairDisplay(e.A.Ctx, m.ID, code.Code); err != nil {
				t.Fatal(err)
			}
			if got := c.next(); got.Type != "changed" {
				t.Fatalf("after pairing: %+v, want changed", got)
			}
		})
		t.Run("a change of its meeting's workspace is signalled, without content", func(t *testing.T) {
			if _, err := e.svc.Meetings.UpdateMeeting(e.A.Ctx, m.ID, ketenhub.MeetingUpdate{Title: ptr("Driehoek (verzet)"), Version: m.Version}); err != nil {
				t.Fatal(err)
			}
			_, raw, err := c.ws.ReadMessage()
			if err != nil || string(raw) != `{"type":"changed"}` {
				t.Fatalf("after a change: %s, %v", raw, err)
			}
		})
		t.Run("revoking ends the socket", func(t *testing.T) {
			ds, err := e.svc.Displays.FindDisplays(e.A.Ctx, m.ID)
			if err != nil || len(ds) != 1 {
				t.Fatalf("displays: %v, %v", ds, err)
			}
			if err := e.svc.Displays.RevokeDisplay(e.A.Ctx, m.ID, ds[0].ID); err != nil {
				t.Fatal(err)
			}
			if got := c.closeCode(5 * time.Second); got != realtime.CloseDisplayUnpaired {
				t.Errorf("close code = %d, want %d", got, realtime.CloseDisplayUnpaired)
			}
		})
	})
}

func ptr[T any](v T) *T { return &v }
