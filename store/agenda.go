package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// AgendaService implements ketenhub.AgendaService.
type AgendaService struct{ *base }

var _ ketenhub.AgendaService = (*AgendaService)(nil)

func errAgendaItemNotFound() error { return ketenhub.NotFound("agenda item", "agendapunt") }

// errAgendaClosed refuses a change to the agenda of a meeting that is afgerond or gearchiveerd.
func errAgendaClosed() error {
	return ketenhub.Errorf(ketenhub.ECONFLICT,
		"This meeting has ended; its agenda and decisions can no longer change.",
		"Dit overleg is afgelopen; de agenda en besluiten kunnen niet meer veranderen.")
}

// FindAgenda lists a meeting's items, those on the agenda by number and then
// the others: the visible ones whole, the hidden ones on the agenda as
// placeholders in their place, hidden proposals, rejected and deferred
// items not at all.
func (s *AgendaService) FindAgenda(ctx context.Context, meetingID int64) ([]*ketenhub.AgendaItem, error) {
	var out []*ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, meetingID, false)
		if err != nil {
			return err
		}
		out, err = s.agenda(tx, a, meetingID)
		s.allowItems(a, m, out...)
		return err
	})
	return out, err
}

// agenda is FindAgenda inside a transaction, as the viewer of a sees it.
func (s *AgendaService) agenda(tx *gorm.DB, a access, meetingID int64) ([]*ketenhub.AgendaItem, error) {
	items, err := agendaItemsOf(tx, meetingID)
	if err != nil {
		return nil, err
	}
	out := make([]*ketenhub.AgendaItem, 0, len(items))
	var read []int64
	for _, it := range items {
		switch {
		case a.Sight.Admits(it.Visibility):
			out = append(out, it)
			if it.Visibility.Restricted() {
				read = append(read, it.ID)
			}
		case it.State.OnAgenda() && a.Role.Valid():
			// Members learn where a hidden item sits; a beheerder from
			// outside the workspace not even that.
			out = append(out, it.Placeholder())
		}
	}
	if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectAgendaItem, read); err != nil {
		return nil, err
	}
	return out, s.showSources(tx, a.Viewer, out...)
}

// agendaItemsOf loads every item of a meeting, with its visibility and
// number: those on the agenda by number, then the others in their order.
func agendaItemsOf(tx *gorm.DB, meetingID int64) ([]*ketenhub.AgendaItem, error) {
	var rows []agendaItemRow
	if err := tx.Where("meeting_id = ?", meetingID).Order("position, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find agenda items: %w", err)
	}
	items, err := itemsOf(tx, rows)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(items, func(a, b *ketenhub.AgendaItem) int { return cmp.Compare(numberOrder(a), numberOrder(b)) })
	return items, nil
}

// numberOrder puts the numbered items first, by number.
func numberOrder(it *ketenhub.AgendaItem) int {
	if it.Position == 0 {
		return math.MaxInt
	}
	return it.Position
}

// itemsOf turns rows into items with their visibility and number.
func itemsOf(tx *gorm.DB, rows []agendaItemRow) ([]*ketenhub.AgendaItem, error) {
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectAgendaItem, rows)
	if err != nil {
		return nil, err
	}
	out := make([]*ketenhub.AgendaItem, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(orgs[rows[i].ID])
	}
	return out, numberItems(tx, out...)
}

func findAgendaItem(tx *gorm.DB, id int64) (*ketenhub.AgendaItem, error) {
	var row agendaItemRow
	if err := tx.Take(&row, id).Error; isNotFound(err) {
		return nil, errAgendaItemNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find agenda item: %w", err)
	}
	orgs, err := visibleOrgs(tx, ketenhub.SubjectAgendaItem, []int64{id})
	if err != nil {
		return nil, err
	}
	it := row.domain(orgs[id])
	return it, numberItems(tx, it)
}

// onAgendaStates are the states of the items on the agenda, which are numbered.
var onAgendaStates = []string{string(ketenhub.ItemAccepted), string(ketenhub.ItemDiscussed)}

