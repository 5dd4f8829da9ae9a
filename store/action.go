package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// ActionService implements ketenhub.ActionService.
type ActionService struct{ *base }

var _ ketenhub.ActionService = (*ActionService)(nil)

func errActionNotFound() error { return ketenhub.NotFound("action", "actie") }

// Page sizes.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// FindActions returns one page of the matching visible actions and how many match in all.
func (s *ActionService) FindActions(ctx context.Context, f ketenhub.ActionFilter) ([]*ketenhub.Action, int, error) {
	order, err := actionOrder(f.Sort, f.Descending)
	if err != nil {
		return nil, 0, err
	}
	var out []*ketenhub.Action
	var total int64
	err = s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, f.WorkspaceID)
		if err != nil {
			return err
		}
		q := s.filter(tx.Model(&actionRow{}), a, f)
		if err := q.Count(&total).Error; err != nil {
			return fmt.Errorf("count actions: %w", err)
		}
		var rows []actionRow
		if err := s.filter(tx.Model(&actionRow{}), a, f).Order(order).Offset(max(f.Offset, 0)).Limit(pageLimit(f.Limit)).Find(&rows).Error; err != nil {
			return fmt.Errorf("find actions: %w", err)
		}
		out, err = s.withVisibility(tx, a, rows)
		s.allowActions(a, out...)
		return err
	})
	return out, int(total), err
}

func pageLimit(n int) int {
	if n <= 0 {
		return defaultLimit
	}
	return min(n, maxLimit)
}

// filter selects the visible actions of the workspace that match f.
func (s *ActionService) filter(q *gorm.DB, a access, f ketenhub.ActionFilter) *gorm.DB {
	q = visible(q.Where("actions.workspace_id = ?", a.WorkspaceID), a.Sight, "actions", ketenhub.SubjectAction)
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			statuses[i] = string(st)
		}
		q = q.Where("status IN ?", statuses)
	}
	if f.OwnerOrganisationID != 0 {
		q = q.Where("owner_organisation_id = ?", f.OwnerOrganisationID)
	}
	if f.GoalID != 0 {
		q = q.Where("goal_id = ?", f.GoalID)
	}
	if f.DueBefore != nil {
		q = q.Where("due_date <= ?", *f.DueBefore)
	}
	if f.DueAfter != nil {
		q = q.Where("due_date >= ?", *f.DueAfter)
	}
	if f.Overdue {
		q = s.overdue(q)
	}
	return q
}

// overdue selects actions past their due date that still need work.
func (s *ActionService) overdue(q *gorm.DB) *gorm.DB {
	return q.Where("due_date < ? AND status NOT IN ?", s.today(), []string{string(ketenhub.StatusGereed), string(ketenhub.StatusVervallen)})
}

// actionOrder turns a sort field into an ORDER BY that is the same on both
// databases: NULL due dates last, statuses in workflow order, id to break ties.
func actionOrder(sort string, desc bool) (string, error) {
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	switch sort {
	case "", "due_date":
		return "CASE WHEN due_date IS NULL THEN 1 ELSE 0 END, due_date " + dir + ", id " + dir, nil
	case "title":
		return "LOWER(title) " + dir + ", id " + dir, nil
	case "status":
		var b strings.Builder
		b.WriteString("CASE status")
		for i, st := range ketenhub.ActionStatuses {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
		}
		b.WriteString(" ELSE 99 END " + dir + ", id " + dir)
		return b.String(), nil
	case "created_at", "updated_at":
		return sort + " " + dir + ", id " + dir, nil
	}
	return "", ketenhub.FieldError("sort", "Unknown sort field.", "Onbekend sorteerveld.")
}

// withVisibility turns rows into actions with their named organisations
// and the links to decisions the viewer may see, and records reads of
// restricted ones.
func (s *ActionService) withVisibility(tx *gorm.DB, a access, rows []actionRow) ([]*ketenhub.Action, error) {
	restricted, orgs, err := restrictedOrgs(tx, ketenhub.SubjectAction, rows)
	if err != nil {
		return nil, err
	}
	if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectAction, restricted); err != nil {
		return nil, err
	}
	out := make([]*ketenhub.Action, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(orgs[rows[i].ID])
	}
	return out, s.showDecisions(tx, a.Sight, out...)
}

