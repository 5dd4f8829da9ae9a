package oracle_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ketenhub/ketenhub"
)

// The scenario's writes, one step each, every one through the HTTP API as
// the user who would make it, recorded in the model as the hub answered.

// goal creates a goal of ws as its regisseur.
func (s *scenario) goal(ws *wsModel) *item {
	title, desc := s.token(), s.token()
	var g ketenhub.Goal
	var it *item
	s.change(func() {
		s.regisseur(ws).write(s.t, "POST", fmt.Sprintf("/api/v1/workspaces/%d/goals", ws.id),
			map[string]any{"title": text("Doel", title), "description": text("Toelichting", desc)}, http.StatusCreated, &g)
		it = s.m.addItem(ketenhub.SubjectGoal, g.ID, ws, map[string]string{"title": title, "description": desc}, nil)
		s.versions[it] = g.Version
	})
	return it
}

// regisseur is the browser of ws's (first) regisseur organisation.
func (s *scenario) regisseur(ws *wsModel) *browser {
	return s.browsers[s.orgsWith(ws, ketenhub.RoleRegisseur)[0]]
}

// action creates an action of ws owned by owner, as owner, with vis.
func (s *scenario) action(ws *wsModel, owner int64, vis *ketenhub.Visibility) *item {
	title, desc := s.token(), s.token()
	var a ketenhub.Action
	var it *item
	s.change(func() {
		s.browsers[owner].write(s.t, "POST", fmt.Sprintf("/api/v1/workspaces/%d/actions", ws.id), map[string]any{
			"title": text("Actie", title), "description": text("Omschrijving", desc), "owner_organisation_id": owner, "visibility": vis,
		}, http.StatusCreated, &a)
		s.checkWidened(fmt.Sprintf("action %d", a.ID), vis, a.Visibility, s.browsers[owner].user.ID, creatorOrg(vis, owner)...)
		it = s.m.addItem(ketenhub.SubjectAction, a.ID, ws, map[string]string{"title": title, "description": desc}, &a.Visibility)
		s.versions[it], s.owners[it] = a.Version, owner
		s.freezeIfPeopleOnly(it, owner)
	})
	return it
}

// creatorOrg is the creating organisation when vis names no people: the
// hub adds it then, and only then.
func creatorOrg(vis *ketenhub.Visibility, org int64) []int64 {
	if vis != nil && len(vis.Users) > 0 {
		return nil
	}
	return []int64{org}
}

// updateAction changes an action as its owner: a new title, and the
// visibility when vis is not nil.
func (s *scenario) updateAction(it *item, vis *ketenhub.Visibility) {
	title := s.token()
	body := map[string]any{"title": text("Actie", title), "version": s.versions[it]}
	if vis != nil {
		body["visibility"] = vis
	}
	var a ketenhub.Action
	s.change(func() {
		s.browsers[s.owners[it]].write(s.t, "PATCH", fmt.Sprintf("/api/v1/actions/%d", it.id), body, http.StatusOK, &a)
		s.m.write(it, map[string]string{"title": title})
		if vis != nil {
			s.checkWidened(it.String(), vis, a.Visibility, s.browsers[s.owners[it]].user.ID, creatorOrg(vis, s.owners[it])...)
			s.m.restrict(it, a.Visibility)
		}
		s.versions[it] = a.Version
	})
}

// comment comments on an action as org, with vis (nil: the action's).
func (s *scenario) comment(act *item, org int64, vis *ketenhub.Visibility) *item {
	body := s.token()
	var c ketenhub.Comment
	var it *item
	s.change(func() {
		in := map[string]any{"body": text("Reactie", body)}
		if vis != nil {
			in["visibility"] = vis
		}
		s.browsers[org].write(s.t, "POST", fmt.Sprintf("/api/v1/actions/%d/comments", act.id), in, http.StatusCreated, &c)
		s.checkWidened(fmt.Sprintf("comment %d", c.ID), vis, c.Visibility, s.browsers[org].user.ID, creatorOrg(vis, org)...)
		it = s.m.addItem(ketenhub.SubjectComment, c.ID, act.ws, map[string]string{"body": body}, &c.Visibility)
		it.parent = act
	})
	return it
}

// meeting plans a meeting of ws, days from now, as its regisseur.
func (s *scenario) meeting(ws *wsModel, kind ketenhub.MeetingKind, days int) *item {
	title, location := s.token(), s.token()
	var m ketenhub.Meeting
	var it *item
	s.change(func() {
		s.regisseur(ws).write(s.t, "POST", fmt.Sprintf("/api/v1/workspaces/%d/meetings", ws.id), map[string]any{
			"kind": kind, "title": text("Overleg", title), "location": text("Zaal", location), "duration_minutes": 90,
			"starts_at": time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Format(time.RFC3339),
		}, http.StatusCreated, &m)
		it = s.m.addItem(ketenhub.SubjectMeeting, m.ID, ws, map[string]string{"title": title, "location": location}, nil)
		s.versions[it] = m.Version
	})
	return it
}

