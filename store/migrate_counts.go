package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateBoundedCounts brings the counts of actions stored before counts
// were bounded (ketenhub.MaxCount, then 1,000,000,000) within the bound, so
// that such an action can be edited again without first lowering a count
// its editor may not even have touched. The version goes up, so that a
// client holding the old counts gets a conflict rather than overwriting.
// The bound is written out: a migration must not change with the code.
func migrateBoundedCounts(tx *gorm.DB) error {
	const bound = 1_000_000_000
	err := tx.Exec(`UPDATE actions SET
			count_target = CASE WHEN count_target > ? THEN ? ELSE count_target END,
			count_done = CASE WHEN count_done > ? THEN ? ELSE count_done END,
			version = version + 1
		WHERE count_target > ? OR count_done > ?`, bound, bound, bound, bound, bound, bound).Error
	if err != nil {
		return fmt.Errorf("bounded counts: %w", err)
	}
	return nil
}
