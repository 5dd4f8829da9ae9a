package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestShieldedMark: only the user's own organisatiebeheerder sets and
// clears the organisation's shielded mark; everyone else gets 403, whether
// or not the user exists; a sign-in leaves the mark as it is.
func TestShieldedMark(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		politieBeheerder := s.signInAs("politie-beheerder", w.orgs["politie"].ID, true)
		gemeenteBeheerder := s.signInAs("gemeente-beheerder", w.orgs["gemeente"].ID, true)
		officer := w.politie.user
		path := fmt.Sprintf("/api/v1/users/%d/shielded", officer.ID)

		var mark ketenhub.ShieldedMark
		politieBeheerder.do("PUT", path, map[string]any{"shielded": true}).must(t, http.StatusOK, &mark)
		if want := (ketenhub.ShieldedMark{UserID: officer.ID, Shielded: true, ByOrganisation: true}); mark != want {
			t.Errorf("mark = %+v, want %+v", mark, want)
		}
		if u := findUser(t, s, officer.ID); !u.Shielded {
			t.Error("the officer is not shielded after the beheerder marked them")
		}

		t.Run("nobody else may, and nobody learns who exists", func(t *testing.T) {
			unknown := "/api/v1/users/999999/shielded"
			for name, c := range map[string]*client{
				"another organisation's beheerder": gemeenteBeheerder,
				"the platform beheerder":           w.beheerder,
				"the officer themselves":           w.politie,
				"a colleague of another org":       w.gemeente,
			} {
				t.Run(name, func(t *testing.T) {
					c.do("PUT", path, map[string]any{"shielded": false}).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
					c.do("PUT", unknown, map[string]any{"shielded": false}).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
				})
			}
			politieBeheerder.do("PUT", unknown, map[string]any{"shielded": true}).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
			gemeentePath := fmt.Sprintf("/api/v1/users/%d/shielded", w.gemeente.user.ID)
			politieBeheerder.do("PUT", gemeentePath, map[string]any{"shielded": true}).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
			if u := findUser(t, s, w.gemeente.user.ID); u.Shielded {
				t.Error("another organisation's beheerder shielded a gemeente user")
			}
			if u := findUser(t, s, officer.ID); !u.Shielded {
				t.Error("a refused request cleared the mark")
			}
		})

		t.Run("bad input", func(t *testing.T) {
			politieBeheerder.do("PUT", path, map[string]any{}).problem(t, http.StatusBadRequest, string(ketenhub.EINVALID), "shielded")
			politieBeheerder.do("PUT", path, `{"shielded": "ja"}`).problem(t, http.StatusBadRequest, string(ketenhub.EINVALID), "shielded")
			politieBeheerder.do("PUT", path, `{"shielded": null}`).problem(t, http.StatusBadRequest, string(ketenhub.EINVALID), "shielded")
			politieBeheerder.do("PUT", path, `{"shielded": true, "reden": "x"}`).problem(t, http.StatusBadRequest, string(ketenhub.EINVALID), "reden")
			politieBeheerder.do("PUT", "/api/v1/users/abc/shielded", map[string]any{"shielded": true}).problem(t, http.StatusBadRequest, string(ketenhub.EINVALID), "")
		})

		t.Run("a sign-in keeps the organisation's mark", func(t *testing.T) {
			again := *officer
			again.Shielded = false // the IdP sends no shielded claim
			if err := s.svc.Users.UpsertUser(context.Background(), &again); err != nil {
				t.Fatal(err)
			}
			if !again.Shielded || !findUser(t, s, officer.ID).Shielded {
				t.Error("a sign-in without the claim cleared the organisation's mark")
			}
		})

		t.Run("cleared", func(t *testing.T) {
			politieBeheerder.do("PUT", path, map[string]any{"shielded": false}).must(t, http.StatusOK, &mark)
			if mark.Shielded || mark.ByOrganisation || mark.ByClaim {
				t.Errorf("mark after clearing = %+v", mark)
			}
			if findUser(t, s, officer.ID).Shielded {
				t.Error("the officer is still shielded after the beheerder cleared the mark")
			}
		})
	})
}

// findUser reads a user as the session middleware does.
func findUser(t *testing.T, s *stack, id int64) *ketenhub.User {
	t.Helper()
	u, err := s.svc.Users.FindUserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOrganisationBeheerderSessions: an organisatiebeheerder lists and
// ends the sessions of their own organisation's people, not those of
// another organisation, and learns nothing of unknown users.
func TestOrganisationBeheerderSessions(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		politieBeheerder := s.signInAs("politie-beheerder", w.orgs["politie"].ID, true)
		own := fmt.Sprintf("/api/v1/users/%d/sessions", w.politie.user.ID)
		other := fmt.Sprintf("/api/v1/users/%d/sessions", w.gemeente.user.ID)

		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		politieBeheerder.do("GET", own, nil).must(t, http.StatusOK, &list)
		if len(list.Items) != 1 {
			t.Fatalf("%d sessions of the officer, want 1", len(list.Items))
		}
		politieBeheerder.do("GET", other, nil).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
		politieBeheerder.do("GET", "/api/v1/users/999999/sessions", nil).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")

		var gemeenteSessions struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		w.gemeente.do("GET", other, nil).must(t, http.StatusOK, &gemeenteSessions)
		politieBeheerder.do("DELETE", fmt.Sprintf("%s/%d", other, gemeenteSessions.Items[0].ID), nil).problem(t, http.StatusForbidden, string(ketenhub.EFORBIDDEN), "")
		w.gemeente.do("GET", "/api/v1/me", nil).must(t, http.StatusOK, nil)

		politieBeheerder.do("DELETE", fmt.Sprintf("%s/%d", own, list.Items[0].ID), nil).must(t, http.StatusNoContent, nil)
		if r := w.politie.do("GET", "/api/v1/me", nil); r.status != http.StatusUnauthorized {
			t.Errorf("the officer's ended session still answers %s", r)
		}
	})
}