// rename gives a goal or a meeting, at path (with its id), a new title.
func (s *scenario) rename(it *item, path, label string) {
	title := s.token()
	var out struct {
		Version int64 `json:"version"`
	}
	s.change(func() {
		s.regisseur(it.ws).write(s.t, "PATCH", fmt.Sprintf(path, it.id),
			map[string]any{"title": text(label, title), "version": s.versions[it]}, http.StatusOK, &out)
		s.m.write(it, map[string]string{"title": title})
		s.versions[it] = out.Version
	})
}

// transition moves a meeting to state as its regisseur.
func (s *scenario) transition(it *item, state ketenhub.MeetingState) *ketenhub.Meeting {
	var m ketenhub.Meeting
	s.change(func() {
		s.regisseur(it.ws).write(s.t, "POST", fmt.Sprintf("/api/v1/meetings/%d/transition", it.id),
			map[string]any{"state": state, "version": s.versions[it]}, http.StatusOK, &m)
		s.versions[it] = m.Version
	})
	return &m
}

// live runs one step of a live meeting as its regisseur.
func (s *scenario) live(it *item, cmd map[string]any) *ketenhub.Meeting {
	var m ketenhub.Meeting
	s.change(func() {
		cmd["version"] = s.versions[it]
		s.regisseur(it.ws).write(s.t, "POST", fmt.Sprintf("/api/v1/meetings/%d/live", it.id), cmd, http.StatusOK, &m)
		s.versions[it] = m.Version
		s.refreshAgenda(it)
	})
	return &m
}

// refreshAgenda records what a live step did to the items of a meeting (a
// discussed item is marked so), as its regisseur reads them.
func (s *scenario) refreshAgenda(meeting *item) {
	var agenda struct{ Items []*ketenhub.AgendaItem }
	s.regisseur(meeting.ws).write(s.t, "GET", fmt.Sprintf("/api/v1/meetings/%d/agenda", meeting.id), nil, http.StatusOK, &agenda)
	for _, a := range agenda.Items {
		it := s.m.find(ketenhub.SubjectAgendaItem, a.ID)
		if it == nil || a.Hidden {
			continue
		}
		if s.versions[it] != a.Version {
			s.m.setState(it, a.State)
			s.versions[it] = a.Version
		}
	}
}

// propose puts an item on a meeting's agenda as org, with vis: a partner's
// is a proposal, a regisseur's is accepted at once. A restricted item
// always names the regisseurs and the proposing organisation, also when it
// names people (store/agenda.go, itemVisibility).
func (s *scenario) propose(meeting *item, org int64, vis *ketenhub.Visibility) *item {
	title, notes := s.token(), s.token()
	var a ketenhub.AgendaItem
	var it *item
	s.change(func() {
		s.browsers[org].write(s.t, "POST", fmt.Sprintf("/api/v1/meetings/%d/agenda", meeting.id), map[string]any{
			"title": text("Agendapunt", title), "notes": text("Notitie", notes), "visibility": vis, "minutes_planned": 10,
		}, http.StatusCreated, &a)
		s.checkWidened(fmt.Sprintf("agenda item %d", a.ID), vis, a.Visibility, s.browsers[org].user.ID, append(s.orgsWith(meeting.ws, ketenhub.RoleRegisseur), org)...)
		it = s.addAgendaItem(meeting.ws, &a, map[string]string{"title": title, "notes": notes})
	})
	return it
}

func (s *scenario) addAgendaItem(ws *wsModel, a *ketenhub.AgendaItem, fields map[string]string) *item {
	it := s.m.addItem(ketenhub.SubjectAgendaItem, a.ID, ws, fields, &a.Visibility)
	s.m.setState(it, a.State)
	s.versions[it] = a.Version
	return it
}

// updateItem changes an agenda item as the regisseur: its state, its
// visibility and, with retitle, its title and notes.
func (s *scenario) updateItem(it *item, state ketenhub.AgendaItemState, vis *ketenhub.Visibility, retitle bool) {
	body := map[string]any{"version": s.versions[it]}
	fields := map[string]string{}
	if state != "" {
		body["state"] = state
	}
	if vis != nil {
		body["visibility"] = vis
	}
	if retitle {
		fields["title"], fields["notes"] = s.token(), s.token()
		body["title"], body["notes"] = text("Agendapunt", fields["title"]), text("Notitie", fields["notes"])
	}
	var a ketenhub.AgendaItem
	s.change(func() {
		s.regisseur(it.ws).write(s.t, "PATCH", fmt.Sprintf("/api/v1/agenda-items/%d", it.id), body, http.StatusOK, &a)
		if retitle {
			s.m.write(it, fields)
		}
		if vis != nil {
			s.checkWidened(it.String(), vis, a.Visibility, s.regisseur(it.ws).user.ID, s.orgsWith(it.ws, ketenhub.RoleRegisseur)...)
			s.m.restrict(it, a.Visibility)
		}
		s.m.setState(it, a.State)
		s.versions[it] = a.Version
	})
}

