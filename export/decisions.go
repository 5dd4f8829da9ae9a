package export

import (
	"context"
	"fmt"
	"sort"

	"github.com/ketenhub/ketenhub"
)

// DecisionList is the besluiten- en actielijst of a meeting as one viewer
// may see it: the agenda items with their decisions and the actions made
// from them.
//
// Agenda items the viewer may not see are left out entirely, not shown as
// a "besloten agendapunt" placeholder as the live board does: an export
// travels (it is mailed and printed), and a placeholder would spell out
// that something confidential was discussed. Items carry the room's
// numbers (Number, the agenda item's Position), so that "punt 4" in the
// list is punt 4 of the meeting for every reader; a hidden item's number is
// therefore missing, which tells no more than the numbered placeholders
// every member of the workspace sees on the agenda. Deferred items are no
// longer on the agenda and have no number.
//
// Restricted items, decisions and actions carry their Audience, which the
// renderers print next to them ("Besloten: alleen voor ..."), and every
// page says who the list was made for (MadeFor, which the caller sets
// with CollectMadeFor; the renderers refuse a list without it).
type DecisionList struct {
	Meeting    *ketenhub.Meeting
	Workspace  *ketenhub.Workspace
	Chair      string   // the chair's name, "" when none
	Attendance []string // names of those recorded present, sorted
	Items      []DecisionItem
	MadeFor    MadeFor
}

// DecisionItem is a visible agenda item of the list with its decisions.
type DecisionItem struct {
	Number     int // the item's number on the agenda, the same for every reader; 0 for a deferred item
	Item       *ketenhub.AgendaItem
	ProposedBy string // organisation name
	Presenter  string // user name
	Audience   Audience
	Decisions  []DecisionEntry
}

// DecisionEntry is a decision with the visible actions made from it.
type DecisionEntry struct {
	Decision *ketenhub.Decision
	Audience Audience
	Actions  []ActionRow
}

// CollectDecisionList gathers the besluiten- en actielijst of a meeting
// through the services, as the viewer in ctx may see it. It returns
// ENOTFOUND if the meeting is absent or not visible.
func CollectDecisionList(ctx context.Context, svc ketenhub.Services, meetingID int64) (*DecisionList, error) {
	m, err := svc.Meetings.FindMeetingByID(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	ws, err := svc.Workspaces.FindWorkspaceByID(ctx, m.WorkspaceID)
	if err != nil {
		return nil, err
	}
	n := newNames(svc)
	dl := &DecisionList{Meeting: m, Workspace: ws}
	if dl.Chair, err = n.user(ctx, m.ChairUserID); err != nil {
		return nil, err
	}
	if dl.Attendance, err = attendance(ctx, n, m.Attendance); err != nil {
		return nil, err
	}
	agenda, err := svc.Agenda.FindAgenda(ctx, meetingID)
	if err != nil {
		return nil, fmt.Errorf("export: agenda: %w", err)
	}
	decisions, err := svc.Decisions.FindDecisions(ctx, meetingID)
	if err != nil {
		return nil, fmt.Errorf("export: decisions: %w", err)
	}
	byItem := map[int64][]*ketenhub.Decision{}
	for _, d := range decisions {
		byItem[d.AgendaItemID] = append(byItem[d.AgendaItemID], d)
	}
	goals := goalTitles{svc: svc}
	for _, it := range agenda {
		if it.Hidden || !(inList(it.State) || len(byItem[it.ID]) > 0) {
			continue
		}
		di := DecisionItem{Number: it.Position, Item: it}
		if di.ProposedBy, err = n.org(ctx, it.ProposedByOrgID); err != nil {
			return nil, err
		}
		if di.Presenter, err = n.user(ctx, it.PresenterUserID); err != nil {
			return nil, err
		}
		if di.Audience, err = n.audience(ctx, it.Visibility); err != nil {
			return nil, err
		}
		for _, d := range byItem[it.ID] {
			e := DecisionEntry{Decision: d}
			if e.Audience, err = n.audience(ctx, d.Visibility); err != nil {
				return nil, err
			}
			if e.Actions, err = decisionActions(ctx, svc, n, &goals, d); err != nil {
				return nil, err
			}
			di.Decisions = append(di.Decisions, e)
		}
		dl.Items = append(dl.Items, di)
	}
	return dl, nil
}

// inList reports whether an item in state s belongs on the list: it was
// on the agenda (accepted, discussed) or moved on to the next meeting.
// Proposals that never made the agenda do not.
func inList(s ketenhub.AgendaItemState) bool {
	return s.OnAgenda() || s == ketenhub.ItemDeferred
}

func attendance(ctx context.Context, n *names, ids []int64) ([]string, error) {
	var out []string
	for _, id := range ids {
		name, err := n.user(ctx, &id)
		if err != nil {
			return nil, err
		}
		if name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// decisionActions looks up the actions made from d. The decision lists
// only the ones the viewer may see; one that has become invisible since
// (its visibility narrowed) is skipped.
func decisionActions(ctx context.Context, svc ketenhub.Services, n *names, goals *goalTitles, d *ketenhub.Decision) ([]ActionRow, error) {
	var rows []ActionRow
	for _, id := range d.ActionIDs {
		a, err := svc.Actions.FindActionByID(ctx, id)
		if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("export: action %d: %w", id, err)
		}
		row, err := actionRow(ctx, n, goals, a)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}
