package store_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// shield marks u a shielded officer with the function, as the identity
// provider's claim would (set on the row: the claim mapping is the login
// flow's).
func (f *fixture) shield(u *ketenhub.User, function string) {
	f.tb.Helper()
	err := f.DB.Gorm().Exec(`UPDATE users SET shielded_by_claim = ?, function = ? WHERE id = ?`, true, function, u.ID).Error
	if err != nil {
		f.tb.Fatalf("shield %s: %v", u.Name, err)
	}
	u.Shielded, u.Function = true, function
}

// admitUsers makes organisation orgID admit only the named users (and the
// groups admitted so far) to workspace wsID.
func (f *fixture) admitUsers(wsID, orgID int64, users ...*ketenhub.User) {
	f.tb.Helper()
	for _, u := range users {
		if err := f.DB.Gorm().Exec(`INSERT INTO admitted_users (workspace_id, organisation_id, user_id) VALUES (?, ?, ?)`, wsID, orgID, u.ID).Error; err != nil {
			f.tb.Fatalf("admit %s: %v", u.Name, err)
		}
	}
}

// admitGroup makes organisation orgID admit the IdP group to workspace wsID.
func (f *fixture) admitGroup(wsID, orgID int64, group string) {
	f.tb.Helper()
	if err := f.DB.Gorm().Exec(`INSERT INTO admitted_groups (workspace_id, organisation_id, name) VALUES (?, ?, ?)`, wsID, orgID, group).Error; err != nil {
		f.tb.Fatalf("admit group %s: %v", group, err)
	}
}

// inGroup puts u in the IdP group, as a sign-in would.
func (f *fixture) inGroup(u *ketenhub.User, group string) {
	f.tb.Helper()
	if err := f.DB.Gorm().Exec(`INSERT INTO user_groups (user_id, name) VALUES (?, ?)`, u.ID, group).Error; err != nil {
		f.tb.Fatalf("put %s in %s: %v", u.Name, group, err)
	}
	u.Groups = append(u.Groups, group)
}

// peopleWorld is the world with a shielded police officer, police and OM
// admissions that leave someone out, and the people left out.
type peopleWorld struct {
	*world
	Rechercheur *ketenhub.User // Politie, shielded, admitted by name
	NietToegel  *ketenhub.User // Politie, not admitted
	Team        *ketenhub.User // OM, admitted through the group
	BuitenTeam  *ketenhub.User // OM, not in the group
}

func newPeopleWorld(tb testing.TB, kind string) *peopleWorld {
	tb.Helper()
	w := &peopleWorld{world: newWorld(tb, kind)}
	w.Rechercheur = w.User("Rik Rechercheur", w.Politie.Org.ID)
	w.shield(w.Rechercheur, "Rechercheur")
	w.NietToegel = w.User("Nina Niet", w.Politie.Org.ID)
	w.admitUsers(w.WS.ID, w.Politie.Org.ID, w.Politie.User, w.Rechercheur)
	w.Team = w.User("Tom Team", w.OM.Org.ID)
	w.inGroup(w.Team, "Team Ondermijning")
	w.inGroup(w.OM.User, "Team Ondermijning")
	w.OM.Ctx = ViewerContext(w.OM.User)
	w.BuitenTeam = w.User("Bert Buiten", w.OM.Org.ID)
	w.admitGroup(w.WS.ID, w.OM.Org.ID, "Team Ondermijning")
	return w
}

// directory lists the directory as ctx's viewer, and its JSON.
func directory(t *testing.T, svc ketenhub.UserService, v *ketenhub.User, orgID int64) (map[int64]*ketenhub.User, string) {
	t.Helper()
	list, err := svc.FindUsers(ViewerContext(v), orgID)
	mustOK(t, err, "find users as "+v.Name)
	byID := map[int64]*ketenhub.User{}
	for _, u := range list {
		byID[u.ID] = u
	}
	raw, err := json.Marshal(list)
	mustOK(t, err, "encode directory")
	return byID, string(raw)
}

// wantNoTrace fails if the name or e-mail address of u appears in raw.
func wantNoTrace(t *testing.T, what, raw string, u *ketenhub.User) {
	t.Helper()
	for _, s := range []string{u.Name, strings.Split(u.Name, " ")[0], u.Email} {
		if s != "" && strings.Contains(raw, s) {
			t.Errorf("%s holds %q of %s: %s", what, s, u.Name, raw)
		}
	}
}

