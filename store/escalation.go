package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// Escalate puts an action, or a topic of a workspace, forward to the next
// meeting of a driehoek workspace that is open for items, as a proposal
// linked to its source and visible to the driehoek organisations. The item
// is the escalating user's question; of the action, only its title may
// become the item's title, and only where every organisation that will see
// the item may see the action (the policy's CanShare).
func (s *AgendaService) Escalate(ctx context.Context, e ketenhub.Escalation) (*ketenhub.AgendaItem, error) {
	if e.Kind == "" {
		e.Kind = ketenhub.ItemBespreken
	}
	if err := ketenhub.ValidateText("question", e.Question, true, ketenhub.MaxDescription); err != nil {
		return nil, err
	}
	var out *ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		it, src, act, err := s.escalationSource(ctx, tx, e)
		if err != nil {
			return err
		}
		if err := checkDriehoek(tx, *it.SourceWorkspaceID, e.TargetWorkspaceID); err != nil {
			return err
		}
		m, err := s.escalationMeeting(tx, e.TargetWorkspaceID)
		if err != nil {
			return err
		}
		it.MeetingID, it.WorkspaceID = m.ID, m.WorkspaceID
		if act != nil {
			if err := refuseTwice(tx, m.ID, act.ID); err != nil {
				return err
			}
		}
		// The escalating organisation need not be a member of the driehoek
		// workspace: its access there is built here, for the event only.
		role, err := roleIn(tx, m.WorkspaceID, src.OrganisationID)
		if err != nil {
			return err
		}
		target := access{Viewer: src.Viewer, WorkspaceID: m.WorkspaceID, Role: role}
		if it.Visibility, err = driehoekVisibility(tx, m.WorkspaceID, src.OrganisationID); err != nil {
			return err
		}
		if it.Title == "" {
			if it.Title, err = s.escalationTitle(tx, it, act, e.Question); err != nil {
				return err
			}
		}
		if err := it.Validate(); err != nil {
			return err
		}
		if err := s.insertItem(tx, target, it); err != nil {
			return err
		}
		if act != nil {
			// The event is about the action, in its own workspace, for those
			// who see the action there; many of them are not in the driehoek,
			// so it names only the driehoek workspace (as escalation-targets
			// tells every member of the theme), not the item or its meeting.
			payload := map[string]int64{"action_id": act.ID, "target_workspace_id": m.WorkspaceID}
			if _, err := s.appendEvent(tx, src, ketenhub.EventActionEscalated, ketenhub.SubjectAction, act.ID, payload, act.Visibility, nil); err != nil {
				return err
			}
		}
		out = it
		ta, err := s.accessTo(ctx, tx, m.WorkspaceID)
		if err != nil {
			return err
		}
		s.allowItems(ta, m, out)
		return s.showSources(tx, src.Viewer, out)
	})
	return out, err
}

// escalationTitle is the title of item it, put forward without one: the
// action's where every organisation that will see the item may see the
// action, and otherwise (and for a topic) the question's first line.
func (s *AgendaService) escalationTitle(tx *gorm.DB, it *ketenhub.AgendaItem, act *ketenhub.Action, question string) (string, error) {
	if act == nil {
		return ketenhub.QuestionTitle(question), nil
	}
	audience, err := s.audience(tx, it.WorkspaceID, it.Visibility, act.WorkspaceID)
	if err != nil {
		return "", err
	}
	if s.policy.CanShare(act.Visibility, audience) {
		return act.Title, nil
	}
	return ketenhub.QuestionTitle(question), nil
}

// escalationSource checks that the viewer may put e's source forward and
// returns the new item as far as the source determines it, the viewer's
// access to the source workspace, and the action (nil for a topic). The
// item's notes are the question; nothing of the action is copied here.
func (s *AgendaService) escalationSource(ctx context.Context, tx *gorm.DB, e ketenhub.Escalation) (*ketenhub.AgendaItem, access, *ketenhub.Action, error) {
	it := &ketenhub.AgendaItem{Title: strings.TrimSpace(e.Title), Notes: e.Question, Kind: e.Kind, State: ketenhub.ItemProposed,
		Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}, Escalated: true}
	if e.ActionID == 0 {
		a, err := s.enter(ctx, tx, e.SourceWorkspaceID)
		if err != nil {
			return nil, access{}, nil, err
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return nil, access{}, nil, ketenhub.Forbidden()
		}
		it.SourceWorkspaceID, it.ProposedByOrgID, it.ProposedByUserID = &a.WorkspaceID, a.OrganisationID, a.UserID
		return it, a, nil, nil
	}
	act, a, err := (&ActionService{s.base}).findVisible(ctx, tx, e.ActionID)
	if err != nil {
		return nil, access{}, nil, err
	}
	if !s.policy.CanEditAction(a.Viewer, a.Role, act.OwnerOrganisationID) {
		return nil, access{}, nil, ketenhub.Forbidden()
	}
	it.SourceActionID, it.SourceWorkspaceID = &act.ID, &act.WorkspaceID
	it.ProposedByOrgID, it.ProposedByUserID = a.OrganisationID, a.UserID
	return it, a, act, nil
}

