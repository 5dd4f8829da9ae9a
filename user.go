package ketenhub

import (
	"context"
	"time"
)

// PlatformRole is a user's role on the platform as a whole.
type PlatformRole string

// Platform roles. Most users have none; a beheerder manages organisations,
// identity-provider mappings and workspaces.
const (
	PlatformRoleNone      PlatformRole = ""
	PlatformRoleBeheerder PlatformRole = "beheerder"
)

// OrganisationRole is a user's role within their own organisation.
type OrganisationRole string

// Organisation roles. An organisatiebeheerder (from a claim of the
// organisation's own identity provider) manages their own organisation's
// people: who of them take part in which workspace, their sessions, and
// the organisation's access review.
const (
	OrganisationRoleNone      OrganisationRole = ""
	OrganisationRoleBeheerder OrganisationRole = "organisatiebeheerder"
)

// User is a person, known by the identity provider that vouches for them.
// A user is keyed by issuer and subject, never by e-mail alone. Function,
// Groups, Shielded and OrganisationRole come from the identity provider's
// claims at each sign-in.
type User struct {
	ID               int64            `json:"id"`
	Issuer           string           `json:"-"`
	Subject          string           `json:"-"`
	Name             string           `json:"name"`
	Email            string           `json:"email"`
	Function         string           `json:"function"`
	OrganisationID   int64            `json:"organisation_id"`
	PlatformRole     PlatformRole     `json:"platform_role"`
	OrganisationRole OrganisationRole `json:"organisation_role"`
	// Groups are the user's groups at their identity provider, by which
	// their organisation may admit them to workspaces.
	Groups []string `json:"groups"`
	// Shielded: an afgeschermde medewerker, shown to other organisations by
	// function and organisation only.
	Shielded  bool      `json:"shielded"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Viewer returns the viewer that acts as u.
func (u *User) Viewer() Viewer {
	return Viewer{UserID: u.ID, OrganisationID: u.OrganisationID, PlatformRole: u.PlatformRole,
		OrganisationRole: u.OrganisationRole, Groups: u.Groups}
}

// UserService finds and records users.
type UserService interface {
	// FindUserByID returns ENOTFOUND if there is no such user.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUsers returns the users of an organisation (all users if orgID is
	// 0) whom the viewer may know of, as ShowPerson shows them, ordered by
	// what is shown: their own organisation's people and those who take
	// part in a workspace the viewer takes part in (a beheerder: all);
	// other organisations' e-mail addresses and groups left out.
	FindUsers(ctx context.Context, orgID int64) ([]*User, error)
	// UpsertUser creates the user with u's issuer and subject, or updates its
	// name, e-mail, function, organisation, platform and organisation role,
	// the identity provider's shielded mark (u.Shielded; the organisation's
	// own mark is left as it is) and replaces its groups with u.Groups. It
	// runs without a viewer: it is called by the login flow. Afterwards u is
	// the user as stored (u.ID set, u.Shielded either mark).
	UpsertUser(ctx context.Context, u *User) error
	// SetShielded sets or clears the organisation's own shielded mark of
	// the user with id; only the user's organisatiebeheerder may, and anyone
	// else gets EFORBIDDEN whether or not the user exists.
	SetShielded(ctx context.Context, id int64, shielded bool) (*ShieldedMark, error)
}

// ShieldedMark tells why a user is shielded: their identity provider's
// claim (renewed at each sign-in) or their organisation's beheerder (kept
// until the beheerder clears it). Shielded is either.
type ShieldedMark struct {
	UserID         int64 `json:"user_id"`
	Shielded       bool  `json:"shielded"`
	ByClaim        bool  `json:"by_claim"`
	ByOrganisation bool  `json:"by_organisation"`
}
