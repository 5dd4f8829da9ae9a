package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
)

// screen is a browser showing /display: no session, only its display cookie.
type screen struct {
	*client
	cookie string
	code   string
}

// newScreen asks for a pairing code as a fresh screen would.
func newScreen(t *testing.T, s *stack) *screen {
	t.Helper()
	sc := &screen{client: s.anonymous()}
	resp := sc.do("POST", "/api/v1/display/code", nil, "Origin: "+allowedOrigin)
	var code struct {
		Code      string
		ExpiresAt time.Time `json:"expires_at"`
	}
	resp.must(t, http.StatusCreated, &code)
	for _, c := range (&http.Response{Header: resp.header}).Cookies() {
		if c.Name == auth.DisplayCookie {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/api/" {
				t.Errorf("display cookie = %+v, want HttpOnly, SameSite=Strict, Path=/api/", c)
			}
			sc.cookie = c.Value
		}
	}
	if sc.cookie == "" || len(code.Code) != ketenhub.DisplayCodeLength || time.Until(code.ExpiresAt) < 9*time.Minute {
		t.Fatalf("code answer %s, cookie %q", resp.body, sc.cookie)
	}
	sc.code = code.Code
	return sc
}

// state is GET /api/v1/display as the screen.
func (sc *screen) state() *response {
	return sc.do("GET", "/api/v1/display", nil, "Cookie: "+auth.DisplayCookie+"="+sc.cookie)
}

// roomMeeting is a live driehoek meeting with the OM's confidential item
// (for the gemeente and the OM) and an open one on its agenda.
func roomMeeting(t *testing.T, s *stack) *driehoek {
	t.Helper()
	d := newDriehoek(t, s)
	d.transition(t, d.gemeente, ketenhub.MeetingAgendaOpen)
	for _, in := range []struct {
		by  *client
		req map[string]any
	}{
		{d.gemeente, map[string]any{"title": "Jaarplan veiligheid"}},
		{d.om, map[string]any{"title": secretTitle, "visibility": restrictedTo(d.orgs["om"])}},
	} {
		var it ketenhub.AgendaItem
		in.by.do("POST", d.meetingPath("/agenda"), in.req).must(t, http.StatusCreated, &it)
		if it.State != ketenhub.ItemAccepted {
			d.gemeente.do("PATCH", fmt.Sprintf("/api/v1/agenda-items/%d", it.ID), map[string]any{"state": ketenhub.ItemAccepted, "version": it.Version}).must(t, http.StatusOK, nil)
		}
	}
	d.transition(t, d.gemeente, ketenhub.MeetingAgendaFixed)
	d.transition(t, d.gemeente, ketenhub.MeetingLive)
	return d
}

func TestDisplay(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		d := roomMeeting(t, s)
		sc := newScreen(t, s)
		t.Run("a screen waits for its code to be entered", func(t *testing.T) {
			var st ketenhub.DisplayState
			sc.state().must(t, http.StatusOK, &st)
			if st.Status != ketenhub.DisplayWaiting || st.Room != nil {
				t.Errorf("state = %+v, want waiting", st)
			}
			s.anonymous().do("GET", "/api/v1/display", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("only a chair pairs, with the right code", func(t *testing.T) {
			d.politie.do("POST", d.meetingPath("/displays"), map[string]any{"code": sc.code}).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			d.riec.do("POST", d.meetingPath("/displays"), map[string]any{"code": sc.code}).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			p := d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": "AAAAAA"}).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "code")
			if !strings.Contains(p.DetailNL, "onbekend of verlopen") || !strings.Contains(p.DetailEN, "unknown or has expired") {
				t.Errorf("wrong code problem = %+v", p)
			}
			d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": strings.ToLower(sc.code)}).must(t, http.StatusCreated, nil)
		})
		t.Run("the screen shows only what everyone present may see", func(t *testing.T) {
			d.live(t, d.gemeente, map[string]any{"attendance": map[string]any{"user_id": d.gemeente.user.ID, "present": true}})
			d.live(t, d.gemeente, map[string]any{"attendance": map[string]any{"user_id": d.om.user.ID, "present": true}})
			if body := sc.state(); !bytes.Contains(body.body, []byte(secretTitle)) {
				t.Errorf("gemeente and OM present: the confidential item is not shown: %s", body)
			}
			d.live(t, d.gemeente, map[string]any{"attendance": map[string]any{"user_id": d.politie.user.ID, "present": true}})
			var st ketenhub.DisplayState
			resp := sc.state()
			resp.must(t, http.StatusOK, &st)
			if bytes.Contains(resp.body, []byte(secretTitle)) || st.Room == nil || len(st.Room.Items) != 2 || !st.Room.Items[1].Hidden {
				t.Errorf("police present: display shows %s", resp.body)
			}
			var room ketenhub.RoomView
			d.gemeente.do("GET", d.meetingPath("/room"), nil).must(t, http.StatusOK, &room)
			if len(room.Items) != 2 || !room.Items[1].Hidden || room.Items[0].Title != "Jaarplan veiligheid" {
				t.Errorf("chair's room view = %+v", room.Items)
			}
		})
		t.Run("the chair lists and revokes", func(t *testing.T) {
			var list struct{ Items []*ketenhub.Display }
			d.gemeente.do("GET", d.meetingPath("/displays"), nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 1 {
				t.Fatalf("displays = %+v", list.Items)
			}
			d.politie.do("GET", d.meetingPath("/displays"), nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			d.gemeente.do("DELETE", d.meetingPath("/displays/%d", list.Items[0].ID), nil).must(t, http.StatusNoContent, nil)
			sc.state().problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			d.gemeente.do("DELETE", d.meetingPath("/displays/%d", list.Items[0].ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("a display of a finished meeting says so", func(t *testing.T) {
			sc2 := newScreen(t, s)
			d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": sc2.code}).must(t, http.StatusCreated, nil)
			d.transition(t, d.gemeente, ketenhub.MeetingFinished)
			var st ketenhub.DisplayState
			sc2.state().must(t, http.StatusOK, &st)
			if st.Status != ketenhub.DisplayEnded || st.Room != nil {
				t.Errorf("state = %+v, want ended", st)
			}
		})
		t.Run("another origin gets no code", func(t *testing.T) {
			s.anonymous().do("POST", "/api/v1/display/code", nil, "Origin: https://evil.example").problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
	})
}

func TestDisplayRateLimits(t *testing.T) {
	s := newStack(t, "sqlite", server.Config{DisplayLimit: server.RateLimit{Events: 2, Per: time.Minute}})
	d := roomMeeting(t, s)
	newScreen(t, s)
	newScreen(t, s)
	resp := s.anonymous().do("POST", "/api/v1/display/code", nil)
	resp.problem(t, http.StatusTooManyRequests, ketenhub.ERATELIMIT, "")
	if resp.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Malformed codes guess nothing and do not count; well-formed wrong ones do.
	for range 3 {
		d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": "kort"}).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "code")
	}
	for range 2 {
		d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": "AAAAAA"}).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "code")
	}
	d.gemeente.do("POST", d.meetingPath("/displays"), map[string]any{"code": "AAAAAA"}).problem(t, http.StatusTooManyRequests, ketenhub.ERATELIMIT, "")
}
