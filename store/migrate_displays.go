package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateDisplays adds the screens paired with meetings. Both the screen's
// secret and its pairing code are stored as SHA-256 digests only; the code
// is cleared once used, so a unique index on it holds only live codes.
func migrateDisplays(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&m4Display{}); err != nil {
		return fmt.Errorf("create displays: %w", err)
	}
	return nil
}

type m4Display struct {
	ID             int64      `gorm:"primaryKey"`
	SecretHash     []byte     `gorm:"not null;uniqueIndex"`
	CodeHash       []byte     `gorm:"uniqueIndex"`
	CodeExpiresAt  time.Time  `gorm:"not null;index"`
	UserAgent      string     `gorm:"size:200;not null;default:''"`
	MeetingID      *int64     `gorm:"index"`
	WorkspaceID    *int64     ``
	PairedByUserID *int64     ``
	PairedAt       *time.Time ``
	CreatedAt      time.Time  `gorm:"not null"`
}

func (m4Display) TableName() string { return "displays" }
