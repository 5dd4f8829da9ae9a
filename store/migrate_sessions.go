package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateSessionSID adds what OpenID Connect back-channel logout needs: the
// identity provider's session id (the ID token's sid) of each session, by
// which a logout token may name it, and the logout tokens already used
// (issuer and jti, kept until the token expires), so that a token is
// honoured once on whichever node receives it.
func migrateSessionSID(tx *gorm.DB) error {
	stmts := []string{
		`ALTER TABLE sessions ADD COLUMN sid VARCHAR(255) NOT NULL DEFAULT ''`,
		`CREATE INDEX idx_sessions_issuer_sid ON sessions (issuer, sid)`,
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("session sid: %w", err)
		}
	}
	if err := tx.Migrator().CreateTable(&m6LogoutToken{}); err != nil {
		return fmt.Errorf("logout tokens: %w", err)
	}
	return nil
}

type m6LogoutToken struct {
	Issuer    string    `gorm:"size:500;primaryKey"`
	JTI       string    `gorm:"column:jti;size:255;primaryKey"`
	ExpiresAt time.Time `gorm:"not null;index"`
}

func (m6LogoutToken) TableName() string { return "logout_tokens" }
