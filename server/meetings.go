package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// meetingRoutes registers meetings, their agenda, decisions and escalation.
func (s *Server) meetingRoutes(v1 *gin.RouterGroup) {
	v1.GET("/meetings", s.handle(s.listMyMeetings))
	v1.GET("/workspaces/:id/meetings", s.handle(s.listMeetings))
	v1.POST("/workspaces/:id/meetings", s.handle(s.createMeeting))
	v1.GET("/meetings/:id", s.handle(s.getMeeting))
	v1.PATCH("/meetings/:id", s.handle(s.updateMeeting))
	v1.POST("/meetings/:id/transition", s.handle(s.transitionMeeting))
	v1.POST("/meetings/:id/live", s.handle(s.runMeeting))

	v1.GET("/meetings/:id/agenda", s.handle(s.listAgenda))
	v1.POST("/meetings/:id/agenda", s.handle(s.proposeAgendaItem))
	v1.GET("/agenda-items/:id", s.handle(s.getAgendaItem))
	v1.PATCH("/agenda-items/:id", s.handle(s.updateAgendaItem))
	v1.POST("/agenda-items/:id/move", s.handle(s.moveAgendaItem))
	v1.POST("/agenda-items/:id/defer", s.handle(s.deferAgendaItem))

	v1.POST("/actions/:id/escalate", s.handle(s.escalateAction))
	v1.POST("/workspaces/:id/escalate", s.handle(s.escalateTopic))
	v1.GET("/workspaces/:id/escalation-targets", s.handle(s.listEscalationTargets))
	v1.GET("/actions/:id/escalations", s.handle(s.listActionEscalations))

	v1.GET("/meetings/:id/decisions", s.handle(s.listDecisions))
	v1.POST("/meetings/:id/decisions", s.handle(s.recordDecision))
	v1.GET("/decisions/:id", s.handle(s.getDecision))
	v1.PATCH("/decisions/:id", s.handle(s.updateDecision))
	v1.POST("/decisions/:id/actions", s.handle(s.createDecisionAction))
}

// meetingQuery reads the filters shared by the meeting lists.
func meetingQuery(c *gin.Context) (ketenhub.MeetingFilter, error) {
	q := newQuery(c, "state", "from", "to", "limit")
	var f ketenhub.MeetingFilter
	if q.has("state") {
		st := ketenhub.MeetingState(q.choice("state", "", stateNames(ketenhub.MeetingStates)))
		f.States = []ketenhub.MeetingState{st}
	}
	f.From, f.To = q.time("from"), q.time("to")
	f.Limit = int(q.int("limit", 50, 1, 200))
	return f, q.result()
}

