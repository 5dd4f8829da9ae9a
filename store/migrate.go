package store

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrations is the recorded, ordered list of schema changes. A live
// database is upgraded by running the ones it has not seen; never edit or
// reorder a migration that has shipped: add a new one.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "202611230001_initial", Migrate: migrateInitial},
		{ID: "202611230002_users_organisation_fk", Migrate: migrateUsersOrganisationFK},
		{ID: "202611230003_meetings", Migrate: migrateMeetings},
		{ID: "202611230004_displays", Migrate: migrateDisplays},
		{ID: "202612030001_history", Migrate: migrateHistory},
		{ID: "202612030003_session_sid", Migrate: migrateSessionSID},
		{ID: "202612030101_bounded_counts", Migrate: migrateBoundedCounts},
		{ID: "202612030201_people", Migrate: migratePeople},
	}
}

// Migrate brings the schema up to date. Running it again is a no-op.
func (db *DB) Migrate(ctx context.Context) error {
	unlock, err := db.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = db.kind == KindPostgres
	m := gormigrate.New(db.g.WithContext(ctx), &opts, migrations())
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrationLock is the PostgreSQL advisory lock key that makes replicas
// starting at once migrate one after the other ("ketenhub" in ASCII).
const migrationLock = 0x6b6574656e687562

// lockMigrations holds the migration lock on PostgreSQL until the returned
// function is called, on a connection of its own, so that a second replica
// waits and then finds the schema current. SQLite has one writer and one
// process: it needs none.
func (db *DB) lockMigrations(ctx context.Context) (func(), error) {
	if db.kind != KindPostgres {
		return func() {}, nil
	}
	sqlDB, err := db.g.DB()
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		conn.Close()
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
		conn.Close()
	}, nil
}

// migrateInitial creates the first schema. Its structs are frozen copies of
// the models as they were, so that later model changes cannot change what
// this migration does.
func migrateInitial(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(
		&m1Organisation{}, &m1User{}, &m1Workspace{}, &m1Membership{}, &m1Goal{}, &m1Action{},
		&m1Comment{}, &m1VisibleOrg{}, &m1Event{}, &m1Session{}, &m1AuditLog{},
	)
}

