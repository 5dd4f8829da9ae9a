package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/store"
)

// room is a live meeting of the world with three items on its agenda: one
// for the whole workspace, one for the gemeente and the OM only, one for
// the gemeente, the politie and the OM, and a decision on the second.
type room struct {
	*world
	m                       *ketenhub.Meeting
	open, gemeenteOM, three int64
}

func newRoom(t *testing.T, kind string) *room {
	t.Helper()
	w := newWorld(t, kind)
	r := &room{world: w, m: w.planMeeting("Driehoek", nil)}
	g, p, om := w.Gemeente.Org.ID, w.Politie.Org.ID, w.OM.Org.ID
	r.open = w.insertItem(r.m, 1, "Jaarplan", ketenhub.ItemAccepted, everyone)
	r.gemeenteOM = w.insertItem(r.m, 2, "Bibob-zaak Zonnebloem", ketenhub.ItemAccepted, restricted(g, om))
	r.three = w.insertItem(r.m, 3, "Coffeeshop Centrum", ketenhub.ItemAccepted, restricted(g, p, om))
	w.insertItem(r.m, 4, "Voorstel van de GGD", ketenhub.ItemProposed, everyone)
	r.m = w.forceMeetingState(r.m, ketenhub.MeetingLive)
	d := &ketenhub.Decision{MeetingID: r.m.ID, AgendaItemID: r.gemeenteOM, Text: "Bibob-toets aanvragen"}
	mustOK(t, w.Svc.Decisions.RecordDecision(w.Gemeente.Ctx, d), "record decision")
	return r
}

// attend marks the user of p present or not, as the chair.
func (r *room) attend(p party, present bool) {
	r.tb.Helper()
	m, err := r.Svc.Meetings.FindMeetingByID(r.Gemeente.Ctx, r.m.ID)
	mustOK(r.tb, err, "find meeting")
	r.m = r.run(r.Gemeente, m, ketenhub.LiveCommand{Attendance: &ketenhub.Attendance{UserID: p.User.ID, Present: present}})
}

// shown returns the titles of the room view's items ("-" for a hidden one)
// and the texts of its decisions, as p sees the room view.
func (r *room) shown(p party) (items []string, decisions []string) {
	r.tb.Helper()
	v, err := r.Svc.Displays.FindRoomView(p.Ctx, r.m.ID)
	mustOK(r.tb, err, "room view")
	return roomTitles(r.tb, v)
}

func roomTitles(tb testing.TB, v *ketenhub.RoomView) (items []string, decisions []string) {
	tb.Helper()
	for i, it := range v.Items {
		if it.Number != i+1 {
			tb.Errorf("item %d is numbered %d", i+1, it.Number)
		}
		if it.Hidden {
			if it.ID != 0 || it.Title != "" {
				tb.Errorf("hidden item %d carries id %d or title %q", it.Number, it.ID, it.Title)
			}
			items = append(items, "-")
			continue
		}
		items = append(items, it.Title)
	}
	for _, d := range v.Decisions {
		decisions = append(decisions, d.Text)
	}
	return items, decisions
}

