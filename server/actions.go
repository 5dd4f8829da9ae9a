package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// actionFilterParams are the query parameters that select actions.
var actionFilterParams = []string{"status", "owner", "goal", "due_before", "due_after", "overdue", "sort", "order"}

// actionFilter reads the action filter of a list or export of the
// workspace in the path; extra are the other parameters the route allows.
func actionFilter(c *gin.Context, extra ...string) (ketenhub.ActionFilter, *query, error) {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return ketenhub.ActionFilter{}, nil, err
	}
	q := newQuery(c, append(extra, actionFilterParams...)...)
	f := ketenhub.ActionFilter{
		WorkspaceID:         workspaceID,
		Statuses:            q.statuses("status"),
		OwnerOrganisationID: q.id("owner"),
		GoalID:              q.id("goal"),
		DueBefore:           q.date("due_before"),
		DueAfter:            q.date("due_after"),
		Overdue:             q.bool("overdue"),
		Sort:                q.choice("sort", "", ketenhub.ActionSorts),
		Descending:          q.choice("order", "asc", []string{"asc", "desc"}) == "desc",
	}
	return f, q, nil
}

func (s *Server) listActions(c *gin.Context) error {
	f, q, err := actionFilter(c, "page", "per_page")
	if err != nil {
		return err
	}
	page, perPage := q.page()
	if err := q.result(); err != nil {
		return err
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	actions, total, err := s.svc.Actions.FindActions(c.Request.Context(), f)
	if err != nil {
		return err
	}
	if actions == nil {
		actions = []*ketenhub.Action{}
	}
	return ok(c, pageResponse[*ketenhub.Action]{Items: actions, Total: total, Page: page, PerPage: perPage})
}

func (s *Server) summarizeActions(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	sum, err := s.svc.Actions.SummarizeActions(c.Request.Context(), workspaceID)
	if err != nil {
		return err
	}
	return ok(c, sum)
}

func (s *Server) getAction(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.svc.Actions.FindActionByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return versioned(c, a, a.Version)
}

// actionInput is the body of POST /workspaces/:id/actions. The owner is the
// viewer's organisation unless given; the status is open and the
// visibility the whole workspace unless given.
type actionInput struct {
	GoalID              *int64                 `json:"goal_id" nullable:"true"`
	Title               string                 `json:"title"`
	Description         string                 `json:"description"`
	OwnerOrganisationID *int64                 `json:"owner_organisation_id"`
	LeadUserID          *int64                 `json:"lead_user_id" nullable:"true"`
	Status              *ketenhub.ActionStatus `json:"status"`
	DueDate             *string                `json:"due_date" nullable:"true"`
	CountTarget         *int64                 `json:"count_target" nullable:"true"`
	CountDone           int64                  `json:"count_done"`
	ExternalRef         string                 `json:"external_ref"`
	Visibility          *ketenhub.Visibility   `json:"visibility"`
}

func (s *Server) createAction(c *gin.Context) error {
	workspaceID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in actionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a := in.action(workspaceID, userOf(c).OrganisationID)
	if err := validateAction(a, true); err != nil {
		return err
	}
	if err := checkPersonalData(c, textField("title", a.Title), textField("description", a.Description)); err != nil {
		return err
	}
	if err := s.svc.Actions.CreateAction(c.Request.Context(), a); err != nil {
		return err
	}
	return created(c, a, a.Version, "/actions/%d", a.ID)
}

// action turns the input into a new action of workspaceID, owned by
// ownerOrgID unless the input names another owner.
func (in actionInput) action(workspaceID, ownerOrgID int64) *ketenhub.Action {
	a := &ketenhub.Action{
		WorkspaceID: workspaceID, GoalID: in.GoalID, Title: in.Title, Description: in.Description,
		OwnerOrganisationID: ownerOrgID, LeadUserID: in.LeadUserID, Status: ketenhub.StatusOpen,
		DueDate: in.DueDate, CountTarget: in.CountTarget, CountDone: in.CountDone, ExternalRef: in.ExternalRef,
		Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace},
	}
	if in.OwnerOrganisationID != nil {
		a.OwnerOrganisationID = *in.OwnerOrganisationID
	}
	if in.Status != nil {
		a.Status = *in.Status
	}
	if in.Visibility != nil {
		a.Visibility = *in.Visibility
	}
	return a
}

