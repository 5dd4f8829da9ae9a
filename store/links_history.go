package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// The subjects an event names besides its own. An event is encoded once per
// visibility class, so its payload cannot be redacted per reader; a link in
// it is judged when the event is written (links.go), and, because a linked
// subject may be restricted later, the event is kept from whoever may no
// longer see everything it names (the history rule: Sight.AdmitsEvent over
// Event.Current).

// linkFields are the payload fields that name another subject.
var linkFields = map[string]ketenhub.SubjectType{
	"decision_id":         ketenhub.SubjectDecision,
	"source_action_id":    ketenhub.SubjectAction,
	"source_workspace_id": ketenhub.SubjectWorkspace,
	"action_ids":          ketenhub.SubjectAction,
}

// linksOf returns the subjects the payload names in its link fields.
func linksOf(eventID int64, payload []byte) []eventLinkRow {
	var fields map[string]json.RawMessage
	if json.Unmarshal(payload, &fields) != nil {
		return nil // not an object: it names nothing
	}
	var out []eventLinkRow
	seen := map[eventLinkRow]bool{}
	for name, subject := range linkFields {
		var ids []int64
		var one int64
		if json.Unmarshal(fields[name], &one) == nil && one != 0 {
			ids = []int64{one}
		} else {
			_ = json.Unmarshal(fields[name], &ids) // absent, null or a list
		}
		for _, id := range ids {
			l := eventLinkRow{EventID: eventID, SubjectType: string(subject), SubjectID: id}
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// insertLinks records the subjects an appended event names.
func insertLinks(tx *gorm.DB, eventID int64, payload []byte) error {
	links := linksOf(eventID, payload)
	if len(links) == 0 {
		return nil
	}
	if err := tx.Create(&links).Error; err != nil {
		return fmt.Errorf("record event links: %w", err)
	}
	return nil
}

// linkedSQL is the part of the history rule for linked subjects as SQL:
// every subject the event names is one the viewer may see now, as a person
// taking part in the subject's workspace (their organisation a member that
// admits them; their groups are read from user_groups).
func linkedSQL(s ketenhub.Sight) (string, []any) {
	member := func(ws string) string { return sightTakesPartSQL(ws, s) }
	var conds []string
	var args []any
	for _, c := range []struct {
		subject ketenhub.SubjectType
		table   string
	}{{ketenhub.SubjectAction, "actions"}, {ketenhub.SubjectDecision, "decisions"}} {
		admits, a := admitsSQL(s, "cur", c.subject)
		conds = append(conds, fmt.Sprintf(`NOT EXISTS (SELECT 1 FROM event_links l JOIN %s cur ON cur.id = l.subject_id
WHERE l.event_id = events.id AND l.subject_type = ? AND NOT (%s AND %s))`, c.table, admits, member("cur.workspace_id")))
		args = append(append(args, string(c.subject)), a...)
	}
	conds = append(conds, fmt.Sprintf(`NOT EXISTS (SELECT 1 FROM event_links l WHERE l.event_id = events.id AND l.subject_type = ? AND NOT %s)`, member("l.subject_id")))
	args = append(args, string(ketenhub.SubjectWorkspace))
	cond := conds[0]
	for _, c := range conds[1:] {
		cond += " AND " + c
	}
	return cond, args
}

// linkedVisibilities adds to each event's Current the visibility of every
// subject it links to, as seen from the event's workspace: the people who
// may see it now, as people taking part in the subject's workspace that
// the subject's own visibility admits, written as a restricted visibility
// (organisations that admit all their people, and the people admitted by
// the others).
func linkedVisibilities(tx *gorm.DB, evs []*ketenhub.Event) error {
	if len(evs) == 0 {
		return nil
	}
	byID := make(map[int64]*ketenhub.Event, len(evs))
	ids := make([]int64, 0, len(evs))
	for _, ev := range evs {
		byID[ev.ID] = ev
		ids = append(ids, ev.ID)
	}
	var links []eventLinkRow
	if err := tx.Where("event_id IN ?", ids).Find(&links).Error; err != nil {
		return fmt.Errorf("find event links: %w", err)
	}
	if len(links) == 0 {
		return nil
	}
	audience, err := linkAudiences(tx, links)
	if err != nil {
		return err
	}
	for _, l := range links {
		vis := audience[linkKey{l.SubjectType, l.SubjectID}]
		vis.Scope = ketenhub.ScopeRestricted
		byID[l.EventID].Current = append(byID[l.EventID].Current, vis)
	}
	return nil
}

type linkKey struct {
	subject string
	id      int64
}

// linkAudiences returns, per linked subject, who may see it now (nobody for
// a subject that no longer exists).
func linkAudiences(tx *gorm.DB, links []eventLinkRow) (map[linkKey]ketenhub.Visibility, error) {
	wanted := map[string][]int64{}
	for _, l := range links {
		wanted[l.SubjectType] = append(wanted[l.SubjectType], l.SubjectID)
	}
	out := map[linkKey]ketenhub.Visibility{}
	partOf := map[int64]*participants{} // per workspace, read once
	for subject, ids := range wanted {
		rows, err := linkedRows(tx, ketenhub.SubjectType(subject), ids)
		if err != nil {
			return nil, err
		}
		named, err := visibleOrgs(tx, ketenhub.SubjectType(subject), ids)
		if err != nil {
			return nil, err
		}
		var users []int64
		for _, n := range named {
			users = append(users, n.Users...)
		}
		orgOf, err := organisationsOf(tx, users)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			p, ok := partOf[r.WorkspaceID]
			if !ok {
				if p, err = participantsOf(tx, r.WorkspaceID); err != nil {
					return nil, err
				}
				partOf[r.WorkspaceID] = p
			}
			out[linkKey{subject, r.ID}] = p.admittedBy(visibilityOf(r.Visibility, named[r.ID]), orgOf)
		}
	}
	return out, nil
}

// participants are who take part in a workspace: the member organisations
// that admit all their people, and per other member organisation the
// people it admits.
type participants struct {
	open   []int64
	people map[int64][]int64 // organisation: its admitted people
}

// participantsOf reads who take part in a workspace.
func participantsOf(tx *gorm.DB, workspaceID int64) (*participants, error) {
	members, err := memberOrgs(tx, workspaceID)
	if err != nil {
		return nil, err
	}
	p := &participants{people: map[int64][]int64{}}
	var closed []int64
	for _, org := range members {
		adm, err := admissionOf(tx, workspaceID, org)
		if err != nil {
			return nil, err
		}
		if adm.Open {
			p.open = append(p.open, org)
		} else {
			closed = append(closed, org)
		}
	}
	if len(closed) == 0 {
		return p, nil
	}
	var rows []struct{ ID, OrganisationID int64 }
	err = tx.Raw("SELECT u.id, u.organisation_id FROM users u WHERE u.organisation_id IN ? AND "+userTakesPartSQL(workspaceID)+" ORDER BY u.id",
		closed).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find admitted people: %w", err)
	}
	for _, r := range rows {
		p.people[r.OrganisationID] = append(p.people[r.OrganisationID], r.ID)
	}
	return p, nil
}

// admittedBy returns who of the participants an item with visibility vis
// admits, as organisations and people (without a scope); orgOf gives the
// organisation of each person the item names.
func (p *participants) admittedBy(vis ketenhub.Visibility, orgOf map[int64]int64) ketenhub.Visibility {
	var out ketenhub.Visibility
	whole := vis.Scope == ketenhub.ScopeWorkspace
	restricted := vis.Scope == ketenhub.ScopeRestricted
	for _, org := range p.open {
		if whole || (restricted && vis.Includes(org)) {
			out.Organisations = append(out.Organisations, org)
		}
	}
	for org, people := range p.people {
		for _, u := range people {
			if whole || (restricted && (vis.Includes(org) || vis.IncludesUser(u))) {
				out.Users = append(out.Users, u)
			}
		}
	}
	if restricted {
		// People named by the item whose organisation admits everyone.
		for _, u := range vis.Users {
			if slices.Contains(p.open, orgOf[u]) {
				out.Users = append(out.Users, u)
			}
		}
	}
	return out
}

// linkedRow is a linked subject's workspace and visibility.
type linkedRow struct {
	ID, WorkspaceID int64
	Visibility      string
}

func linkedRows(tx *gorm.DB, subject ketenhub.SubjectType, ids []int64) ([]linkedRow, error) {
	var rows []linkedRow
	var err error
	switch subject {
	case ketenhub.SubjectAction:
		err = tx.Table("actions").Select("id, workspace_id, visibility").Where("id IN ?", ids).Scan(&rows).Error
	case ketenhub.SubjectDecision:
		err = tx.Table("decisions").Select("id, workspace_id, visibility").Where("id IN ?", ids).Scan(&rows).Error
	case ketenhub.SubjectWorkspace:
		err = tx.Table("workspaces").Select("id, id AS workspace_id, ? AS visibility", string(ketenhub.ScopeWorkspace)).Where("id IN ?", ids).Scan(&rows).Error
	}
	if err != nil {
		return nil, fmt.Errorf("find linked %s: %w", subject, err)
	}
	return rows, nil
}

// memberOrgs returns the organisations with a valid role in a workspace.
func memberOrgs(tx *gorm.DB, workspaceID int64) ([]int64, error) {
	var orgs []int64
	err := tx.Table("memberships").Where("workspace_id = ? AND role IN ?", workspaceID,
		validRoles).Order("organisation_id").Pluck("organisation_id", &orgs).Error
	if err != nil {
		return nil, fmt.Errorf("find members: %w", err)
	}
	return orgs, nil
}
