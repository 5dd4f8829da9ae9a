package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/server"
)

// TestEveryRouteWorks walks the API as its users would: every route answers
// its success status with the documented shape.
func TestEveryRouteWorks(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		t.Run("me", func(t *testing.T) {
			var me struct {
				User         ketenhub.User         `json:"user"`
				Organisation ketenhub.Organisation `json:"organisation"`
				CSRFToken    string                `json:"csrf_token"`
				Memberships  []struct {
					WorkspaceID int64         `json:"workspace_id"`
					Role        ketenhub.Role `json:"role"`
				} `json:"memberships"`
				Session struct {
					IdleExpiresAt      time.Time `json:"idle_expires_at"`
					ExpiresAt          time.Time `json:"expires_at"`
					IdleTimeoutSeconds int64     `json:"idle_timeout_seconds"`
				} `json:"session"`
			}
			r := w.politie.do("GET", "/api/v1/me", nil)
			r.must(t, http.StatusOK, &me)
			// The stack's sessions idle out after an hour and end after twelve.
			if got, want := me.Session.IdleTimeoutSeconds, int64(3600); got != want {
				t.Errorf("idle_timeout_seconds = %d, want %d", got, want)
			}
			if idle := time.Until(me.Session.IdleExpiresAt); idle < 58*time.Minute || idle > time.Hour {
				t.Errorf("idle_expires_at is %v from now, want about an hour", idle)
			}
			if left := time.Until(me.Session.ExpiresAt); left < 11*time.Hour || left > 12*time.Hour {
				t.Errorf("expires_at is %v from now, want about 12 h", left)
			}
			if got, want := r.header.Get(server.SessionIdleExpiresHeader), me.Session.IdleExpiresAt.Format(time.RFC3339); got != want {
				t.Errorf("%s = %q, want %q", server.SessionIdleExpiresHeader, got, want)
			}
			if got := w.politie.do("GET", "/api/v1/organisations", nil).header.Get(server.SessionIdleExpiresHeader); got == "" {
				t.Errorf("no %s on another signed-in answer", server.SessionIdleExpiresHeader)
			}
			if got := s.anonymous().do("GET", "/api/v1/organisations", nil).header.Get(server.SessionIdleExpiresHeader); got != "" {
				t.Errorf("%s = %q without a session", server.SessionIdleExpiresHeader, got)
			}
			if me.User.ID != w.politie.user.ID || me.Organisation.ID != w.orgs["politie"].ID || me.CSRFToken != w.politie.csrf {
				t.Fatalf("me = %+v", me)
			}
			if len(me.Memberships) != 1 || me.Memberships[0].WorkspaceID != w.workspace.ID || me.Memberships[0].Role != ketenhub.RolePartner {
				t.Fatalf("memberships = %+v", me.Memberships)
			}
		})
		t.Run("organisations", func(t *testing.T) {
			var list struct{ Items []ketenhub.Organisation }
			w.politie.do("GET", "/api/v1/organisations", nil).must(t, http.StatusOK, &list)
			if got, want := len(list.Items), 6; got != want {
				t.Fatalf("organisations = %d, want %d", got, want)
			}
			org := w.orgs["riec"]
			r := w.politie.do("GET", fmt.Sprintf("/api/v1/organisations/%d", org.ID), nil)
			r.must(t, http.StatusOK, nil)
			var changed ketenhub.Organisation
			w.beheerder.do("PATCH", fmt.Sprintf("/api/v1/organisations/%d", org.ID), map[string]any{"name": "RIEC Den Haag"}, "If-Match: "+r.header.Get("ETag")).
				must(t, http.StatusOK, &changed)
			if changed.Name != "RIEC Den Haag" || changed.Version <= org.Version {
				t.Fatalf("changed = %+v", changed)
			}
			w.politie.do("PATCH", fmt.Sprintf("/api/v1/organisations/%d", org.ID), map[string]any{"name": "Niet ik", "version": changed.Version}).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.beheerder.do("PATCH", fmt.Sprintf("/api/v1/organisations/%d", org.ID), map[string]any{"name": "Verouderd"}, etag(org.Version)).
				problem(t, http.StatusConflict, ketenhub.ECONFLICT, "")
		})
		t.Run("users", func(t *testing.T) {
			// The police admit their teamchef and a shielded officer to the
			// workspace, not a third colleague.
			hidden := s.signIn("rik-verborgen", w.orgs["politie"].ID, ketenhub.PlatformRoleNone)
			outside := s.signIn("nina-buiten", w.orgs["politie"].ID, ketenhub.PlatformRoleNone)
			for _, q := range []string{
				fmt.Sprintf("UPDATE users SET shielded_by_claim = TRUE, function = 'Rechercheur' WHERE id = %d", hidden.user.ID),
				fmt.Sprintf("INSERT INTO admitted_users (workspace_id, organisation_id, user_id) VALUES (%d, %d, %d), (%[1]d, %[2]d, %[4]d)",
					w.workspace.ID, w.orgs["politie"].ID, w.politie.user.ID, hidden.user.ID),
			} {
				if err := s.db.Gorm().Exec(q).Error; err != nil {
					t.Fatalf("set up: %v", err)
				}
			}
			var list struct{ Items []ketenhub.User }
			r := w.gemeente.do("GET", fmt.Sprintf("/api/v1/users?organisation_id=%d", w.orgs["politie"].ID), nil)
			r.must(t, http.StatusOK, &list)
			if len(list.Items) != 2 || list.Items[0].ID != hidden.user.ID || list.Items[1].ID != w.politie.user.ID {
				t.Fatalf("the police people the gemeente knows = %+v, want the shielded officer and the teamchef", list.Items)
			}
			if got := list.Items[0]; got.Name != "" || got.Email != "" || !got.Shielded || got.Function != "Rechercheur" {
				t.Errorf("the shielded officer = %+v, want function and organisation only", got)
			}
			for _, secret := range []string{"rik-verborgen", "nina-buiten"} {
				if bytes.Contains(r.body, []byte(secret)) {
					t.Errorf("the gemeente's directory holds %q: %s", secret, r.body)
				}
			}
			// A colleague sees every colleague by name, with e-mail addresses.
			r = outside.do("GET", fmt.Sprintf("/api/v1/users?organisation_id=%d", w.orgs["politie"].ID), nil)
			r.must(t, http.StatusOK, &list)
			if len(list.Items) != 3 || !bytes.Contains(r.body, []byte(`"rik-verborgen@example.nl"`)) {
				t.Errorf("a colleague's directory = %s, want all three police people with their addresses", r.body)
			}
			// Not admitted, the colleague knows no one of other organisations.
			outside.do("GET", "/api/v1/users", nil).must(t, http.StatusOK, &list)
			for _, u := range list.Items {
				if u.OrganisationID != w.orgs["politie"].ID {
					t.Errorf("a person not admitted sees %+v of another organisation", u)
				}
			}
			// The directory shows only people who share a workspace with the
			// viewer, and other organisations' e-mail addresses not at all; a
			// beheerder, who manages sessions, sees everyone.
			w.gemeente.do("GET", "/api/v1/users", nil).must(t, http.StatusOK, &list)
			var orgs []int64
			for _, u := range list.Items {
				orgs = append(orgs, u.OrganisationID)
				if (u.Email != "") != (u.OrganisationID == w.orgs["gemeente"].ID) {
					t.Errorf("user %q of organisation %d: e-mail %q", u.Name, u.OrganisationID, u.Email)
				}
			}
			slices.Sort(orgs)
			want := []int64{w.orgs["gemeente"].ID, w.orgs["politie"].ID, w.orgs["politie"].ID, w.orgs["om"].ID, w.orgs["ggd"].ID}
			slices.Sort(want)
			if !slices.Equal(orgs, want) {
				t.Fatalf("the gemeente's directory holds users of %v, want those of %v (its workspace's admitted people)", orgs, want)
			}
			w.gemeente.do("GET", fmt.Sprintf("/api/v1/users?organisation_id=%d", w.orgs["riec"].ID), nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 0 {
				t.Errorf("the gemeente sees users of the RIEC, which shares no workspace with it: %+v", list.Items)
			}
			r = w.beheerder.do("GET", "/api/v1/users", nil)
			r.must(t, http.StatusOK, &list)
			if got, want := len(list.Items), 8; got != want {
				t.Fatalf("the beheerder's directory = %d users, want all %d", got, want)
			}
			if bytes.Contains(r.body, []byte("rik-verborgen")) {
				t.Errorf("the beheerder's directory names the shielded officer of another organisation: %s", r.body)
			}
		})
		t.Run("sessions", func(t *testing.T) {
			type session struct {
				ID         int64  `json:"id"`
				UserAgent  string `json:"user_agent"`
				Issuer     string `json:"issuer"`
				CreatedAt  string `json:"created_at"`
				LastSeenAt string `json:"last_seen_at"`
				ExpiresAt  string `json:"expires_at"`
			}
			var list struct{ Items []session }
			own := fmt.Sprintf("/api/v1/users/%d/sessions", w.riec.user.ID)
			r := w.riec.do("GET", own, nil)
			r.must(t, http.StatusOK, &list)
			if len(list.Items) != 1 || list.Items[0].UserAgent != "server_test" || list.Items[0].Issuer != "https://idp.test" ||
				list.Items[0].CreatedAt == "" || list.Items[0].LastSeenAt == "" || list.Items[0].ExpiresAt == "" {
				t.Fatalf("own sessions = %s", r.body)
			}
			for _, secret := range []string{"token", "csrf", "id_token", w.riec.csrf} {
				if strings.Contains(strings.ToLower(string(r.body)), strings.ToLower(secret)) {
					t.Errorf("the session list shows %q: %s", secret, r.body)
				}
			}
			t.Run("a beheerder lists and ends them", func(t *testing.T) {
				other := s.signIn("riec-analist", w.orgs["riec"].ID, ketenhub.PlatformRoleNone) // a second browser
				w.beheerder.do("GET", own, nil).must(t, http.StatusOK, &list)
				if got, want := len(list.Items), 2; got != want {
					t.Fatalf("%d sessions, want %d", got, want)
				}
				var newest int64
				for _, sess := range list.Items {
					newest = max(newest, sess.ID)
				}
				w.beheerder.do("DELETE", fmt.Sprintf("%s/%d", own, newest), nil).must(t, http.StatusNoContent, nil)
				other.do("GET", "/api/v1/me", nil).problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
				w.riec.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, nil)
				w.beheerder.do("DELETE", fmt.Sprintf("%s/%d", own, newest), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			})
			t.Run("others may not", func(t *testing.T) {
				w.gemeente.do("GET", own, nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
				w.gemeente.do("DELETE", fmt.Sprintf("%s/%d", own, list.Items[0].ID), nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
				w.gemeente.do("GET", "/api/v1/users/999999/sessions", nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
				w.riec.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, nil)
			})
			t.Run("unknown user", func(t *testing.T) {
				w.beheerder.do("GET", "/api/v1/users/999999/sessions", nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			})
			t.Run("a session of another user", func(t *testing.T) {
				var mine struct{ Items []session }
				w.gemeente.do("GET", fmt.Sprintf("/api/v1/users/%d/sessions", w.gemeente.user.ID), nil).must(t, http.StatusOK, &mine)
				w.riec.do("DELETE", fmt.Sprintf("%s/%d", own, mine.Items[0].ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
				w.gemeente.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, nil)
			})
			t.Run("one's own", func(t *testing.T) {
				leaving := s.signIn("vertrekker", w.orgs["riec"].ID, ketenhub.PlatformRoleNone)
				var mine struct{ Items []session }
				path := fmt.Sprintf("/api/v1/users/%d/sessions", leaving.user.ID)
				leaving.do("GET", path, nil).must(t, http.StatusOK, &mine)
				leaving.do("DELETE", fmt.Sprintf("%s/%d", path, mine.Items[0].ID), nil).must(t, http.StatusNoContent, nil)
				leaving.do("GET", "/api/v1/me", nil).problem(t, http.StatusUnauthorized, ketenhub.EUNAUTHORIZED, "")
			})
		})
		t.Run("workspaces", func(t *testing.T) {
			var list struct{ Items []ketenhub.Workspace }
			w.politie.do("GET", "/api/v1/workspaces", nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 1 || list.Items[0].MyRole != ketenhub.RolePartner {
				t.Fatalf("workspaces = %+v", list.Items)
			}
			w.riec.do("GET", "/api/v1/workspaces", nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 0 {
				t.Fatalf("a non-member sees %+v", list.Items)
			}
			var ws ketenhub.Workspace
			r := w.gemeente.do("GET", w.wsPath(""), nil)
			r.must(t, http.StatusOK, &ws)
			w.gemeente.do("PATCH", w.wsPath(""), map[string]any{"description": "Programma ondermijning"}, "If-Match: "+r.header.Get("ETag")).
				must(t, http.StatusOK, &ws)
			if ws.Description != "Programma ondermijning" {
				t.Fatalf("workspace = %+v", ws)
			}
		})
		t.Run("members", func(t *testing.T) {
			var list struct{ Items []ketenhub.Membership }
			w.ggd.do("GET", w.wsPath("/members"), nil).must(t, http.StatusOK, &list)
			if got, want := len(list.Items), 4; got != want {
				t.Fatalf("members = %d, want %d", got, want)
			}
			w.gemeente.do("PUT", w.wsPath("/members/%d", w.orgs["riec"].ID), map[string]any{"role": "meelezer"}).must(t, http.StatusOK, nil)
			w.riec.do("GET", w.wsPath(""), nil).must(t, http.StatusOK, nil)
			w.gemeente.do("DELETE", w.wsPath("/members/%d", w.orgs["riec"].ID), nil).must(t, http.StatusNoContent, nil)
			w.riec.do("GET", w.wsPath(""), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("goals", func(t *testing.T) {
			var g ketenhub.Goal
			r := w.gemeente.do("POST", w.wsPath("/goals"), map[string]any{"title": "Integrale controles", "target": 6, "unit": "controles"})
			r.must(t, http.StatusCreated, &g)
			if got, want := r.header.Get("Location"), fmt.Sprintf("/api/v1/goals/%d", g.ID); got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
			w.createAction(t, w.gemeente, map[string]any{"title": "Controle 1", "goal_id": g.ID, "count_target": 1, "count_done": 1, "status": "gereed"})
			w.politie.do("GET", fmt.Sprintf("/api/v1/goals/%d", g.ID), nil).must(t, http.StatusOK, &g)
			if g.Progress == nil || g.Progress.Actions != 1 || g.Progress.Done != 1 {
				t.Fatalf("progress = %+v", g.Progress)
			}
			var list struct{ Items []ketenhub.Goal }
			w.politie.do("GET", w.wsPath("/goals"), nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 1 {
				t.Fatalf("goals = %+v", list.Items)
			}
			w.gemeente.do("PATCH", fmt.Sprintf("/api/v1/goals/%d", g.ID), map[string]any{"target": 8, "version": g.Version}).must(t, http.StatusOK, &g)
			if g.Target == nil || *g.Target != 8 {
				t.Fatalf("goal = %+v", g)
			}
		})
		t.Run("actions", func(t *testing.T) {
			a := w.createAction(t, w.politie, map[string]any{"title": "Verouderd", "due_date": "2020-01-01"})
			ids, total := w.listActions(t, w.ggd, "?overdue=true&status=open,lopend&owner="+fmt.Sprint(w.orgs["politie"].ID)+"&due_before=2021-01-01&sort=due_date&order=desc")
			if !ids[a.ID] || total != 1 {
				t.Fatalf("filtered list = %v (total %d), want only %d", ids, total, a.ID)
			}
			ids, _ = w.listActions(t, w.ggd, "?due_after=2021-01-01")
			if ids[a.ID] {
				t.Fatalf("due_after filter kept %d", a.ID)
			}
			var sum ketenhub.ActionSummary
			w.ggd.do("GET", w.wsPath("/actions/summary"), nil).must(t, http.StatusOK, &sum)
			if sum.Overdue < 1 {
				t.Fatalf("summary = %+v", sum)
			}
			r := w.ggd.do("GET", fmt.Sprintf("/api/v1/actions/%d", a.ID), nil)
			r.must(t, http.StatusOK, nil)
			if got, want := r.header.Get("ETag"), fmt.Sprintf(`"%d"`, a.Version); got != want {
				t.Errorf("ETag = %q, want %q", got, want)
			}
		})
		t.Run("comments", func(t *testing.T) {
			a := w.createAction(t, w.politie, map[string]any{"title": "Met reacties"})
			var cm ketenhub.Comment
			r := w.gemeente.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", a.ID), map[string]any{"body": "Graag een update vóór de driehoek."})
			r.must(t, http.StatusCreated, &cm)
			if !strings.HasPrefix(r.header.Get("Location"), fmt.Sprintf("/api/v1/actions/%d/comments", a.ID)) {
				t.Errorf("Location = %q", r.header.Get("Location"))
			}
			var list struct{ Items []ketenhub.Comment }
			w.ggd.do("GET", fmt.Sprintf("/api/v1/actions/%d/comments", a.ID), nil).must(t, http.StatusOK, &list)
			if len(list.Items) != 1 || list.Items[0].Body != "Graag een update vóór de driehoek." {
				t.Fatalf("comments = %+v", list.Items)
			}
		})
		t.Run("events", func(t *testing.T) {
			var all, after struct{ Items []ketenhub.Event }
			w.om.do("GET", w.wsPath("/events"), nil).must(t, http.StatusOK, &all)
			if len(all.Items) < 3 {
				t.Fatalf("events = %d", len(all.Items))
			}
			for i := 1; i < len(all.Items); i++ {
				if all.Items[i].Seq <= all.Items[i-1].Seq {
					t.Fatalf("events out of order at %d", i)
				}
			}
			first := all.Items[0].Seq
			w.om.do("GET", w.wsPath("/events?after=%d&limit=2", first), nil).must(t, http.StatusOK, &after)
			if len(after.Items) != 2 || after.Items[0].Seq <= first {
				t.Fatalf("events after %d = %+v", first, after.Items)
			}
		})
	})
}
