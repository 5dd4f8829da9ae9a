package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migratePeople adds need-to-know per person (issue 12): what the identity
// provider says of each user besides name and e-mail (function, whether
// they are a shielded officer, their role in their own organisation, their
// groups; a shielded officer is marked by a claim or by their
// organisation's beheerder, kept apart so that a sign-in without the claim
// does not undo the beheerder's mark), who of each member organisation take part in a workspace
// (admissions: named users, or named groups; none at all admits the whole
// organisation), and the people a restricted item names besides
// organisations (visible_users, beside visible_orgs).
func migratePeople(tx *gorm.DB) error {
	stmts := []string{
		`ALTER TABLE users ADD COLUMN function VARCHAR(200) NOT NULL DEFAULT ''`,
		`ALTER TABLE users ADD COLUMN shielded_by_claim BOOLEAN NOT NULL DEFAULT FALSE`,
		`ALTER TABLE users ADD COLUMN shielded_by_organisation BOOLEAN NOT NULL DEFAULT FALSE`,
		`ALTER TABLE users ADD COLUMN organisation_role VARCHAR(30) NOT NULL DEFAULT ''`,
		`CREATE TABLE user_groups (
			user_id BIGINT NOT NULL REFERENCES users (id),
			name VARCHAR(200) NOT NULL,
			PRIMARY KEY (user_id, name))`,
		`CREATE INDEX idx_user_groups_name ON user_groups (name)`,
		`CREATE TABLE admitted_users (
			workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
			organisation_id BIGINT NOT NULL REFERENCES organisations (id),
			user_id BIGINT NOT NULL REFERENCES users (id),
			PRIMARY KEY (workspace_id, organisation_id, user_id))`,
		`CREATE TABLE admitted_groups (
			workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
			organisation_id BIGINT NOT NULL REFERENCES organisations (id),
			name VARCHAR(200) NOT NULL,
			PRIMARY KEY (workspace_id, organisation_id, name))`,
		`CREATE TABLE visible_users (
			subject_type VARCHAR(30) NOT NULL,
			subject_id BIGINT NOT NULL,
			user_id BIGINT NOT NULL REFERENCES users (id),
			PRIMARY KEY (subject_type, subject_id, user_id))`,
		`CREATE INDEX idx_visible_users_user ON visible_users (user_id)`,
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("people: %w", err)
		}
	}
	return nil
}