type m1Organisation struct {
	ID        int64     `gorm:"primaryKey"`
	Name      string    `gorm:"size:200;not null;uniqueIndex"`
	Kind      string    `gorm:"size:40;not null"`
	Version   int64     `gorm:"not null;default:1"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
}

func (m1Organisation) TableName() string { return "organisations" }

type m1User struct {
	ID             int64     `gorm:"primaryKey"`
	Issuer         string    `gorm:"size:500;not null;uniqueIndex:idx_users_identity"`
	Subject        string    `gorm:"size:255;not null;uniqueIndex:idx_users_identity"`
	Name           string    `gorm:"size:200;not null;default:''"`
	Email          string    `gorm:"size:320;not null;default:''"`
	OrganisationID int64     `gorm:"not null;index"`
	PlatformRole   string    `gorm:"size:20;not null;default:''"`
	CreatedAt      time.Time `gorm:"not null"`
	UpdatedAt      time.Time `gorm:"not null"`
}

func (m1User) TableName() string { return "users" }

type m1Workspace struct {
	ID          int64     `gorm:"primaryKey"`
	Title       string    `gorm:"size:200;not null"`
	Description string    `gorm:"type:text;not null;default:''"`
	Theme       string    `gorm:"size:100;not null"`
	Period      string    `gorm:"size:100;not null;default:''"`
	Archived    bool      `gorm:"not null;default:false"`
	LastSeq     int64     `gorm:"not null;default:0"`
	Version     int64     `gorm:"not null;default:1"`
	CreatedAt   time.Time `gorm:"not null"`
	UpdatedAt   time.Time `gorm:"not null"`
}

func (m1Workspace) TableName() string { return "workspaces" }

type m1Membership struct {
	WorkspaceID    int64     `gorm:"primaryKey;autoIncrement:false"`
	OrganisationID int64     `gorm:"primaryKey;autoIncrement:false;index"`
	Role           string    `gorm:"size:20;not null"`
	CreatedAt      time.Time `gorm:"not null"`
	UpdatedAt      time.Time `gorm:"not null"`
}

func (m1Membership) TableName() string { return "memberships" }

type m1Goal struct {
	ID          int64     `gorm:"primaryKey"`
	WorkspaceID int64     `gorm:"not null;index"`
	Title       string    `gorm:"size:200;not null"`
	Description string    `gorm:"type:text;not null;default:''"`
	Target      *float64  ``
	Unit        string    `gorm:"size:100;not null;default:''"`
	Version     int64     `gorm:"not null;default:1"`
	CreatedAt   time.Time `gorm:"not null"`
	UpdatedAt   time.Time `gorm:"not null"`
}

func (m1Goal) TableName() string { return "goals" }

type m1Action struct {
	ID                  int64     `gorm:"primaryKey"`
	WorkspaceID         int64     `gorm:"not null;index"`
	GoalID              *int64    `gorm:"index"`
	Title               string    `gorm:"size:200;not null"`
	Description         string    `gorm:"type:text;not null;default:''"`
	OwnerOrganisationID int64     `gorm:"not null;index"`
	LeadUserID          *int64    ``
	Status              string    `gorm:"size:20;not null;default:'open'"`
	DueDate             *string   `gorm:"size:10"`
	CountTarget         *int64    ``
	CountDone           int64     `gorm:"not null;default:0"`
	ExternalRef         string    `gorm:"size:100;not null;default:''"`
	Visibility          string    `gorm:"size:20;not null;default:'workspace'"`
	CreatedByUserID     int64     `gorm:"not null;default:0"`
	CreatedByOrgID      int64     `gorm:"not null;default:0"`
	Version             int64     `gorm:"not null;default:1"`
	CreatedAt           time.Time `gorm:"not null"`
	UpdatedAt           time.Time `gorm:"not null"`
}

func (m1Action) TableName() string { return "actions" }

type m1Comment struct {
	ID           int64     `gorm:"primaryKey"`
	WorkspaceID  int64     `gorm:"not null;index"`
	SubjectType  string    `gorm:"size:30;not null;index:idx_comments_subject"`
	SubjectID    int64     `gorm:"not null;index:idx_comments_subject"`
	Body         string    `gorm:"type:text;not null"`
	AuthorUserID int64     `gorm:"not null"`
	AuthorOrgID  int64     `gorm:"not null"`
	Visibility   string    `gorm:"size:20;not null;default:'workspace'"`
	CreatedAt    time.Time `gorm:"not null"`
}

func (m1Comment) TableName() string { return "comments" }

// m1VisibleOrg names an organisation that may see a restricted item, comment
// or event: a join table rather than an array, so that SQL stays portable.
type m1VisibleOrg struct {
	SubjectType    string `gorm:"size:30;primaryKey"`
	SubjectID      int64  `gorm:"primaryKey;autoIncrement:false"`
	OrganisationID int64  `gorm:"primaryKey;autoIncrement:false;index"`
}

func (m1VisibleOrg) TableName() string { return "visible_orgs" }

type m1Event struct {
	ID                 int64     `gorm:"primaryKey"`
	WorkspaceID        int64     `gorm:"not null;uniqueIndex:idx_events_workspace_seq"`
	Seq                int64     `gorm:"not null;uniqueIndex:idx_events_workspace_seq"`
	Type               string    `gorm:"size:50;not null"`
	SubjectType        string    `gorm:"size:30;not null"`
	SubjectID          int64     `gorm:"not null"`
	ActorUserID        int64     `gorm:"not null;default:0"`
	ActorOrgID         int64     `gorm:"not null;default:0"`
	Payload            string    `gorm:"type:text;not null;default:'{}'"`
	Visibility         string    `gorm:"size:20;not null;default:'workspace'"`
	PreviousVisibility *string   `gorm:"type:text"`
	CreatedAt          time.Time `gorm:"not null;index"`
}

func (m1Event) TableName() string { return "events" }

type m1Session struct {
	ID         int64      `gorm:"primaryKey"`
	TokenHash  []byte     `gorm:"not null;uniqueIndex"`
	CSRFToken  string     `gorm:"size:100;not null"`
	UserID     int64      `gorm:"not null;index"`
	Issuer     string     `gorm:"size:500;not null;default:''"`
	IDToken    string     `gorm:"type:text;not null;default:''"`
	CreatedAt  time.Time  `gorm:"not null"`
	LastSeenAt time.Time  `gorm:"not null"`
	ExpiresAt  time.Time  `gorm:"not null"`
	RevokedAt  *time.Time ``
	UserAgent  string     `gorm:"size:500;not null;default:''"`
	RemoteAddr string     `gorm:"size:100;not null;default:''"`
}

func (m1Session) TableName() string { return "sessions" }

// m1AuditLog records what the BIO asks to be traceable beyond the event
// log: organisation and user changes, and reads of restricted items.
type m1AuditLog struct {
	ID          int64     `gorm:"primaryKey"`
	At          time.Time `gorm:"not null;index"`
	ActorUserID int64     `gorm:"not null;default:0"`
	ActorOrgID  int64     `gorm:"not null;default:0"`
	Action      string    `gorm:"size:20;not null"`
	SubjectType string    `gorm:"size:30;not null"`
	SubjectID   int64     `gorm:"not null"`
	WorkspaceID *int64    `gorm:"index"`
	Detail      string    `gorm:"size:500;not null;default:''"`
}

func (m1AuditLog) TableName() string { return "audit_log" }

// migrateUsersOrganisationFK makes users.organisation_id a foreign key, so
// that no user can point at an organisation that does not exist. SQLite
// cannot add a constraint in place: gorm rebuilds the table, which drops its
// indexes, so they are made again.
func migrateUsersOrganisationFK(tx *gorm.DB) error {
	m := tx.Migrator()
	if err := m.CreateConstraint(&m2User{}, "Organisation"); err != nil {
		return fmt.Errorf("users organisation constraint: %w", err)
	}
	for _, index := range []string{"idx_users_identity", "OrganisationID"} {
		if m.HasIndex(&m2User{}, index) {
			continue
		}
		if err := m.CreateIndex(&m2User{}, index); err != nil {
			return fmt.Errorf("users index %s: %w", index, err)
		}
	}
	return nil
}

type m2Organisation struct {
	ID int64 `gorm:"primaryKey"`
}

func (m2Organisation) TableName() string { return "organisations" }

type m2User struct {
	ID             int64          `gorm:"primaryKey"`
	Issuer         string         `gorm:"size:500;not null;uniqueIndex:idx_users_identity"`
	Subject        string         `gorm:"size:255;not null;uniqueIndex:idx_users_identity"`
	Name           string         `gorm:"size:200;not null;default:''"`
	Email          string         `gorm:"size:320;not null;default:''"`
	OrganisationID int64          `gorm:"not null;index"`
	Organisation   m2Organisation `gorm:"foreignKey:OrganisationID;constraint:OnUpdate:RESTRICT,OnDelete:RESTRICT"`
	PlatformRole   string         `gorm:"size:20;not null;default:''"`
	CreatedAt      time.Time      `gorm:"not null"`
	UpdatedAt      time.Time      `gorm:"not null"`
}

func (m2User) TableName() string { return "users" }