// FindActionByID returns ENOTFOUND if absent or not visible.
func (s *ActionService) FindActionByID(ctx context.Context, id int64) (*ketenhub.Action, error) {
	var out *ketenhub.Action
	err := s.transact(ctx, func(tx *gorm.DB) error {
		act, a, err := s.findVisible(ctx, tx, id)
		if err != nil {
			return err
		}
		if act.Visibility.Restricted() {
			if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectAction, []int64{id}); err != nil {
				return err
			}
		}
		s.allowActions(a, act)
		out = act
		return nil
	})
	return out, err
}

// findVisible loads an action the viewer may see, as they may see it, with
// the viewer's access to its workspace. Whether they may see it is settled
// first, so that every write to a hidden action answers as to none at all.
func (s *ActionService) findVisible(ctx context.Context, tx *gorm.DB, id int64) (*ketenhub.Action, access, error) {
	act, err := findAction(tx, id)
	if err != nil {
		return nil, access{}, err
	}
	a, err := s.enterItems(ctx, tx, act.WorkspaceID)
	if err := hidden(err); err != nil {
		return nil, access{}, err
	}
	if err != nil || !a.Sight.Admits(act.Visibility) {
		return nil, access{}, errActionNotFound()
	}
	return act, a, s.showDecisions(tx, a.Sight, act)
}

func findAction(tx *gorm.DB, id int64) (*ketenhub.Action, error) {
	var row actionRow
	if err := tx.Take(&row, id).Error; isNotFound(err) {
		return nil, errActionNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find action: %w", err)
	}
	// Only a restricted action has organisations named: the others need
	// no second query (the write path reads an action twice).
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectAction, []actionRow{row})
	if err != nil {
		return nil, err
	}
	return row.domain(orgs[id]), nil
}

// CreateAction adds an action to a workspace's list.
func (s *ActionService) CreateAction(ctx context.Context, act *ketenhub.Action) error {
	if act.Status == "" {
		act.Status = ketenhub.StatusOpen
	}
	if act.Visibility.Scope == "" {
		act.Visibility.Scope = ketenhub.ScopeWorkspace
	}
	act.Title = strings.TrimSpace(act.Title)
	if err := act.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, act.WorkspaceID)
		if err != nil {
			return err
		}
		if act.OwnerOrganisationID == 0 {
			act.OwnerOrganisationID = a.OrganisationID
		}
		if !s.policy.CanEditAction(a.Viewer, a.Role, act.OwnerOrganisationID) {
			return ketenhub.Forbidden()
		}
		if err := s.checkReferencesAs(tx, a, act); err != nil {
			return err
		}
		if act.Visibility, err = checkVisibility(tx, act.WorkspaceID, act.Visibility, a.Viewer); err != nil {
			return err
		}
		if err := s.insertAction(tx, a, nil, act); err != nil {
			return err
		}
		s.allowActions(a, act)
		return nil
	})
}

// insertAction writes a checked new action and its event; meetingID names
// the meeting whose decision made it, if any, so that its board sees it.
func (b *base) insertAction(tx *gorm.DB, a access, meetingID *int64, act *ketenhub.Action) error {
	now := b.now()
	act.CreatedByUserID, act.CreatedByOrgID = a.UserID, a.OrganisationID
	act.Version, act.CreatedAt, act.UpdatedAt = 1, now, now
	row := rowOfAction(act)
	row.ID = 0
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("create action: %w", err)
	}
	act.ID = row.ID
	if err := insertVisibleOrgs(tx, ketenhub.SubjectAction, act.ID, act.Visibility); err != nil {
		return err
	}
	payload, err := b.actionForEvent(tx, act)
	if err != nil {
		return err
	}
	_, err = b.appendMeetingEvent(tx, a, meetingID, ketenhub.EventActionCreated, ketenhub.SubjectAction, act.ID, payload, act.Visibility, nil)
	return err
}

// checkReferences checks what an action points at in its workspace: its owner
// is a contributing member, its lead belongs to a member, its goal is the workspace's.
func (s *ActionService) checkReferences(tx *gorm.DB, act *ketenhub.Action) error {
	return s.checkReferencesAs(tx, access{}, act)
}

