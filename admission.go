package ketenhub

import (
	"context"
	"slices"
	"time"
)

// Admission is who of a member organisation take part in a workspace: the
// people it names and everyone in the groups it names (groups from the
// organisation's identity provider, e.g. "Team Ondermijning"). Each
// organisation decides this for its own people. An admission that names
// nobody leaves the workspace open to the whole organisation, which the
// hub shows as a warning to the organisation's beheerder and the regisseur.
type Admission struct {
	WorkspaceID    int64    `json:"workspace_id"`
	OrganisationID int64    `json:"organisation_id"`
	Users          []int64  `json:"users"`
	Groups         []string `json:"groups"`
	// Open: nobody is named, so every person of the organisation takes part.
	Open bool `json:"open"`
}

// Admission limits.
const (
	MaxAdmittedUsers  = 500
	MaxAdmittedGroups = 50
	MaxGroupName      = 200
)

// Names reports whether the admission names anyone; one that does not
// admits the whole organisation.
func (a Admission) Names() bool { return len(a.Users) > 0 || len(a.Groups) > 0 }

// Admits reports whether v, a person of the admission's organisation, takes
// part: named, in a named group, or the admission names nobody.
func (a Admission) Admits(v Viewer) bool {
	if !a.Names() {
		return true
	}
	if v.UserID != 0 && slices.Contains(a.Users, v.UserID) {
		return true
	}
	return slices.ContainsFunc(v.Groups, func(g string) bool { return slices.Contains(a.Groups, g) })
}

// AdmissionInput is who an organisation admits to a workspace.
type AdmissionInput struct {
	Users  []int64  `json:"users"`
	Groups []string `json:"groups"`
}

// Person is a user as shown to one viewer. A shielded officer of another
// organisation than the viewer's is shown by function and organisation
// only: Name is then empty, Shielded true, and no e-mail address is given.
type Person struct {
	ID             int64  `json:"id"`
	Name           string `json:"name,omitempty"`
	Function       string `json:"function,omitempty"`
	OrganisationID int64  `json:"organisation_id"`
	Email          string `json:"email,omitempty"`
	Shielded       bool   `json:"shielded"`
	// Admitted: the person takes part in the workspace the list is about.
	Admitted bool `json:"admitted"`
}

// AdmissionService keeps who of each member organisation take part in a
// workspace, and tells who they are.
type AdmissionService interface {
	// FindAdmission returns organisation orgID's admission to a workspace:
	// for the organisation's own beheerder and its admitted people.
	FindAdmission(ctx context.Context, workspaceID, orgID int64) (*Admission, error)
	// SetAdmission replaces it; only the organisation's own beheerder may.
	// Every named user must be a person of the organisation.
	SetAdmission(ctx context.Context, workspaceID, orgID int64, in AdmissionInput) (*Admission, error)
	// FindPeople returns the people who take part in a workspace, ordered by
	// organisation and name, as the viewer may see them: the people a
	// restricted item may name.
	FindPeople(ctx context.Context, workspaceID int64) ([]*Person, error)
	// AccessReview tells an organisation's beheerder, for every workspace
	// the organisation is a member of, who of its people take part. Anyone
	// else gets EFORBIDDEN.
	AccessReview(ctx context.Context, orgID int64) (*AccessReview, error)
}

// AccessReview is who of one organisation can read which workspace: what
// its information-security officer reviews (docs/admission.md).
type AccessReview struct {
	OrganisationID int64                `json:"organisation_id"`
	GeneratedAt    time.Time            `json:"generated_at"`
	Workspaces     []*AccessReviewEntry `json:"workspaces"`
}

// AccessReviewEntry is one workspace of an access review: the
// organisation's role there, its admission, and its people taking part.
type AccessReviewEntry struct {
	Workspace *Workspace `json:"workspace"`
	Role      Role       `json:"role"`
	Admission Admission  `json:"admission"`
	People    []*Person  `json:"people"`
}
