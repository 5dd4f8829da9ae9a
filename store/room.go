package store

import (
	"fmt"
	"sort"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// The room view of a meeting (ketenhub.RoomView): what the projector and a
// paired display show, by the room rule (Policy.ShownInRoom).

// roomReader decides, besides the room rule, what a reader of the room view
// may see, and records reads of restricted subjects (BIO): a signed-in
// viewer's through the policy, a display's as the display.
type roomReader interface {
	canSee(vis ketenhub.Visibility) bool
	audit(tx *gorm.DB, subject ketenhub.SubjectType, ids []int64) error
}

// viewerInRoom is a signed-in viewer looking at the room view (the
// projector, the chair's marker): the room sees no more than they do.
type viewerInRoom struct {
	b *base
	a access
}

func (r viewerInRoom) canSee(vis ketenhub.Visibility) bool {
	return r.a.Sight.Admits(vis)
}

func (r viewerInRoom) audit(tx *gorm.DB, subject ketenhub.SubjectType, ids []int64) error {
	return r.b.auditReads(tx, r.a.Viewer, r.a.WorkspaceID, subject, ids)
}

// displayInRoom is a paired display: no viewer, only the room rule.
type displayInRoom struct {
	b           *base
	id          int64
	workspaceID int64
}

func (displayInRoom) canSee(ketenhub.Visibility) bool { return true }

func (r displayInRoom) audit(tx *gorm.DB, subject ketenhub.SubjectType, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([]auditRow, 0, len(ids))
	for _, id := range ids {
		ws := r.workspaceID
		rows = append(rows, auditRow{At: r.b.now(), Action: "read", SubjectType: string(subject), SubjectID: id, WorkspaceID: &ws,
			Detail: fmt.Sprintf("room view on display %d", r.id)})
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("audit display reads: %w", err)
	}
	return nil
}

// roomView builds the room view of meeting m for reader.
func (b *base) roomView(tx *gorm.DB, m *ketenhub.Meeting, reader roomReader) (*ketenhub.RoomView, error) {
	present, err := b.presentSights(tx, m)
	if err != nil {
		return nil, err
	}
	shown := func(vis ketenhub.Visibility) bool { return b.policy.ShownInRoom(present, vis) && reader.canSee(vis) }
	view := &ketenhub.RoomView{
		Meeting: ketenhub.RoomMeeting{ID: m.ID, Kind: m.Kind, Title: m.Title, StartsAt: m.StartsAt, State: m.State,
			TimerStartedAt: m.TimerStartedAt, TimerElapsed: m.TimerElapsed},
		AttendanceRecorded: len(present) > 0,
		Items:              []ketenhub.RoomItem{},
		Decisions:          []ketenhub.RoomDecision{},
	}
	items, err := agendaItemsOf(tx, m.ID)
	if err != nil {
		return nil, err
	}
	numbers := map[int64]int{} // the shown items, by id
	var read []int64
	for _, it := range items {
		if !it.State.OnAgenda() {
			continue
		}
		ri := ketenhub.RoomItem{Number: len(view.Items) + 1, State: it.State, Hidden: true,
			Current: m.CurrentItemID != nil && *m.CurrentItemID == it.ID}
		if shown(it.Visibility) {
			ri.ID, ri.Title, ri.Kind, ri.MinutesPlanned, ri.Hidden = it.ID, it.Title, it.Kind, it.MinutesPlanned, false
			numbers[it.ID] = ri.Number
			if it.Visibility.Restricted() {
				read = append(read, it.ID)
			}
		}
		view.Items = append(view.Items, ri)
	}
	if err := reader.audit(tx, ketenhub.SubjectAgendaItem, read); err != nil {
		return nil, err
	}
	view.Decisions, err = roomDecisions(tx, m.ID, numbers, shown, reader)
	return view, err
}

// roomDecisions returns the meeting's decisions the room may see, on the
// shown items (numbers), in agenda order and then by time, with the actions
// made from them that the room may see.
func roomDecisions(tx *gorm.DB, meetingID int64, numbers map[int64]int, shown func(ketenhub.Visibility) bool, reader roomReader) ([]ketenhub.RoomDecision, error) {
	var rows []decisionRow
	if err := tx.Where("meeting_id = ?", meetingID).Order("decided_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find decisions: %w", err)
	}
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectDecision, rows)
	if err != nil {
		return nil, err
	}
	var ds []*ketenhub.Decision
	var read []int64
	for i := range rows {
		d := rows[i].domain(orgs[rows[i].ID])
		if numbers[d.AgendaItemID] == 0 || !shown(d.Visibility) {
			continue
		}
		ds = append(ds, d)
		if d.Visibility.Restricted() {
			read = append(read, d.ID)
		}
	}
	if err := reader.audit(tx, ketenhub.SubjectDecision, read); err != nil {
		return nil, err
	}
	actions, err := roomActions(tx, ds, shown, reader)
	if err != nil {
		return nil, err
	}
	out := make([]ketenhub.RoomDecision, 0, len(ds))
	for _, d := range ds {
		rd := ketenhub.RoomDecision{ItemNumber: numbers[d.AgendaItemID], Text: d.Text, DecidedAt: d.DecidedAt, Actions: actions[d.ID]}
		if rd.Actions == nil {
			rd.Actions = []ketenhub.RoomAction{}
		}
		out = append(out, rd)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ItemNumber < out[j].ItemNumber })
	return out, nil
}

// roomActions returns, per decision, the actions made from it that the room may see.
func roomActions(tx *gorm.DB, ds []*ketenhub.Decision, shown func(ketenhub.Visibility) bool, reader roomReader) (map[int64][]ketenhub.RoomAction, error) {
	out := map[int64][]ketenhub.RoomAction{}
	if len(ds) == 0 {
		return out, nil
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	var rows []actionRow
	if err := tx.Where("decision_id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find decision actions: %w", err)
	}
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectAction, rows)
	if err != nil {
		return nil, err
	}
	var read []int64
	for i := range rows {
		a := rows[i].domain(orgs[rows[i].ID])
		if !shown(a.Visibility) {
			continue
		}
		out[*a.DecisionID] = append(out[*a.DecisionID], ketenhub.RoomAction{Title: a.Title, Status: a.Status, OwnerOrganisationID: a.OwnerOrganisationID})
		if a.Visibility.Restricted() {
			read = append(read, a.ID)
		}
	}
	return out, reader.audit(tx, ketenhub.SubjectAction, read)
}