// checkReferencesAs is checkReferences for a caller whose access a to the
// workspace is known: when the owner is the caller's own organisation, its
// role is a.Role, read in this transaction, and is not read again.
func (s *ActionService) checkReferencesAs(tx *gorm.DB, a access, act *ketenhub.Action) error {
	role := a.Role
	if a.WorkspaceID == 0 || a.WorkspaceID != act.WorkspaceID || a.OrganisationID != act.OwnerOrganisationID {
		var err error
		if role, err = roleIn(tx, act.WorkspaceID, act.OwnerOrganisationID); err != nil {
			return err
		}
	}
	if role != ketenhub.RoleRegisseur && role != ketenhub.RolePartner {
		return ketenhub.FieldError("owner_organisation_id", "The owner must be a regisseur or partner of the workspace.", "De eigenaar moet regisseur of partner van de werkruimte zijn.")
	}
	if act.LeadUserID != nil {
		taking, err := takingPart(tx, act.WorkspaceID, []int64{*act.LeadUserID})
		if err != nil {
			return err
		}
		if len(taking) == 0 {
			return ketenhub.FieldError("lead_user_id", "The lead must take part in the workspace.", "De trekker moet deelnemen aan de werkruimte.")
		}
	}
	if act.GoalID != nil {
		var n int64
		if err := tx.Table("goals").Where("id = ? AND workspace_id = ?", *act.GoalID, act.WorkspaceID).Count(&n).Error; err != nil {
			return fmt.Errorf("check goal: %w", err)
		}
		if n == 0 {
			return ketenhub.FieldError("goal_id", "The goal is not one of this workspace.", "De doelstelling hoort niet bij deze werkruimte.")
		}
	}
	return nil
}

