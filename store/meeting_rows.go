package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ketenhub/ketenhub"
)

// The rows of meetings, agenda items and decisions, shared by the meeting,
// agenda and decision services.

type meetingRow struct {
	ID                       int64
	WorkspaceID              int64
	Kind                     string
	Title                    string
	StartsAt                 time.Time
	Minutes                  int
	Location                 string
	State                    string
	ChairUserID              *int64
	MinuteTakerUserID        *int64
	ParticipantOrganisations string
	ParticipantUsers         string
	Attendance               string
	ProposalDeadline         *time.Time
	RecurEveryWeeks          int
	PreviousMeetingID        *int64
	CurrentItemID            *int64
	TimerStartedAt           *time.Time
	TimerElapsed             int64
	Version                  int64
	CreatedAt                time.Time
	UpdatedAt                time.Time
}

func (meetingRow) TableName() string { return "meetings" }

func (r *meetingRow) domain() *ketenhub.Meeting {
	return &ketenhub.Meeting{
		ID: r.ID, WorkspaceID: r.WorkspaceID, Kind: ketenhub.MeetingKind(r.Kind), Title: r.Title,
		StartsAt: r.StartsAt.UTC(), Minutes: r.Minutes, Location: r.Location, State: ketenhub.MeetingState(r.State),
		ChairUserID: r.ChairUserID, MinuteTakerUserID: r.MinuteTakerUserID,
		ParticipantOrganisations: idList(r.ParticipantOrganisations), ParticipantUsers: idList(r.ParticipantUsers),
		Attendance: idList(r.Attendance), ProposalDeadline: utcPtr(r.ProposalDeadline), RecurEveryWeeks: r.RecurEveryWeeks,
		PreviousMeetingID: r.PreviousMeetingID, CurrentItemID: r.CurrentItemID, TimerStartedAt: utcPtr(r.TimerStartedAt),
		TimerElapsed: r.TimerElapsed, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func rowOfMeeting(m *ketenhub.Meeting) meetingRow {
	return meetingRow{
		ID: m.ID, WorkspaceID: m.WorkspaceID, Kind: string(m.Kind), Title: m.Title, StartsAt: m.StartsAt.UTC(),
		Minutes: m.Minutes, Location: m.Location, State: string(m.State), ChairUserID: m.ChairUserID,
		MinuteTakerUserID: m.MinuteTakerUserID, ParticipantOrganisations: idJSON(m.ParticipantOrganisations),
		ParticipantUsers: idJSON(m.ParticipantUsers), Attendance: idJSON(m.Attendance), ProposalDeadline: utcPtr(m.ProposalDeadline),
		RecurEveryWeeks: m.RecurEveryWeeks, PreviousMeetingID: m.PreviousMeetingID, CurrentItemID: m.CurrentItemID,
		TimerStartedAt: utcPtr(m.TimerStartedAt), TimerElapsed: m.TimerElapsed, Version: m.Version,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}
}

type agendaItemRow struct {
	ID                int64
	MeetingID         int64
	WorkspaceID       int64
	Position          int
	Title             string
	Notes             string
	Kind              string
	State             string
	ProposedByOrgID   int64
	ProposedByUserID  int64
	PresenterUserID   *int64
	MinutesPlanned    int
	ExternalRef       string
	Visibility        string
	SourceActionID    *int64
	SourceWorkspaceID *int64
	PreviousItemID    *int64
	DiscussedSeconds  int64
	Version           int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (agendaItemRow) TableName() string { return "agenda_items" }

func (r agendaItemRow) scope() (int64, string) { return r.ID, r.Visibility }

func (r *agendaItemRow) domain(named ketenhub.Visibility) *ketenhub.AgendaItem {
	return &ketenhub.AgendaItem{
		ID: r.ID, MeetingID: r.MeetingID, WorkspaceID: r.WorkspaceID, Position: r.Position, Title: r.Title, Notes: r.Notes,
		Kind: ketenhub.AgendaItemKind(r.Kind), State: ketenhub.AgendaItemState(r.State), ProposedByOrgID: r.ProposedByOrgID,
		ProposedByUserID: r.ProposedByUserID, PresenterUserID: r.PresenterUserID, MinutesPlanned: r.MinutesPlanned,
		ExternalRef: r.ExternalRef, Visibility: visibilityOf(r.Visibility, named), SourceActionID: r.SourceActionID,
		SourceWorkspaceID: r.SourceWorkspaceID, Escalated: r.SourceWorkspaceID != nil, PreviousItemID: r.PreviousItemID,
		DiscussedSeconds: r.DiscussedSeconds, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func rowOfAgendaItem(it *ketenhub.AgendaItem) agendaItemRow {
	return agendaItemRow{
		ID: it.ID, MeetingID: it.MeetingID, WorkspaceID: it.WorkspaceID, Position: it.Position, Title: it.Title, Notes: it.Notes,
		Kind: string(it.Kind), State: string(it.State), ProposedByOrgID: it.ProposedByOrgID, ProposedByUserID: it.ProposedByUserID,
		PresenterUserID: it.PresenterUserID, MinutesPlanned: it.MinutesPlanned, ExternalRef: it.ExternalRef,
		Visibility: string(it.Visibility.Scope), SourceActionID: it.SourceActionID, SourceWorkspaceID: it.SourceWorkspaceID,
		PreviousItemID: it.PreviousItemID, DiscussedSeconds: it.DiscussedSeconds, Version: it.Version,
		CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt,
	}
}

type decisionRow struct {
	ID               int64
	MeetingID        int64
	AgendaItemID     int64
	WorkspaceID      int64
	Text             string
	DecidedAt        time.Time
	RecordedByUserID int64
	Visibility       string
	Version          int64
	UpdatedAt        time.Time
}

func (decisionRow) TableName() string { return "decisions" }

func (r decisionRow) scope() (int64, string) { return r.ID, r.Visibility }

func (r *decisionRow) domain(named ketenhub.Visibility) *ketenhub.Decision {
	return &ketenhub.Decision{
		ID: r.ID, MeetingID: r.MeetingID, AgendaItemID: r.AgendaItemID, WorkspaceID: r.WorkspaceID, Text: r.Text,
		DecidedAt: r.DecidedAt.UTC(), RecordedByUserID: r.RecordedByUserID, Visibility: visibilityOf(r.Visibility, named),
		ActionIDs: []int64{}, Version: r.Version, UpdatedAt: r.UpdatedAt.UTC(),
	}
}

type calendarFeedRow struct {
	UserID    int64
	TokenHash []byte
	CreatedAt time.Time
}

func (calendarFeedRow) TableName() string { return "calendar_feeds" }

// findMeeting loads a meeting row. With forUpdate on PostgreSQL it locks the
// row until commit, so that changes to the meeting and to the order of its
// agenda are made one at a time (SQLite has a single writer anyway).
func (b *base) findMeeting(tx *gorm.DB, id int64, forUpdate bool) (*ketenhub.Meeting, error) {
	q := tx
	if forUpdate && b.db.Kind() == KindPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var row meetingRow
	if err := q.Take(&row, id).Error; isNotFound(err) {
		return nil, errMeetingNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find meeting: %w", err)
	}
	return row.domain(), nil
}

// enterMeeting loads a meeting and the viewer's access to its workspace; a
// meeting of a workspace the viewer cannot enter is ENOTFOUND.
func (b *base) enterMeeting(ctx context.Context, tx *gorm.DB, id int64, forUpdate bool) (*ketenhub.Meeting, access, error) {
	m, err := b.findMeeting(tx, id, forUpdate)
	if err != nil {
		return nil, access{}, err
	}
	a, err := b.enterItems(ctx, tx, m.WorkspaceID)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		return nil, access{}, errMeetingNotFound()
	} else if err != nil {
		return nil, access{}, err
	}
	return m, a, nil
}

func errMeetingNotFound() error { return ketenhub.NotFound("meeting", "overleg") }

func idList(s string) []int64 {
	out := []int64{}
	if s == "" {
		return out
	}
	_ = json.Unmarshal([]byte(s), &out) // written only by idJSON
	return out
}

func idJSON(ids []int64) string {
	if len(ids) == 0 {
		return "[]"
	}
	data, _ := json.Marshal(ids) // a list of integers always encodes
	return string(data)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
