package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateMembershipSince records from which event each membership counts,
// for the history rule: an organisation receives no event from before it
// became a member. Existing memberships count from the first membership.set
// after their organisation's last removal (or from the start of the log).
func migrateMembershipSince(tx *gorm.DB) error {
	stmts := []string{
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
			return fmt.Errorf("membership since: %w", err)
		}
	}
	return nil
}
