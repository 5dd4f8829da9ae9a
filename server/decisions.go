package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

func (s *Server) listDecisions(c *gin.Context) error {
	meetingID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	ds, err := s.svc.Decisions.FindDecisions(c.Request.Context(), meetingID)
	if err != nil {
		return err
	}
	return ok(c, items(ds))
}

func (s *Server) getDecision(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Decisions.FindDecisionByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, d, d.Version)
}

// decisionInput is the body of POST /meetings/:id/decisions; without an
// agenda item the decision is on the meeting's current item.
type decisionInput struct {
	AgendaItemID *int64 `json:"agenda_item_id"`
	Text         string `json:"text"`
}

func (s *Server) recordDecision(c *gin.Context) error {
	meetingID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in decisionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.text("text", in.Text, maxDescription, true)
	var itemID int64 // 0: the meeting's current item
	if in.AgendaItemID != nil {
		itemID = *in.AgendaItemID
		v.id("agenda_item_id", itemID)
	}
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("text", in.Text)); err != nil {
		return err
	}
	d := &ketenhub.Decision{MeetingID: meetingID, AgendaItemID: itemID, Text: in.Text}
	if err := s.svc.Decisions.RecordDecision(c.Request.Context(), d); err != nil {
		return err
	}
	return created(c, d, d.Version, "/decisions/%d", d.ID)
}

// decisionPatch is the body of PATCH /decisions/:id.
type decisionPatch struct {
	Text    Optional[string] `json:"text"`
	Version Optional[int64]  `json:"version"`
}

func (s *Server) updateDecision(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in decisionPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.optText("text", in.Text, maxDescription, true)
	v.somethingToChange(in.Text.Set)
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, optField("text", in.Text)); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	d, err := s.svc.Decisions.UpdateDecision(c.Request.Context(), id, ketenhub.DecisionUpdate{Text: in.Text.ptr(), Version: version})
	if err != nil {
		return err
	}
	return versioned(c, d, d.Version)
}

// createDecisionAction makes an action from a decision: the body is that
// of a new action; the visibility defaults to the decision's.
func (s *Server) createDecisionAction(c *gin.Context) error {
	decisionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in actionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a := in.action(0, userOf(c).OrganisationID)
	if in.Visibility == nil {
		a.Visibility = ketenhub.Visibility{} // the decision's
	}
	if err := validateAction(a, in.Visibility != nil); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("title", a.Title), textField("description", a.Description)); err != nil {
		return err
	}
	if err := s.svc.Decisions.CreateDecisionAction(c.Request.Context(), decisionID, a); err != nil {
		return err
	}
	return created(c, a, a.Version, "/actions/%d", a.ID)
}