// numberItems sets each item's Position to its number on its meeting's
// agenda, the same for every viewer: 1..n over the items on the agenda
// (those the viewer may not see included) in their stored order, and 0 for
// the others. The stored position only orders a meeting's items; counting
// proposals or rejected items in a number would tell everyone they exist.
func numberItems(tx *gorm.DB, items ...*ketenhub.AgendaItem) error {
	var meetings []int64
	for _, it := range items {
		if it.State.OnAgenda() && !slices.Contains(meetings, it.MeetingID) {
			meetings = append(meetings, it.MeetingID)
		}
	}
	numbers := map[int64]int{}
	if len(meetings) > 0 {
		var rows []agendaItemRow
		err := tx.Select("id", "meeting_id").Where("meeting_id IN ? AND state IN ?", meetings, onAgendaStates).
			Order("meeting_id, position, id").Find(&rows).Error
		if err != nil {
			return fmt.Errorf("number agenda items: %w", err)
		}
		n := map[int64]int{}
		for _, r := range rows {
			n[r.MeetingID]++
			numbers[r.ID] = n[r.MeetingID]
		}
	}
	for _, it := range items {
		it.Position = numbers[it.ID]
	}
	return nil
}

// FindAgendaItemByID returns ENOTFOUND if absent or not visible.
func (s *AgendaService) FindAgendaItemByID(ctx context.Context, id int64) (*ketenhub.AgendaItem, error) {
	var out *ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		it, a, err := s.findVisibleItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if it.Visibility.Restricted() {
			if err := s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectAgendaItem, []int64{id}); err != nil {
				return err
			}
		}
		m, err := s.findMeeting(tx, it.MeetingID, false)
		if err != nil {
			return err
		}
		s.allowItems(a, m, it)
		out = it
		return nil
	})
	return out, err
}

// findVisibleItem loads an item the viewer may see, with the viewer's access to its workspace.
func (s *AgendaService) findVisibleItem(ctx context.Context, tx *gorm.DB, id int64) (*ketenhub.AgendaItem, access, error) {
	it, err := findAgendaItem(tx, id)
	if err != nil {
		return nil, access{}, err
	}
	a, err := s.enterItems(ctx, tx, it.WorkspaceID)
	if err := hidden(err); err != nil {
		return nil, access{}, err
	}
	if err != nil || !a.Sight.Admits(it.Visibility) {
		return nil, access{}, errAgendaItemNotFound()
	}
	return it, a, s.showSources(tx, a.Viewer, it)
}

// lockItem is findVisibleItem for a change: it locks the item's meeting
// first (every change to a meeting's items does) and then reads the item
// as the lock left it. Whether the viewer may see the item is settled
// before anything else, so that a hidden item answers every write as one
// that does not exist; the item returned is as the viewer may see it.
func (s *AgendaService) lockItem(ctx context.Context, tx *gorm.DB, id int64) (*ketenhub.AgendaItem, *ketenhub.Meeting, access, error) {
	it, err := findAgendaItem(tx, id)
	if err != nil {
		return nil, nil, access{}, err
	}
	m, a, err := s.enterMeeting(ctx, tx, it.MeetingID, true)
	if err != nil {
		return nil, nil, access{}, notFoundAs(err, errAgendaItemNotFound())
	}
	if it, err = findAgendaItem(tx, id); err != nil {
		return nil, nil, access{}, err
	}
	if !a.Sight.Admits(it.Visibility) {
		return nil, nil, access{}, errAgendaItemNotFound()
	}
	return it, m, a, s.showSources(tx, a.Viewer, it)
}