// escalate puts an action forward to the driehoek as its owner. Without a
// title the hub may take one from the action; if it asks for one, the
// escalation is made with one.
func (s *scenario) escalate(act *item, withTitle bool) *item {
	var it *item
	s.change(func() {
		b := s.browsers[s.owners[act]]
		path := fmt.Sprintf("/api/v1/actions/%d/escalate", act.id)
		body := map[string]any{"target_workspace_id": s.driehoek.id, "kind": ketenhub.ItemBesluitvormend}
		// The question is the agenda item's notes; without a title of its
		// own the item is titled after the action where everyone who will
		// read it may see the action, and after the question otherwise.
		fields := map[string]string{"notes": s.token()}
		body["question"] = text("Vraag aan de driehoek", fields["notes"])
		if !withTitle {
			r, err := b.do("POST", path, body)
			if err != nil {
				s.t.Fatal(err)
			}
			it = s.escalated(r, act, fields)
			return
		}
		fields["title"] = s.token()
		body["title"] = text("Voorgelegd", fields["title"])
		r, err := b.do("POST", path, body)
		if err != nil {
			s.t.Fatal(err)
		}
		it = s.escalated(r, act, fields)
	})
	return it
}

// escalated records the agenda item an escalation made.
func (s *scenario) escalated(r *response, act *item, fields map[string]string) *item {
	if r.status != http.StatusCreated {
		s.t.Fatalf("escalate %s: %s", act, r)
	}
	var a ketenhub.AgendaItem
	decode(s.t, r, &a)
	act.escalated = true
	return s.addAgendaItem(s.driehoek, &a, fields)
}

// escalateTopic puts a topic of a theme forward to the driehoek as the
// theme's regisseur.
func (s *scenario) escalateTopic(theme *wsModel) *item {
	title, notes := s.token(), s.token()
	var a ketenhub.AgendaItem
	var it *item
	s.change(func() {
		s.regisseur(theme).write(s.t, "POST", fmt.Sprintf("/api/v1/workspaces/%d/escalate", theme.id), map[string]any{
			"target_workspace_id": s.driehoek.id, "title": text("Signaal", title), "question": text("Toelichting", notes),
		}, http.StatusCreated, &a)
		it = s.addAgendaItem(s.driehoek, &a, map[string]string{"title": title, "notes": notes})
	})
	return it
}

// decide records a decision on the live meeting's current item.
func (s *scenario) decide(meeting, on *item) *item {
	textToken := s.token()
	var d ketenhub.Decision
	var it *item
	s.change(func() {
		s.regisseur(meeting.ws).write(s.t, "POST", fmt.Sprintf("/api/v1/meetings/%d/decisions", meeting.id),
			map[string]any{"text": text("Besluit", textToken), "agenda_item_id": on.id}, http.StatusCreated, &d)
		it = s.m.addItem(ketenhub.SubjectDecision, d.ID, meeting.ws, map[string]string{"text": textToken}, nil)
		it.parent = on
		s.versions[it] = d.Version
	})
	return it
}

// redecide changes a decision's text.
func (s *scenario) redecide(it *item) {
	textToken := s.token()
	var d ketenhub.Decision
	s.change(func() {
		s.regisseur(it.ws).write(s.t, "PATCH", fmt.Sprintf("/api/v1/decisions/%d", it.id),
			map[string]any{"text": text("Besluit", textToken), "version": s.versions[it]}, http.StatusOK, &d)
		s.m.write(it, map[string]string{"text": textToken})
		s.versions[it] = d.Version
	})
}

// decisionAction makes an action from a decision, owned by owner, with
// the decision's visibility.
func (s *scenario) decisionAction(d *item, owner int64) *item {
	title, desc := s.token(), s.token()
	var a ketenhub.Action
	var it *item
	s.change(func() {
		s.regisseur(d.ws).write(s.t, "POST", fmt.Sprintf("/api/v1/decisions/%d/actions", d.id), map[string]any{
			"title": text("Uitvoering", title), "description": text("Omschrijving", desc), "owner_organisation_id": owner,
		}, http.StatusCreated, &a)
		it = s.m.addItem(ketenhub.SubjectAction, a.ID, d.ws, map[string]string{"title": title, "description": desc}, &a.Visibility)
		s.versions[it], s.owners[it] = a.Version, owner
	})
	return it
}

// sentinel changes every workspace once more, an event every member
// receives, so that the oracle knows when the live part has arrived.
func (s *scenario) sentinel() map[int64]int64 {
	out := map[int64]int64{}
	s.change(func() {
		for _, ws := range s.m.workspaces {
			var w ketenhub.Workspace
			s.beheerder.write(s.t, "GET", fmt.Sprintf("/api/v1/workspaces/%d", ws.id), nil, http.StatusOK, &w)
			s.beheerder.write(s.t, "PATCH", fmt.Sprintf("/api/v1/workspaces/%d", ws.id),
				map[string]any{"description": "Bijgewerkt", "version": w.Version}, http.StatusOK, &w)
			out[ws.id] = s.h.lastSeq(s.t, ws.id)
		}
	})
	return out
}