// validateAction checks a new action's fields; withVisibility says whether
// the visibility is given (a decision's action may inherit it instead).
func validateAction(a *ketenhub.Action, withVisibility bool) error {
	var v validator
	v.text("title", a.Title, maxTitle, true)
	v.text("description", a.Description, maxDescription, false)
	v.text("external_ref", a.ExternalRef, maxShort, false)
	if a.GoalID != nil {
		v.id("goal_id", *a.GoalID)
	}
	v.id("owner_organisation_id", a.OwnerOrganisationID)
	if a.LeadUserID != nil {
		v.id("lead_user_id", *a.LeadUserID)
	}
	v.oneOf("status", a.Status.Valid(), joinAll(ketenhub.ActionStatuses))
	if a.DueDate != nil {
		v.date("due_date", *a.DueDate)
	}
	if a.CountTarget != nil {
		v.count("count_target", *a.CountTarget)
	}
	v.count("count_done", a.CountDone)
	if withVisibility {
		v.visibility("visibility", a.Visibility)
	}
	return v.result()
}

// actionPatch is the body of PATCH /actions/:id. Null clears goal_id,
// lead_user_id and due_date; other fields cannot be null.
type actionPatch struct {
	GoalID              Optional[int64]                 `json:"goal_id"`
	Title               Optional[string]                `json:"title"`
	Description         Optional[string]                `json:"description"`
	OwnerOrganisationID Optional[int64]                 `json:"owner_organisation_id"`
	LeadUserID          Optional[int64]                 `json:"lead_user_id"`
	Status              Optional[ketenhub.ActionStatus] `json:"status"`
	DueDate             Optional[string]                `json:"due_date"`
	CountTarget         Optional[int64]                 `json:"count_target"`
	CountDone           Optional[int64]                 `json:"count_done"`
	ExternalRef         Optional[string]                `json:"external_ref"`
	Visibility          Optional[ketenhub.Visibility]   `json:"visibility"`
	Version             Optional[int64]                 `json:"version"`
}

// update checks the patch and turns it into the domain's update.
func (p actionPatch) update() (ketenhub.ActionUpdate, error) {
	var v validator
	v.optText("title", p.Title, maxTitle, true)
	v.optText("description", p.Description, maxDescription, false)
	v.optText("external_ref", p.ExternalRef, maxShort, false)
	for field, o := range map[string]Optional[int64]{"goal_id": p.GoalID, "lead_user_id": p.LeadUserID, "owner_organisation_id": p.OwnerOrganisationID} {
		if o.Set && !o.Null {
			v.id(field, o.Value)
		}
	}
	v.notNull("owner_organisation_id", p.OwnerOrganisationID.Null)
	v.notNull("status", p.Status.Null)
	v.oneOf("status", !p.Status.Set || p.Status.Null || p.Status.Value.Valid(), joinAll(ketenhub.ActionStatuses))
	if p.DueDate.Set && !p.DueDate.Null {
		v.date("due_date", p.DueDate.Value)
	}
	v.notNull("count_target", p.CountTarget.Null)
	v.count("count_target", p.CountTarget.Value)
	v.notNull("count_done", p.CountDone.Null)
	v.count("count_done", p.CountDone.Value)
	v.notNull("visibility", p.Visibility.Null)
	if p.Visibility.Set && !p.Visibility.Null {
		v.visibility("visibility", p.Visibility.Value)
	}
	v.somethingToChange(p.GoalID.Set || p.Title.Set || p.Description.Set || p.OwnerOrganisationID.Set ||
		p.LeadUserID.Set || p.Status.Set || p.DueDate.Set || p.CountTarget.Set || p.CountDone.Set ||
		p.ExternalRef.Set || p.Visibility.Set)
	if err := v.result(); err != nil {
		return ketenhub.ActionUpdate{}, err
	}
	return ketenhub.ActionUpdate{
		GoalID: p.GoalID.ptr(), ClearGoal: p.GoalID.Set && p.GoalID.Null,
		Title: p.Title.ptr(), Description: p.Description.ptr(), OwnerOrganisationID: p.OwnerOrganisationID.ptr(),
		LeadUserID: p.LeadUserID.ptr(), ClearLead: p.LeadUserID.Set && p.LeadUserID.Null,
		Status: p.Status.ptr(), DueDate: p.DueDate.ptr(), ClearDueDate: p.DueDate.Set && p.DueDate.Null,
		CountTarget: p.CountTarget.ptr(), CountDone: p.CountDone.ptr(), ExternalRef: p.ExternalRef.ptr(),
		Visibility: p.Visibility.ptr(),
	}, nil
}

func (s *Server) updateAction(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in actionPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	upd, err := in.update()
	if err != nil {
		return err
	}
	if err := checkPersonalData(c, optField("title", in.Title), optField("description", in.Description)); err != nil {
		return err
	}
	if upd.Version, err = baseVersion(c, in.Version); err != nil {
		return err
	}
	a, err := s.svc.Actions.UpdateAction(c.Request.Context(), id, upd)
	if err != nil {
		return err
	}
	return versioned(c, a, a.Version)
}