func TestDirectory(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newPeopleWorld(t, kind)

		t.Run("OtherOrganisation", func(t *testing.T) {
			got, raw := directory(t, w.Svc.Users, w.Gemeente.User, 0)
			for _, u := range []*ketenhub.User{w.Gemeente.User, w.Politie.User, w.Rechercheur, w.OM.User, w.Team, w.GGD.User} {
				if got[u.ID] == nil {
					t.Errorf("the gemeente's directory lacks %s, who shares its workspace", u.Name)
				}
			}
			for _, u := range []*ketenhub.User{w.NietToegel, w.BuitenTeam, w.Halt.User, w.Beheerder} {
				if got[u.ID] != nil {
					t.Errorf("the gemeente's directory lists %s, who takes part in none of its workspaces", u.Name)
				}
			}
			if r := got[w.Rechercheur.ID]; r == nil || r.Name != "" || r.Email != "" || !r.Shielded || r.Function != "Rechercheur" || r.OrganisationID != w.Politie.Org.ID {
				t.Errorf("the shielded officer = %+v, want function and organisation only", r)
			}
			wantNoTrace(t, "the gemeente's directory", raw, w.Rechercheur)
			if p := got[w.Politie.User.ID]; p == nil || p.Name != w.Politie.User.Name || p.Email != "" || len(p.Groups) != 0 {
				t.Errorf("the police officer = %+v, want the name without e-mail address or groups", p)
			}
			if om := got[w.OM.User.ID]; om == nil || len(om.Groups) != 0 {
				t.Errorf("another organisation's person = %+v, want no groups", om)
			}
			if me := got[w.Gemeente.User.ID]; me == nil || me.Email != w.Gemeente.User.Email {
				t.Errorf("the viewer's own entry = %+v, want the e-mail address", me)
			}
			if strings.Contains(raw, w.NietToegel.Email) || strings.Contains(raw, w.BuitenTeam.Name) {
				t.Errorf("the directory names people who are not admitted: %s", raw)
			}
		})

		t.Run("OwnOrganisation", func(t *testing.T) {
			got, raw := directory(t, w.Svc.Users, w.Politie.User, w.Politie.Org.ID)
			for _, u := range []*ketenhub.User{w.Politie.User, w.Rechercheur, w.NietToegel} {
				if g := got[u.ID]; g == nil || g.Name != u.Name || g.Email != u.Email {
					t.Errorf("a colleague = %+v, want %s with the e-mail address", g, u.Name)
				}
			}
			if len(got) != 3 {
				t.Errorf("the police's own people = %d, want 3", len(got))
			}
			if !strings.Contains(raw, w.Rechercheur.Name) {
				t.Errorf("a colleague does not see the shielded officer's name: %s", raw)
			}
		})

		t.Run("Groups", func(t *testing.T) {
			got, _ := directory(t, w.Svc.Users, w.OM.User, w.OM.Org.ID)
			if g := got[w.OM.User.ID]; g == nil || !slices.Equal(g.Groups, []string{"Team Ondermijning"}) {
				t.Errorf("own groups = %+v, want [Team Ondermijning]", g)
			}
		})

		t.Run("NotAdmitted", func(t *testing.T) {
			// A person their organisation does not admit shares no workspace
			// with anyone else: they know only their own organisation.
			for _, v := range []*ketenhub.User{w.NietToegel, w.BuitenTeam} {
				got, _ := directory(t, w.Svc.Users, v, 0)
				for id, u := range got {
					if u.OrganisationID != v.OrganisationID {
						t.Errorf("%s, not admitted, sees user %d of organisation %d", v.Name, id, u.OrganisationID)
					}
				}
			}
		})

		t.Run("Filter", func(t *testing.T) {
			got, _ := directory(t, w.Svc.Users, w.Gemeente.User, w.Politie.Org.ID)
			if len(got) != 2 || got[w.Politie.User.ID] == nil || got[w.Rechercheur.ID] == nil {
				t.Errorf("the police people the gemeente knows = %v, want the two admitted", got)
			}
		})

		t.Run("Beheerder", func(t *testing.T) {
			got, raw := directory(t, w.Svc.Users, w.Beheerder, 0)
			if all := countRows(t, w.DB, "users", "1 = 1"); int64(len(got)) != all {
				t.Errorf("the beheerder's directory = %d users, want all %d", len(got), all)
			}
			if r := got[w.Rechercheur.ID]; r == nil || r.Name != "" || r.Email != "" {
				t.Errorf("the shielded officer to the beheerder = %+v, want function only", r)
			}
			wantNoTrace(t, "the beheerder's directory", raw, w.Rechercheur)
			// The beheerder manages everyone's sign-ins: addresses of those
			// shown by name, no groups.
			if p := got[w.Politie.User.ID]; p == nil || p.Email != w.Politie.User.Email || len(p.Groups) != 0 {
				t.Errorf("another organisation's user to the beheerder = %+v, want the e-mail address and no groups", p)
			}
		})

		t.Run("Order", func(t *testing.T) {
			list, err := w.Svc.Users.FindUsers(ViewerContext(w.Gemeente.User), 0)
			mustOK(t, err, "find users")
			// By what is shown: "Rechercheur" sorts after "Olga", however
			// the hidden name would sort.
			keys := make([]string, len(list))
			for i, u := range list {
				keys[i] = strings.ToLower(cmpName(u))
			}
			if !slices.IsSorted(keys) {
				t.Errorf("the directory is not ordered by what it shows: %v", keys)
			}
		})

		t.Run("Unauthorized", func(t *testing.T) {
			_, err := w.Svc.Users.FindUsers(t.Context(), 0)
			wantCode(t, err, ketenhub.EUNAUTHORIZED)
		})
	})
}

