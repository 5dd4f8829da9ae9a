package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// signInAs signs in a user of organisation orgID in the IdP groups, as
// their organisation's beheerder when orgBeheerder is set: what the claims
// of their identity provider would say.
func (s *stack) signInAs(name string, orgID int64, orgBeheerder bool, groups ...string) *client {
	s.t.Helper()
	u := &ketenhub.User{Name: name, OrganisationID: orgID, Groups: groups}
	if orgBeheerder {
		u.OrganisationRole = ketenhub.OrganisationRoleBeheerder
	}
	return s.signInUser(u)
}

// admissionPath is the path of an organisation's admission to the world's workspace.
func (w *world) admissionPath(org string) string {
	return w.wsPath("/members/%d/admission", w.orgs[org].ID)
}

func TestAdmissionRoutes(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		politie := w.orgs["politie"].ID
		chef := s.signInAs("politie-beheer", politie, true)
		team := s.signInAs("rechercheur", politie, false, "Team Ondermijning")
		var act ketenhub.Action
		w.gemeente.do("POST", w.wsPath("/actions"), map[string]any{"title": "Controle"}).must(t, http.StatusCreated, &act)
		actionPath := fmt.Sprintf("/api/v1/actions/%d", act.ID)

		var members struct{ Items []ketenhub.Membership }
		w.gemeente.do("GET", w.wsPath("/members"), nil).must(t, http.StatusOK, &members)
		for _, m := range members.Items {
			if !m.AdmissionOpen {
				t.Errorf("organisation %d not shown open before naming anyone", m.OrganisationID)
			}
		}

		body := map[string]any{"users": []int64{}, "groups": []string{"Team Ondermijning"}}
		w.gemeente.do("PUT", w.admissionPath("politie"), body).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		w.beheerder.do("PUT", w.admissionPath("politie"), body).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		chef.do("PUT", w.admissionPath("politie"), map[string]any{"groups": []string{}}).problem(t, http.StatusBadRequest, ketenhub.EINVALID, "users")
		chef.do("PUT", w.admissionPath("politie"), map[string]any{"users": []int64{w.om.user.ID}, "groups": []string{}}).
			problem(t, http.StatusBadRequest, ketenhub.EINVALID, "users")

		var adm ketenhub.Admission
		chef.do("PUT", w.admissionPath("politie"), body).must(t, http.StatusOK, &adm)
		if adm.Open || len(adm.Groups) != 1 || adm.OrganisationID != politie {
			t.Fatalf("admission = %+v", adm)
		}
		// The teamchef is not in the group: the workspace and its items are gone for them.
		w.politie.do("GET", w.wsPath(""), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		w.politie.do("GET", actionPath, nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		team.do("GET", actionPath, nil).must(t, http.StatusOK, nil)
		// The admission is the organisation's own business.
		team.do("GET", w.admissionPath("politie"), nil).must(t, http.StatusOK, nil)
		w.gemeente.do("GET", w.admissionPath("politie"), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		// The organisation's beheerder manages it, and reads no item.
		chef.do("GET", w.wsPath(""), nil).must(t, http.StatusOK, nil)
		chef.do("GET", actionPath, nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")

		// The organisation's beheerder reviews who of its people read what.
		reviewPath := fmt.Sprintf("/api/v1/organisations/%d/access-review", politie)
		var review ketenhub.AccessReview
		chef.do("GET", reviewPath, nil).must(t, http.StatusOK, &review)
		if len(review.Workspaces) != 1 || review.Workspaces[0].Workspace.ID != w.workspace.ID || review.Workspaces[0].Admission.Open {
			t.Fatalf("review = %+v %+v, want the one workspace with its admission", review, review.Workspaces[0])
		}
		if got := review.Workspaces[0].People; len(got) != 1 || got[0].ID != team.user.ID || got[0].Name == "" {
			t.Errorf("review people = %+v, want only the admitted officer, by name", got)
		}
		for _, c := range []*client{w.politie, w.beheerder, w.gemeente} {
			c.do("GET", reviewPath, nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		}

		var people struct{ Items []ketenhub.Person }
		w.gemeente.do("GET", w.wsPath("/people"), nil).must(t, http.StatusOK, &people)
		for _, p := range people.Items {
			if p.ID == w.politie.user.ID || p.ID == chef.user.ID {
				t.Errorf("people lists %d, who does not take part", p.ID)
			}
		}
	})
}
