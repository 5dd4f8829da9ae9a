package oracle_test

import (
	"slices"

	"github.com/ketenhub/ketenhub"
)

// The scenario's plan: random where it can be, but every leak the oracle
// exists for has at least one chance to show.

// open is the whole workspace.
var open = &ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}

// only is a visibility for exactly the organisations named.
func only(orgs ...int64) *ketenhub.Visibility {
	return &ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
}

// phaseOne writes the history that later readers find: items of every kind
// in every workspace, some renamed, restricted or opened afterwards, the
// meetings' agendas, and escalations into the driehoek.
func (s *scenario) phaseOne() {
	for _, ws := range append([]*wsModel{s.driehoek}, s.themes...) {
		s.fill(ws)
	}
	theme := s.themes[0]
	partner := s.orgsWith(theme, ketenhub.RolePartner)[0]
	// Seen by all, then restricted; restricted, then opened to all.
	s.updateAction(s.action(theme, partner, open), only(partner))
	s.updateAction(s.action(theme, partner, only(partner)), open)

	for i, ws := range s.themes {
		m := s.meeting(ws, ketenhub.MeetingProgrammaoverleg, 3+i)
		s.themeMeets = append(s.themeMeets, m)
		s.transition(m, ketenhub.MeetingAgendaOpen)
		s.agenda(m)
	}
	s.next = s.meeting(s.driehoek, ketenhub.MeetingDriehoek, 7)
	s.later = s.meeting(s.driehoek, ketenhub.MeetingDriehoek, 21)
	s.transition(s.next, ketenhub.MeetingAgendaOpen)
	o := s.orgs
	// The gemeente's own items are accepted at once: one for all, one for
	// the gemeente and the OM only.
	s.propose(s.next, o["gemeente"], open)
	s.propose(s.next, o["gemeente"], only(o["om"]))
	s.agenda(s.next)
	// A partner's action for itself only, put forward without a title (the
	// hub must not copy it where others read), an open one with a title,
	// and a topic of the theme.
	secret := s.action(theme, partner, only(partner))
	s.updateItem(s.escalate(secret, false), ketenhub.ItemAccepted, nil, false)
	s.escalate(s.action(theme, pick(s.rng, s.contributors(theme)), open), true)
	s.escalateTopic(theme)
}

// fill gives a workspace goals, actions with random owners and
// visibilities, comments, and a renamed action and goal.
func (s *scenario) fill(ws *wsModel) {
	var goals, actions []*item
	for range 1 + s.rng.IntN(2) {
		goals = append(goals, s.goal(ws))
	}
	for range 2 + s.rng.IntN(3) {
		owner := pick(s.rng, s.contributors(ws))
		actions = append(actions, s.action(ws, owner, s.randomVisibility(ws, owner)))
	}
	for range 1 + s.rng.IntN(3) {
		s.randomComment(pick(s.rng, actions))
	}
	if open := s.changeable(actions); len(open) > 0 {
		s.updateAction(pick(s.rng, open), nil)
	}
	s.rename(pick(s.rng, goals), "/api/v1/goals/%d", "Doel")
}

// randomComment comments on act as a contributor who sees it, with the
// action's visibility, the whole workspace's, a restricted one, or one
// naming a person.
func (s *scenario) randomComment(act *item) {
	if s.frozen[act] {
		return
	}
	var who []int64
	for _, org := range s.contributors(act.ws) {
		if act.sees(s.writer(org), s.m.now) {
			who = append(who, org)
		}
	}
	if len(who) == 0 {
		return
	}
	org := pick(s.rng, who)
	vis := act.visAt(s.m.now)
	switch s.rng.IntN(4) {
	case 0:
		s.comment(act, org, nil)
	case 1:
		// The action's visibility, but of the people it names only those
		// who still take part: naming others is refused.
		vis.Users = slices.DeleteFunc(slices.Clone(vis.Users), func(id int64) bool { return !act.ws.takesPart(s.personByID(id), s.m.now) })
		if vis.Restricted() && len(vis.Organisations) == 0 && len(vis.Users) == 0 {
			s.comment(act, org, nil)
		} else {
			s.comment(act, org, &vis)
		}
	case 2:
		// A comment may be seen by no more than its action.
		narrower := s.restrictedTo(act.ws, org)
		narrower.Organisations = slices.DeleteFunc(narrower.Organisations, func(o int64) bool { return o != org && !admitsOrg(vis, o) })
		s.comment(act, org, narrower)
	default:
		s.comment(act, org, s.commentForPerson(act, org))
	}
}

