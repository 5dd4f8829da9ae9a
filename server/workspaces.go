package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

func (s *Server) listWorkspaces(c *gin.Context) error {
	q := newQuery(c, "theme", "include_archived")
	f := ketenhub.WorkspaceFilter{IncludeArchived: q.bool("include_archived")}
	if q.has("theme") {
		theme := ketenhub.Theme(q.str("theme"))
		q.text("theme", string(theme), maxShort, true)
		f.Theme = &theme
	}
	if err := q.result(); err != nil {
		return err
	}
	spaces, err := s.svc.Workspaces.FindWorkspaces(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return ok(c, items(spaces))
}

func (s *Server) getWorkspace(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	w, err := s.svc.Workspaces.FindWorkspaceByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, w, w.Version)
}

// workspaceInput is the body of POST /workspaces.
type workspaceInput struct {
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Theme       ketenhub.Theme `json:"theme"`
	Period      string         `json:"period"`
}

func (s *Server) createWorkspace(c *gin.Context) error {
	var in workspaceInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.text("title", in.Title, maxTitle, true)
	v.text("description", in.Description, maxDescription, false)
	v.text("theme", string(in.Theme), maxShort, true)
	v.text("period", in.Period, maxShort, false)
	if err := v.result(); err != nil {
		return err
	}
	w := &ketenhub.Workspace{Title: in.Title, Description: in.Description, Theme: in.Theme, Period: in.Period}
	if err := s.svc.Workspaces.CreateWorkspace(c.Request.Context(), w); err != nil {
		return err
	}
	return created(c, w, w.Version, "/workspaces/%d", w.ID)
}

// workspacePatch is the body of PATCH /workspaces/:id.
type workspacePatch struct {
	Title       Optional[string]         `json:"title"`
	Description Optional[string]         `json:"description"`
	Theme       Optional[ketenhub.Theme] `json:"theme"`
	Period      Optional[string]         `json:"period"`
	Archived    Optional[bool]           `json:"archived"`
	Version     Optional[int64]          `json:"version"`
}

func (s *Server) updateWorkspace(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in workspacePatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.optText("title", in.Title, maxTitle, true)
	v.optText("description", in.Description, maxDescription, false)
	v.optText("theme", Optional[string]{Set: in.Theme.Set, Null: in.Theme.Null, Value: string(in.Theme.Value)}, maxShort, true)
	v.optText("period", in.Period, maxShort, false)
	v.notNull("archived", in.Archived.Null)
	v.somethingToChange(in.Title.Set || in.Description.Set || in.Theme.Set || in.Period.Set || in.Archived.Set)
	if err := v.result(); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	w, err := s.svc.Workspaces.UpdateWorkspace(c.Request.Context(), id, ketenhub.WorkspaceUpdate{
		Title: in.Title.ptr(), Description: in.Description.ptr(), Theme: in.Theme.ptr(),
		Period: in.Period.ptr(), Archived: in.Archived.ptr(), Version: version,
	})
	if err != nil {
		return err
	}
	return versioned(c, w, w.Version)
}

func (s *Server) listMembers(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ms, err := s.svc.Workspaces.FindMemberships(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, items(ms))
}

// membershipInput is the body of PUT /workspaces/:id/members/:orgId.
type membershipInput struct {
	Role ketenhub.Role `json:"role"`
}

func (s *Server) setMember(c *gin.Context) error {
	id, orgID, err := memberPath(c)
	if err != nil {
		return err
	}
	var in membershipInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.oneOf("role", in.Role.Valid(), "regisseur, partner, meelezer")
	if err := v.result(); err != nil {
		return err
	}
	m, err := s.svc.Workspaces.SetMembership(c.Request.Context(), id, orgID, in.Role)
	if err != nil {
		return err
	}
	return ok(c, m)
}

func (s *Server) deleteMember(c *gin.Context) error {
	id, orgID, err := memberPath(c)
	if err != nil {
		return err
	}
	if err := s.svc.Workspaces.DeleteMembership(c.Request.Context(), id, orgID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// memberPath reads the workspace and organisation ids of a membership's path.
func memberPath(c *gin.Context) (workspaceID, orgID int64, err error) {
	if workspaceID, err = pathID(c, "id"); err != nil {
		return 0, 0, err
	}
	if orgID, err = pathID(c, "orgId"); err != nil {
		return 0, 0, err
	}
	return workspaceID, orgID, nil
}
