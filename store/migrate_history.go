package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateHistory adds what the history rule (DESIGN section 3) needs. It
// records from which event each membership counts, since an organisation
// receives no event from before it became a member: existing memberships
// count from the first membership.set after their organisation's last
// removal (or from the start of the log). And it records the subjects an
// event's payload names besides its own (event_links), since an event is
// received only while everything it names may be seen; events already in
// the log name none there, which their payloads then still show.
func migrateHistory(tx *gorm.DB) error {
	stmts := []string{
		`CREATE TABLE event_links (
			event_id BIGINT NOT NULL REFERENCES events (id),
			subject_type VARCHAR(40) NOT NULL,
			subject_id BIGINT NOT NULL,
			PRIMARY KEY (event_id, subject_type, subject_id))`,
		`ALTER TABLE memberships ADD COLUMN since_seq BIGINT NOT NULL DEFAULT 0`,
		`UPDATE memberships SET since_seq = COALESCE((
			SELECT MIN(e.seq) FROM events e
			WHERE e.workspace_id = memberships.workspace_id AND e.subject_type = 'membership'
			  AND e.subject_id = memberships.organisation_id AND e.type = 'membership.set'
			  AND e.seq > COALESCE((
				SELECT MAX(r.seq) FROM events r
				WHERE r.workspace_id = memberships.workspace_id AND r.subject_type = 'membership'
				  AND r.subject_id = memberships.organisation_id AND r.type = 'membership.removed'), 0)), 0)`,
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}
