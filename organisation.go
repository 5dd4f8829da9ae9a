package ketenhub

import (
	"context"
	"time"
)

// OrganisationKind is the kind of partner an organisation is.
type OrganisationKind string

// The kinds of partner organisation.
const (
	KindGemeente              OrganisationKind = "gemeente"
	KindPolitie               OrganisationKind = "politie"
	KindOM                    OrganisationKind = "om"
	KindRIEC                  OrganisationKind = "riec"
	KindGGD                   OrganisationKind = "ggd"
	KindHalt                  OrganisationKind = "halt"
	KindVeiligThuis           OrganisationKind = "veilig_thuis"
	KindZorgEnVeiligheidshuis OrganisationKind = "zorg_en_veiligheidshuis"
	KindVeiligheidsregio      OrganisationKind = "veiligheidsregio"
	KindJongerenwerk          OrganisationKind = "jongerenwerk"
	KindWoningcorporatie      OrganisationKind = "woningcorporatie"
	KindOnderwijs             OrganisationKind = "onderwijs"
	KindOverig                OrganisationKind = "overig"
)

// OrganisationKinds lists every valid kind, in display order.
var OrganisationKinds = []OrganisationKind{
	KindGemeente, KindPolitie, KindOM, KindRIEC, KindGGD, KindHalt, KindVeiligThuis,
	KindZorgEnVeiligheidshuis, KindVeiligheidsregio, KindJongerenwerk, KindWoningcorporatie,
	KindOnderwijs, KindOverig,
}

// Valid reports whether k is a known kind.
func (k OrganisationKind) Valid() bool {
	for _, x := range OrganisationKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Organisation is a partner organisation: a municipality, the police, the OM, ...
// Organisations are peers; none owns the deployment.
type Organisation struct {
	ID        int64            `json:"id"`
	Name      string           `json:"name"`
	Kind      OrganisationKind `json:"kind"`
	Version   int64            `json:"version"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// OrganisationUpdate holds the fields to change; nil means unchanged.
type OrganisationUpdate struct {
	Name    *string           `json:"name"`
	Kind    *OrganisationKind `json:"kind"`
	Version int64             `json:"version"`
}

// OrganisationService manages organisations. Anyone signed in may read them;
// only a beheerder may create or change them.
type OrganisationService interface {
	// FindOrganisations returns all organisations ordered by name.
	FindOrganisations(ctx context.Context) ([]*Organisation, error)
	// FindOrganisationByID returns ENOTFOUND if there is no such organisation.
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	// CreateOrganisation returns EFORBIDDEN for a non-beheerder, EINVALID for bad input.
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// UpdateOrganisation returns ECONFLICT (with the current one) on a stale version.
	UpdateOrganisation(ctx context.Context, id int64, upd OrganisationUpdate) (*Organisation, error)
}
