package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// OrganisationService implements ketenhub.OrganisationService.
type OrganisationService struct{ *base }

var _ ketenhub.OrganisationService = (*OrganisationService)(nil)

func errOrganisationNotFound() error { return ketenhub.NotFound("organisation", "organisatie") }

// FindOrganisations returns all organisations ordered by name.
func (s *OrganisationService) FindOrganisations(ctx context.Context) ([]*ketenhub.Organisation, error) {
	if _, err := viewer(ctx); err != nil {
		return nil, err
	}
	var rows []organisationRow
	if err := s.conn(ctx).Order("name, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	out := make([]*ketenhub.Organisation, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// FindOrganisationByID returns ENOTFOUND if there is no such organisation.
func (s *OrganisationService) FindOrganisationByID(ctx context.Context, id int64) (*ketenhub.Organisation, error) {
	if _, err := viewer(ctx); err != nil {
		return nil, err
	}
	return findOrganisation(s.conn(ctx), id)
}

// FindOrganisationByName finds an organisation by its exact name without a
// viewer: the login flow maps an identity provider's claim to it.
func (s *OrganisationService) FindOrganisationByName(ctx context.Context, name string) (*ketenhub.Organisation, error) {
	var row organisationRow
	if err := s.conn(ctx).Where("name = ?", name).Take(&row).Error; isNotFound(err) {
		return nil, errOrganisationNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find organisation: %w", err)
	}
	return row.domain(), nil
}

func findOrganisation(tx *gorm.DB, id int64) (*ketenhub.Organisation, error) {
	var row organisationRow
	if err := tx.Take(&row, id).Error; isNotFound(err) {
		return nil, errOrganisationNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find organisation: %w", err)
	}
	return row.domain(), nil
}

// CreateOrganisation is for a beheerder.
func (s *OrganisationService) CreateOrganisation(ctx context.Context, o *ketenhub.Organisation) error {
	v, err := viewer(ctx)
	if err != nil {
		return err
	}
	if !v.IsBeheerder() {
		return ketenhub.Forbidden()
	}
	o.Name = strings.TrimSpace(o.Name)
	if err := o.Validate(); err != nil {
		return err
	}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		if err := uniqueName(tx, o.Name, 0); err != nil {
			return err
		}
		now := s.now()
		row := organisationRow{Name: o.Name, Kind: string(o.Kind), Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create organisation: %w", err)
		}
		*o = *row.domain()
		return s.audit(tx, v, "create", ketenhub.SubjectOrganisation, row.ID, "")
	})
	return s.nameTaken(ctx, err, o.Name, 0)
}

// nameTaken turns the failure of a write that lost a race for a name (two
// beheerders creating the same organisation at once: the unique index
// refuses the second) into the field error the check before it would have
// given (ECONFLICT on the name). Other errors pass unchanged.
func (s *OrganisationService) nameTaken(ctx context.Context, err error, name string, except int64) error {
	if err == nil || ketenhub.ErrorOf(err) != nil {
		return err
	}
	if taken := uniqueName(s.conn(ctx), name, except); ketenhub.ErrorOf(taken) != nil {
		return taken
	}
	return err
}

func uniqueName(tx *gorm.DB, name string, except int64) error {
	var n int64
	if err := tx.Model(&organisationRow{}).Where("name = ? AND id <> ?", name, except).Count(&n).Error; err != nil {
		return fmt.Errorf("check name: %w", err)
	}
	if n > 0 {
		e := ketenhub.Errorf(ketenhub.ECONFLICT, "An organisation with this name exists already.", "Er bestaat al een organisatie met deze naam.")
		e.Field = "name"
		return e
	}
	return nil
}

// UpdateOrganisation is for a beheerder; ECONFLICT on a stale version.
func (s *OrganisationService) UpdateOrganisation(ctx context.Context, id int64, upd ketenhub.OrganisationUpdate) (*ketenhub.Organisation, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if !v.IsBeheerder() {
		return nil, ketenhub.Forbidden()
	}
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Organisation
	err = s.transact(ctx, func(tx *gorm.DB) error {
		o, err := findOrganisation(tx, id)
		if err != nil {
			return err
		}
		if upd.Name != nil {
			o.Name = strings.TrimSpace(*upd.Name)
		}
		if upd.Kind != nil {
			o.Kind = *upd.Kind
		}
		if err := o.Validate(); err != nil {
			return err
		}
		if err := uniqueName(tx, o.Name, id); err != nil {
			return err
		}
		res := tx.Model(&organisationRow{}).Where("id = ? AND version = ?", id, upd.Version).
			Updates(map[string]any{"name": o.Name, "kind": string(o.Kind), "version": gorm.Expr("version + 1"), "updated_at": s.now()})
		if out, err = updated("organisation", res, func() (*ketenhub.Organisation, error) { return findOrganisation(tx, id) }); err != nil {
			return err
		}
		return s.audit(tx, v, "update", ketenhub.SubjectOrganisation, id, "")
	})
	if err != nil && upd.Name != nil {
		return nil, s.nameTaken(ctx, err, strings.TrimSpace(*upd.Name), id)
	}
	return out, err
}
