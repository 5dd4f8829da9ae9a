package store

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/ketenhub/ketenhub"
)

// The row types map tables to Go. The schema itself is made by the
// migrations in migrate.go.

type organisationRow struct {
	ID        int64
	Name      string
	Kind      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (organisationRow) TableName() string { return "organisations" }

func (r *organisationRow) domain() *ketenhub.Organisation {
	return &ketenhub.Organisation{ID: r.ID, Name: r.Name, Kind: ketenhub.OrganisationKind(r.Kind), Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type userRow struct {
	ID       int64
	Issuer   string
	Subject  string
	Name     string
	Email    string
	Function string
	// A shielded officer is marked so by their identity provider's claim
	// at sign-in, or by their organisation's beheerder.
	ShieldedByClaim        bool
	ShieldedByOrganisation bool
	OrganisationID         int64
	PlatformRole           string
	OrganisationRole       string
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

func (userRow) TableName() string { return "users" }

func (r *userRow) domain() *ketenhub.User {
	return &ketenhub.User{ID: r.ID, Issuer: r.Issuer, Subject: r.Subject, Name: r.Name, Email: r.Email, Function: r.Function,
		Shielded: r.ShieldedByClaim || r.ShieldedByOrganisation, OrganisationID: r.OrganisationID, PlatformRole: ketenhub.PlatformRole(r.PlatformRole),
		OrganisationRole: ketenhub.OrganisationRole(r.OrganisationRole), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type workspaceRow struct {
	ID          int64
	Title       string
	Description string
	Theme       string
	Period      string
	Archived    bool
	LastSeq     int64
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (workspaceRow) TableName() string { return "workspaces" }

func (r *workspaceRow) domain(role ketenhub.Role) *ketenhub.Workspace {
	return &ketenhub.Workspace{ID: r.ID, Title: r.Title, Description: r.Description, Theme: ketenhub.Theme(r.Theme),
		Period: r.Period, Archived: r.Archived, LastSeq: r.LastSeq, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, MyRole: role}
}

type membershipRow struct {
	WorkspaceID    int64
	OrganisationID int64
	Role           string
	SinceSeq       int64 // the event that made the organisation a member
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (membershipRow) TableName() string { return "memberships" }

func (r *membershipRow) domain() *ketenhub.Membership {
	return &ketenhub.Membership{WorkspaceID: r.WorkspaceID, OrganisationID: r.OrganisationID, Role: ketenhub.Role(r.Role), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type goalRow struct {
	ID          int64
	WorkspaceID int64
	Title       string
	Description string
	Target      *float64
	Unit        string
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (goalRow) TableName() string { return "goals" }

func (r *goalRow) domain() *ketenhub.Goal {
	return &ketenhub.Goal{ID: r.ID, WorkspaceID: r.WorkspaceID, Title: r.Title, Description: r.Description, Target: r.Target,
		Unit: r.Unit, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type actionRow struct {
	ID                  int64
	WorkspaceID         int64
	GoalID              *int64
	Title               string
	Description         string
	OwnerOrganisationID int64
	LeadUserID          *int64
	Status              string
	DueDate             *string
	CountTarget         *int64
	CountDone           int64
	ExternalRef         string
	Visibility          string
	DecisionID          *int64
	CreatedByUserID     int64
	CreatedByOrgID      int64
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (actionRow) TableName() string { return "actions" }

func (r *actionRow) domain(named ketenhub.Visibility) *ketenhub.Action {
	return &ketenhub.Action{ID: r.ID, WorkspaceID: r.WorkspaceID, GoalID: r.GoalID, Title: r.Title, Description: r.Description,
		OwnerOrganisationID: r.OwnerOrganisationID, LeadUserID: r.LeadUserID, Status: ketenhub.ActionStatus(r.Status),
		DueDate: r.DueDate, CountTarget: r.CountTarget, CountDone: r.CountDone, ExternalRef: r.ExternalRef,
		Visibility: visibilityOf(r.Visibility, named), DecisionID: r.DecisionID, CreatedByUserID: r.CreatedByUserID, CreatedByOrgID: r.CreatedByOrgID,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func rowOfAction(a *ketenhub.Action) actionRow {
	return actionRow{ID: a.ID, WorkspaceID: a.WorkspaceID, GoalID: a.GoalID, Title: a.Title, Description: a.Description,
		OwnerOrganisationID: a.OwnerOrganisationID, LeadUserID: a.LeadUserID, Status: string(a.Status), DueDate: a.DueDate,
		CountTarget: a.CountTarget, CountDone: a.CountDone, ExternalRef: a.ExternalRef, Visibility: string(a.Visibility.Scope),
		DecisionID: a.DecisionID, CreatedByUserID: a.CreatedByUserID, CreatedByOrgID: a.CreatedByOrgID, Version: a.Version, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

type commentRow struct {
	ID           int64
	WorkspaceID  int64
	SubjectType  string
	SubjectID    int64
	Body         string
	AuthorUserID int64
	AuthorOrgID  int64
	Visibility   string
	CreatedAt    time.Time
}

func (commentRow) TableName() string { return "comments" }

type visibleOrgRow struct {
	SubjectType    string
	SubjectID      int64
	OrganisationID int64
}

func (visibleOrgRow) TableName() string { return "visible_orgs" }

// eventLinkRow is a subject an event's payload names besides its own.
type eventLinkRow struct {
	EventID     int64
	SubjectType string
	SubjectID   int64
}

func (eventLinkRow) TableName() string { return "event_links" }

type eventRow struct {
	ID                 int64
	WorkspaceID        int64
	Seq                int64
	Type               string
	SubjectType        string
	SubjectID          int64
	ActorUserID        int64
	ActorOrgID         int64
	Payload            string
	Visibility         string
	PreviousVisibility *string
	MeetingID          *int64
	CreatedAt          time.Time
}

func (eventRow) TableName() string { return "events" }

func (r *eventRow) domain(vis ketenhub.Visibility, prev *ketenhub.Visibility) *ketenhub.Event {
	return &ketenhub.Event{ID: r.ID, WorkspaceID: r.WorkspaceID, Seq: r.Seq, Type: r.Type, Subject: ketenhub.SubjectType(r.SubjectType),
		SubjectID: r.SubjectID, ActorUserID: r.ActorUserID, ActorOrgID: r.ActorOrgID, Payload: json.RawMessage(r.Payload),
		Visibility: vis, PreviousVisibility: prev, MeetingID: r.MeetingID, CreatedAt: r.CreatedAt}
}

type sessionRow struct {
	ID         int64
	TokenHash  []byte
	CSRFToken  string
	UserID     int64
	Issuer     string
	IDToken    string
	SID        string `gorm:"column:sid"`
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	UserAgent  string
	RemoteAddr string
}

func (sessionRow) TableName() string { return "sessions" }

// logoutTokenRow remembers a back-channel logout token until it expires.
type logoutTokenRow struct {
	Issuer    string `gorm:"primaryKey"`
	JTI       string `gorm:"column:jti;primaryKey"`
	ExpiresAt time.Time
}

func (logoutTokenRow) TableName() string { return "logout_tokens" }

type auditRow struct {
	ID          int64
	At          time.Time
	ActorUserID int64
	ActorOrgID  int64
	Action      string
	SubjectType string
	SubjectID   int64
	WorkspaceID *int64
	Detail      string
}

func (auditRow) TableName() string { return "audit_log" }

// visibilityOf rebuilds a visibility from its column and the organisations
// and people named for it (visibleOrgs).
func visibilityOf(scope string, named ketenhub.Visibility) ketenhub.Visibility {
	if ketenhub.Scope(scope) != ketenhub.ScopeRestricted {
		return ketenhub.Visibility{Scope: ketenhub.Scope(scope)}
	}
	return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: named.Organisations, Users: named.Users}
}

func sortInt64s(s []int64) { sort.Slice(s, func(i, j int) bool { return s[i] < s[j] }) }

// scoped is a row with a visibility column.
type scoped interface {
	scope() (id int64, visibility string)
}

func (r actionRow) scope() (int64, string)  { return r.ID, r.Visibility }
func (r commentRow) scope() (int64, string) { return r.ID, r.Visibility }
func (r eventRow) scope() (int64, string)   { return r.ID, r.Visibility }
