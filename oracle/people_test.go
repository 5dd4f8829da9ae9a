package oracle_test

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/ketenhub/ketenhub"
)

// People (issue 12): every partner has three people in the groups of its
// identity provider, one of whom is its organisatiebeheerder (not always
// admitted: they manage admission all the same, and read no items then);
// each organisation admits some of them to each workspace, through the API
// as its beheerder; some items name people; the police, the OM and the RIEC
// have a shielded officer by a claim, the gemeente and the GGD one marked so
// by their beheerder.

// teams are the groups of every organisation's identity provider: the same
// names in several organisations, each of which admits only its own people
// by them.
var teams = []string{"Team Ondermijning", "Team Jeugd"}

// shieldedKinds are the organisations whose third person is shielded.
var shieldedKinds = []string{string(ketenhub.KindPolitie), string(ketenhub.KindOM), string(ketenhub.KindRIEC)}

// buildPeople signs in an organisation's people: its writer (in every
// team, admitted wherever the organisation is a member), its
// organisatiebeheerder in the first team, and one in the second.
func (s *scenario) buildPeople(key string, org int64) {
	specs := []identity{
		{function: "Coördinator", groups: teams},
		{orgRole: ketenhub.OrganisationRoleBeheerder, function: "Informatiebeveiliger", groups: teams[:1]},
		{function: "Rechercheur", groups: teams[1:], shielded: slices.Contains(shieldedKinds, key)},
	}
	for i, id := range specs {
		p := s.m.newPerson(s.rng, org)
		name := fmt.Sprintf("%s/%d", key, i+1)
		b := s.h.signIn(s.t, name, p, id)
		switch i {
		case 0:
			s.browsers[org] = b
		case 1:
			s.admins[org] = b
			p.admin = true
		}
		s.addViewer(&viewer{name: name, org: org, p: p, b: b})
	}
}

// shieldByOrganisation has the gemeente's and the GGD's beheerders mark a
// person shielded themselves (not by a claim): the gemeente's writer, whose
// name every change the regisseur makes could carry, and the GGD's third.
func (s *scenario) shieldByOrganisation() {
	for _, who := range []struct {
		key string
		i   int
	}{{"gemeente", 0}, {"ggd", 2}} {
		org := s.orgs[who.key]
		p := s.people[org][who.i]
		var mark struct {
			Shielded bool `json:"shielded"`
		}
		s.admins[org].write(s.t, "PUT", fmt.Sprintf("/api/v1/users/%d/shielded", p.id), map[string]any{"shielded": true}, http.StatusOK, &mark)
		if !mark.Shielded {
			s.t.Fatalf("oracle: %s/%d marked shielded by their organisation is not shielded", who.key, who.i+1)
		}
		p.shielded = true
	}
}

// writer is the person who makes an organisation's changes.
func (s *scenario) writer(org int64) *person { return s.people[org][0] }

// personByID is the person with the user id.
func (s *scenario) personByID(id int64) *person {
	for _, v := range s.viewers {
		if v.p.id == id {
			return v.p
		}
	}
	s.t.Fatalf("oracle: no person %d", id)
	return nil
}

// primary reports whether v is an organisation's writer or the beheerder,
// who read every route with every query; the other people of an
// organisation differ from its writer in what they see only, so they read
// every route with whole pages, and the ids hidden from them alone.
func (s *scenario) primary(v *viewer) bool { return v.beheerder || s.writer(v.org) == v.p }

// admitAll gives every member of ws but the beheerder's organisation an
// admission, in turn open, naming people, naming a group, or both, so that
// every kind occurs in every run. The writer is always admitted.
func (s *scenario) admitAll(ws *wsModel) {
	for _, org := range s.members(ws) {
		if org == s.orgs["regio"] {
			continue
		}
		ppl := s.people[org]
		s.admissionTurn++
		switch s.admissionTurn % 4 {
		case 1:
			users := ppl[:1]
			if s.rng.IntN(2) == 0 {
				users = append(slices.Clone(users), pick(s.rng, ppl[1:]))
			}
			s.setAdmission(ws, org, users, nil)
		case 2:
			s.setAdmission(ws, org, nil, []string{pick(s.rng, teams)})
		case 3:
			s.setAdmission(ws, org, ppl[:1], []string{pick(s.rng, teams)})
		}
	}
}

