package server

import (
	"math"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

func (s *Server) listComments(c *gin.Context) error {
	actionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	cs, err := s.svc.Comments.FindComments(c.Request.Context(), ketenhub.SubjectAction, actionID)
	if err != nil {
		return err
	}
	return ok(c, items(cs))
}

// commentInput is the body of POST /actions/:id/comments. Without a
// visibility the comment is visible to whoever sees the action.
type commentInput struct {
	Body       string               `json:"body"`
	Visibility *ketenhub.Visibility `json:"visibility"`
}

func (s *Server) createComment(c *gin.Context) error {
	actionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in commentInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.text("body", in.Body, ketenhub.MaxComment, true)
	if in.Visibility != nil {
		v.visibility("visibility", *in.Visibility)
	}
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("body", in.Body)); err != nil {
		return err
	}
	ctx := c.Request.Context()
	cm := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: actionID, Body: in.Body}
	if in.Visibility != nil {
		cm.Visibility = *in.Visibility
	} else {
		a, err := s.svc.Actions.FindActionByID(ctx, actionID)
		if err != nil {
			return err
		}
		cm.WorkspaceID, cm.Visibility = a.WorkspaceID, a.Visibility
	}
	if err := s.svc.Comments.CreateComment(ctx, cm); err != nil {
		return err
	}
	return created(c, cm, 0, "/actions/%d/comments#comment-%d", actionID, cm.ID)
}

func (s *Server) listEvents(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c, "after", "limit")
	f := ketenhub.EventFilter{WorkspaceID: workspaceID, AfterSeq: q.int("after", 0, 0, math.MaxInt64), Limit: int(q.int("limit", 100, 1, 1000))}
	if err := q.result(); err != nil {
		return err
	}
	events, err := s.svc.Events.FindEvents(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return ok(c, items(events))
}