// ProposeAgendaItem adds an item at the end of a meeting's agenda: a
// partner's as a proposal while the agenda is open, a regisseur's accepted
// at once while the meeting has not ended.
func (s *AgendaService) ProposeAgendaItem(ctx context.Context, it *ketenhub.AgendaItem) error {
	if it.Kind == "" {
		it.Kind = ketenhub.ItemBespreken
	}
	if it.Visibility.Scope == "" {
		it.Visibility.Scope = ketenhub.ScopeWorkspace
	}
	it.Title = strings.TrimSpace(it.Title)
	it.State = ketenhub.ItemProposed
	if err := it.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		m, a, err := s.enterMeeting(ctx, tx, it.MeetingID, true)
		if err != nil {
			return err
		}
		if it.State, err = s.proposalState(a, m); err != nil {
			return err
		}
		if err := checkPresenter(tx, m.WorkspaceID, it.PresenterUserID); err != nil {
			return err
		}
		if it.Visibility, err = itemVisibility(tx, m.WorkspaceID, it.Visibility, a.Viewer, a.OrganisationID); err != nil {
			return err
		}
		it.WorkspaceID, it.ProposedByOrgID, it.ProposedByUserID = m.WorkspaceID, a.OrganisationID, a.UserID
		it.SourceActionID, it.SourceWorkspaceID, it.PreviousItemID, it.DiscussedSeconds = nil, nil, nil, 0
		if err := s.insertItem(tx, a, it); err != nil {
			return err
		}
		s.allowItems(a, m, it)
		return nil
	})
}

// proposalState is the state a new item of the viewer gets in meeting m,
// or why they may not add one.
func (s *AgendaService) proposalState(a access, m *ketenhub.Meeting) (ketenhub.AgendaItemState, error) {
	switch {
	case s.policy.CanCoordinate(a.Viewer, a.Role):
		if !m.State.Open() {
			return "", errAgendaClosed()
		}
		return ketenhub.ItemAccepted, nil
	case s.policy.CanContribute(a.Viewer, a.Role):
		if m.State != ketenhub.MeetingAgendaOpen || (m.ProposalDeadline != nil && !s.now().Before(*m.ProposalDeadline)) {
			return "", ketenhub.Errorf(ketenhub.ECONFLICT,
				"This meeting does not take proposals now: its agenda is not open or the proposal deadline has passed.",
				"Dit overleg neemt nu geen voorstellen aan: de agenda is niet open of de indiendatum is verstreken.")
		}
		return ketenhub.ItemProposed, nil
	}
	return "", ketenhub.Forbidden()
}

// insertItem writes a new item at the end of its meeting's items (and so,
// when it is on the agenda, with the last number), with its events in the
// workspace of a. Its event names its source only where every reader may
// see the source.
func (s *AgendaService) insertItem(tx *gorm.DB, a access, it *ketenhub.AgendaItem) error {
	var last int
	if err := tx.Model(&agendaItemRow{}).Where("meeting_id = ?", it.MeetingID).Select("COALESCE(MAX(position), 0)").Scan(&last).Error; err != nil {
		return fmt.Errorf("find last position: %w", err)
	}
	now := s.now()
	it.Position, it.Version, it.CreatedAt, it.UpdatedAt, it.Hidden = last+1, 1, now, now, false
	row := rowOfAgendaItem(it)
	row.ID = 0
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("create agenda item: %w", err)
	}
	it.ID = row.ID
	if err := setVisibleOrgs(tx, ketenhub.SubjectAgendaItem, it.ID, it.Visibility); err != nil {
		return err
	}
	if err := numberItems(tx, it); err != nil {
		return err
	}
	payload, err := s.itemForEvent(tx, it)
	if err != nil {
		return err
	}
	if _, err := s.appendMeetingEvent(tx, a, &it.MeetingID, ketenhub.EventAgendaItemCreated, ketenhub.SubjectAgendaItem, it.ID, payload, it.Visibility, nil); err != nil {
		return err
	}
	if it.State.OnAgenda() {
		return s.appendReordered(tx, a, it.MeetingID)
	}
	return nil
}

// agendaEntry is an item on the agenda as agenda.reordered names it:
// without title, so that every member may be told where it sits.
type agendaEntry struct {
	ID       int64                    `json:"id"`
	Position int                      `json:"position"`
	State    ketenhub.AgendaItemState `json:"state"`
}

