package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// meResponse tells the web app who is signed in.
type meResponse struct {
	User         *ketenhub.User         `json:"user"`
	Organisation *ketenhub.Organisation `json:"organisation"`
	CSRFToken    string                 `json:"csrf_token"`
	Memberships  []meMembership         `json:"memberships"`
	Session      meSession              `json:"session"`
}

// meSession tells the web app when the session ends, so that it can warn
// before the idle timeout. Reading it (GET /api/v1/me) is itself activity:
// it extends the session.
type meSession struct {
	// IdleExpiresAt is when the session ends if nothing more is asked.
	IdleExpiresAt time.Time `json:"idle_expires_at"`
	// ExpiresAt is the absolute end, however active the user is.
	ExpiresAt time.Time `json:"expires_at"`
	// IdleTimeoutSeconds is the idle timeout (KETENHUB_SESSION_IDLE).
	IdleTimeoutSeconds int64 `json:"idle_timeout_seconds"`
}

// meMembership is a workspace the viewer's organisation is a member of.
type meMembership struct {
	WorkspaceID    int64          `json:"workspace_id"`
	WorkspaceTitle string         `json:"workspace_title"`
	Theme          ketenhub.Theme `json:"theme"`
	Archived       bool           `json:"archived"`
	Role           ketenhub.Role  `json:"role"`
}

func (s *Server) getMe(c *gin.Context) error {
	if err := newQuery(c).result(); err != nil {
		return err
	}
	ctx, user := c.Request.Context(), userOf(c)
	org, err := s.svc.Organisations.FindOrganisationByID(ctx, user.OrganisationID)
	if err != nil {
		return err
	}
	spaces, err := s.svc.Workspaces.FindWorkspaces(ctx, ketenhub.WorkspaceFilter{IncludeArchived: true})
	if err != nil {
		return err
	}
	ms := []meMembership{}
	for _, w := range spaces {
		if w.MyRole.Valid() { // a beheerder also sees workspaces without a role
			ms = append(ms, meMembership{WorkspaceID: w.ID, WorkspaceTitle: w.Title, Theme: w.Theme, Archived: w.Archived, Role: w.MyRole})
		}
	}
	sess := sessionOf(c)
	return ok(c, meResponse{User: user, Organisation: org, CSRFToken: sess.CSRFToken, Memberships: ms, Session: meSession{
		IdleExpiresAt: s.svc.Sessions.IdleExpiry(sess).UTC(), ExpiresAt: sess.ExpiresAt.UTC(),
		IdleTimeoutSeconds: int64(s.svc.Sessions.Options().Idle / time.Second),
	}})
}

func (s *Server) listOrganisations(c *gin.Context) error {
	if err := newQuery(c).result(); err != nil {
		return err
	}
	orgs, err := s.svc.Organisations.FindOrganisations(c.Request.Context())
	if err != nil {
		return err
	}
	return ok(c, items(orgs))
}

func (s *Server) getOrganisation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.svc.Organisations.FindOrganisationByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, o, o.Version)
}

// organisationInput is the body of POST /organisations.
type organisationInput struct {
	Name string                    `json:"name"`
	Kind ketenhub.OrganisationKind `json:"kind"`
}

func (s *Server) createOrganisation(c *gin.Context) error {
	var in organisationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.text("name", in.Name, maxName, true)
	v.oneOf("kind", in.Kind.Valid(), joinAll(ketenhub.OrganisationKinds))
	if err := v.result(); err != nil {
		return err
	}
	o := &ketenhub.Organisation{Name: in.Name, Kind: in.Kind}
	if err := s.svc.Organisations.CreateOrganisation(c.Request.Context(), o); err != nil {
		return err
	}
	return created(c, o, o.Version, "/organisations/%d", o.ID)
}

// organisationPatch is the body of PATCH /organisations/:id.
type organisationPatch struct {
	Name    Optional[string]                    `json:"name"`
	Kind    Optional[ketenhub.OrganisationKind] `json:"kind"`
	Version Optional[int64]                     `json:"version"`
}

func (s *Server) updateOrganisation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in organisationPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.optText("name", in.Name, maxName, true)
	v.notNull("kind", in.Kind.Null)
	v.oneOf("kind", !in.Kind.Set || in.Kind.Null || in.Kind.Value.Valid(), joinAll(ketenhub.OrganisationKinds))
	v.somethingToChange(in.Name.Set || in.Kind.Set)
	if err := v.result(); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	o, err := s.svc.Organisations.UpdateOrganisation(c.Request.Context(), id,
		ketenhub.OrganisationUpdate{Name: in.Name.ptr(), Kind: in.Kind.ptr(), Version: version})
	if err != nil {
		return err
	}
	return versioned(c, o, o.Version)
}

func (s *Server) listUsers(c *gin.Context) error {
	q := newQuery(c, "organisation_id")
	orgID := q.id("organisation_id")
	if err := q.result(); err != nil {
		return err
	}
	users, err := s.svc.Users.FindUsers(c.Request.Context(), orgID)
	if err != nil {
		return err
	}
	return ok(c, items(users))
}
