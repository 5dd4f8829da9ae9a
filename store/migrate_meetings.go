package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateMeetings adds meetings, their agenda items and decisions, the
// personal calendar feeds, the link from an action to the decision it came
// from, and the meeting an event is about (so a board can follow one meeting).
func migrateMeetings(tx *gorm.DB) error {
	m := tx.Migrator()
	if err := m.CreateTable(&m3Meeting{}, &m3AgendaItem{}, &m3Decision{}, &m3CalendarFeed{}); err != nil {
		return fmt.Errorf("create meeting tables: %w", err)
	}
	for _, col := range []struct {
		model any
		field string
	}{{&m3Action{}, "DecisionID"}, {&m3Event{}, "MeetingID"}} {
		if err := m.AddColumn(col.model, col.field); err != nil {
			return fmt.Errorf("add column %s: %w", col.field, err)
		}
		if err := m.CreateIndex(col.model, col.field); err != nil {
			return fmt.Errorf("index %s: %w", col.field, err)
		}
	}
	return nil
}

type m3Meeting struct {
	ID                       int64      `gorm:"primaryKey"`
	WorkspaceID              int64      `gorm:"not null;index"`
	Kind                     string     `gorm:"size:30;not null"`
	Title                    string     `gorm:"size:200;not null"`
	StartsAt                 time.Time  `gorm:"not null;index"`
	Minutes                  int        `gorm:"not null;default:0"`
	Location                 string     `gorm:"size:500;not null;default:''"`
	State                    string     `gorm:"size:30;not null"`
	ChairUserID              *int64     ``
	MinuteTakerUserID        *int64     ``
	ParticipantOrganisations string     `gorm:"type:text;not null;default:'[]'"` // JSON list of ids
	ParticipantUsers         string     `gorm:"type:text;not null;default:'[]'"`
	Attendance               string     `gorm:"type:text;not null;default:'[]'"`
	ProposalDeadline         *time.Time ``
	RecurEveryWeeks          int        `gorm:"not null;default:0"`
	PreviousMeetingID        *int64     `gorm:"index"`
	CurrentItemID            *int64     ``
	TimerStartedAt           *time.Time ``
	TimerElapsed             int64      `gorm:"not null;default:0"`
	Version                  int64      `gorm:"not null;default:1"`
	CreatedAt                time.Time  `gorm:"not null"`
	UpdatedAt                time.Time  `gorm:"not null"`
}

func (m3Meeting) TableName() string { return "meetings" }

type m3AgendaItem struct {
	ID                int64     `gorm:"primaryKey"`
	MeetingID         int64     `gorm:"not null;index:idx_agenda_items_meeting_position"`
	WorkspaceID       int64     `gorm:"not null;index"`
	Position          int       `gorm:"not null;index:idx_agenda_items_meeting_position"`
	Title             string    `gorm:"size:200;not null"`
	Notes             string    `gorm:"type:text;not null;default:''"`
	Kind              string    `gorm:"size:30;not null"`
	State             string    `gorm:"size:30;not null"`
	ProposedByOrgID   int64     `gorm:"not null"`
	ProposedByUserID  int64     `gorm:"not null"`
	PresenterUserID   *int64    ``
	MinutesPlanned    int       `gorm:"not null;default:0"`
	ExternalRef       string    `gorm:"size:100;not null;default:''"`
	Visibility        string    `gorm:"size:20;not null;default:'workspace'"`
	SourceActionID    *int64    `gorm:"index"`
	SourceWorkspaceID *int64    ``
	PreviousItemID    *int64    ``
	DiscussedSeconds  int64     `gorm:"not null;default:0"`
	Version           int64     `gorm:"not null;default:1"`
	CreatedAt         time.Time `gorm:"not null"`
	UpdatedAt         time.Time `gorm:"not null"`
}

func (m3AgendaItem) TableName() string { return "agenda_items" }

type m3Decision struct {
	ID               int64     `gorm:"primaryKey"`
	MeetingID        int64     `gorm:"not null;index"`
	AgendaItemID     int64     `gorm:"not null;index"`
	WorkspaceID      int64     `gorm:"not null;index"`
	Text             string    `gorm:"type:text;not null"`
	DecidedAt        time.Time `gorm:"not null"`
	RecordedByUserID int64     `gorm:"not null"`
	Visibility       string    `gorm:"size:20;not null;default:'workspace'"`
	Version          int64     `gorm:"not null;default:1"`
	UpdatedAt        time.Time `gorm:"not null"`
}

func (m3Decision) TableName() string { return "decisions" }

// m3CalendarFeed is a user's personal calendar feed: only the token's
// SHA-256 is stored; one feed per user, replaced when renewed.
type m3CalendarFeed struct {
	UserID    int64     `gorm:"primaryKey;autoIncrement:false"`
	TokenHash []byte    `gorm:"not null;uniqueIndex"`
	CreatedAt time.Time `gorm:"not null"`
}

func (m3CalendarFeed) TableName() string { return "calendar_feeds" }

type m3Action struct {
	DecisionID *int64 `gorm:"index"`
}

func (m3Action) TableName() string { return "actions" }

type m3Event struct {
	MeetingID *int64 `gorm:"index"`
}

func (m3Event) TableName() string { return "events" }