// FindEscalationTargets lists the driehoek workspaces linked to a workspace
// by one of its regisseur organisations, each with whether it accepts items
// now and, for those who may see the driehoek's meetings, which meeting.
func (s *AgendaService) FindEscalationTargets(ctx context.Context, workspaceID int64) ([]*ketenhub.EscalationTarget, error) {
	var out []*ketenhub.EscalationTarget
	err := s.transact(ctx, func(tx *gorm.DB) error {
		a, err := s.enterItems(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		var rows []workspaceRow
		err = driehoeken(tx, workspaceID).Select("DISTINCT w.id, w.title").Where("w.archived = ?", false).Order("w.title, w.id").Find(&rows).Error
		if err != nil {
			return fmt.Errorf("find driehoek workspaces: %w", err)
		}
		out = make([]*ketenhub.EscalationTarget, 0, len(rows))
		for _, r := range rows {
			target := &ketenhub.EscalationTarget{WorkspaceID: r.ID, WorkspaceTitle: r.Title}
			m, err := s.escalationMeeting(tx, r.ID)
			if ketenhub.ErrorCode(err) == ketenhub.ECONFLICT {
				out = append(out, target)
				continue
			} else if err != nil {
				return err
			}
			target.AcceptsItems = true
			// The meeting is the driehoek's: only those who may see its
			// meetings learn which one, and when.
			sight, err := s.sightIn(tx, a.Viewer, r.ID)
			if err != nil {
				return err
			}
			if s.policy.ShowsLink(sight, wholeWorkspace) {
				target.MeetingID, target.MeetingTitle, target.MeetingStarts = &m.ID, m.Title, &m.StartsAt
			}
			out = append(out, target)
		}
		return nil
	})
	return out, err
}

// driehoeken selects (as w) the driehoek workspaces in which a regisseur
// organisation of workspace sourceID takes part.
func driehoeken(tx *gorm.DB, sourceID int64) *gorm.DB {
	return tx.Table("workspaces w").
		Joins("JOIN memberships t ON t.workspace_id = w.id").
		Joins("JOIN memberships s ON s.organisation_id = t.organisation_id AND s.workspace_id = ? AND s.role = ?", sourceID, string(ketenhub.RoleRegisseur)).
		Where("w.theme = ?", string(ketenhub.ThemeDriehoek))
}

// checkDriehoek refuses a target that is not a driehoek workspace of the
// source's own region: one where a regisseur organisation of the source
// workspace (the municipality that directs the theme) takes part, so that a
// partner cannot write into another region's driehoek. A workspace that
// does not exist gets the same answer.
func checkDriehoek(tx *gorm.DB, sourceID, targetID int64) error {
	var n int64
	err := driehoeken(tx, sourceID).Where("w.id = ?", targetID).Count(&n).Error
	if err != nil {
		return fmt.Errorf("find target workspace: %w", err)
	}
	if n == 0 {
		return ketenhub.FieldError("target_workspace_id",
			"Items can be put forward only to a driehoek workspace in which the theme's regisseur takes part.",
			"Agendapunten kunnen alleen aan een driehoek-werkruimte worden voorgelegd waaraan de regisseur van het thema deelneemt.")
	}
	return nil
}

// escalationMeeting finds, and locks, the next meeting of a workspace that
// is still open for items.
func (s *AgendaService) escalationMeeting(tx *gorm.DB, workspaceID int64) (*ketenhub.Meeting, error) {
	var ids []int64
	states := []string{string(ketenhub.MeetingConcept), string(ketenhub.MeetingAgendaOpen)}
	err := tx.Model(&meetingRow{}).Where("workspace_id = ? AND starts_at > ? AND state IN ?", workspaceID, s.now(), states).
		Order("starts_at, id").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("find next driehoek meeting: %w", err)
	}
	if len(ids) == 0 {
		return nil, ketenhub.Errorf(ketenhub.ECONFLICT,
			fmt.Sprintf("Driehoek workspace %d has no coming meeting whose agenda is still open.", workspaceID),
			fmt.Sprintf("Driehoek-werkruimte %d heeft geen komend overleg waarvan de agenda nog open is.", workspaceID))
	}
	return s.findMeeting(tx, ids[0], true)
}

