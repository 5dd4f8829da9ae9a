package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

func (s *Server) listAgenda(c *gin.Context) error {
	meetingID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	agenda, err := s.svc.Agenda.FindAgenda(c.Request.Context(), meetingID)
	if err != nil {
		return err
	}
	return ok(c, items(agenda))
}

func (s *Server) getAgendaItem(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	it, err := s.svc.Agenda.FindAgendaItemByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, it, it.Version)
}

// agendaItemInput is the body of POST /meetings/:id/agenda. The kind is
// bespreken and the visibility the whole workspace unless given.
type agendaItemInput struct {
	Title           string                   `json:"title"`
	Notes           string                   `json:"notes"`
	Kind            *ketenhub.AgendaItemKind `json:"kind"`
	PresenterUserID *int64                   `json:"presenter_user_id" nullable:"true"`
	MinutesPlanned  int                      `json:"minutes_planned"`
	ExternalRef     string                   `json:"external_ref"`
	Visibility      *ketenhub.Visibility     `json:"visibility"`
}

func (s *Server) proposeAgendaItem(c *gin.Context) error {
	meetingID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in agendaItemInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	it := &ketenhub.AgendaItem{
		MeetingID: meetingID, Title: in.Title, Notes: in.Notes, Kind: ketenhub.ItemBespreken, PresenterUserID: in.PresenterUserID,
		MinutesPlanned: in.MinutesPlanned, ExternalRef: in.ExternalRef, State: ketenhub.ItemProposed,
		Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace},
	}
	if in.Kind != nil { // absent means bespreken; "" is not absent
		it.Kind = *in.Kind
	}
	if in.Visibility != nil {
		it.Visibility = *in.Visibility
	}
	var v validator
	v.oneOf("kind", it.Kind.Valid(), joinAll(ketenhub.AgendaItemKinds))
	v.text("title", it.Title, maxTitle, true)
	v.text("notes", it.Notes, maxDescription, false)
	v.text("external_ref", it.ExternalRef, maxShort, false)
	v.visibility("visibility", it.Visibility)
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("title", it.Title), textField("notes", it.Notes)); err != nil {
		return err
	}
	if err := s.svc.Agenda.ProposeAgendaItem(c.Request.Context(), it); err != nil {
		return err
	}
	return created(c, it, it.Version, "/agenda-items/%d", it.ID)
}

// agendaItemPatch is the body of PATCH /agenda-items/:id. Null clears the presenter.
type agendaItemPatch struct {
	Title           Optional[string]                   `json:"title"`
	Notes           Optional[string]                   `json:"notes"`
	Kind            Optional[ketenhub.AgendaItemKind]  `json:"kind"`
	PresenterUserID Optional[int64]                    `json:"presenter_user_id"`
	MinutesPlanned  Optional[int]                      `json:"minutes_planned"`
	ExternalRef     Optional[string]                   `json:"external_ref"`
	Visibility      Optional[ketenhub.Visibility]      `json:"visibility"`
	State           Optional[ketenhub.AgendaItemState] `json:"state"`
	Version         Optional[int64]                    `json:"version"`
}

func (p agendaItemPatch) update() (ketenhub.AgendaItemUpdate, error) {
	var v validator
	v.optText("title", p.Title, maxTitle, true)
	v.optText("notes", p.Notes, maxDescription, false)
	v.optText("external_ref", p.ExternalRef, maxShort, false)
	v.notNull("kind", p.Kind.Null)
	v.notNull("minutes_planned", p.MinutesPlanned.Null)
	v.notNull("visibility", p.Visibility.Null)
	v.notNull("state", p.State.Null)
	if p.Visibility.Set && !p.Visibility.Null {
		v.visibility("visibility", p.Visibility.Value)
	}
	v.oneOf("state", !p.State.Set || p.State.Null || p.State.Value.Valid(), joinAll(ketenhub.AgendaItemStates))
	v.somethingToChange(p.Title.Set || p.Notes.Set || p.Kind.Set || p.PresenterUserID.Set || p.MinutesPlanned.Set ||
		p.ExternalRef.Set || p.Visibility.Set || p.State.Set)
	return ketenhub.AgendaItemUpdate{
		Title: p.Title.ptr(), Notes: p.Notes.ptr(), Kind: p.Kind.ptr(),
		PresenterUserID: p.PresenterUserID.ptr(), ClearPresenter: p.PresenterUserID.Set && p.PresenterUserID.Null,
		MinutesPlanned: p.MinutesPlanned.ptr(), ExternalRef: p.ExternalRef.ptr(), Visibility: p.Visibility.ptr(),
		State: p.State.ptr(),
	}, v.result()
}

