package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// WorkspaceService implements ketenhub.WorkspaceService.
type WorkspaceService struct{ *base }

var _ ketenhub.WorkspaceService = (*WorkspaceService)(nil)

// FindWorkspaces returns the workspaces the viewer takes part in (all of
// them for a beheerder; for an organisatiebeheerder, all of which their
// organisation is a member), ordered by title.
func (s *WorkspaceService) FindWorkspaces(ctx context.Context, f ketenhub.WorkspaceFilter) ([]*ketenhub.Workspace, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	q := s.conn(ctx).Model(&workspaceRow{}).Order("title, id")
	switch {
	case v.IsBeheerder():
	case v.IsOrganisationBeheerder(v.OrganisationID):
		// Those of their organisation, where they manage its admission.
		cond, args := viewerWorkspacesSQL("id", v)
		q = q.Where(cond+" OR id IN (SELECT workspace_id FROM memberships WHERE organisation_id = ?)", append(args, v.OrganisationID)...)
	default:
		cond, args := viewerWorkspacesSQL("id", v)
		q = q.Where(cond, args...)
	}
	if f.Theme != nil {
		q = q.Where("theme = ?", string(*f.Theme))
	}
	if !f.IncludeArchived {
		q = q.Where("archived = ?", false)
	}
	var rows []workspaceRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find workspaces: %w", err)
	}
	roles, err := rolesOf(s.conn(ctx), v)
	if err != nil {
		return nil, err
	}
	out := make([]*ketenhub.Workspace, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(roles[rows[i].ID])
	}
	return out, nil
}

// rolesOf returns the role of the viewer's organisation in each workspace
// the viewer takes part in: in others (their organisation a member that
// does not admit them) they have none.
func rolesOf(tx *gorm.DB, v ketenhub.Viewer) (map[int64]ketenhub.Role, error) {
	var rows []membershipRow
	cond, args := viewerWorkspacesSQL("workspace_id", v)
	if err := tx.Where("organisation_id = ?", v.OrganisationID).Where(cond, args...).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find memberships: %w", err)
	}
	out := make(map[int64]ketenhub.Role, len(rows))
	for _, r := range rows {
		out[r.WorkspaceID] = ketenhub.Role(r.Role)
	}
	return out, nil
}

// FindWorkspaceByID returns ENOTFOUND if it does not exist or the viewer may not see it.
func (s *WorkspaceService) FindWorkspaceByID(ctx context.Context, id int64) (*ketenhub.Workspace, error) {
	tx := s.conn(ctx)
	a, err := s.enter(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return findWorkspace(tx, a)
}

func findWorkspace(tx *gorm.DB, a access) (*ketenhub.Workspace, error) {
	var row workspaceRow
	if err := tx.Take(&row, a.WorkspaceID).Error; isNotFound(err) {
		return nil, errWorkspaceNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find workspace: %w", err)
	}
	return row.domain(a.Role), nil
}

// CreateWorkspace is for a beheerder. Its first event is workspace.created.
func (s *WorkspaceService) CreateWorkspace(ctx context.Context, w *ketenhub.Workspace) error {
	v, err := viewer(ctx)
	if err != nil {
		return err
	}
	if !v.IsBeheerder() {
		return ketenhub.Forbidden()
	}
	w.Title = strings.TrimSpace(w.Title)
	if err := w.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		now := s.now()
		row := workspaceRow{Title: w.Title, Description: w.Description, Theme: string(w.Theme), Period: w.Period,
			Archived: w.Archived, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create workspace: %w", err)
		}
		a := access{Viewer: v, WorkspaceID: row.ID}
		if _, err := s.appendEvent(tx, a, ketenhub.EventWorkspaceCreated, ketenhub.SubjectWorkspace, row.ID, row.domain(""), workspaceWide, nil); err != nil {
			return err
		}
		created, err := findWorkspace(tx, a)
		if err != nil {
			return err
		}
		*w = *created
		return nil
	})
}

// workspaceWide is the visibility of what every member sees.
var workspaceWide = ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}

