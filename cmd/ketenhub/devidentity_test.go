package main

import (
	"net/http"
	"slices"
	"testing"

	"github.com/ketenhub/ketenhub/demo"
)

// TestServe_DevIdentity: the embedded default (make run) maps what the
// development provider says of each persona: function, groups, the
// organisatiebeheerder role and the shielded mark; and the police's
// admission of Team Ondermijning holds after the officers sign in.
func TestServe_DevIdentity(t *testing.T) {
	vars := map[string]string{"KETENHUB_DATA_DIR": t.TempDir(), "KETENHUB_DEMO": "true", "KETENHUB_DEV": "true"}
	s := startServe(t, vars)
	for _, p := range demo.Personas {
		if p.OrganisationName != "Politie Noord-Holland" && p.OrganisationRole == "" {
			continue
		}
		t.Run(p.Key, func(t *testing.T) {
			b := signInAs(t, s.base, p.Key)
			var me struct {
				User struct {
					Function         string   `json:"function"`
					Groups           []string `json:"groups"`
					OrganisationRole string   `json:"organisation_role"`
					Shielded         bool     `json:"shielded"`
				} `json:"user"`
			}
			if got := b.getJSON(t, "/api/v1/me", &me); got != http.StatusOK {
				t.Fatalf("GET /api/v1/me: %d", got)
			}
			u := me.User
			groups := slices.Sorted(slices.Values(p.Groups()))
			if u.Function != p.Title || !slices.Equal(u.Groups, groups) || u.OrganisationRole != string(p.OrganisationRole) || u.Shielded != p.Shielded {
				t.Errorf("signed in as %+v, want function %q, groups %q, role %q, shielded %t", u, p.Title, groups, p.OrganisationRole, p.Shielded)
			}
			if p.OrganisationName != "Politie Noord-Holland" || p.OrganisationRole != "" {
				return
			}
			var list struct {
				Items []struct {
					Title string `json:"title"`
				} `json:"items"`
			}
			b.getJSON(t, "/api/v1/workspaces", &list)
			sees := slices.ContainsFunc(list.Items, func(w struct {
				Title string `json:"title"`
			}) bool {
				return w.Title == "Ondermijning"
			})
			if want := slices.Contains(p.Teams, demo.TeamOndermijning); sees != want {
				t.Errorf("%s sees Ondermijning: %t, want %t (teams %q)", p.Key, sees, want, p.Teams)
			}
		})
	}
}
