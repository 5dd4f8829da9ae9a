package store

import (
	"context"
	"fmt"

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

// UpsertUser creates or updates the user with u's issuer and subject.
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
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("save user: %w", err)
		}
		*u = *row.domain()
		system := ketenhub.Viewer{UserID: row.ID, OrganisationID: row.OrganisationID}
		return s.audit(tx, system, action, ketenhub.SubjectUser, row.ID, "sign-in")
	})
}