// commentForPerson names one person who sees act besides the writer of
// org (who is added as its author), other than a writer; org's alone if
// there is none.
func (s *scenario) commentForPerson(act *item, org int64) *ketenhub.Visibility {
	var who []*person
	for _, o := range s.members(act.ws) {
		for _, p := range s.people[o][1:] {
			if act.sees(p, s.m.now) {
				who = append(who, p)
			}
		}
	}
	if len(who) == 0 {
		return only(org)
	}
	return &ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Users: []int64{pick(s.rng, who).id}}
}

// agenda has partners propose items with random visibilities; the
// regisseur accepts some, rejects one and leaves the rest proposed.
func (s *scenario) agenda(m *item) {
	var proposals []*item
	for _, org := range s.orgsWith(m.ws, ketenhub.RolePartner) {
		if s.rng.IntN(3) > 0 {
			proposals = append(proposals, s.propose(m, org, s.randomVisibility(m.ws, org)))
		}
	}
	for i, it := range proposals {
		switch {
		case i == 0:
			s.updateItem(it, ketenhub.ItemRejected, nil, false)
		case s.rng.IntN(3) > 0:
			s.updateItem(it, ketenhub.ItemAccepted, nil, s.rng.IntN(2) == 0)
		}
	}
}

// phaseTwo makes the changes the viewers follow live: new and changed
// items, visibilities narrowed and widened, the driehoek meeting run with
// decisions and actions from them, a late escalation, and an organisation
// leaving a theme.
func (s *scenario) phaseTwo() {
	theme := s.themes[0]
	latest := s.action(theme, s.late, s.randomVisibility(theme, s.late))
	s.randomComment(latest)
	partner := s.orgsWith(theme, ketenhub.RolePartner)[0]
	s.updateAction(s.action(theme, partner, open), only(partner))
	s.updateAction(s.action(theme, partner, only(partner)), open)
	s.changeAdmissions()
	for _, ws := range s.themes {
		acts := s.changeable(s.itemsOf(ws, ketenhub.SubjectAction))
		s.updateAction(pick(s.rng, acts), nil)
		s.randomComment(pick(s.rng, acts))
		s.action(ws, s.orgsWith(ws, ketenhub.RoleRegisseur)[0], s.peopleVisibility(ws, s.orgsWith(ws, ketenhub.RoleRegisseur)[0]))
	}
	s.rename(pick(s.rng, s.itemsOf(theme, ketenhub.SubjectGoal)), "/api/v1/goals/%d", "Doel")
	s.rename(s.themeMeets[0], "/api/v1/meetings/%d", "Overleg")
	s.runDriehoek()
	others := slices.DeleteFunc(s.orgsWith(s.themes[1], ketenhub.RolePartner), func(org int64) bool { return org == s.gone })
	second := pick(s.rng, others)
	s.escalate(s.action(s.themes[1], second, only(second)), false)
	s.removeMember(s.themes[1], s.gone)
}

// runDriehoek fixes the driehoek's agenda and runs the meeting: a decision
// on an open item with an action from it, then the item restricted (the
// action must no longer name the decision to those who lost it), a decision
// on a restricted item, and one restricted item opened.
func (s *scenario) runDriehoek() {
	m := s.next
	s.transition(m, ketenhub.MeetingAgendaFixed)
	s.transition(m, ketenhub.MeetingLive)
	s.attend(m)
	var opened, closed []*item
	for _, it := range s.itemsOf(s.driehoek, ketenhub.SubjectAgendaItem) {
		if it.onAgenda(s.m.now) && it.visAt(s.m.now).Restricted() {
			closed = append(closed, it)
		} else if it.onAgenda(s.m.now) {
			opened = append(opened, it)
		}
	}
	// No follow-up action is made from an item restricted to people: the
	// decision to act on is one restricted to organisations.
	slices.SortStableFunc(closed, func(a, b *item) int { return len(a.visAt(s.m.now).Users) - len(b.visAt(s.m.now).Users) })
	pub, secret := opened[0], closed[0]
	d := s.decide(m, pub)
	s.decisionAction(d, s.orgs["politie"])
	s.redecide(d)
	s.decisionAction(s.decide(m, secret), s.orgs["om"])
	s.live(m, map[string]any{"move": ketenhub.MoveNext})
	s.updateItem(pub, "", only(s.orgs["om"]), false)
	if len(closed) > 1 {
		s.updateItem(closed[1], "", open, true)
	}
	s.live(m, map[string]any{"move": ketenhub.MoveNext})
}

// itemsOf lists the model's items of a kind in ws.
func (s *scenario) itemsOf(ws *wsModel, kind ketenhub.SubjectType) []*item {
	return slices.DeleteFunc(s.m.byKind(kind), func(it *item) bool { return it.ws != ws })
}
