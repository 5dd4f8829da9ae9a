package ketenhub

import (
	"context"
	"time"
)

// ActionStatus is where an action stands.
type ActionStatus string

// Action statuses.
const (
	StatusOpen        ActionStatus = "open"
	StatusLopend      ActionStatus = "lopend"
	StatusGereed      ActionStatus = "gereed"
	StatusGeblokkeerd ActionStatus = "geblokkeerd"
	StatusVervallen   ActionStatus = "vervallen"
)

// ActionStatuses lists every status in workflow order.
var ActionStatuses = []ActionStatus{StatusOpen, StatusLopend, StatusGereed, StatusGeblokkeerd, StatusVervallen}

// Valid reports whether s is a known status.
func (s ActionStatus) Valid() bool {
	for _, x := range ActionStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Closed reports whether the action needs no more work.
func (s ActionStatus) Closed() bool { return s == StatusGereed || s == StatusVervallen }

// Date is a calendar date (YYYY-MM-DD), as due dates are.
type Date = string

// Action is an actie of a workspace's action list, owned by one organisation.
type Action struct {
	ID                  int64        `json:"id"`
	WorkspaceID         int64        `json:"workspace_id"`
	GoalID              *int64       `json:"goal_id"`
	Title               string       `json:"title"`
	Description         string       `json:"description"`
	OwnerOrganisationID int64        `json:"owner_organisation_id"`
	LeadUserID          *int64       `json:"lead_user_id"`
	Status              ActionStatus `json:"status"`
	DueDate             *Date        `json:"due_date"`
	CountTarget         *int64       `json:"count_target"`
	CountDone           int64        `json:"count_done"`
	ExternalRef         string       `json:"external_ref"`
	Visibility          Visibility   `json:"visibility"`
	DecisionID          *int64       `json:"decision_id"` // the besluit it was made from
	CreatedByUserID     int64        `json:"created_by_user_id"`
	CreatedByOrgID      int64        `json:"created_by_organisation_id"`
	Version             int64        `json:"version"`
	CreatedAt           time.Time    `json:"created_at"`
	UpdatedAt           time.Time    `json:"updated_at"`

	// Allowed is what the viewer may do with the action now; set on what
	// the API answers one viewer, never in an event's payload.
	Allowed *Allowed `json:"allowed,omitempty"`
}

// ActionUpdate holds the fields to change; nil means unchanged. Version is
// the version the change is based on; a stale one gets ECONFLICT.
type ActionUpdate struct {
	GoalID              *int64        `json:"goal_id"`
	ClearGoal           bool          `json:"-"`
	Title               *string       `json:"title"`
	Description         *string       `json:"description"`
	OwnerOrganisationID *int64        `json:"owner_organisation_id"`
	LeadUserID          *int64        `json:"lead_user_id"`
	ClearLead           bool          `json:"-"`
	Status              *ActionStatus `json:"status"`
	DueDate             *Date         `json:"due_date"`
	ClearDueDate        bool          `json:"-"`
	CountTarget         *int64        `json:"count_target"`
	CountDone           *int64        `json:"count_done"`
	ExternalRef         *string       `json:"external_ref"`
	Visibility          *Visibility   `json:"visibility"`
	Version             int64         `json:"version"`
}

// ActionFilter selects and orders actions. Zero values mean "any".
type ActionFilter struct {
	WorkspaceID         int64
	Statuses            []ActionStatus
	OwnerOrganisationID int64
	GoalID              int64
	DueBefore           *Date  // due on or before
	DueAfter            *Date  // due on or after
	Overdue             bool   // due before today and not closed
	Sort                string // title, status, due_date, created_at, updated_at
	Descending          bool
	Offset              int
	Limit               int
}

// ActionSorts lists the fields actions can be sorted by.
var ActionSorts = []string{"title", "status", "due_date", "created_at", "updated_at"}

// ActionSummary counts a workspace's actions that the viewer may see.
type ActionSummary struct {
	Total    int                  `json:"total"`
	ByStatus map[ActionStatus]int `json:"by_status"`
	Overdue  int                  `json:"overdue"`
}

// ActionService manages actions. Every method applies the Policy: an action
// the viewer may not see is absent from lists, counts and lookups.
type ActionService interface {
	// FindActions returns one page of the matching visible actions and how many match in all.
	FindActions(ctx context.Context, f ActionFilter) ([]*Action, int, error)
	// FindActionByID returns ENOTFOUND if absent or not visible.
	FindActionByID(ctx context.Context, id int64) (*Action, error)
	// CreateAction returns EFORBIDDEN unless the viewer may edit actions of its owner.
	CreateAction(ctx context.Context, a *Action) error
	// UpdateAction returns ECONFLICT with the current action on a stale version.
	UpdateAction(ctx context.Context, id int64, upd ActionUpdate) (*Action, error)
	// SummarizeActions counts the visible actions of a workspace.
	SummarizeActions(ctx context.Context, workspaceID int64) (*ActionSummary, error)
}
