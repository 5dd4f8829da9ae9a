package store

import (
	"encoding/json"
	"fmt"

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
// every subject the event names is one the viewer's organisation may see
// now, as a member of the subject's workspace.
func linkedSQL(s ketenhub.Sight) (string, []any) {
	member := `EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = %s AND m.organisation_id = ? AND m.role IN (?, ?, ?))`
	roles := []any{s.Organisation, ketenhub.RoleRegisseur, ketenhub.RolePartner, ketenhub.RoleMeelezer}
	var conds []string
	var args []any
	for _, c := range []struct {
		subject ketenhub.SubjectType
		table   string
	}{{ketenhub.SubjectAction, "actions"}, {ketenhub.SubjectDecision, "decisions"}} {
		admits, a := admitsSQL(s, "cur", c.subject)
		conds = append(conds, fmt.Sprintf(`NOT EXISTS (SELECT 1 FROM event_links l JOIN %s cur ON cur.id = l.subject_id
WHERE l.event_id = events.id AND l.subject_type = ? AND NOT (%s AND `+member+`))`, c.table, admits, "cur.workspace_id"))
		args = append(append(append(args, string(c.subject)), a...), roles...)
	}
	conds = append(conds, fmt.Sprintf(`NOT EXISTS (SELECT 1 FROM event_links l WHERE l.event_id = events.id AND l.subject_type = ? AND NOT `+member+`)`, "l.subject_id"))
	args = append(append(args, string(ketenhub.SubjectWorkspace)), roles...)
	cond := conds[0]
	for _, c := range conds[1:] {
		cond += " AND " + c
	}
	return cond, args
}

// linkedVisibilities adds to each event's Current the visibility of every
// subject it links to, as seen from the event's workspace: restricted to the
// member organisations of the subject's workspace that the subject's own
// visibility admits (a workspace: all its members).
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
		vis := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: audience[linkKey{l.SubjectType, l.SubjectID}]}
		byID[l.EventID].Current = append(byID[l.EventID].Current, vis)
	}
	return nil
}

type linkKey struct {
	subject string
	id      int64
}

// linkAudiences returns, per linked subject, the organisations that may see
// it now (none for a subject that no longer exists).
func linkAudiences(tx *gorm.DB, links []eventLinkRow) (map[linkKey][]int64, error) {
	wanted := map[string][]int64{}
	for _, l := range links {
		wanted[l.SubjectType] = append(wanted[l.SubjectType], l.SubjectID)
	}
	out := map[linkKey][]int64{}
	membersOf := map[int64][]int64{} // per workspace, read once
	for subject, ids := range wanted {
		rows, err := linkedRows(tx, ketenhub.SubjectType(subject), ids)
		if err != nil {
			return nil, err
		}
		orgs, err := visibleOrgs(tx, ketenhub.SubjectType(subject), ids)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			members, ok := membersOf[r.WorkspaceID]
			if !ok {
				if members, err = memberOrgs(tx, r.WorkspaceID); err != nil {
					return nil, err
				}
				membersOf[r.WorkspaceID] = members
			}
			vis := visibilityOf(r.Visibility, orgs[r.ID])
			for _, org := range members {
				if vis.Scope == ketenhub.ScopeWorkspace || (vis.Scope == ketenhub.ScopeRestricted && vis.Includes(org)) {
					out[linkKey{subject, r.ID}] = append(out[linkKey{subject, r.ID}], org)
				}
			}
		}
	}
	return out, nil
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
