package store

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// Links between subjects (an agenda item's source, an action's decision, a
// decision's actions) are ids that name another subject. DESIGN section 3:
// an id of a subject a viewer may not see is a leak like its title. So a
// link is shown to a viewer only where the policy's ShowsLink holds for
// their sight of the linked subject, and carried in an event payload, which
// is encoded once for all its readers, only where CanShare holds for every
// one of them.

// sightIn is what viewer v may see of a workspace: the policy's Sight for
// how v's organisation stands there (not a member: a sight that admits no
// item).
func (b *base) sightIn(tx *gorm.DB, v ketenhub.Viewer, workspaceID int64) (ketenhub.Sight, error) {
	m, err := memberIn(tx, workspaceID, v.OrganisationID)
	if err != nil {
		return ketenhub.Sight{}, err
	}
	return b.policy.Sight(v, m), nil
}

// readers returns the member organisations of a workspace that read an
// item with visibility vis there: those whose sight admits it.
func (b *base) readers(tx *gorm.DB, workspaceID int64, vis ketenhub.Visibility) ([]int64, error) {
	var rows []membershipRow
	if err := tx.Select("organisation_id", "role", "since_seq").Where("workspace_id = ?", workspaceID).Order("organisation_id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find readers: %w", err)
	}
	var out []int64
	for _, r := range rows {
		m := ketenhub.Member{Role: ketenhub.Role(r.Role), Since: r.SinceSeq}
		if !m.Role.Valid() {
			continue
		}
		if b.policy.Sight(ketenhub.Viewer{OrganisationID: r.OrganisationID}, m).Admits(vis) {
			out = append(out, r.OrganisationID)
		}
	}
	return out, nil
}

// audience returns the sight, in workspace in, of each organisation that
// reads an item with visibility vis in workspace ws: whom CanShare asks
// about when something of a subject in workspace in is copied to that item.
func (b *base) audience(tx *gorm.DB, ws int64, vis ketenhub.Visibility, in int64) ([]ketenhub.Sight, error) {
	orgs, err := b.readers(tx, ws, vis)
	if err != nil {
		return nil, err
	}
	out := make([]ketenhub.Sight, len(orgs))
	for i, org := range orgs {
		if out[i], err = b.sightIn(tx, ketenhub.Viewer{OrganisationID: org}, in); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sourceOf is what an item put forward from another workspace links to:
// the source workspace, and the visibility of what it names there (the
// action's, or the whole workspace for a topic). ok is false for an item
// that was not put forward.
func sourceOf(tx *gorm.DB, it *ketenhub.AgendaItem) (ws int64, target ketenhub.Visibility, ok bool, err error) {
	if it.SourceWorkspaceID == nil {
		return 0, ketenhub.Visibility{}, false, nil
	}
	if it.SourceActionID == nil {
		return *it.SourceWorkspaceID, wholeWorkspace, true, nil
	}
	act, err := findAction(tx, *it.SourceActionID)
	if err != nil {
		return 0, ketenhub.Visibility{}, false, err
	}
	return *it.SourceWorkspaceID, act.Visibility, true, nil
}

// withoutSource clears the link of an item to what it was put forward
// from. Escalated stays: that the item came from another workspace names
// nothing.
func withoutSource(it *ketenhub.AgendaItem) { it.SourceActionID, it.SourceWorkspaceID = nil, nil }

// showSources clears, on items viewer v reads, the link to their source
// where v may not see it (ShowsLink in the source workspace).
func (b *base) showSources(tx *gorm.DB, v ketenhub.Viewer, items ...*ketenhub.AgendaItem) error {
	sights := map[int64]ketenhub.Sight{}
	for _, it := range items {
		ws, target, ok, err := sourceOf(tx, it)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		s, seen := sights[ws]
		if !seen {
			if s, err = b.sightIn(tx, v, ws); err != nil {
				return err
			}
			sights[ws] = s
		}
		if !b.policy.ShowsLink(s, target) {
			withoutSource(it)
		}
	}
	return nil
}

// itemForEvent is item it as its events carry it: without the link to its
// source unless every organisation that reads the item may see the source.
func (b *base) itemForEvent(tx *gorm.DB, it *ketenhub.AgendaItem) (*ketenhub.AgendaItem, error) {
	ws, target, ok, err := sourceOf(tx, it)
	if err != nil || !ok {
		return it, err
	}
	audience, err := b.audience(tx, it.WorkspaceID, it.Visibility, ws)
	if err != nil {
		return nil, err
	}
	if b.policy.CanShare(target, audience) {
		return it, nil
	}
	out := *it
	withoutSource(&out)
	return &out, nil
}

// decisionVisibilities returns the visibility of each decision that acts name.
func decisionVisibilities(tx *gorm.DB, acts []*ketenhub.Action) (map[int64]ketenhub.Visibility, error) {
	var ids []int64
	for _, act := range acts {
		if act.DecisionID != nil {
			ids = append(ids, *act.DecisionID)
		}
	}
	out := make(map[int64]ketenhub.Visibility, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []decisionRow
	if err := tx.Select("id", "visibility").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find decisions of actions: %w", err)
	}
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectDecision, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = visibilityOf(r.Visibility, orgs[r.ID])
	}
	return out, nil
}

// showDecisions clears, on actions a viewer with sight s reads (in their
// own workspace, which is their decision's too), the link to a decision the
// viewer may not see.
func (b *base) showDecisions(tx *gorm.DB, s ketenhub.Sight, acts ...*ketenhub.Action) error {
	vis, err := decisionVisibilities(tx, acts)
	if err != nil {
		return err
	}
	for _, act := range acts {
		if act.DecisionID != nil && !b.policy.ShowsLink(s, vis[*act.DecisionID]) {
			act.DecisionID = nil
		}
	}
	return nil
}

// actionForEvent is action act as its events carry it: without the link to
// its decision unless every organisation that reads the action may see the
// decision (an action can be seen more widely than its decision once the
// decision is restricted).
func (b *base) actionForEvent(tx *gorm.DB, act *ketenhub.Action) (*ketenhub.Action, error) {
	if act.DecisionID == nil {
		return act, nil
	}
	vis, err := decisionVisibilities(tx, []*ketenhub.Action{act})
	if err != nil {
		return nil, err
	}
	audience, err := b.audience(tx, act.WorkspaceID, act.Visibility, act.WorkspaceID)
	if err != nil {
		return nil, err
	}
	if b.policy.CanShare(vis[*act.DecisionID], audience) {
		return act, nil
	}
	out := *act
	out.DecisionID = nil
	return &out, nil
}

// decisionForEvent is decision d as its events carry it: with only the ids
// of the actions made from it that every organisation reading d may see.
func (b *base) decisionForEvent(tx *gorm.DB, d *ketenhub.Decision) (*ketenhub.Decision, error) {
	if len(d.ActionIDs) == 0 {
		return d, nil
	}
	var rows []actionRow
	if err := tx.Select("id", "visibility").Where("id IN ?", d.ActionIDs).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find actions of decision: %w", err)
	}
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectAction, rows)
	if err != nil {
		return nil, err
	}
	audience, err := b.audience(tx, d.WorkspaceID, d.Visibility, d.WorkspaceID)
	if err != nil {
		return nil, err
	}
	out := *d
	out.ActionIDs = []int64{}
	for _, r := range rows {
		if b.policy.CanShare(visibilityOf(r.Visibility, orgs[r.ID]), audience) {
			out.ActionIDs = append(out.ActionIDs, r.ID)
		}
	}
	return &out, nil
}
