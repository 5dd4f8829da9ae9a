package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// DecisionService implements ketenhub.DecisionService.
type DecisionService struct{ *base }

var _ ketenhub.DecisionService = (*DecisionService)(nil)

func errDecisionNotFound() error { return ketenhub.NotFound("decision", "besluit") }

// errDecisionNotLive refuses recording while the meeting is not in session.
func errDecisionNotLive() error {
	return ketenhub.Errorf(ketenhub.ECONFLICT,
		"Decisions are recorded while the meeting is live.",
		"Besluiten worden vastgelegd terwijl het overleg live is.")
}

// FindDecisions lists the meeting's visible decisions in agenda order and then by time.
func (s *DecisionService) FindDecisions(ctx context.Context, meetingID int64) ([]*ketenhub.Decision, error) {
	var out []*ketenhub.Decision
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, a, err := s.enterMeeting(ctx, tx, meetingID, false)
		if err != nil {
			return err
		}
		out, err = s.decisions(tx, a, "decisions.meeting_id = ?", meetingID)
		return err
	})
	return out, err
}

// decisions returns the decisions matching cond that the viewer of a may
// see, in agenda order and then by time, with the visible actions made
// from them; reads of restricted ones are audited.
func (s *DecisionService) decisions(tx *gorm.DB, a access, cond string, args ...any) ([]*ketenhub.Decision, error) {
	q := tx.Model(&decisionRow{}).Joins("JOIN agenda_items ON agenda_items.id = decisions.agenda_item_id").Where(cond, args...)
	var rows []decisionRow
	err := visible(q, a.Sight, "decisions", ketenhub.SubjectDecision).Select("decisions.*").
		Order("agenda_items.position, decisions.decided_at, decisions.id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find decisions: %w", err)
	}
	restricted, orgs, err := restrictedOrgs(tx, ketenhub.SubjectDecision, rows)
	if err != nil {
		return nil, err
	}
	if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectDecision, restricted); err != nil {
		return nil, err
	}
	out := make([]*ketenhub.Decision, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(orgs[rows[i].ID])
	}
	return out, s.withActions(tx, a, out)
}

// withActions fills in the ids of the visible actions made from ds.
func (s *DecisionService) withActions(tx *gorm.DB, a access, ds []*ketenhub.Decision) error {
	if len(ds) == 0 {
		return nil
	}
	byID := make(map[int64]*ketenhub.Decision, len(ds))
	ids := make([]int64, len(ds))
	for i, d := range ds {
		byID[d.ID], ids[i] = d, d.ID
	}
	var rows []actionRow
	q := tx.Model(&actionRow{}).Select("actions.id", "actions.decision_id").Where("actions.decision_id IN ?", ids)
	if err := visible(q, a.Sight, "actions", ketenhub.SubjectAction).Order("actions.id").Find(&rows).Error; err != nil {
		return fmt.Errorf("find decision actions: %w", err)
	}
	for _, r := range rows {
		d := byID[*r.DecisionID]
		d.ActionIDs = append(d.ActionIDs, r.ID)
	}
	return nil
}

func findDecision(tx *gorm.DB, id int64) (*ketenhub.Decision, error) {
	var row decisionRow
	if err := tx.Take(&row, id).Error; isNotFound(err) {
		return nil, errDecisionNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find decision: %w", err)
	}
	orgs, err := visibleOrgs(tx, ketenhub.SubjectDecision, []int64{id})
	if err != nil {
		return nil, err
	}
	return row.domain(orgs[id]), nil
}

// FindDecisionByID returns ENOTFOUND if absent or not visible.
func (s *DecisionService) FindDecisionByID(ctx context.Context, id int64) (*ketenhub.Decision, error) {
	var out *ketenhub.Decision
	err := s.transact(ctx, func(tx *gorm.DB) error {
		d, err := findDecision(tx, id)
		if err != nil {
			return err
		}
		a, err := s.enterItems(ctx, tx, d.WorkspaceID)
		if err := hidden(err); err != nil {
			return err
		}
		if err != nil || !a.Sight.Admits(d.Visibility) {
			return errDecisionNotFound()
		}
		if d.Visibility.Restricted() {
			if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectDecision, []int64{id}); err != nil {
				return err
			}
		}
		out = d
		return s.withActions(tx, a, []*ketenhub.Decision{d})
	})
	return out, err
}