// appendReordered tells the whole workspace the numbers of the items on a
// meeting's agenda, so that boards can place the placeholders of items
// their viewers may not see. It names only numbered items, which every
// member sees at least as a placeholder: never a proposal, a rejected or a
// deferred item, which those outside its visibility may not know of.
func (s *AgendaService) appendReordered(tx *gorm.DB, a access, meetingID int64) error {
	var rows []agendaItemRow
	if err := tx.Select("id", "position", "state").Where("meeting_id = ? AND state IN ?", meetingID, onAgendaStates).Order("position, id").Find(&rows).Error; err != nil {
		return fmt.Errorf("find agenda order: %w", err)
	}
	entries := make([]agendaEntry, len(rows))
	for i, r := range rows {
		entries[i] = agendaEntry{ID: r.ID, Position: i + 1, State: ketenhub.AgendaItemState(r.State)}
	}
	payload := map[string]any{"meeting_id": meetingID, "items": entries}
	_, err := s.appendMeetingEvent(tx, a, &meetingID, ketenhub.EventAgendaReordered, ketenhub.SubjectMeeting, meetingID, payload,
		ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}, nil)
	return err
}

// itemVisibility is checkVisibility for an agenda item. A restricted item
// also always names the workspace's regisseur organisation(s), because they
// manage the agenda and cannot order or accept what they cannot see, and its
// proposing organisation while that is a member (one that escalated it
// from outside the workspace is not).
func itemVisibility(tx *gorm.DB, workspaceID int64, vis ketenhub.Visibility, actor ketenhub.Viewer, proposerOrg int64) (ketenhub.Visibility, error) {
	vis, err := checkVisibility(tx, workspaceID, vis, actor)
	if err != nil || !vis.Restricted() {
		return vis, err
	}
	orgs, err := workspaceRegisseurs(tx, workspaceID)
	if err != nil {
		return vis, err
	}
	role, err := roleIn(tx, workspaceID, proposerOrg)
	if err != nil {
		return vis, err
	}
	if role.Valid() {
		orgs = append(orgs, proposerOrg)
	}
	vis.Organisations = unionIDs(vis.Organisations, orgs)
	return vis, nil
}

func workspaceRegisseurs(tx *gorm.DB, workspaceID int64) ([]int64, error) {
	var ids []int64
	err := tx.Table("memberships").Where("workspace_id = ? AND role = ?", workspaceID, string(ketenhub.RoleRegisseur)).Pluck("organisation_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("find regisseurs: %w", err)
	}
	return ids, nil
}

// unionIDs returns the ids in a or b, sorted, each once.
func unionIDs(a, b []int64) []int64 {
	set := make(map[int64]bool, len(a)+len(b))
	out := make([]int64, 0, len(a)+len(b))
	for _, id := range append(append([]int64{}, a...), b...) {
		if !set[id] {
			set[id] = true
			out = append(out, id)
		}
	}
	sortInt64s(out)
	return out
}

// checkPresenter checks that the presenter, if any, takes part in the workspace.
func checkPresenter(tx *gorm.DB, workspaceID int64, userID *int64) error {
	if userID == nil {
		return nil
	}
	taking, err := takingPart(tx, workspaceID, []int64{*userID})
	if err != nil {
		return err
	}
	if len(taking) == 0 {
		return ketenhub.FieldError("presenter_user_id", "The presenter must take part in the workspace.", "De presentator moet deelnemen aan de werkruimte.")
	}
	return nil
}