// UpdateWorkspace is for a regisseur or beheerder.
func (s *WorkspaceService) UpdateWorkspace(ctx context.Context, id int64, upd ketenhub.WorkspaceUpdate) (*ketenhub.Workspace, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Workspace
	err := s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.policy.CanManageWorkspace(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		w, err := findWorkspace(tx, a)
		if err != nil {
			return err
		}
		if w.Version != upd.Version {
			return ketenhub.StaleVersion(w)
		}
		applyWorkspaceUpdate(w, upd)
		if err := w.Validate(); err != nil {
			return err
		}
		res := tx.Model(&workspaceRow{}).Where("id = ? AND version = ?", id, upd.Version).Updates(map[string]any{
			"title": w.Title, "description": w.Description, "theme": string(w.Theme), "period": w.Period,
			"archived": w.Archived, "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if out, err = updated("workspace", res, func() (*ketenhub.Workspace, error) { return findWorkspace(tx, a) }); err != nil {
			return err
		}
		_, err = s.appendEvent(tx, a, ketenhub.EventWorkspaceUpdated, ketenhub.SubjectWorkspace, id, out, workspaceWide, nil)
		return err
	})
	return out, err
}

func applyWorkspaceUpdate(w *ketenhub.Workspace, upd ketenhub.WorkspaceUpdate) {
	if upd.Title != nil {
		w.Title = strings.TrimSpace(*upd.Title)
	}
	if upd.Description != nil {
		w.Description = *upd.Description
	}
	if upd.Theme != nil {
		w.Theme = *upd.Theme
	}
	if upd.Period != nil {
		w.Period = *upd.Period
	}
	if upd.Archived != nil {
		w.Archived = *upd.Archived
	}
}

// FindMemberships lists the member organisations of a workspace.
func (s *WorkspaceService) FindMemberships(ctx context.Context, workspaceID int64) ([]*ketenhub.Membership, error) {
	tx := s.conn(ctx)
	if _, err := s.enter(ctx, tx, workspaceID); err != nil {
		return nil, err
	}
	return findMemberships(tx, workspaceID)
}

func findMemberships(tx *gorm.DB, workspaceID int64) ([]*ketenhub.Membership, error) {
	var rows []membershipRow
	if err := tx.Where("workspace_id = ?", workspaceID).Order("organisation_id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find memberships: %w", err)
	}
	var orgs []organisationRow
	if err := tx.Where("id IN (SELECT organisation_id FROM memberships WHERE workspace_id = ?)", workspaceID).Find(&orgs).Error; err != nil {
		return nil, fmt.Errorf("find member organisations: %w", err)
	}
	byID := make(map[int64]*ketenhub.Organisation, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = orgs[i].domain()
	}
	var closed []int64
	err := tx.Raw(`SELECT organisation_id FROM admitted_users WHERE workspace_id = ?
UNION SELECT organisation_id FROM admitted_groups WHERE workspace_id = ?`, workspaceID, workspaceID).Scan(&closed).Error
	if err != nil {
		return nil, fmt.Errorf("find admissions: %w", err)
	}
	out := make([]*ketenhub.Membership, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
		out[i].Organisation = byID[rows[i].OrganisationID]
		out[i].AdmissionOpen = !slices.Contains(closed, rows[i].OrganisationID)
	}
	return out, nil
}

