package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// UserService implements ketenhub.UserService.
type UserService struct{ *base }

var _ ketenhub.UserService = (*UserService)(nil)

// FindUserByID returns ENOTFOUND if there is no such user. It needs no
// viewer: the session middleware resolves users with it.
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*ketenhub.User, error) {
	var row userRow
	if err := s.conn(ctx).Take(&row, id).Error; isNotFound(err) {
		return nil, ketenhub.NotFound("user", "gebruiker")
	} else if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	u := row.domain()
	return u, withGroups(s.conn(ctx), map[int64]*ketenhub.User{u.ID: u})
}

// Bounds on what a sign-in records of a person: the groups beyond
// MaxUserGroups, and group names longer than ketenhub.MaxGroupName
// characters, are left out (the sign-in flow drops them before and logs
// it; this is the store's own guard). A longer function is cut.
const (
	MaxUserGroups = 200
	maxFunction   = 200
)

// UpsertUser creates or updates the user with u's issuer and subject: what
// the identity provider says of them at this sign-in. u.Shielded is the
// identity provider's mark (shielded_by_claim); the mark set by the
// organisation's beheerder is never changed here. u.Groups replace the
// user's stored groups, so that a person removed from a group at the
// identity provider loses what the group admitted them to at their next
// sign-in. Afterwards u is the user as stored (Shielded either mark).
func (s *UserService) UpsertUser(ctx context.Context, u *ketenhub.User) error {
	if u.Issuer == "" || u.Subject == "" {
		return ketenhub.FieldError("subject", "A user needs an issuer and a subject.", "Een gebruiker heeft een uitgever en een subject nodig.")
	}
	if err := ketenhub.ValidateText("name", u.Name, false, ketenhub.MaxName); err != nil {
		return err
	}
	if err := ketenhub.ValidateText("email", u.Email, false, 320); err != nil {
		return err
	}
	switch u.OrganisationRole {
	case ketenhub.OrganisationRoleNone, ketenhub.OrganisationRoleBeheerder:
	default:
		return ketenhub.FieldError("organisation_role", "The organisation role is not known.", "De rol in de organisatie is onbekend.")
	}
	u.Function = boundFunction(u.Function)
	u.Groups = boundGroups(u.Groups)
	// Two first sign-ins of one person (two tabs) can both find no user and
	// both insert; the loser hits the unique identity index. Trying once
	// more then finds the winner's row and updates it.
	err := s.upsertUser(ctx, u)
	if err != nil && ketenhub.ErrorOf(err) == nil {
		err = s.upsertUser(ctx, u)
	}
	return err
}

// upsertUser is one attempt of UpsertUser, in one transaction.
func (s *UserService) upsertUser(ctx context.Context, u *ketenhub.User) error {
	return s.transact(ctx, func(tx *gorm.DB) error {
		if _, err := findOrganisation(tx, u.OrganisationID); err != nil {
			return err
		}
		var row userRow
		err := tx.Where("issuer = ? AND subject = ?", u.Issuer, u.Subject).Take(&row).Error
		if err != nil && !isNotFound(err) {
			return fmt.Errorf("find user: %w", err)
		}
		action := "update"
		if row.ID == 0 {
			action = "create"
			row.CreatedAt = s.now()
		}
		row.Issuer, row.Subject, row.Name, row.Email = u.Issuer, u.Subject, u.Name, u.Email
		row.OrganisationID, row.PlatformRole, row.UpdatedAt = u.OrganisationID, string(u.PlatformRole), s.now()
		row.Function, row.ShieldedByClaim, row.OrganisationRole = u.Function, u.Shielded, string(u.OrganisationRole)
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("save user: %w", err)
		}
		if err := replaceGroups(tx, row.ID, u.Groups); err != nil {
			return err
		}
		groups := u.Groups
		*u = *row.domain()
		u.Groups = groups
		system := ketenhub.Viewer{UserID: row.ID, OrganisationID: row.OrganisationID}
		return s.audit(tx, system, action, ketenhub.SubjectUser, row.ID, "sign-in")
	})
}

// replaceGroups makes groups the user's groups.
func replaceGroups(tx *gorm.DB, userID int64, groups []string) error {
	if err := tx.Exec("DELETE FROM user_groups WHERE user_id = ?", userID).Error; err != nil {
		return fmt.Errorf("replace user groups: %w", err)
	}
	if len(groups) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(groups))
	for i, g := range groups {
		rows[i] = map[string]any{"user_id": userID, "name": g}
	}
	if err := tx.Table("user_groups").Create(rows).Error; err != nil {
		return fmt.Errorf("replace user groups: %w", err)
	}
	return nil
}

// boundGroups keeps, sorted and without repeats, at most MaxUserGroups of
// the groups whose names are valid, non-blank and at most
// ketenhub.MaxGroupName characters.
func boundGroups(groups []string) []string {
	out := make([]string, 0, min(len(groups), MaxUserGroups))
	for _, g := range groups {
		if len(out) == MaxUserGroups {
			break
		}
		if utf8.ValidString(g) && strings.TrimSpace(g) != "" && utf8.RuneCountInString(g) <= ketenhub.MaxGroupName && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// boundFunction trims a function and cuts it to maxFunction characters.
func boundFunction(f string) string {
	f = strings.TrimSpace(f)
	if !utf8.ValidString(f) {
		f = strings.ToValidUTF8(f, "")
	}
	if utf8.RuneCountInString(f) > maxFunction {
		f = string([]rune(f)[:maxFunction])
	}
	return f
}

// SetShielded sets or clears the organisation's shielded mark of a user.
// Only the user's own organisatiebeheerder may: the organisation knows
// which of its officers must be shielded. Anyone else, the platform
// beheerder included, is refused with EFORBIDDEN whether or not the user
// exists, so that nobody learns of users by trying ids.
func (s *UserService) SetShielded(ctx context.Context, id int64, shielded bool) (*ketenhub.ShieldedMark, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	var mark *ketenhub.ShieldedMark
	err = s.transact(ctx, func(tx *gorm.DB) error {
		var row userRow
		if err := tx.Take(&row, id).Error; isNotFound(err) {
			return ketenhub.Forbidden()
		} else if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		if !v.IsOrganisationBeheerder(row.OrganisationID) {
			return ketenhub.Forbidden()
		}
		if err := tx.Model(&userRow{}).Where("id = ?", id).
			Updates(map[string]any{"shielded_by_organisation": shielded, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("set shielded: %w", err)
		}
		mark = &ketenhub.ShieldedMark{UserID: id, Shielded: shielded || row.ShieldedByClaim, ByClaim: row.ShieldedByClaim, ByOrganisation: shielded}
		return s.audit(tx, v, "update", ketenhub.SubjectUser, id, fmt.Sprintf("shielded_by_organisation=%t", shielded))
	})
	if err != nil {
		return nil, err
	}
	return mark, nil
}