// UpdateAgendaItem changes an item: its proposing organisation while it is
// a proposal (not its state), or a regisseur while the meeting has not
// ended. ECONFLICT with the current item on a stale version.
func (s *AgendaService) UpdateAgendaItem(ctx context.Context, id int64, upd ketenhub.AgendaItemUpdate) (*ketenhub.AgendaItem, error) {
	if err := checkVersion(upd.Version); err != nil {
		return nil, err
	}
	var out *ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		it, m, a, err := s.lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayUpdate(a, m, it, upd); err != nil {
			return err
		}
		if it.Version != upd.Version {
			s.allowItems(a, m, it)
			return ketenhub.StaleVersion(it)
		}
		next := *it
		if err := s.applyItemUpdate(tx, a, &next, upd); err != nil {
			return err
		}
		next.UpdatedAt = s.now()
		row := rowOfAgendaItem(&next)
		res := tx.Model(&agendaItemRow{}).Where("id = ? AND version = ?", id, upd.Version).Updates(map[string]any{
			"title": row.Title, "notes": row.Notes, "kind": row.Kind, "state": row.State, "presenter_user_id": row.PresenterUserID,
			"minutes_planned": row.MinutesPlanned, "external_ref": row.ExternalRef, "visibility": row.Visibility,
			"version": gorm.Expr("version + 1"), "updated_at": row.UpdatedAt,
		})
		if res.Error != nil {
			return fmt.Errorf("update agenda item: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return s.stale(tx, a, id)
		}
		if err := setVisibleOrgs(tx, ketenhub.SubjectAgendaItem, id, next.Visibility); err != nil {
			return err
		}
		if out, err = findAgendaItem(tx, id); err != nil {
			return err
		}
		if err := s.afterItemUpdate(tx, a, it, out); err != nil {
			return err
		}
		s.allowItems(a, m, out)
		return s.showSources(tx, a.Viewer, out)
	})
	return out, err
}

// mayUpdate says whether the viewer may make change upd to item it of meeting m.
func (s *AgendaService) mayUpdate(a access, m *ketenhub.Meeting, it *ketenhub.AgendaItem, upd ketenhub.AgendaItemUpdate) error {
	coordinator := s.policy.CanCoordinate(a.Viewer, a.Role)
	proposer := s.policy.CanContribute(a.Viewer, a.Role) && it.ProposedByOrgID == a.OrganisationID &&
		it.State == ketenhub.ItemProposed && upd.State == nil
	if !coordinator && !proposer {
		return ketenhub.Forbidden()
	}
	if !m.State.Open() {
		return errAgendaClosed()
	}
	return nil
}

// applyItemUpdate applies upd to it and checks the result.
func (s *AgendaService) applyItemUpdate(tx *gorm.DB, a access, it *ketenhub.AgendaItem, upd ketenhub.AgendaItemUpdate) error {
	if upd.Title != nil {
		it.Title = strings.TrimSpace(*upd.Title)
	}
	if upd.Notes != nil {
		it.Notes = *upd.Notes
	}
	if upd.Kind != nil {
		it.Kind = *upd.Kind
	}
	switch {
	case upd.ClearPresenter:
		it.PresenterUserID = nil
	case upd.PresenterUserID != nil:
		it.PresenterUserID = upd.PresenterUserID
		if err := checkPresenter(tx, it.WorkspaceID, it.PresenterUserID); err != nil {
			return err
		}
	}
	if upd.MinutesPlanned != nil {
		it.MinutesPlanned = *upd.MinutesPlanned
	}
	if upd.ExternalRef != nil {
		it.ExternalRef = *upd.ExternalRef
	}
	if upd.State != nil && *upd.State != it.State {
		if !it.State.CanMoveTo(*upd.State) {
			return ketenhub.IllegalTransition(it.State, *upd.State, it.State.Next())
		}
		it.State = *upd.State
	}
	if upd.Visibility != nil {
		vis, err := itemVisibility(tx, it.WorkspaceID, *upd.Visibility, a.Viewer, it.ProposedByOrgID)
		if err != nil {
			return err
		}
		it.Visibility = vis
	}
	return it.Validate()
}

// afterItemUpdate appends the events of a changed item: its own, its
// decisions' when its visibility changed (they always share it), and the
// new agenda order when it came onto or went off the agenda.
func (s *AgendaService) afterItemUpdate(tx *gorm.DB, a access, before, after *ketenhub.AgendaItem) error {
	var prev *ketenhub.Visibility
	if !sameVisibility(before.Visibility, after.Visibility) {
		prev = &before.Visibility
	}
	payload, err := s.itemForEvent(tx, after)
	if err != nil {
		return err
	}
	if _, err := s.appendMeetingEvent(tx, a, &after.MeetingID, ketenhub.EventAgendaItemUpdated, ketenhub.SubjectAgendaItem, after.ID, payload, after.Visibility, prev); err != nil {
		return err
	}
	if prev != nil {
		if err := s.cascadeVisibility(tx, a, after, *prev); err != nil {
			return err
		}
	}
	if before.State.OnAgenda() != after.State.OnAgenda() {
		return s.appendReordered(tx, a, after.MeetingID)
	}
	return nil
}