// refuseTwice refuses putting an action forward to a meeting it is already on.
func refuseTwice(tx *gorm.DB, meetingID, actionID int64) error {
	var n int64
	if err := tx.Model(&agendaItemRow{}).Where("meeting_id = ? AND source_action_id = ?", meetingID, actionID).Count(&n).Error; err != nil {
		return fmt.Errorf("find earlier escalation: %w", err)
	}
	if n > 0 {
		return ketenhub.Errorf(ketenhub.ECONFLICT, "This action has already been put forward to this meeting.", "Deze actie is al voorgelegd aan dit overleg.")
	}
	return nil
}

// driehoekKinds are the organisations of the driehoek: mayor, police, prosecutor.
var driehoekKinds = []string{string(ketenhub.KindGemeente), string(ketenhub.KindPolitie), string(ketenhub.KindOM)}

// driehoekVisibility is the visibility of an escalated item: the member
// organisations of the driehoek kinds, the escalating organisation if it is
// a member, and the regisseurs (who manage the agenda).
func driehoekVisibility(tx *gorm.DB, workspaceID, orgID int64) (ketenhub.Visibility, error) {
	var orgs []int64
	err := tx.Table("memberships").Joins("JOIN organisations ON organisations.id = memberships.organisation_id").
		Where("memberships.workspace_id = ? AND (organisations.kind IN ? OR memberships.role = ? OR memberships.organisation_id = ?)",
			workspaceID, driehoekKinds, string(ketenhub.RoleRegisseur), orgID).
		Pluck("memberships.organisation_id", &orgs).Error
	if err != nil {
		return ketenhub.Visibility{}, fmt.Errorf("find driehoek organisations: %w", err)
	}
	return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: unionIDs(orgs, nil)}, nil
}

// FindActionEscalations lists the items an action was put forward as that
// the viewer may see too, each with its meeting and visible decisions.
func (s *AgendaService) FindActionEscalations(ctx context.Context, actionID int64) ([]*ketenhub.ActionEscalation, error) {
	out := []*ketenhub.ActionEscalation{}
	err := s.transact(ctx, func(tx *gorm.DB) error {
		if _, _, err := (&ActionService{s.base}).findVisible(ctx, tx, actionID); err != nil {
			return err
		}
		var rows []agendaItemRow
		if err := tx.Where("source_action_id = ?", actionID).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("find escalations: %w", err)
		}
		items, err := itemsOf(tx, rows)
		if err != nil {
			return err
		}
		for _, it := range items {
			esc, err := s.escalationOf(ctx, tx, it)
			if err != nil {
				return err
			}
			if esc != nil {
				out = append(out, esc)
			}
		}
		return nil
	})
	return out, err
}

// escalationOf is item it with its meeting and decisions as the viewer may
// see them in the item's own workspace; nil if they may not see the item.
func (s *AgendaService) escalationOf(ctx context.Context, tx *gorm.DB, it *ketenhub.AgendaItem) (*ketenhub.ActionEscalation, error) {
	a, err := s.enterItems(ctx, tx, it.WorkspaceID)
	if err := hidden(err); err != nil {
		return nil, err
	}
	if err != nil || !a.Sight.Admits(it.Visibility) {
		return nil, nil
	}
	if it.Visibility.Restricted() {
		if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectAgendaItem, []int64{it.ID}); err != nil {
			return nil, err
		}
	}
	if err := s.showSources(tx, a.Viewer, it); err != nil {
		return nil, err
	}
	m, err := s.findMeeting(tx, it.MeetingID, false)
	if err != nil {
		return nil, err
	}
	s.allowMeetings(a, m)
	s.allowItems(a, m, it)
	ds, err := (&DecisionService{s.base}).decisions(tx, a, "decisions.agenda_item_id = ?", it.ID)
	if err != nil {
		return nil, err
	}
	return &ketenhub.ActionEscalation{Item: it, Meeting: m, Decisions: ds}, nil
}