func cmpName(u *ketenhub.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Function
}

// TestDirectoryAgreesWithAdmission builds random worlds of organisations,
// workspaces, memberships, people in groups and admissions, and checks the
// directory's SQL against the rule in memory (ketenhub.Admission.Admits):
// a viewer knows their own organisation and whoever takes part in a
// workspace they take part in themselves.
func TestDirectoryAgreesWithAdmission(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		for seed := range uint64(4) {
			t.Run(fmt.Sprint(seed), func(t *testing.T) { checkDirectoryWorld(t, kind, seed) })
		}
	})
}

func checkDirectoryWorld(t *testing.T, kind string, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 12))
	f := newFixture(t, kind)
	groups := []string{"Team Ondermijning", "Team Jeugd"}
	var orgs []*ketenhub.Organisation
	var people []*ketenhub.User
	for i := range 3 + rng.IntN(2) {
		o := f.Org(fmt.Sprintf("Organisatie %d", i), ketenhub.KindOverig)
		orgs = append(orgs, o)
		for j := range 3 {
			u := f.User(fmt.Sprintf("Persoon %d-%d", i, j), o.ID)
			for _, g := range groups {
				if rng.IntN(2) == 0 {
					f.inGroup(u, g)
				}
			}
			if rng.IntN(4) == 0 {
				f.shield(u, "Rechercheur")
			}
			people = append(people, u)
		}
	}
	type key struct{ ws, org int64 }
	admissions := map[key]ketenhub.Admission{}
	var workspaces []int64
	for i := range 2 + rng.IntN(2) {
		var members []member
		for _, o := range orgs {
			if rng.IntN(3) != 0 {
				members = append(members, member{o.ID, roles[rng.IntN(len(roles))]})
			}
		}
		ws := f.Workspace(fmt.Sprintf("Werkruimte %d", i), members...)
		workspaces = append(workspaces, ws.ID)
		for _, m := range members {
			adm := ketenhub.Admission{}
			switch rng.IntN(3) {
			case 1: // some people by name
				for _, u := range people {
					if u.OrganisationID == m.OrgID && rng.IntN(2) == 0 {
						f.admitUsers(ws.ID, m.OrgID, u)
						adm.Users = append(adm.Users, u.ID)
					}
				}
			case 2: // a group
				g := groups[rng.IntN(len(groups))]
				f.admitGroup(ws.ID, m.OrgID, g)
				adm.Groups = append(adm.Groups, g)
			}
			admissions[key{ws.ID, m.OrgID}] = adm
		}
	}
	takesPart := func(ws int64, u *ketenhub.User) bool {
		adm, member := admissions[key{ws, u.OrganisationID}]
		return member && adm.Admits(u.Viewer())
	}
	for _, v := range people {
		want := map[int64]bool{}
		for _, u := range people {
			if u.OrganisationID == v.OrganisationID {
				want[u.ID] = true
			}
			for _, ws := range workspaces {
				if takesPart(ws, v) && takesPart(ws, u) {
					want[u.ID] = true
				}
			}
		}
		got, raw := directory(t, f.Svc.Users, v, 0)
		for _, u := range people {
			if g := got[u.ID]; (g != nil) != want[u.ID] {
				t.Errorf("%s (groups %v) lists %s (groups %v): %v, want %v", v.Name, v.Groups, u.Name, u.Groups, g != nil, want[u.ID])
			} else if g != nil && (g.Name == "") != (u.Shielded && u.OrganisationID != v.OrganisationID) {
				t.Errorf("%s sees %s as %+v", v.Name, u.Name, g)
			} else if (g == nil || g.Name == "") && (strings.Contains(raw, `"`+u.Name+`"`) || strings.Contains(raw, u.Email)) {
				t.Errorf("%s's directory holds the name or address of %s: %s", v.Name, u.Name, raw)
			}
		}
	}
}
