package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// EventService implements ketenhub.EventService.
type EventService struct{ *base }

var _ ketenhub.EventService = (*EventService)(nil)

// Event page sizes.
const (
	defaultEventLimit = 100
	maxEventLimit     = 1000
)

// FindEvents returns the visible events after f.AfterSeq in sequence order;
// reading the log is the regisseur's.
func (s *EventService) FindEvents(ctx context.Context, f ketenhub.EventFilter) ([]*ketenhub.Event, error) {
	tx := s.conn(ctx)
	a, err := s.enterItems(ctx, tx, f.WorkspaceID)
	if err != nil {
		return nil, err
	}
	if !s.policy.CanCoordinate(a.Viewer, a.Role) {
		return nil, ketenhub.Forbidden()
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultEventLimit
	}
	var rows []eventRow
	q := tx.Model(&eventRow{}).Where("events.workspace_id = ? AND events.seq > ?", f.WorkspaceID, f.AfterSeq)
	if err := visibleEvents(q, a.Sight).Order("events.seq").Limit(min(limit, maxEventLimit)).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return eventsOf(tx, rows)
}

// eventsOf turns rows into events with their visibilities.
func eventsOf(tx *gorm.DB, rows []eventRow) ([]*ketenhub.Event, error) {
	_, orgs, err := restrictedOrgs(tx, ketenhub.SubjectEvent, rows)
	if err != nil {
		return nil, err
	}
	out := make([]*ketenhub.Event, len(rows))
	for i := range rows {
		var prev *ketenhub.Visibility
		if p := rows[i].PreviousVisibility; p != nil {
			prev = new(ketenhub.Visibility)
			if err := json.Unmarshal([]byte(*p), prev); err != nil {
				return nil, fmt.Errorf("decode previous visibility of event %d: %w", rows[i].ID, err)
			}
		}
		out[i] = rows[i].domain(visibilityOf(rows[i].Visibility, orgs[rows[i].ID]), prev)
		if err := withoutNames(out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