// setAdmission has org's beheerder decide who of org take part in ws.
func (s *scenario) setAdmission(ws *wsModel, org int64, users []*person, groups []string) {
	ids := []int64{}
	for _, p := range users {
		ids = append(ids, p.id)
	}
	if groups == nil {
		groups = []string{}
	}
	s.change(func() {
		var adm ketenhub.Admission
		s.admins[org].write(s.t, "PUT", fmt.Sprintf("/api/v1/workspaces/%d/members/%d/admission", ws.id, org),
			map[string]any{"users": ids, "groups": groups}, http.StatusOK, &adm)
		if !sameSet(adm.Users, ids) || !sameSet(adm.Groups, groups) {
			s.findings.add(finding{kind: kindAccess, viewer: "the hub", where: fmt.Sprintf("PUT admission of %d to workspace %d", org, ws.id),
				what: fmt.Sprintf("stored users %v and groups %v, asked %v and %v", adm.Users, adm.Groups, ids, groups)})
		}
		s.m.admit(ws, org, adm.Users, adm.Groups)
	})
}

func sameSet[T comparable](a, b []T) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(x T) bool { return !slices.Contains(b, x) })
}

// changeAdmissions, while the viewers follow: in each theme one
// organisation that admits more than its writer comes to admit the writer
// only, so that people lose the workspace they follow, and one that names
// people opens to all of them.
func (s *scenario) changeAdmissions() {
	for _, ws := range s.themes {
		var narrowing, opening []int64
		for _, org := range s.members(ws) {
			if org == s.orgs["regio"] {
				continue
			}
			others := s.people[org][1:]
			if slices.ContainsFunc(others, func(p *person) bool { return ws.takesPart(p, s.m.now) }) {
				narrowing = append(narrowing, org)
			} else {
				opening = append(opening, org)
			}
		}
		if len(narrowing) > 0 {
			org := pick(s.rng, narrowing)
			s.setAdmission(ws, org, s.people[org][:1], nil)
		}
		if len(opening) > 0 {
			s.setAdmission(ws, pick(s.rng, opening), nil, nil)
		}
	}
}

// peopleVisibility names one or two people who take part in ws (not the
// organisations' writers), with, half the time, the creating organisation
// besides; otherwise a restricted visibility of organisations.
func (s *scenario) peopleVisibility(ws *wsModel, creator int64) *ketenhub.Visibility {
	var candidates []*person
	for _, org := range s.members(ws) {
		for _, p := range s.people[org][1:] {
			if ws.takesPart(p, s.m.now) {
				candidates = append(candidates, p)
			}
		}
	}
	if len(candidates) == 0 {
		return s.restrictedTo(ws, creator)
	}
	s.rng.Shuffle(len(candidates), func(a, b int) { candidates[a], candidates[b] = candidates[b], candidates[a] })
	vis := &ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}
	for _, p := range candidates[:min(len(candidates), 1+s.rng.IntN(2))] {
		vis.Users = append(vis.Users, p.id)
	}
	slices.Sort(vis.Users)
	if s.rng.IntN(2) == 0 {
		vis.Organisations = []int64{creator}
	}
	return vis
}

// attend records the people present at a live meeting, as its regisseur:
// the writers of the gemeente, the politie and the OM, and one or two of the
// other people who take part, so that the room shows only what every one of
// them may see.
func (s *scenario) attend(m *item) {
	present := []*person{s.writer(s.orgs["gemeente"]), s.writer(s.orgs["politie"]), s.writer(s.orgs["om"])}
	var others []*person
	for _, org := range s.members(m.ws) {
		for _, p := range s.people[org][1:] {
			if m.ws.takesPart(p, s.m.now) {
				others = append(others, p)
			}
		}
	}
	s.rng.Shuffle(len(others), func(a, b int) { others[a], others[b] = others[b], others[a] })
	present = append(present, others[:min(len(others), 1+s.rng.IntN(2))]...)
	for _, p := range present {
		s.live(m, map[string]any{"attendance": map[string]any{"user_id": p.id, "present": true}})
	}
	s.present[m] = present
}

// checkRoom judges a meeting's room view, shown to everyone present,
// against each of them as well as against the viewer who asked.
func (c *checker) checkRoom(v *viewer, where string, t step, present []*person, text string, doc any) {
	for _, p := range present {
		in := &viewer{name: fmt.Sprintf("%s, in a room with person %d of organisation %d", v.name, p.id, p.org), org: p.org, p: p}
		c.scanText(in, where, t, text)
		if doc != nil {
			c.scanJSON(in, where, t, doc)
		}
	}
}

// freezeIfPeopleOnly marks an item that names people and not its creating
// organisation: its writer sees it only as the person who made it.
func (s *scenario) freezeIfPeopleOnly(it *item, org int64) {
	if vis := it.visAt(s.m.now); len(vis.Users) > 0 && !slices.Contains(vis.Organisations, org) {
		s.frozen[it] = true
	}
}

// changeable lists items the scenario may still change.
func (s *scenario) changeable(items []*item) []*item {
	return slices.DeleteFunc(slices.Clone(items), func(it *item) bool { return s.frozen[it] })
}
