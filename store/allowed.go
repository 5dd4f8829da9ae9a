package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// What a viewer may do with a meeting, an agenda item or an action now
// (their "allowed" field): decided here, from the policy and the item's
// state, by the same checks the writes make, so that the web app shows
// exactly what the hub would accept. It is per viewer: it is set only on
// what is answered to one viewer, after the events of a write are written,
// and appendMeetingEvent takes it off any payload all the same.

// meetingAllowed is what the viewer of a may do with meeting m now.
func (b *base) meetingAllowed(a access, m *ketenhub.Meeting) *ketenhub.MeetingAllowed {
	out := &ketenhub.MeetingAllowed{Transitions: []ketenhub.MeetingState{}, Actions: []ketenhub.Verb{}}
	ms := &MeetingService{b}
	for _, to := range m.State.Next() {
		if ms.mayTransition(a, m, to) {
			out.Transitions = append(out.Transitions, to)
		}
	}
	open := m.State.Open()
	runner := b.policy.CanRunMeeting(a.Viewer, a.Role, m)
	if open && b.policy.CanCoordinate(a.Viewer, a.Role) {
		out.Actions = append(out.Actions, ketenhub.VerbEdit)
	}
	if _, err := (&AgendaService{b}).proposalState(a, m); err == nil {
		out.Actions = append(out.Actions, ketenhub.VerbPropose)
	}
	if open && runner {
		out.Actions = append(out.Actions, ketenhub.VerbRun)
	}
	if m.State == ketenhub.MeetingLive && runner {
		out.Actions = append(out.Actions, ketenhub.VerbRunLive)
	}
	return out
}

// allowMeetings sets what the viewer of a may do on each meeting of a's workspace.
func (b *base) allowMeetings(a access, ms ...*ketenhub.Meeting) {
	for _, m := range ms {
		if m != nil {
			m.Allowed = b.meetingAllowed(a, m)
		}
	}
}

// allowMeetingsIn is allowMeetings for meetings of several workspaces,
// with the viewer's access to each known so far in accesses.
func (b *base) allowMeetingsIn(ctx context.Context, tx *gorm.DB, accesses map[int64]access, ms []*ketenhub.Meeting) error {
	for _, m := range ms {
		a, ok := accesses[m.WorkspaceID]
		if !ok {
			var err error
			if a, err = b.accessTo(ctx, tx, m.WorkspaceID); err != nil {
				return err
			}
			accesses[m.WorkspaceID] = a
		}
		b.allowMeetings(a, m)
	}
	return nil
}

// itemAllowed is what the viewer of a may do with item it of meeting m
// now; nil for a placeholder, of which they may do nothing.
func (b *base) itemAllowed(a access, m *ketenhub.Meeting, it *ketenhub.AgendaItem) *ketenhub.Allowed {
	if it.Hidden {
		return nil
	}
	out := &ketenhub.Allowed{Actions: []ketenhub.Verb{}}
	if (&AgendaService{b}).mayUpdate(a, m, it, ketenhub.AgendaItemUpdate{}) == nil {
		out.Actions = append(out.Actions, ketenhub.VerbEdit)
	}
	open := m.State.Open() && m.ID == it.MeetingID
	coordinator := b.policy.CanCoordinate(a.Viewer, a.Role)
	if open && coordinator && len(it.State.Next()) > 0 {
		out.Actions = append(out.Actions, ketenhub.VerbDecide)
	}
	if open && coordinator && it.State.OnAgenda() {
		out.Actions = append(out.Actions, ketenhub.VerbMove)
	}
	if open && (coordinator || b.policy.CanRunMeeting(a.Viewer, a.Role, m)) && it.State.OnAgenda() {
		out.Actions = append(out.Actions, ketenhub.VerbDefer)
	}
	return out
}

// allowItems sets what the viewer of a may do on each item of meeting m.
func (b *base) allowItems(a access, m *ketenhub.Meeting, items ...*ketenhub.AgendaItem) {
	for _, it := range items {
		if it != nil {
			it.Allowed = b.itemAllowed(a, m, it)
		}
	}
}

// actionAllowed is what the viewer of a may do with action act now.
func (b *base) actionAllowed(a access, act *ketenhub.Action) *ketenhub.Allowed {
	out := &ketenhub.Allowed{Actions: []ketenhub.Verb{}}
	edit := b.policy.CanEditAction(a.Viewer, a.Role, act.OwnerOrganisationID)
	if edit {
		out.Actions = append(out.Actions, ketenhub.VerbEdit)
	}
	if b.policy.CanContribute(a.Viewer, a.Role) {
		out.Actions = append(out.Actions, ketenhub.VerbComment)
	}
	if edit { // putting an action forward is its editors' call (escalationSource)
		out.Actions = append(out.Actions, ketenhub.VerbEscalate)
	}
	return out
}

// allowActions sets what the viewer of a may do on each action of a's workspace.
func (b *base) allowActions(a access, acts ...*ketenhub.Action) {
	for _, act := range acts {
		if act != nil {
			act.Allowed = b.actionAllowed(a, act)
		}
	}
}

// accessTo is the viewer's access to a workspace, to decide what they may
// do there: none at all where they may not enter it (the driehoek an
// action was put forward to, say).
func (b *base) accessTo(ctx context.Context, tx *gorm.DB, workspaceID int64) (access, error) {
	a, err := b.enter(ctx, tx, workspaceID)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		v, verr := viewer(ctx)
		return access{Viewer: v, WorkspaceID: workspaceID}, verr
	}
	return a, err
}

// withoutAllowed is an event's payload without what one viewer may do:
// events are encoded once for many readers.
func withoutAllowed(payload any) any {
	switch p := payload.(type) {
	case *ketenhub.Meeting:
		if p != nil && p.Allowed != nil {
			c := *p
			c.Allowed = nil
			return &c
		}
	case *ketenhub.AgendaItem:
		if p != nil && p.Allowed != nil {
			c := *p
			c.Allowed = nil
			return &c
		}
	case *ketenhub.Action:
		if p != nil && p.Allowed != nil {
			c := *p
			c.Allowed = nil
			return &c
		}
	}
	return payload
}