// RecordDecision records a decision on an item on the agenda of a live
// meeting: the current item unless d names one. It has the item's visibility.
func (s *DecisionService) RecordDecision(ctx context.Context, d *ketenhub.Decision) error {
	d.Text = strings.TrimSpace(d.Text)
	if err := d.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.runLive(ctx, tx, d.MeetingID)
		if err != nil {
			return err
		}
		if d.AgendaItemID == 0 && m.CurrentItemID != nil {
			d.AgendaItemID = *m.CurrentItemID
		}
		it, err := s.decisionItem(tx, a, m, d.AgendaItemID)
		if err != nil {
			return err
		}
		now := s.now()
		d.WorkspaceID, d.DecidedAt, d.RecordedByUserID, d.Visibility = m.WorkspaceID, now, a.UserID, it.Visibility
		d.ActionIDs, d.Version, d.UpdatedAt = []int64{}, 1, now
		row := decisionRow{MeetingID: m.ID, AgendaItemID: it.ID, WorkspaceID: d.WorkspaceID, Text: d.Text, DecidedAt: now,
			RecordedByUserID: a.UserID, Visibility: string(d.Visibility.Scope), Version: 1, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create decision: %w", err)
		}
		d.ID = row.ID
		if err := setVisibleOrgs(tx, ketenhub.SubjectDecision, d.ID, d.Visibility); err != nil {
			return err
		}
		_, err = s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventDecisionCreated, ketenhub.SubjectDecision, d.ID, d, d.Visibility, nil)
		return err
	})
}

// runLive locks a meeting for a step of its live run: the viewer must be
// allowed to run it, and it must be live.
func (s *DecisionService) runLive(ctx context.Context, tx *gorm.DB, meetingID int64) (*ketenhub.Meeting, access, error) {
	m, a, err := s.enterMeeting(ctx, tx, meetingID, true)
	if err != nil {
		return nil, access{}, err
	}
	if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) {
		return nil, access{}, ketenhub.Forbidden()
	}
	if m.State != ketenhub.MeetingLive {
		return nil, access{}, errDecisionNotLive()
	}
	return m, a, nil
}

// decisionItem is the item of meeting m a decision is taken on: one on the
// agenda that the viewer may see.
func (s *DecisionService) decisionItem(tx *gorm.DB, a access, m *ketenhub.Meeting, id int64) (*ketenhub.AgendaItem, error) {
	if id == 0 {
		return nil, ketenhub.FieldError("agenda_item_id", "Name the agenda item: the meeting has no current item.", "Noem het agendapunt: het overleg heeft geen huidig agendapunt.")
	}
	it, err := findAgendaItem(tx, id)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND || (err == nil && (it.MeetingID != m.ID || !a.Sight.Admits(it.Visibility))) {
		return nil, ketenhub.FieldError("agenda_item_id", "The agenda item is not one of this meeting.", "Het agendapunt hoort niet bij dit overleg.")
	} else if err != nil {
		return nil, err
	}
	if !it.State.OnAgenda() {
		return nil, ketenhub.FieldError("agenda_item_id", "Decisions are taken on items on the agenda.", "Besluiten worden genomen over agendapunten op de agenda.")
	}
	return it, nil
}

// UpdateDecision changes a decision's text while its meeting is live;
// ECONFLICT with the current decision on a stale version.
func (s *DecisionService) UpdateDecision(ctx context.Context, id int64, upd ketenhub.DecisionUpdate) (*ketenhub.Decision, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.Decision
	err := s.transact(ctx, func(tx *gorm.DB) error {
		d, m, a, err := s.lockDecision(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) {
			return ketenhub.Forbidden()
		}
		if m.State != ketenhub.MeetingLive {
			return errDecisionNotLive()
		}
		if d.Version != upd.Version {
			return s.withStale(tx, a, d)
		}
		if upd.Text != nil {
			d.Text = strings.TrimSpace(*upd.Text)
		}
		if err := d.Validate(); err != nil {
			return err
		}
		res := tx.Model(&decisionRow{}).Where("id = ? AND version = ?", id, upd.Version).Updates(map[string]any{
			"text": d.Text, "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return fmt.Errorf("update decision: %w", res.Error)
		}
		if out, err = findDecision(tx, id); err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			if !a.Sight.Admits(out.Visibility) {
				return errDecisionNotFound()
			}
			return s.withStale(tx, a, out)
		}
		if err := s.withActions(tx, a, []*ketenhub.Decision{out}); err != nil {
			return err
		}
		// out names the actions its writer sees; the event, which every
		// reader of the decision gets, only those they all may see.
		payload, err := s.decisionForEvent(tx, out)
		if err != nil {
			return err
		}
		_, err = s.appendMeetingEvent(tx, a, &m.ID, ketenhub.EventDecisionUpdated, ketenhub.SubjectDecision, id, payload, out.Visibility, nil)
		return err
	})
	return out, err
}

