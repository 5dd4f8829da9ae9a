package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

func (s *Server) listGoals(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	goals, err := s.svc.Goals.FindGoals(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, items(goals))
}

func (s *Server) getGoal(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	g, err := s.svc.Goals.FindGoalByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, g, g.Version)
}

// goalInput is the body of POST /workspaces/:id/goals.
type goalInput struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Target      *float64 `json:"target" nullable:"true"`
	Unit        string   `json:"unit"`
}

func (s *Server) createGoal(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in goalInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.text("title", in.Title, maxTitle, true)
	v.text("description", in.Description, maxDescription, false)
	v.text("unit", in.Unit, maxShort, false)
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("title", in.Title), textField("description", in.Description)); err != nil {
		return err
	}
	g := &ketenhub.Goal{WorkspaceID: workspaceID, Title: in.Title, Description: in.Description, Target: in.Target, Unit: in.Unit}
	if err := s.svc.Goals.CreateGoal(c.Request.Context(), g); err != nil {
		return err
	}
	return created(c, g, g.Version, "/goals/%d", g.ID)
}

// goalPatch is the body of PATCH /goals/:id.
type goalPatch struct {
	Title       Optional[string]  `json:"title"`
	Description Optional[string]  `json:"description"`
	Target      Optional[float64] `json:"target"`
	Unit        Optional[string]  `json:"unit"`
	Version     Optional[int64]   `json:"version"`
}

func (s *Server) updateGoal(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in goalPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.optText("title", in.Title, maxTitle, true)
	v.optText("description", in.Description, maxDescription, false)
	v.notNull("target", in.Target.Null)
	v.optText("unit", in.Unit, maxShort, false)
	v.somethingToChange(in.Title.Set || in.Description.Set || in.Target.Set || in.Unit.Set)
	if err := v.result(); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	if err := checkPersonalData(c, optField("title", in.Title), optField("description", in.Description)); err != nil {
		return err
	}
	g, err := s.svc.Goals.UpdateGoal(c.Request.Context(), id, ketenhub.GoalUpdate{
		Title: in.Title.ptr(), Description: in.Description.ptr(), Target: in.Target.ptr(), Unit: in.Unit.ptr(), Version: version,
	})
	if err != nil {
		return err
	}
	return versioned(c, g, g.Version)
}