func (s *Server) updateAgendaItem(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in agendaItemPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	upd, err := in.update()
	if err != nil {
		return err
	}
	if err := checkPersonalData(c, optField("title", in.Title), optField("notes", in.Notes)); err != nil {
		return err
	}
	if upd.Version, err = baseVersion(c, in.Version); err != nil {
		return err
	}
	it, err := s.svc.Agenda.UpdateAgendaItem(c.Request.Context(), id, upd)
	if err != nil {
		return err
	}
	return versioned(c, it, it.Version)
}

// moveInput is the body of POST /agenda-items/:id/move.
type moveInput struct {
	Position int             `json:"position"`
	Version  Optional[int64] `json:"version"`
}

func (s *Server) moveAgendaItem(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in moveInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.check(in.Position >= 1, "position", "Position must be 1 or more.", "Positie moet 1 of hoger zijn.")
	if err := v.result(); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	agenda, err := s.svc.Agenda.MoveAgendaItem(c.Request.Context(), id, in.Position, version)
	if err != nil {
		return err
	}
	return ok(c, items(agenda))
}

// versionInput is a body that holds only the version a step is based on.
type versionInput struct {
	Version Optional[int64] `json:"version"`
}

func (s *Server) deferAgendaItem(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in versionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	it, err := s.svc.Agenda.DeferAgendaItem(c.Request.Context(), id, version)
	if err != nil {
		return err
	}
	return created(c, it, it.Version, "/agenda-items/%d", it.ID)
}

// escalationInput is the body of the two escalation routes: the question
// to the driehoek (required), an optional title, and the kind.
type escalationInput struct {
	TargetWorkspaceID int64                    `json:"target_workspace_id"`
	Question          string                   `json:"question"`
	Title             string                   `json:"title"`
	Kind              *ketenhub.AgendaItemKind `json:"kind"`
}

func (s *Server) escalateAction(c *gin.Context) error {
	actionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.escalate(c, ketenhub.Escalation{ActionID: actionID})
}

func (s *Server) escalateTopic(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.escalate(c, ketenhub.Escalation{SourceWorkspaceID: workspaceID})
}

func (s *Server) escalate(c *gin.Context, e ketenhub.Escalation) error {
	var in escalationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e.TargetWorkspaceID, e.Question, e.Title, e.Kind = in.TargetWorkspaceID, in.Question, in.Title, ketenhub.ItemBespreken
	if in.Kind != nil { // absent means bespreken; "" is not absent
		e.Kind = *in.Kind
	}
	var v validator
	v.text("question", e.Question, maxDescription, true)
	v.text("title", e.Title, maxTitle, e.Title != "")
	v.id("target_workspace_id", e.TargetWorkspaceID)
	v.oneOf("kind", e.Kind.Valid(), joinAll(ketenhub.AgendaItemKinds))
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("question", e.Question), textField("title", e.Title)); err != nil {
		return err
	}
	it, err := s.svc.Agenda.Escalate(c.Request.Context(), e)
	if err != nil {
		return err
	}
	return created(c, it, it.Version, "/agenda-items/%d", it.ID)
}

func (s *Server) listActionEscalations(c *gin.Context) error {
	actionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	es, err := s.svc.Agenda.FindActionEscalations(c.Request.Context(), actionID)
	if err != nil {
		return err
	}
	return ok(c, items(es))
}

func (s *Server) listEscalationTargets(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	targets, err := s.svc.Agenda.FindEscalationTargets(c.Request.Context(), workspaceID)
	if err != nil {
		return err
	}
	return ok(c, items(targets))
}