// withStale is the version conflict on d, which carries it with its actions.
func (s *DecisionService) withStale(tx *gorm.DB, a access, d *ketenhub.Decision) error {
	if err := s.withActions(tx, a, []*ketenhub.Decision{d}); err != nil {
		return err
	}
	return ketenhub.StaleVersion(d)
}

// lockDecision loads a decision the viewer may see for a change, after
// locking its meeting.
func (s *DecisionService) lockDecision(ctx context.Context, tx *gorm.DB, id int64) (*ketenhub.Decision, *ketenhub.Meeting, access, error) {
	d, err := findDecision(tx, id)
	if err != nil {
		return nil, nil, access{}, err
	}
	m, a, err := s.enterMeeting(ctx, tx, d.MeetingID, true)
	if err != nil {
		return nil, nil, access{}, notFoundAs(err, errDecisionNotFound())
	}
	if d, err = findDecision(tx, id); err != nil {
		return nil, nil, access{}, err
	}
	if !a.Sight.Admits(d.Visibility) {
		return nil, nil, access{}, errDecisionNotFound()
	}
	return d, m, a, nil
}

// CreateDecisionAction makes an action from a decision of a live meeting,
// in the meeting's workspace. Its visibility is the decision's, or a given
// one that is no wider.
func (s *DecisionService) CreateDecisionAction(ctx context.Context, decisionID int64, act *ketenhub.Action) error {
	act.Title = strings.TrimSpace(act.Title)
	act.Status = ketenhub.StatusOpen
	return s.transact(ctx, func(tx *gorm.DB) error {
		d, m, a, err := s.lockDecision(ctx, tx, decisionID)
		if err != nil {
			return err
		}
		if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) {
			return ketenhub.Forbidden()
		}
		if m.State != ketenhub.MeetingLive {
			return errDecisionNotLive()
		}
		act.WorkspaceID, act.DecisionID = m.WorkspaceID, &d.ID
		if act.OwnerOrganisationID == 0 {
			act.OwnerOrganisationID = a.OrganisationID
		}
		if act.Visibility, err = actionVisibility(tx, a, d, act.Visibility); err != nil {
			return err
		}
		if err := act.Validate(); err != nil {
			return err
		}
		if err := (&ActionService{s.base}).checkReferences(tx, act); err != nil {
			return err
		}
		if act.Visibility.Restricted() && !act.Visibility.Includes(act.OwnerOrganisationID) {
			return ketenhub.FieldError("owner_organisation_id", "The owner must be one of the organisations that may see the action.", "De eigenaar moet een van de organisaties zijn die de actie mogen zien.")
		}
		if err := s.insertAction(tx, a, &m.ID, act); err != nil {
			return err
		}
		s.allowActions(a, act)
		return nil
	})
}

// actionVisibility is the visibility of an action made from decision d:
// the decision's when none is given; a given one may not be wider, so
// that an action never shows what its decision hides.
func actionVisibility(tx *gorm.DB, a access, d *ketenhub.Decision, vis ketenhub.Visibility) (ketenhub.Visibility, error) {
	if vis.Scope == "" {
		return d.Visibility, nil
	}
	vis, err := checkVisibility(tx, d.WorkspaceID, vis, a.Viewer)
	if err != nil || !d.Visibility.Restricted() {
		return vis, err
	}
	wider := !vis.Restricted()
	for _, org := range vis.Organisations {
		wider = wider || !d.Visibility.Includes(org)
	}
	if wider {
		return vis, ketenhub.FieldError("visibility", "An action from a restricted decision may be seen only by organisations that see the decision.", "Een actie uit een beperkt besluit mag alleen zichtbaar zijn voor organisaties die het besluit zien.")
	}
	return vis, nil
}