// UpdateAction changes an action; ECONFLICT with the current action on a stale version.
func (s *ActionService) UpdateAction(ctx context.Context, id int64, upd ketenhub.ActionUpdate) (*ketenhub.Action, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Action
	err := s.transact(ctx, func(tx *gorm.DB) error {
		act, a, err := s.findVisible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.policy.CanEditAction(a.Viewer, a.Role, act.OwnerOrganisationID) {
			return ketenhub.Forbidden()
		}
		if act.Version != upd.Version {
			s.allowActions(a, act)
			return ketenhub.StaleVersion(act)
		}
		before := act.Visibility
		next := *act
		applyActionUpdate(&next, upd)
		if err := s.checkUpdate(tx, a, act, &next, upd); err != nil {
			return err
		}
		next.UpdatedAt = s.now()
		row := rowOfAction(&next)
		res := tx.Model(&actionRow{}).Where("id = ? AND version = ?", id, upd.Version).Updates(map[string]any{
			"goal_id": row.GoalID, "title": row.Title, "description": row.Description, "owner_organisation_id": row.OwnerOrganisationID,
			"lead_user_id": row.LeadUserID, "status": row.Status, "due_date": row.DueDate, "count_target": row.CountTarget,
			"count_done": row.CountDone, "external_ref": row.ExternalRef, "visibility": row.Visibility,
			"version": gorm.Expr("version + 1"), "updated_at": row.UpdatedAt,
		})
		if res.Error != nil {
			return fmt.Errorf("update action: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return s.stale(tx, a, id)
		}
		// The named organisations change only with the visibility.
		if !sameVisibility(before, next.Visibility) {
			if err := setVisibleOrgs(tx, ketenhub.SubjectAction, id, next.Visibility); err != nil {
				return err
			}
		}
		if out, err = findAction(tx, id); err != nil {
			return err
		}
		var prev *ketenhub.Visibility
		if !sameVisibility(before, out.Visibility) {
			prev = &before
		}
		payload, err := s.actionForEvent(tx, out)
		if err != nil {
			return err
		}
		if _, err := s.appendEvent(tx, a, ketenhub.EventActionUpdated, ketenhub.SubjectAction, id, payload, out.Visibility, prev); err != nil {
			return err
		}
		s.allowActions(a, out)
		return s.showDecisions(tx, a.Sight, out)
	})
	return out, err
}

// stale reports a lost race for action id: ECONFLICT with the action as it is
// now, or ENOTFOUND when the winning write took it out of the viewer's sight
// (the conflict must not show them what they may no longer see).
func (s *ActionService) stale(tx *gorm.DB, a access, id int64) error {
	current, err := findAction(tx, id)
	if err != nil {
		return err
	}
	if !a.Sight.Admits(current.Visibility) {
		return errActionNotFound()
	}
	if err := s.showDecisions(tx, a.Sight, current); err != nil {
		return err
	}
	s.allowActions(a, current)
	return ketenhub.StaleVersion(current)
}

// checkUpdate validates a changed action: its fields, what it points at and
// who may own it; a partner cannot hand its action to another organisation.
func (s *ActionService) checkUpdate(tx *gorm.DB, a access, before, next *ketenhub.Action, upd ketenhub.ActionUpdate) error {
	if err := next.Validate(); err != nil {
		return err
	}
	if next.OwnerOrganisationID != before.OwnerOrganisationID && !s.policy.CanEditAction(a.Viewer, a.Role, next.OwnerOrganisationID) {
		return ketenhub.Forbidden()
	}
	if err := s.checkReferencesAs(tx, a, next); err != nil {
		return err
	}
	if upd.Visibility != nil {
		vis, err := checkVisibility(tx, next.WorkspaceID, *upd.Visibility, a.Viewer)
		if err != nil {
			return err
		}
		next.Visibility = vis
	}
	return nil
}

func applyActionUpdate(act *ketenhub.Action, upd ketenhub.ActionUpdate) {
	switch {
	case upd.ClearGoal:
		act.GoalID = nil
	case upd.GoalID != nil:
		act.GoalID = upd.GoalID
	}
	switch {
	case upd.ClearLead:
		act.LeadUserID = nil
	case upd.LeadUserID != nil:
		act.LeadUserID = upd.LeadUserID
	}
	switch {
	case upd.ClearDueDate:
		act.DueDate = nil
	case upd.DueDate != nil:
		act.DueDate = upd.DueDate
	}
	if upd.Title != nil {
		act.Title = strings.TrimSpace(*upd.Title)
	}
	if upd.Description != nil {
		act.Description = *upd.Description
	}
	if upd.OwnerOrganisationID != nil {
		act.OwnerOrganisationID = *upd.OwnerOrganisationID
	}
	if upd.Status != nil {
		act.Status = *upd.Status
	}
	if upd.CountTarget != nil {
		act.CountTarget = upd.CountTarget
	}
	if upd.CountDone != nil {
		act.CountDone = *upd.CountDone
	}
	if upd.ExternalRef != nil {
		act.ExternalRef = *upd.ExternalRef
	}
	if upd.Visibility != nil {
		act.Visibility = *upd.Visibility
	}
}

func sameVisibility(a, b ketenhub.Visibility) bool {
	if a.Scope != b.Scope || len(a.Organisations) != len(b.Organisations) {
		return false
	}
	for i := range a.Organisations {
		if a.Organisations[i] != b.Organisations[i] {
			return false
		}
	}
	return true
}

// SummarizeActions counts the visible actions of a workspace.
func (s *ActionService) SummarizeActions(ctx context.Context, workspaceID int64) (*ketenhub.ActionSummary, error) {
	sum := &ketenhub.ActionSummary{ByStatus: make(map[ketenhub.ActionStatus]int)}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		var rows []struct {
			Status string
			N      int
		}
		f := ketenhub.ActionFilter{WorkspaceID: workspaceID}
		if err := s.filter(tx.Table("actions"), a, f).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
			return fmt.Errorf("summarize actions: %w", err)
		}
		for _, st := range ketenhub.ActionStatuses {
			sum.ByStatus[st] = 0
		}
		for _, r := range rows {
			sum.ByStatus[ketenhub.ActionStatus(r.Status)] = r.N
			sum.Total += r.N
		}
		var overdue int64
		f.Overdue = true
		if err := s.filter(tx.Table("actions"), a, f).Count(&overdue).Error; err != nil {
			return fmt.Errorf("count overdue: %w", err)
		}
		sum.Overdue = int(overdue)
		return nil
	})
	return sum, err
}
