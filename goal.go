package ketenhub

import (
	"context"
	"time"
)

// Goal is a doelstelling of a workspace's plan, with an optional numeric target
// ("zes integrale controles": target 6, unit "controles").
type Goal struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Target      *float64  `json:"target"`
	Unit        string    `json:"unit"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	// Progress sums the visible actions of the goal; set on reads.
	Progress *GoalProgress `json:"progress,omitempty"`
}

// GoalProgress is what the visible actions of a goal add up to.
type GoalProgress struct {
	Actions     int   `json:"actions"`
	Done        int   `json:"done"`
	CountTarget int64 `json:"count_target"`
	CountDone   int64 `json:"count_done"`
}

// GoalUpdate holds the fields to change; nil means unchanged.
type GoalUpdate struct {
	Title       *string  `json:"title"`
	Description *string  `json:"description"`
	Target      *float64 `json:"target"`
	Unit        *string  `json:"unit"`
	Version     int64    `json:"version"`
}

// GoalService manages goals. Members read them; a regisseur writes them.
type GoalService interface {
	// FindGoals lists a workspace's goals with progress over the actions the viewer may see.
	FindGoals(ctx context.Context, workspaceID int64) ([]*Goal, error)
	// FindGoalByID returns ENOTFOUND if absent or not visible.
	FindGoalByID(ctx context.Context, id int64) (*Goal, error)
	CreateGoal(ctx context.Context, g *Goal) error
	UpdateGoal(ctx context.Context, id int64, upd GoalUpdate) (*Goal, error)
}