// SetMembership adds an organisation to a workspace or changes its role.
func (s *WorkspaceService) SetMembership(ctx context.Context, workspaceID, orgID int64, role ketenhub.Role) (*ketenhub.Membership, error) {
	if !role.Valid() {
		return nil, ketenhub.FieldError("role", "Role must be regisseur, partner or meelezer.", "Rol moet regisseur, partner of meelezer zijn.")
	}
	var out *ketenhub.Membership
	err := s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if !s.policy.CanManageWorkspace(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		org, err := findOrganisation(tx, orgID)
		if err != nil {
			return err
		}
		if err := s.lockWorkspace(tx, workspaceID); err != nil {
			return err
		}
		current, err := roleIn(tx, workspaceID, orgID)
		if err != nil {
			return err
		}
		if current == ketenhub.RoleRegisseur && role != ketenhub.RoleRegisseur {
			if err := keepARegisseur(tx, workspaceID); err != nil {
				return err
			}
		}
		now := s.now()
		row := membershipRow{WorkspaceID: workspaceID, OrganisationID: orgID, Role: string(role), CreatedAt: now, UpdatedAt: now}
		if current == ketenhub.RoleNone {
			err = tx.Create(&row).Error
		} else {
			err = tx.Model(&membershipRow{}).Where("workspace_id = ? AND organisation_id = ?", workspaceID, orgID).
				Updates(map[string]any{"role": string(role), "updated_at": now}).Error
		}
		if err != nil {
			return fmt.Errorf("set membership: %w", err)
		}
		out = row.domain()
		out.Organisation = org
		ev, err := s.appendEvent(tx, a, ketenhub.EventMembershipSet, ketenhub.SubjectMembership, orgID, out, workspaceWide, nil)
		if err != nil || current != ketenhub.RoleNone {
			return err
		}
		// A new member's history starts here (DESIGN section 3): it gets
		// the present, not the past.
		err = tx.Model(&membershipRow{}).Where("workspace_id = ? AND organisation_id = ?", workspaceID, orgID).Update("since_seq", ev.Seq).Error
		if err != nil {
			return fmt.Errorf("set membership: %w", err)
		}
		return nil
	})
	return out, err
}

// keepARegisseur refuses to take away the last regisseur: a workspace
// without one could no longer be coordinated.
func keepARegisseur(tx *gorm.DB, workspaceID int64) error {
	var n int64
	if err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND role = ?", workspaceID, string(ketenhub.RoleRegisseur)).Count(&n).Error; err != nil {
		return fmt.Errorf("count regisseurs: %w", err)
	}
	if n <= 1 {
		return ketenhub.Errorf(ketenhub.ECONFLICT, "A workspace needs at least one regisseur.", "Een werkruimte heeft minstens één regisseur nodig.")
	}
	return nil
}

// DeleteMembership removes an organisation from a workspace.
func (s *WorkspaceService) DeleteMembership(ctx context.Context, workspaceID, orgID int64) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if !s.policy.CanManageWorkspace(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if err := s.lockWorkspace(tx, workspaceID); err != nil {
			return err
		}
		current, err := roleIn(tx, workspaceID, orgID)
		if err != nil {
			return err
		}
		if current == ketenhub.RoleNone {
			return ketenhub.NotFound("membership", "deelname")
		}
		if current == ketenhub.RoleRegisseur {
			if err := keepARegisseur(tx, workspaceID); err != nil {
				return err
			}
		}
		if err := tx.Where("workspace_id = ? AND organisation_id = ?", workspaceID, orgID).Delete(&membershipRow{}).Error; err != nil {
			return fmt.Errorf("delete membership: %w", err)
		}
		// An organisation that joins again decides its admission anew.
		if err := clearAdmission(tx, workspaceID, orgID); err != nil {
			return err
		}
		payload := map[string]int64{"workspace_id": workspaceID, "organisation_id": orgID}
		_, err = s.appendEvent(tx, a, ketenhub.EventMembershipRemoved, ketenhub.SubjectMembership, orgID, payload, workspaceWide, nil)
		return err
	})
}

// lockWorkspace serialises membership changes of one workspace, so that two
// concurrent removals cannot each see the other regisseur and leave none.
// SQLite runs one writer at a time already.
func (s *WorkspaceService) lockWorkspace(tx *gorm.DB, workspaceID int64) error {
	if s.db.Kind() != KindPostgres {
		return nil
	}
	if err := tx.Exec("SELECT id FROM workspaces WHERE id = ? FOR UPDATE", workspaceID).Error; err != nil {
		return fmt.Errorf("lock workspace: %w", err)
	}
	return nil
}