// cascadeVisibility gives an item's decisions the item's new visibility.
func (s *AgendaService) cascadeVisibility(tx *gorm.DB, a access, it *ketenhub.AgendaItem, prev ketenhub.Visibility) error {
	var rows []decisionRow
	if err := tx.Where("agenda_item_id = ?", it.ID).Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("find decisions of item: %w", err)
	}
	for _, r := range rows {
		res := tx.Model(&decisionRow{}).Where("id = ?", r.ID).Updates(map[string]any{
			"visibility": string(it.Visibility.Scope), "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return fmt.Errorf("update decision visibility: %w", res.Error)
		}
		if err := setVisibleOrgs(tx, ketenhub.SubjectDecision, r.ID, it.Visibility); err != nil {
			return err
		}
		d, err := findDecision(tx, r.ID)
		if err != nil {
			return err
		}
		if _, err := s.appendMeetingEvent(tx, a, &d.MeetingID, ketenhub.EventDecisionUpdated, ketenhub.SubjectDecision, d.ID, d, d.Visibility, &prev); err != nil {
			return err
		}
	}
	return nil
}

// stale reports a lost race for item id: ECONFLICT with the item as it is
// now, or ENOTFOUND when the winning write took it out of the viewer's sight.
func (s *AgendaService) stale(tx *gorm.DB, a access, id int64) error {
	current, err := findAgendaItem(tx, id)
	if err != nil {
		return err
	}
	if !a.Sight.Admits(current.Visibility) {
		return errAgendaItemNotFound()
	}
	if err := s.showSources(tx, a.Viewer, current); err != nil {
		return err
	}
	m, err := s.findMeeting(tx, current.MeetingID, false)
	if err != nil {
		return err
	}
	s.allowItems(a, m, current)
	return ketenhub.StaleVersion(current)
}

// MoveAgendaItem gives an item on the agenda number position (beyond the
// end: last) and renumbers the others 1..n; the items whose number changed
// get a new version. An item not on the agenda has no number to move (a
// proposal is accepted first). It returns the agenda as FindAgenda does.
func (s *AgendaService) MoveAgendaItem(ctx context.Context, id int64, position int, version int64) ([]*ketenhub.AgendaItem, error) {
	if position < 1 {
		return nil, ketenhub.FieldError("position", "Position must be 1 or more.", "Positie moet 1 of hoger zijn.")
	}
	if err := checkVersion(version); err != nil {
		return nil, err
	}
	var out []*ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		it, m, a, err := s.lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if !m.State.Open() {
			return errAgendaClosed()
		}
		if it.Version != version {
			s.allowItems(a, m, it)
			return ketenhub.StaleVersion(it)
		}
		if !it.State.OnAgenda() {
			return ketenhub.Errorf(ketenhub.ECONFLICT,
				"Only an item on the agenda has a number to move; accept it first.",
				"Alleen een agendapunt op de agenda heeft een nummer om te verplaatsen; accepteer het eerst.")
		}
		moved, err := s.renumber(tx, m.ID, id, position)
		if err != nil {
			return err
		}
		if moved {
			if err := s.appendReordered(tx, a, m.ID); err != nil {
				return err
			}
		}
		out, err = s.agenda(tx, a, m.ID)
		s.allowItems(a, m, out...)
		return err
	})
	return out, err
}

