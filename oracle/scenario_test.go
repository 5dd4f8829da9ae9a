package oracle_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// scenario is a region on one hub, the changes made to it through the API,
// and the model of who may see what.
type scenario struct {
	t   *testing.T
	h   *hub
	rng *rand.Rand
	m   *model

	orgs map[string]int64 // organisation key (kind) → id
	// browsers are each organisation's writer: its organisatiebeheerder,
	// admitted wherever it is a member, who makes its changes.
	browsers map[int64]*browser
	// admins are each partner's organisatiebeheerder, who decides its admissions.
	admins    map[int64]*browser
	beheerder *browser
	viewers   []*viewer
	users     []int64
	people    map[int64][]*person // organisation → its people, the writer first
	// frozen items name only people, so that their creator sees them as a
	// person: the scenario changes them no more.
	frozen map[*item]bool
	// present are the people recorded present at a live meeting.
	present map[*item][]*person
	// admissionTurn chooses the next admission's kind in turn.
	admissionTurn int
	// roles are the current memberships: workspace → organisation → role.
	roles    map[*wsModel]map[int64]ketenhub.Role
	versions map[*item]int64 // what the next write of an item is based on
	owners   map[*item]int64 // an action's owning organisation, who edits it

	driehoek *wsModel
	themes   []*wsModel
	// late joins the first theme after it has a history; gone leaves the
	// second during the live part.
	late, gone int64
	// meetings: the driehoek's next two, and one per theme.
	next, later *item
	themeMeets  []*item
	findings    *findings
}

// regionOrgs are the partners of the region, by kind; the beheerder's own
// organisation, the veiligheidsregio, comes first.
var regionOrgs = []struct {
	name string
	kind ketenhub.OrganisationKind
}{
	{"Gemeente Leiden", ketenhub.KindGemeente},
	{"Politie Hollands Midden", ketenhub.KindPolitie},
	{"OM Den Haag", ketenhub.KindOM},
	{"RIEC Haaglanden", ketenhub.KindRIEC},
	{"GGD Hollands Midden", ketenhub.KindGGD},
	{"Halt Hollands Midden", ketenhub.KindHalt},
}

func newScenario(t *testing.T, h *hub, seed uint64, fs *findings) *scenario {
	return &scenario{t: t, h: h, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), m: newModel(),
		orgs: map[string]int64{}, browsers: map[int64]*browser{}, roles: map[*wsModel]map[int64]ketenhub.Role{},
		people: map[int64][]*person{}, admins: map[int64]*browser{}, frozen: map[*item]bool{}, present: map[*item][]*person{},
		versions: map[*item]int64{}, owners: map[*item]int64{}, findings: fs}
}

// change makes one step: fn's writes, then where every log stands.
func (s *scenario) change(fn func()) {
	s.m.tick()
	fn()
	for _, ws := range s.m.workspaces {
		ws.seqs = append(ws.seqs, seqMark{s.m.now, s.h.lastSeq(s.t, ws.id)})
	}
}

// token is a fresh marker; text puts it in words.
func (s *scenario) token() string { return s.m.newToken(s.rng) }

func text(prefix, token string) string { return prefix + " " + token }

// buildRegion makes the organisations, their people and the workspaces.
func (s *scenario) buildRegion() {
	t := s.t
	ctx := ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: 1, PlatformRole: ketenhub.PlatformRoleBeheerder})
	regio := &ketenhub.Organisation{Name: "Veiligheidsregio Hollands Midden", Kind: ketenhub.KindVeiligheidsregio}
	if err := s.h.svc.Organisations.CreateOrganisation(ctx, regio); err != nil {
		t.Fatalf("create the first organisation: %v", err)
	}
	s.orgs["regio"] = regio.ID
	p := s.m.newPerson(s.rng, regio.ID)
	s.beheerder = s.h.signIn(t, "beheerder", p, identity{platformRole: ketenhub.PlatformRoleBeheerder, function: "Functioneel beheerder"})
	s.addViewer(&viewer{name: "beheerder", org: regio.ID, p: p, beheerder: true, b: s.beheerder})
	for _, o := range regionOrgs {
		var org ketenhub.Organisation
		s.beheerder.write(t, "POST", "/api/v1/organisations", map[string]any{"name": o.name, "kind": o.kind}, http.StatusCreated, &org)
		s.orgs[string(o.kind)] = org.ID
		s.buildPeople(string(o.kind), org.ID)
	}
	s.shieldByOrganisation()
	for _, v := range s.viewers {
		var feed struct{ Path string }
		v.b.write(t, "POST", "/api/v1/me/calendar-feed", nil, http.StatusCreated, &feed)
		v.calendar = feed.Path[len("/calendar/"):]
	}
	s.buildWorkspaces()
}

// addViewer records a person the oracle reads as.
func (s *scenario) addViewer(v *viewer) {
	s.viewers = append(s.viewers, v)
	s.users = append(s.users, v.p.id)
	s.people[v.org] = append(s.people[v.org], v.p)
}