func stateNames[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func (s *Server) listMyMeetings(c *gin.Context) error {
	f, err := meetingQuery(c)
	if err != nil {
		return err
	}
	ms, err := s.svc.Meetings.FindMeetings(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return ok(c, items(ms))
}

func (s *Server) listMeetings(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := meetingQuery(c)
	if err != nil {
		return err
	}
	f.WorkspaceID = workspaceID
	ms, err := s.svc.Meetings.FindMeetings(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return ok(c, items(ms))
}

// meetingInput is the body of POST /workspaces/:id/meetings.
type meetingInput struct {
	Kind                     *ketenhub.MeetingKind  `json:"kind"`
	Title                    string                 `json:"title"`
	StartsAt                 string                 `json:"starts_at"`
	Minutes                  int                    `json:"duration_minutes"`
	Location                 string                 `json:"location"`
	State                    *ketenhub.MeetingState `json:"state"`
	ChairUserID              *int64                 `json:"chair_user_id" nullable:"true"`
	MinuteTakerUserID        *int64                 `json:"minute_taker_user_id" nullable:"true"`
	ParticipantOrganisations []int64                `json:"participant_organisations"`
	ParticipantUsers         []int64                `json:"participant_users"`
	ProposalDeadline         *string                `json:"proposal_deadline" nullable:"true"`
	RecurEveryWeeks          int                    `json:"recur_every_weeks"`
}

func (s *Server) createMeeting(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in meetingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m := &ketenhub.Meeting{
		WorkspaceID: workspaceID, Kind: ketenhub.MeetingOverig, Title: in.Title, Minutes: in.Minutes, Location: in.Location,
		State: ketenhub.MeetingConcept, ChairUserID: in.ChairUserID, MinuteTakerUserID: in.MinuteTakerUserID,
		ParticipantOrganisations: in.ParticipantOrganisations, ParticipantUsers: in.ParticipantUsers,
		RecurEveryWeeks: in.RecurEveryWeeks,
	}
	// Absent, kind and state take their defaults; "" is not absent.
	if in.Kind != nil {
		m.Kind = *in.Kind
	}
	if in.State != nil {
		m.State = *in.State
	}
	var v validator
	v.oneOf("kind", m.Kind.Valid(), joinAll(ketenhub.MeetingKinds))
	v.oneOf("state", m.State.Valid(), joinAll(ketenhub.MeetingStates))
	v.text("title", m.Title, maxTitle, true)
	v.text("location", m.Location, ketenhub.MaxLocation, false)
	m.StartsAt = v.timestamp("starts_at", in.StartsAt)
	if in.ProposalDeadline != nil {
		t := v.timestamp("proposal_deadline", *in.ProposalDeadline)
		m.ProposalDeadline = &t
	}
	if err := v.result(); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("title", m.Title), textField("location", m.Location)); err != nil {
		return err
	}
	if err := s.svc.Meetings.CreateMeeting(c.Request.Context(), m); err != nil {
		return err
	}
	return created(c, m, m.Version, "/meetings/%d", m.ID)
}

func (s *Server) getMeeting(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	m, err := s.svc.Meetings.FindMeetingByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, m, m.Version)
}

// meetingPatch is the body of PATCH /meetings/:id. Null clears the chair,
// the minute-taker and the proposal deadline.
type meetingPatch struct {
	Kind                     Optional[ketenhub.MeetingKind] `json:"kind"`
	Title                    Optional[string]               `json:"title"`
	StartsAt                 Optional[string]               `json:"starts_at"`
	Minutes                  Optional[int]                  `json:"duration_minutes"`
	Location                 Optional[string]               `json:"location"`
	ChairUserID              Optional[int64]                `json:"chair_user_id"`
	MinuteTakerUserID        Optional[int64]                `json:"minute_taker_user_id"`
	ParticipantOrganisations Optional[[]int64]              `json:"participant_organisations"`
	ParticipantUsers         Optional[[]int64]              `json:"participant_users"`
	ProposalDeadline         Optional[string]               `json:"proposal_deadline"`
	RecurEveryWeeks          Optional[int]                  `json:"recur_every_weeks"`
	Version                  Optional[int64]                `json:"version"`
}

func (p meetingPatch) update() (ketenhub.MeetingUpdate, error) {
	var v validator
	v.optText("title", p.Title, maxTitle, true)
	v.optText("location", p.Location, ketenhub.MaxLocation, false)
	for field, isNull := range map[string]bool{
		"kind": p.Kind.Null, "title": p.Title.Null, "starts_at": p.StartsAt.Null, "duration_minutes": p.Minutes.Null,
		"location": p.Location.Null, "participant_organisations": p.ParticipantOrganisations.Null,
		"participant_users": p.ParticipantUsers.Null, "recur_every_weeks": p.RecurEveryWeeks.Null,
	} {
		v.notNull(field, isNull)
	}
	upd := ketenhub.MeetingUpdate{
		Kind: p.Kind.ptr(), Title: p.Title.ptr(), Minutes: p.Minutes.ptr(), Location: p.Location.ptr(),
		ChairUserID: p.ChairUserID.ptr(), ClearChair: p.ChairUserID.Set && p.ChairUserID.Null,
		MinuteTakerUserID: p.MinuteTakerUserID.ptr(), ClearMinuteTaker: p.MinuteTakerUserID.Set && p.MinuteTakerUserID.Null,
		ParticipantOrganisations: p.ParticipantOrganisations.ptr(), ParticipantUsers: p.ParticipantUsers.ptr(),
		ClearProposalDeadline: p.ProposalDeadline.Set && p.ProposalDeadline.Null, RecurEveryWeeks: p.RecurEveryWeeks.ptr(),
	}
	if p.StartsAt.Set && !p.StartsAt.Null {
		t := v.timestamp("starts_at", p.StartsAt.Value)
		upd.StartsAt = &t
	}
	if p.ProposalDeadline.Set && !p.ProposalDeadline.Null {
		t := v.timestamp("proposal_deadline", p.ProposalDeadline.Value)
		upd.ProposalDeadline = &t
	}
	v.somethingToChange(p.Kind.Set || p.Title.Set || p.StartsAt.Set || p.Minutes.Set || p.Location.Set ||
		p.ChairUserID.Set || p.MinuteTakerUserID.Set || p.ParticipantOrganisations.Set || p.ParticipantUsers.Set ||
		p.ProposalDeadline.Set || p.RecurEveryWeeks.Set)
	return upd, v.result()
}

func (s *Server) updateMeeting(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in meetingPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	upd, err := in.update()
	if err != nil {
		return err
	}
	if err := checkPersonalData(c, optField("title", in.Title), optField("location", in.Location)); err != nil {
		return err
	}
	if upd.Version, err = baseVersion(c, in.Version); err != nil {
		return err
	}
	m, err := s.svc.Meetings.UpdateMeeting(c.Request.Context(), id, upd)
	if err != nil {
		return err
	}
	return versioned(c, m, m.Version)
}

// transitionInput is the body of POST /meetings/:id/transition.
type transitionInput struct {
	State   ketenhub.MeetingState `json:"state"`
	Version Optional[int64]       `json:"version"`
}

func (s *Server) transitionMeeting(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in transitionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var v validator
	v.oneOf("state", in.State.Valid(), joinAll(ketenhub.MeetingStates))
	if err := v.result(); err != nil {
		return err
	}
	version, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	m, err := s.svc.Meetings.TransitionMeeting(c.Request.Context(), id, in.State, version)
	if err != nil {
		return err
	}
	return versioned(c, m, m.Version)
}

// liveInput is the body of POST /meetings/:id/live: one chair's step.
type liveInput struct {
	Move       string               `json:"move"`
	ItemID     *int64               `json:"item_id"`
	Timer      string               `json:"timer"`
	Attendance *ketenhub.Attendance `json:"attendance"`
	Version    Optional[int64]      `json:"version"`
}

func (s *Server) runMeeting(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in liveInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cmd := ketenhub.LiveCommand{Move: in.Move, ItemID: in.ItemID, Timer: in.Timer, Attendance: in.Attendance}
	var v validator
	parts := 0
	for _, set := range []bool{in.Move != "", in.Timer != "", in.Attendance != nil} {
		if set {
			parts++
		}
	}
	v.check(parts == 1, "move",
		`Give exactly one of "move", "timer" or "attendance".`,
		`Geef precies één van "move", "timer" of "attendance".`)
	if in.Move != "" {
		v.oneOf("move", in.Move == ketenhub.MoveNext || in.Move == ketenhub.MovePrevious || in.Move == ketenhub.MoveTo,
			joinAll([]string{ketenhub.MoveNext, ketenhub.MovePrevious, ketenhub.MoveTo}))
		v.check((in.Move == ketenhub.MoveTo) == (in.ItemID != nil), "item_id",
			`"item_id" is needed with "move": "item", and only then.`,
			`"item_id" hoort bij "move": "item", en alleen daarbij.`)
	}
	if in.Timer != "" {
		v.oneOf("timer", in.Timer == ketenhub.TimerStart || in.Timer == ketenhub.TimerStop,
			joinAll([]string{ketenhub.TimerStart, ketenhub.TimerStop}))
	}
	if in.Attendance != nil {
		v.id("attendance.user_id", in.Attendance.UserID)
	}
	if err := v.result(); err != nil {
		return err
	}
	if cmd.Version, err = baseVersion(c, in.Version); err != nil {
		return err
	}
	m, err := s.svc.Meetings.RunMeeting(c.Request.Context(), id, cmd)
	if err != nil {
		return err
	}
	return versioned(c, m, m.Version)
}