// renumber gives item id of a meeting number position on its agenda
// (clamped to the items there are) and the other items on the agenda their
// numbers in order. Only the places the numbered items hold in the stored
// order are handed round, so the items off the agenda keep theirs and only
// an item whose number changes gets a new version. It reports whether any
// number changed.
func (s *AgendaService) renumber(tx *gorm.DB, meetingID, id int64, position int) (bool, error) {
	var rows []agendaItemRow
	if err := tx.Select("id", "position").Where("meeting_id = ? AND state IN ?", meetingID, onAgendaStates).Order("position, id").Find(&rows).Error; err != nil {
		return false, fmt.Errorf("find agenda order: %w", err)
	}
	places := make([]int, len(rows))
	order := make([]agendaItemRow, 0, len(rows))
	var moved agendaItemRow
	for i, r := range rows {
		places[i] = r.Position
		if r.ID == id {
			moved = r
		} else {
			order = append(order, r)
		}
	}
	at := min(position, len(order)+1) - 1
	order = slices.Insert(order, at, moved)
	changed := false
	now := s.now()
	for i, r := range order {
		if r.ID == rows[i].ID {
			continue
		}
		changed = true
		res := tx.Model(&agendaItemRow{}).Where("id = ?", r.ID).Updates(map[string]any{
			"position": places[i], "version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return false, fmt.Errorf("renumber agenda: %w", res.Error)
		}
	}
	return changed, nil
}

// DeferAgendaItem moves an item on the agenda to the next planned meeting
// of the workspace: the item becomes doorgeschoven and a copy, accepted and
// linked to it, lands at the end of the next meeting's agenda. It returns
// the copy.
func (s *AgendaService) DeferAgendaItem(ctx context.Context, id int64, version int64) (*ketenhub.AgendaItem, error) {
	if err := checkVersion(version); err != nil {
		return nil, err
	}
	var out *ketenhub.AgendaItem
	err := s.transact(ctx, func(tx *gorm.DB) error {
		it, m, a, err := s.lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if !s.policy.CanRunMeeting(a.Viewer, a.Role, m) && !s.policy.CanCoordinate(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		if !m.State.Open() {
			return errAgendaClosed()
		}
		if !it.State.OnAgenda() {
			return ketenhub.IllegalTransition(it.State, ketenhub.ItemDeferred, it.State.Next())
		}
		if it.Version != version {
			s.allowItems(a, m, it)
			return ketenhub.StaleVersion(it)
		}
		next, err := s.nextMeeting(tx, m)
		if err != nil {
			return err
		}
		res := tx.Model(&agendaItemRow{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"state": string(ketenhub.ItemDeferred), "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return fmt.Errorf("defer agenda item: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return s.stale(tx, a, id)
		}
		old, err := findAgendaItem(tx, id)
		if err != nil {
			return err
		}
		if err := s.afterItemUpdate(tx, a, it, old); err != nil {
			return err
		}
		out = deferredCopy(old, next.ID)
		if err := s.insertItem(tx, a, out); err != nil {
			return err
		}
		s.allowItems(a, next, out)
		return s.showSources(tx, a.Viewer, out)
	})
	return out, err
}

// nextMeeting finds, and locks, the earliest meeting of m's workspace that
// starts after m and has not started: where a deferred item goes.
func (s *AgendaService) nextMeeting(tx *gorm.DB, m *ketenhub.Meeting) (*ketenhub.Meeting, error) {
	var ids []int64
	states := []string{string(ketenhub.MeetingConcept), string(ketenhub.MeetingAgendaOpen), string(ketenhub.MeetingAgendaFixed)}
	err := tx.Model(&meetingRow{}).Where("workspace_id = ? AND id <> ? AND starts_at > ? AND state IN ?", m.WorkspaceID, m.ID, m.StartsAt, states).
		Order("starts_at, id").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("find next meeting: %w", err)
	}
	if len(ids) == 0 {
		return nil, ketenhub.Errorf(ketenhub.ECONFLICT, "No next meeting is planned to defer this item to.", "Er is geen volgend overleg gepland om dit agendapunt naar door te schuiven.")
	}
	return s.findMeeting(tx, ids[0], true)
}

// deferredCopy is the item that continues old in meeting meetingID.
func deferredCopy(old *ketenhub.AgendaItem, meetingID int64) *ketenhub.AgendaItem {
	it := *old
	it.ID, it.MeetingID, it.State, it.PreviousItemID, it.DiscussedSeconds = 0, meetingID, ketenhub.ItemAccepted, &old.ID, 0
	return &it
}