// buildWorkspaces makes the driehoek (gemeente directs, politie and OM take
// part, the RIEC sometimes reads along) and two themes with random
// partners; the beheerder's organisation reads along in the first theme
// only, so that the beheerder is outside the others.
func (s *scenario) buildWorkspaces() {
	o := s.orgs
	s.driehoek = s.workspace("Lokale driehoek", ketenhub.ThemeDriehoek)
	s.member(s.driehoek, o["gemeente"], ketenhub.RoleRegisseur)
	s.member(s.driehoek, o["politie"], ketenhub.RolePartner)
	s.member(s.driehoek, o["om"], ketenhub.RolePartner)
	if s.rng.IntN(2) == 0 {
		s.member(s.driehoek, o["riec"], ketenhub.RoleMeelezer)
	}
	partners := []string{"politie", "om", "riec", "ggd", "halt"}
	for i, title := range []string{"Ondermijning", "Jeugd en veiligheid"} {
		theme := []ketenhub.Theme{ketenhub.ThemeOndermijning, ketenhub.ThemeJeugd}[i]
		ws := s.workspace(title, theme)
		s.themes = append(s.themes, ws)
		s.member(ws, o["gemeente"], ketenhub.RoleRegisseur)
		if i == 0 {
			s.member(ws, o["regio"], ketenhub.RoleMeelezer)
		}
		shuffled := slices.Clone(partners)
		s.rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		// Two partners at least; the rest at random; in the first theme the
		// last one stays out, to join later.
		for j, key := range shuffled {
			switch {
			case i == 0 && j == len(shuffled)-1:
				s.late = o[key]
			case j < 2:
				s.member(ws, o[key], ketenhub.RolePartner)
			case s.rng.IntN(3) > 0:
				s.member(ws, o[key], []ketenhub.Role{ketenhub.RolePartner, ketenhub.RoleMeelezer}[s.rng.IntN(2)])
			}
		}
		if i == 1 {
			s.gone = o[shuffled[0]]
		}
	}
	s.admissionTurn = s.rng.IntN(4)
	for _, ws := range append([]*wsModel{s.driehoek}, s.themes...) {
		s.admitAll(ws)
	}
}

func (s *scenario) workspace(title string, theme ketenhub.Theme) *wsModel {
	var ws ketenhub.Workspace
	var out *wsModel
	s.change(func() {
		s.beheerder.write(s.t, "POST", "/api/v1/workspaces", map[string]any{"title": title, "theme": theme, "period": "IVP 2023-2026"}, http.StatusCreated, &ws)
		out = s.m.addWorkspace(ws.ID, title, theme == ketenhub.ThemeDriehoek)
	})
	s.roles[out] = map[int64]ketenhub.Role{}
	return out
}

// member makes org a member of ws with role, through the beheerder.
func (s *scenario) member(ws *wsModel, org int64, role ketenhub.Role) {
	s.change(func() {
		s.beheerder.write(s.t, "PUT", fmt.Sprintf("/api/v1/workspaces/%d/members/%d", ws.id, org), map[string]any{"role": role}, http.StatusOK, nil)
		s.m.join(ws, org)
		s.roles[ws][org] = role
	})
}

// removeMember ends org's membership of ws.
func (s *scenario) removeMember(ws *wsModel, org int64) {
	s.change(func() {
		s.beheerder.write(s.t, "DELETE", fmt.Sprintf("/api/v1/workspaces/%d/members/%d", ws.id, org), nil, http.StatusNoContent, nil)
		s.m.leave(ws, org)
		delete(s.roles[ws], org)
	})
}

// orgsWith lists ws's member organisations with one of the roles, in id order.
func (s *scenario) orgsWith(ws *wsModel, roles ...ketenhub.Role) []int64 {
	var out []int64
	for org, role := range s.roles[ws] {
		if slices.Contains(roles, role) {
			out = append(out, org)
		}
	}
	slices.Sort(out)
	return out
}

func (s *scenario) contributors(ws *wsModel) []int64 {
	return s.orgsWith(ws, ketenhub.RoleRegisseur, ketenhub.RolePartner)
}

func (s *scenario) members(ws *wsModel) []int64 {
	return s.orgsWith(ws, ketenhub.RoleRegisseur, ketenhub.RolePartner, ketenhub.RoleMeelezer)
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// randomVisibility is the whole workspace half the time, otherwise the
// creating organisation and a random few other members, or a few people.
func (s *scenario) randomVisibility(ws *wsModel, creator int64) *ketenhub.Visibility {
	switch s.rng.IntN(4) {
	case 0, 1:
		return &ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	case 2:
		return s.restrictedTo(ws, creator)
	}
	return s.peopleVisibility(ws, creator)
}

// restrictedTo is a restricted visibility for org and, each with chance
// one in three, other members of ws.
func (s *scenario) restrictedTo(ws *wsModel, org int64) *ketenhub.Visibility {
	orgs := []int64{org}
	for _, o := range s.members(ws) {
		if o != org && s.rng.IntN(3) == 0 {
			orgs = append(orgs, o)
		}
	}
	slices.Sort(orgs)
	return &ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
}

// checkWidened reports a visibility the hub made wider than asked: more
// than the organisations and people named, the creator and the
// organisations allowed extra.
func (s *scenario) checkWidened(what string, asked *ketenhub.Visibility, got ketenhub.Visibility, creator int64, extra ...int64) {
	if asked == nil || !asked.Restricted() {
		return
	}
	wider := !got.Restricted()
	for _, org := range got.Organisations {
		wider = wider || (!slices.Contains(asked.Organisations, org) && !slices.Contains(extra, org))
	}
	for _, u := range got.Users {
		wider = wider || (!slices.Contains(asked.Users, u) && u != creator)
	}
	if wider {
		s.findings.add(finding{kind: kindContent, viewer: "the hub", where: "write " + what,
			what: fmt.Sprintf("visibility %+v made wider than the organisations %v and people %v asked", got, asked.Organisations, asked.Users)})
	}
}
