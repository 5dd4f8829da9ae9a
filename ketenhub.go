// Package ketenhub holds the domain of Ketenhub: the collaboration hub for the
// partners in Dutch local safety policy. It defines the types, the error type
// and the service interfaces; the packages beside it (store, server, auth,
// realtime) implement or use them, and cmd/ketenhub wires them together.
//
// The package imports nothing but the standard library.
package ketenhub

import (
	"context"
	"time"
)

// Viewer is the person on whose behalf a service call runs. Services read it
// from the context; a call without one is refused with EUNAUTHORIZED.
type Viewer struct {
	UserID           int64
	OrganisationID   int64
	PlatformRole     PlatformRole
	OrganisationRole OrganisationRole
	// Groups are the viewer's groups at their identity provider, as of
	// their last sign-in: what admission to a workspace may name.
	Groups []string
}

// IsBeheerder reports whether the viewer is a platform administrator.
func (v Viewer) IsBeheerder() bool { return v.PlatformRole == PlatformRoleBeheerder }

// IsOrganisationBeheerder reports whether the viewer manages the people of
// organisation orgID: they are its organisatiebeheerder.
func (v Viewer) IsOrganisationBeheerder(orgID int64) bool {
	return v.OrganisationRole == OrganisationRoleBeheerder && orgID != 0 && v.OrganisationID == orgID
}

type viewerKey struct{}

// NewContextWithViewer returns a copy of ctx that carries v.
func NewContextWithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFromContext returns the viewer carried by ctx, if any.
func ViewerFromContext(ctx context.Context) (Viewer, bool) {
	v, ok := ctx.Value(viewerKey{}).(Viewer)
	return v, ok && v.UserID != 0
}

// Clock tells the time; services take one so that tests can move it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }
