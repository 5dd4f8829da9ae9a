package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// GoalService implements ketenhub.GoalService.
type GoalService struct{ *base }

var _ ketenhub.GoalService = (*GoalService)(nil)

func errGoalNotFound() error { return ketenhub.NotFound("goal", "doelstelling") }

// FindGoals lists a workspace's goals with progress over the visible actions.
func (s *GoalService) FindGoals(ctx context.Context, workspaceID int64) ([]*ketenhub.Goal, error) {
	tx := s.conn(ctx)
	a, err := s.enter(ctx, tx, workspaceID)
	if err != nil {
		return nil, err
	}
	if !a.Sight.Items {
		return []*ketenhub.Goal{}, nil // a beheerder outside the workspace reads none of its items
	}
	var rows []goalRow
	if err := tx.Where("workspace_id = ?", workspaceID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find goals: %w", err)
	}
	progress, err := s.progress(tx, a)
	if err != nil {
		return nil, err
	}
	out := make([]*ketenhub.Goal, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
		out[i].Progress = progress[rows[i].ID]
		if out[i].Progress == nil {
			out[i].Progress = &ketenhub.GoalProgress{}
		}
	}
	return out, nil
}

// progress adds up the actions the viewer may see, per goal.
func (s *GoalService) progress(tx *gorm.DB, a access) (map[int64]*ketenhub.GoalProgress, error) {
	var rows []struct {
		GoalID      int64
		Actions     int
		Done        int
		CountTarget int64
		CountDone   int64
	}
	// Counts are bounded by ketenhub.MaxCount on write; rows written before
	// the bound are clamped here, so that one of them cannot make the sum
	// overflow for everyone who sees the goal.
	q := tx.Table("actions").Select(`goal_id, COUNT(*) AS actions,
		SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS done,
		COALESCE(SUM(CASE WHEN count_target > ? THEN ? ELSE count_target END), 0) AS count_target,
		COALESCE(SUM(CASE WHEN count_done > ? THEN ? ELSE count_done END), 0) AS count_done`,
		string(ketenhub.StatusGereed), ketenhub.MaxCount, ketenhub.MaxCount, ketenhub.MaxCount, ketenhub.MaxCount).
		Where("actions.workspace_id = ? AND goal_id IS NOT NULL", a.WorkspaceID)
	if err := visible(q, a.Sight, "actions", ketenhub.SubjectAction).Group("goal_id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("goal progress: %w", err)
	}
	out := make(map[int64]*ketenhub.GoalProgress, len(rows))
	for _, r := range rows {
		out[r.GoalID] = &ketenhub.GoalProgress{Actions: r.Actions, Done: r.Done, CountTarget: r.CountTarget, CountDone: r.CountDone}
	}
	return out, nil
}

// FindGoalByID returns ENOTFOUND if absent or not visible.
func (s *GoalService) FindGoalByID(ctx context.Context, id int64) (*ketenhub.Goal, error) {
	tx := s.conn(ctx)
	g, err := findGoal(tx, id)
	if err != nil {
		return nil, err
	}
	a, err := s.enterItems(ctx, tx, g.WorkspaceID)
	if err != nil {
		return nil, notFoundAs(err, errGoalNotFound())
	}
	progress, err := s.progress(tx, a)
	if err != nil {
		return nil, err
	}
	g.Progress = progress[id]
	if g.Progress == nil {
		g.Progress = &ketenhub.GoalProgress{}
	}
	return g, nil
}

func findGoal(tx *gorm.DB, id int64) (*ketenhub.Goal, error) {
	var row goalRow
	if err := tx.Take(&row, id).Error; isNotFound(err) {
		return nil, errGoalNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find goal: %w", err)
	}
	return row.domain(), nil
}

// CreateGoal is for a regisseur.
func (s *GoalService) CreateGoal(ctx context.Context, g *ketenhub.Goal) error {
	g.Title = strings.TrimSpace(g.Title)
	if err := g.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enter(ctx, tx, g.WorkspaceID)
		if err != nil {
			return err
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		now := s.now()
		row := goalRow{WorkspaceID: g.WorkspaceID, Title: g.Title, Description: g.Description, Target: g.Target, Unit: g.Unit, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create goal: %w", err)
		}
		*g = *row.domain()
		g.Progress = &ketenhub.GoalProgress{}
		_, err = s.appendEvent(tx, a, ketenhub.EventGoalCreated, ketenhub.SubjectGoal, row.ID, g, workspaceWide, nil)
		return err
	})
}

// UpdateGoal is for a regisseur; ECONFLICT on a stale version.
func (s *GoalService) UpdateGoal(ctx context.Context, id int64, upd ketenhub.GoalUpdate) (*ketenhub.Goal, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Goal
	err := s.transact(ctx, func(tx *gorm.DB) error {
		g, err := findGoal(tx, id)
		if err != nil {
			return err
		}
		a, err := s.enter(ctx, tx, g.WorkspaceID)
		if err != nil {
			return notFoundAs(err, errGoalNotFound())
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if g.Version != upd.Version {
			return ketenhub.StaleVersion(g)
		}
		applyGoalUpdate(g, upd)
		if err := g.Validate(); err != nil {
			return err
		}
		res := tx.Model(&goalRow{}).Where("id = ? AND version = ?", id, upd.Version).Updates(map[string]any{
			"title": g.Title, "description": g.Description, "target": g.Target, "unit": g.Unit,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if out, err = updated("goal", res, func() (*ketenhub.Goal, error) { return findGoal(tx, id) }); err != nil {
			return err
		}
		_, err = s.appendEvent(tx, a, ketenhub.EventGoalUpdated, ketenhub.SubjectGoal, id, out, workspaceWide, nil)
		return err
	})
	return out, err
}

func applyGoalUpdate(g *ketenhub.Goal, upd ketenhub.GoalUpdate) {
	if upd.Title != nil {
		g.Title = strings.TrimSpace(*upd.Title)
	}
	if upd.Description != nil {
		g.Description = *upd.Description
	}
	if upd.Target != nil {
		g.Target = upd.Target
	}
	if upd.Unit != nil {
		g.Unit = *upd.Unit
	}
}