func TestRoomView(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newRoom(t, kind)
		want := func(p party, items, decisions string) {
			t.Helper()
			gotItems, gotDecisions := r.shown(p)
			if got := strings.Join(gotItems, " | "); got != items {
				t.Errorf("items = %q, want %q", got, items)
			}
			if got := strings.Join(gotDecisions, " | "); got != decisions {
				t.Errorf("decisions = %q, want %q", got, decisions)
			}
		}
		t.Run("nothing restricted before attendance is recorded", func(t *testing.T) {
			want(r.Gemeente, "Jaarplan | - | -", "")
			v, _ := r.Svc.Displays.FindRoomView(r.Gemeente.Ctx, r.m.ID)
			if v.AttendanceRecorded {
				t.Error("attendance_recorded is true with nobody present")
			}
		})
		t.Run("what every organisation present may see", func(t *testing.T) {
			r.attend(r.Gemeente, true)
			r.attend(r.OM, true)
			want(r.Gemeente, "Jaarplan | Bibob-zaak Zonnebloem | Coffeeshop Centrum", "Bibob-toets aanvragen")
		})
		t.Run("police present hides what police may not see", func(t *testing.T) {
			r.attend(r.Politie, true)
			want(r.Gemeente, "Jaarplan | - | Coffeeshop Centrum", "")
		})
		t.Run("police leaving shows it again", func(t *testing.T) {
			r.attend(r.Politie, false)
			want(r.Gemeente, "Jaarplan | Bibob-zaak Zonnebloem | Coffeeshop Centrum", "Bibob-toets aanvragen")
		})
		t.Run("never more than the viewer may see", func(t *testing.T) {
			want(r.Politie, "Jaarplan | - | Coffeeshop Centrum", "")
		})
		t.Run("the current item is marked, hidden or not", func(t *testing.T) {
			r.m = r.run(r.Gemeente, r.m, ketenhub.LiveCommand{Move: ketenhub.MoveTo, ItemID: &r.gemeenteOM})
			r.attend(r.Politie, true)
			v, err := r.Svc.Displays.FindRoomView(r.Gemeente.Ctx, r.m.ID)
			mustOK(t, err, "room view")
			if it := v.Items[1]; !it.Current || !it.Hidden {
				t.Errorf("item 2 = %+v, want current and hidden", it)
			}
			r.attend(r.Politie, false)
		})
		t.Run("an attendee whose organisation left hides everything restricted", func(t *testing.T) {
			mustOK(t, r.Svc.Workspaces.DeleteMembership(r.AdminCtx, r.WS.ID, r.OM.Org.ID), "remove OM")
			want(r.Gemeente, "Jaarplan | - | -", "")
		})
		t.Run("not for outsiders", func(t *testing.T) {
			_, err := r.Svc.Displays.FindRoomView(r.Halt.Ctx, r.m.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = r.Svc.Displays.FindRoomView(r.AdminCtx, r.m.ID)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
	})
}

func TestDisplayPairing(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newRoom(t, kind)
		ctx := t.Context() // a screen has no viewer
		code, err := r.Svc.Displays.RequestDisplayCode(ctx, "Mozilla/5.0 (SMART-TV)")
		mustOK(t, err, "request code")
		if len(code.Code) != ketenhub.DisplayCodeLength || code.Secret == "" || !code.ExpiresAt.Equal(r.Clock.Now().Add(store.DisplayCodeTTL)) {
			t.Fatalf("code = %+v", code)
		}
		t.Run("only digests are stored", func(t *testing.T) {
			if n := countRows(t, r.DB, "displays", "secret_hash = ? OR code_hash = ?", []byte(code.Secret), []byte(code.Code)); n != 0 {
				t.Errorf("%d displays store the secret or code in the clear", n)
			}
		})
		t.Run("waiting", func(t *testing.T) {
			st, err := r.Svc.Displays.DisplayState(ctx, code.Secret)
			mustOK(t, err, "state")
			if st.Status != ketenhub.DisplayWaiting || st.Room != nil || st.CodeExpiresAt == nil {
				t.Errorf("state = %+v, want waiting without a room", st)
			}
			if ws, err := r.Svc.Displays.DisplayWorkspace(ctx, code.Secret); err != nil || ws != 0 {
				t.Errorf("workspace = %d, %v; want 0 while waiting", ws, err)
			}
		})
		t.Run("who may pair", func(t *testing.T) {
			_, err := r.Svc.Displays.PairDisplay(r.Politie.Ctx, r.m.ID, code.Code)
			wantCode(t, err, ketenhub.EFORBIDDEN)
			_, err = r.Svc.Displays.PairDisplay(r.Halt.Ctx, r.m.ID, code.Code)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})
		t.Run("wrong codes", func(t *testing.T) {
			for _, bad := range []string{"", "ABC", "AAAAAA", "OOOOOO", strings.Repeat("A", 40)} {
				_, err := r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, r.m.ID, bad)
				wantField(t, err, "code")
			}
		})
		var d *ketenhub.Display
		t.Run("pairing", func(t *testing.T) {
			before := lastSeq(t, r.DB, r.WS.ID)
			typed := strings.ToLower(code.Code[:3] + "-" + code.Code[3:])
			d, err = r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, r.m.ID, typed)
			mustOK(t, err, "pair")
			if d.MeetingID != r.m.ID || d.PairedByUserID != r.Gemeente.User.ID || d.UserAgent != "Mozilla/5.0 (SMART-TV)" {
				t.Errorf("display = %+v", d)
			}
			wantEvents(t, r.fixture, r.m, before, ketenhub.EventDisplayPaired)
			_, err = r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, r.m.ID, code.Code)
			wantField(t, err, "code") // used up
			ds, err := r.Svc.Displays.FindDisplays(r.Gemeente.Ctx, r.m.ID)
			mustOK(t, err, "list")
			if len(ds) != 1 || ds[0].ID != d.ID {
				t.Errorf("displays = %+v", ds)
			}
			_, err = r.Svc.Displays.FindDisplays(r.Politie.Ctx, r.m.ID)
			wantCode(t, err, ketenhub.EFORBIDDEN)
		})
		t.Run("the display shows the room view", func(t *testing.T) {
			r.attend(r.Politie, true)
			st, err := r.Svc.Displays.DisplayState(ctx, code.Secret)
			mustOK(t, err, "state")
			if st.Status != ketenhub.DisplayPaired || st.Room == nil {
				t.Fatalf("state = %+v, want paired", st)
			}
			items, _ := roomTitles(t, st.Room)
			if got, want := strings.Join(items, " | "), "Jaarplan | - | Coffeeshop Centrum"; got != want {
				t.Errorf("display items = %q, want %q", got, want)
			}
			if ws, err := r.Svc.Displays.DisplayWorkspace(ctx, code.Secret); err != nil || ws != r.WS.ID {
				t.Errorf("workspace = %d, %v; want %d", ws, err, r.WS.ID)
			}
			if n := countRows(t, r.DB, "audit_log", "actor_user_id = 0 AND subject_type = 'agenda_item' AND subject_id = ?", r.three); n == 0 {
				t.Error("the display's read of a restricted item is not audited")
			}
		})
		t.Run("revoking", func(t *testing.T) {
			before := lastSeq(t, r.DB, r.WS.ID)
			mustOK(t, r.Svc.Displays.RevokeDisplay(r.Gemeente.Ctx, r.m.ID, d.ID), "revoke")
			wantEvents(t, r.fixture, r.m, before, ketenhub.EventDisplayRevoked)
			_, err := r.Svc.Displays.DisplayState(ctx, code.Secret)
			wantCode(t, err, ketenhub.ENOTFOUND)
			wantCode(t, r.Svc.Displays.RevokeDisplay(r.Gemeente.Ctx, r.m.ID, d.ID), ketenhub.ENOTFOUND)
		})
		t.Run("a meeting that ends ends its displays", func(t *testing.T) {
			c2, err := r.Svc.Displays.RequestDisplayCode(ctx, "")
			mustOK(t, err, "request code")
			_, err = r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, r.m.ID, c2.Code)
			mustOK(t, err, "pair")
			r.m = r.transition(r.Gemeente, r.m, ketenhub.MeetingFinished)
			st, err := r.Svc.Displays.DisplayState(ctx, c2.Secret)
			mustOK(t, err, "state")
			if st.Status != ketenhub.DisplayEnded || st.Room != nil || st.MeetingTitle != "Driehoek" {
				t.Errorf("state = %+v, want ended without a room", st)
			}
			c3, err := r.Svc.Displays.RequestDisplayCode(ctx, "")
			mustOK(t, err, "request code")
			_, err = r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, r.m.ID, c3.Code)
			wantCode(t, err, ketenhub.ECONFLICT)
		})
		t.Run("codes expire", func(t *testing.T) {
			c4, err := r.Svc.Displays.RequestDisplayCode(ctx, "")
			mustOK(t, err, "request code")
			r.Clock.Add(store.DisplayCodeTTL + time.Second)
			_, err = r.Svc.Displays.DisplayState(ctx, c4.Secret)
			wantCode(t, err, ketenhub.ENOTFOUND)
			other := r.planMeeting("Volgend overleg", nil)
			_, err = r.Svc.Displays.PairDisplay(r.Gemeente.Ctx, other.ID, c4.Code)
			wantField(t, err, "code")
		})
		t.Run("unknown secrets", func(t *testing.T) {
			for _, bad := range []string{"", "kort", strings.Repeat("A", 43)} {
				_, err := r.Svc.Displays.DisplayState(ctx, bad)
				wantCode(t, err, ketenhub.ENOTFOUND)
			}
		})
	})
}
