package ketenhub

import (
	"context"
	"time"
)

// Decision is a besluit taken on an agenda item. It has the visibility of
// its item. Actions made from it name it (Action.DecisionID).
type Decision struct {
	ID               int64      `json:"id"`
	MeetingID        int64      `json:"meeting_id"`
	AgendaItemID     int64      `json:"agenda_item_id"`
	WorkspaceID      int64      `json:"workspace_id"`
	Text             string     `json:"text"`
	DecidedAt        time.Time  `json:"decided_at"`
	RecordedByUserID int64      `json:"recorded_by_user_id"`
	Visibility       Visibility `json:"visibility"`
	ActionIDs        []int64    `json:"action_ids"` // visible actions made from it
	Version          int64      `json:"version"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// DecisionUpdate changes a decision's text.
type DecisionUpdate struct {
	Text    *string `json:"text"`
	Version int64   `json:"version"`
}

// DecisionService records decisions and the actions that come from them.
// The chair, the minute-taker or a regisseur records them while the meeting
// is live; everyone who may see the item reads them.
type DecisionService interface {
	// FindDecisions lists the meeting's decisions the viewer may see, in
	// agenda order and then by time.
	FindDecisions(ctx context.Context, meetingID int64) ([]*Decision, error)
	// FindDecisionByID returns ENOTFOUND if absent or not visible.
	FindDecisionByID(ctx context.Context, id int64) (*Decision, error)
	// RecordDecision records a decision on an item of a live meeting.
	RecordDecision(ctx context.Context, d *Decision) error
	UpdateDecision(ctx context.Context, id int64, upd DecisionUpdate) (*Decision, error)
	// CreateDecisionAction makes an action from a decision, in the meeting's
	// workspace, with the decision's visibility unless a narrower one is given.
	CreateDecisionAction(ctx context.Context, decisionID int64, a *Action) error
}

// CalendarFeedService manages each user's personal calendar feed: a secret
// URL that calendar clients, which cannot sign in with OIDC, read the
// user's meetings from. Creating a new one revokes the old.
type CalendarFeedService interface {
	// CreateCalendarFeed returns the token of the viewer's new feed.
	CreateCalendarFeed(ctx context.Context) (token string, err error)
	// RevokeCalendarFeed ends the viewer's feed.
	RevokeCalendarFeed(ctx context.Context) error
	// ResolveCalendarFeed returns the viewer whose feed token is, or ENOTFOUND.
	ResolveCalendarFeed(ctx context.Context, token string) (Viewer, error)
}
