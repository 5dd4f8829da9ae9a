package ketenhub

import (
	"context"
	"time"
)

// Theme is a safety theme. The default taxonomy follows the five fields of the
// VNG Kernbeleid Veiligheid plus the priorities of the regional plans; a
// workspace may also carry a custom theme.
type Theme string

// The default themes.
const (
	ThemeWoonEnLeefomgeving Theme = "veilige_woon_en_leefomgeving"
	ThemeBedrijvigheid      Theme = "bedrijvigheid_en_veiligheid"
	ThemeJeugd              Theme = "jeugd_en_veiligheid"
	ThemeFysiekeVeiligheid  Theme = "fysieke_veiligheid"
	ThemeIntegriteit        Theme = "integriteit_en_veiligheid"
	ThemeOndermijning       Theme = "ondermijning"
	ThemeZorgEnVeiligheid   Theme = "zorg_en_veiligheid"
	ThemeDigitaleVeiligheid Theme = "digitale_veiligheid"
	ThemeDriehoek           Theme = "driehoek"
)

// DefaultThemes lists the default themes with their Dutch and English names.
var DefaultThemes = []struct {
	Theme  Theme
	NameNL string
	NameEN string
}{
	{ThemeWoonEnLeefomgeving, "Veilige woon- en leefomgeving", "Safe living environment"},
	{ThemeBedrijvigheid, "Bedrijvigheid en veiligheid", "Business and safety"},
	{ThemeJeugd, "Jeugd en veiligheid", "Youth and safety"},
	{ThemeFysiekeVeiligheid, "Fysieke veiligheid", "Physical safety"},
	{ThemeIntegriteit, "Integriteit en veiligheid", "Integrity and safety"},
	{ThemeOndermijning, "Ondermijning", "Subversive crime"},
	{ThemeZorgEnVeiligheid, "Zorg en veiligheid", "Care and safety"},
	{ThemeDigitaleVeiligheid, "Digitale veiligheid", "Digital safety"},
	{ThemeDriehoek, "Driehoek", "Triangle (mayor, police, prosecutor)"},
}

// Workspace is a shared space per safety theme, for one plan period.
// LastSeq is the sequence number of its newest event.
type Workspace struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Theme       Theme     `json:"theme"`
	Period      string    `json:"period"`
	Archived    bool      `json:"archived"`
	LastSeq     int64     `json:"last_seq"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	// MyRole is the role of the viewer's organisation; set on reads.
	MyRole Role `json:"my_role"`
}

// WorkspaceUpdate holds the fields to change; nil means unchanged.
type WorkspaceUpdate struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Theme       *Theme  `json:"theme"`
	Period      *string `json:"period"`
	Archived    *bool   `json:"archived"`
	Version     int64   `json:"version"`
}

// WorkspaceFilter selects workspaces.
type WorkspaceFilter struct {
	Theme           *Theme
	IncludeArchived bool
}

// Role is the role of a member organisation in a workspace.
type Role string

// Membership roles, from most to least powerful.
const (
	RoleNone      Role = ""          // not a member
	RoleRegisseur Role = "regisseur" // coordinates: members, agenda, meeting state, all actions
	RolePartner   Role = "partner"   // contributes: proposes, creates and updates own actions, comments
	RoleMeelezer  Role = "meelezer"  // observes: read only
)

// Valid reports whether r is a membership role (not RoleNone).
func (r Role) Valid() bool {
	return r == RoleRegisseur || r == RolePartner || r == RoleMeelezer
}

// Membership is an organisation's participation in a workspace.
type Membership struct {
	WorkspaceID    int64 `json:"workspace_id"`
	OrganisationID int64 `json:"organisation_id"`
	Role           Role  `json:"role"`
	// AdmissionOpen: the organisation names nobody, so every person of it
	// takes part (shown as a warning to its beheerder and the regisseur).
	AdmissionOpen bool      `json:"admission_open"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	Organisation *Organisation `json:"organisation,omitempty"`
}

// WorkspaceService manages workspaces and their memberships. A viewer sees a
// workspace only if their organisation is a member; a beheerder sees all
// workspaces (not their restricted items) so that they can manage them.
type WorkspaceService interface {
	// FindWorkspaces returns the workspaces the viewer may see, ordered by title.
	FindWorkspaces(ctx context.Context, f WorkspaceFilter) ([]*Workspace, error)
	// FindWorkspaceByID returns ENOTFOUND if it does not exist or the viewer may not see it.
	FindWorkspaceByID(ctx context.Context, id int64) (*Workspace, error)
	// CreateWorkspace is for a beheerder; returns EFORBIDDEN otherwise.
	CreateWorkspace(ctx context.Context, w *Workspace) error
	// UpdateWorkspace is for a regisseur or beheerder; ECONFLICT on a stale version.
	UpdateWorkspace(ctx context.Context, id int64, upd WorkspaceUpdate) (*Workspace, error)

	// FindMemberships lists the member organisations of a workspace.
	FindMemberships(ctx context.Context, workspaceID int64) ([]*Membership, error)
	// SetMembership adds an organisation or changes its role (regisseur or beheerder).
	SetMembership(ctx context.Context, workspaceID, orgID int64, role Role) (*Membership, error)
	// DeleteMembership removes an organisation from a workspace (regisseur or
	// beheerder). Removing the last regisseur returns ECONFLICT.
	DeleteMembership(ctx context.Context, workspaceID, orgID int64) error
}
