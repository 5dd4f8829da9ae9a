package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// Services are the store's implementations of the domain services, and
// the session store.
type Services struct {
	ketenhub.Services
	Sessions ketenhub.SessionStore
}

// NewServices returns the services on db. Every service asks policy who may
// see and do what; clock tells them the time.
func NewServices(db *DB, policy ketenhub.Policy, clock ketenhub.Clock) *Services {
	b := &base{db: db, policy: policy, clock: clock}
	return &Services{
		Services: ketenhub.Services{
			Organisations: &OrganisationService{b},
			Users:         &UserService{b},
			Workspaces:    &WorkspaceService{b},
			Goals:         &GoalService{b},
			Actions:       &ActionService{b},
			Comments:      &CommentService{b},
			Events:        &EventService{b},
			Agenda:        &AgendaService{b},
			Decisions:     &DecisionService{b},
			Meetings:      &MeetingService{b},
			CalendarFeeds: &CalendarFeedService{b},
			Displays:      &DisplayService{b},
			Admissions:    &AdmissionService{b},
		},
		Sessions: &SessionStore{b},
	}
}

// base holds what every service needs.
type base struct {
	db     *DB
	policy ketenhub.Policy
	clock  ketenhub.Clock
}

func (b *base) now() time.Time { return b.clock.Now().UTC() }

func (b *base) today() string { return b.now().Format(time.DateOnly) }

// conn is the database handle for a call outside a transaction.
func (b *base) conn(ctx context.Context) *gorm.DB { return b.db.g.WithContext(ctx) }

// transact runs fn in one transaction. Inside it, use only tx. After a
// successful commit it tells the commit hook of the events fn appended.
func (b *base) transact(ctx context.Context, fn func(tx *gorm.DB) error) error {
	ctx, appended := withAppended(ctx)
	if err := b.conn(ctx).Transaction(fn); err != nil {
		return unavailable(err) // a failed begin or commit does not pass the statement callbacks
	}
	b.db.committed(appended)
	return nil
}

// viewer returns the viewer of the call, or EUNAUTHORIZED.
func viewer(ctx context.Context) (ketenhub.Viewer, error) {
	v, ok := ketenhub.ViewerFromContext(ctx)
	if !ok {
		return v, ketenhub.Unauthorized()
	}
	return v, nil
}

// access is a viewer in one workspace: who they are, their organisation's
// role and what the policy lets them see there.
type access struct {
	ketenhub.Viewer
	WorkspaceID int64
	Role        ketenhub.Role
	Sight       ketenhub.Sight
}

// roleIn returns the role of organisation orgID in a workspace, RoleNone if it is not a member.
func roleIn(tx *gorm.DB, workspaceID, orgID int64) (ketenhub.Role, error) {
	var roles []string
	err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND organisation_id = ?", workspaceID, orgID).Limit(1).Pluck("role", &roles).Error
	if err != nil {
		return ketenhub.RoleNone, fmt.Errorf("find role: %w", err)
	}
	if len(roles) == 0 || !ketenhub.Role(roles[0]).Valid() {
		return ketenhub.RoleNone, nil
	}
	return ketenhub.Role(roles[0]), nil
}

// memberIn returns how organisation orgID stands in a workspace: its role
// (RoleNone if it is not a member) and since when.
func memberIn(tx *gorm.DB, workspaceID, orgID int64) (ketenhub.Member, error) {
	var rows []membershipRow
	err := tx.Select("role", "since_seq").Where("workspace_id = ? AND organisation_id = ?", workspaceID, orgID).Limit(1).Find(&rows).Error
	if err != nil {
		return ketenhub.Member{}, fmt.Errorf("find role: %w", err)
	}
	if len(rows) == 0 || !ketenhub.Role(rows[0].Role).Valid() {
		return ketenhub.Member{}, nil
	}
	adm, err := admissionOf(tx, workspaceID, orgID)
	return ketenhub.Member{Role: ketenhub.Role(rows[0].Role), Since: rows[0].SinceSeq, Admission: adm}, err
}

// enter resolves the viewer's access to a workspace. A workspace that does
// not exist, or that the viewer may not see (not taking part, not a
// beheerder, not the organisatiebeheerder of a member), is ENOTFOUND.
func (b *base) enter(ctx context.Context, tx *gorm.DB, workspaceID int64) (access, error) {
	v, err := viewer(ctx)
	if err != nil {
		return access{}, err
	}
	// One query for both questions, whether the workspace exists and the
	// organisation's role in it: every call of every service starts here.
	var found []struct {
		Role     *string
		SinceSeq *int64
	}
	err = tx.Raw("SELECT m.role, m.since_seq FROM workspaces w LEFT JOIN memberships m ON m.workspace_id = w.id AND m.organisation_id = ? WHERE w.id = ?",
		v.OrganisationID, workspaceID).Scan(&found).Error
	if err != nil {
		return access{}, fmt.Errorf("find workspace: %w", err)
	}
	var m ketenhub.Member
	if len(found) > 0 && found[0].Role != nil && ketenhub.Role(*found[0].Role).Valid() {
		m = ketenhub.Member{Role: ketenhub.Role(*found[0].Role), Since: *found[0].SinceSeq}
		if m.Admission, err = admissionOf(tx, workspaceID, v.OrganisationID); err != nil {
			return access{}, err
		}
	}
	sight := b.policy.Sight(v, m)
	orgMember := m.Role.Valid()
	if !sight.Items {
		// A person their organisation does not admit takes no part: they
		// act as if their organisation were not a member.
		m.Role = ketenhub.RoleNone
	}
	// A beheerder enters every workspace, and an organisatiebeheerder those
	// of their organisation, to manage them (members, admissions); neither
	// reads items there unless admitted (enterItems).
	manages := v.IsBeheerder() || (orgMember && v.IsOrganisationBeheerder(v.OrganisationID))
	if len(found) == 0 || (m.Role == ketenhub.RoleNone && !manages) {
		return access{}, errWorkspaceNotFound()
	}
	return access{Viewer: v, WorkspaceID: workspaceID, Role: m.Role, Sight: sight}, nil
}

// enterItems is enter for reading the workspace's items: a viewer who may
// enter the workspace but read none of its items (a beheerder outside its
// memberships) finds none, as if the workspace did not exist.
func (b *base) enterItems(ctx context.Context, tx *gorm.DB, workspaceID int64) (access, error) {
	a, err := b.enter(ctx, tx, workspaceID)
	if err == nil && !a.Sight.Items {
		return access{}, errWorkspaceNotFound()
	}
	return a, err
}

func errWorkspaceNotFound() error { return ketenhub.NotFound("workspace", "werkruimte") }

// visible narrows a query on table, whose rows have the columns id and
// visibility and whose restricted rows are named in visible_orgs as subject,
// to the rows a viewer with sight s may see: Sight.Admits as SQL.
func visible(q *gorm.DB, s ketenhub.Sight, table string, subject ketenhub.SubjectType) *gorm.DB {
	cond, args := admitsSQL(s, table, subject)
	return q.Where(cond, args...)
}

// admitsSQL is Sight.Admits as an SQL condition on the rows of table. Table
// and subject come from the code, never from input.
func admitsSQL(s ketenhub.Sight, table string, subject ketenhub.SubjectType) (string, []any) {
	if !s.Items {
		return "1 = 0", nil
	}
	cond := fmt.Sprintf(`(%[1]s.visibility = ? OR (%[1]s.visibility = ? AND (EXISTS (SELECT 1 FROM visible_orgs vo WHERE vo.subject_type = ? AND vo.subject_id = %[1]s.id AND vo.organisation_id = ?)
OR EXISTS (SELECT 1 FROM visible_users vu WHERE vu.subject_type = ? AND vu.subject_id = %[1]s.id AND vu.user_id = ? AND vu.user_id <> 0))))`, table)
	return cond, []any{ketenhub.ScopeWorkspace, ketenhub.ScopeRestricted, string(subject), s.Organisation, string(subject), s.User}
}

// visibleEvents narrows a query on events to those that reach a viewer with
// sight s: Sight.AdmitsEvent as SQL. What the subject's visibility is now
// (its own, and its parent's) is read from the subjects' tables, as
// currentVisibilities does for the realtime hub.
func visibleEvents(q *gorm.DB, s ketenhub.Sight) *gorm.DB {
	cond, args := admitsSQL(s, "events", ketenhub.SubjectEvent)
	q = q.Where(cond, args...).Where("events.seq >= ?", s.History.FromSeq)
	if !s.History.FollowSubject {
		return q
	}
	for _, c := range currentSight {
		cond, args := admitsSQL(s, "cur", c.subject)
		q = q.Where(fmt.Sprintf("NOT EXISTS (SELECT 1 FROM %s WHERE events.subject_type = ? AND %s = events.subject_id AND NOT %s)", c.from, c.id, cond),
			append([]any{string(c.event)}, args...)...)
	}
	cond, args = linkedSQL(s)
	return q.Where(cond, args...)
}

// currentSight says, per kind of event subject, where the visibility that
// subject has now is found: the row aliased cur, of kind subject, reached
// from the event's subject id, which is the column id. A comment follows its
// action as well as itself, a decision its agenda item.
var currentSight = []struct {
	event, subject ketenhub.SubjectType
	from, id       string
}{
	{ketenhub.SubjectAction, ketenhub.SubjectAction, "actions cur", "cur.id"},
	{ketenhub.SubjectComment, ketenhub.SubjectComment, "comments cur", "cur.id"},
	{ketenhub.SubjectComment, ketenhub.SubjectAction, "comments c JOIN actions cur ON cur.id = c.subject_id AND c.subject_type = 'action'", "c.id"},
	{ketenhub.SubjectAgendaItem, ketenhub.SubjectAgendaItem, "agenda_items cur", "cur.id"},
	{ketenhub.SubjectDecision, ketenhub.SubjectDecision, "decisions cur", "cur.id"},
	{ketenhub.SubjectDecision, ketenhub.SubjectAgendaItem, "decisions d JOIN agenda_items cur ON cur.id = d.agenda_item_id", "d.id"},
}

// currentVisibilities fills each event's Current from the subjects' tables
// and the subjects it links to, for the realtime hub, which applies the
// history rule in memory.
func currentVisibilities(tx *gorm.DB, evs []*ketenhub.Event) error {
	if err := subjectVisibilities(tx, evs); err != nil {
		return err
	}
	return linkedVisibilities(tx, evs)
}

// subjectVisibilities adds to each event's Current what its subject's
// visibility is now (currentSight).
func subjectVisibilities(tx *gorm.DB, evs []*ketenhub.Event) error {
	for _, c := range currentSight {
		var ids []int64
		for _, ev := range evs {
			if ev.Subject == c.event {
				ids = append(ids, ev.SubjectID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		var rows []struct {
			SubjectID, CurID int64
			Visibility       string
		}
		err := tx.Raw(fmt.Sprintf("SELECT %s AS subject_id, cur.id AS cur_id, cur.visibility FROM %s WHERE %[1]s IN ?", c.id, c.from), ids).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("find current visibility: %w", err)
		}
		var restricted []int64
		for _, r := range rows {
			if r.Visibility == string(ketenhub.ScopeRestricted) {
				restricted = append(restricted, r.CurID)
			}
		}
		orgs, err := visibleOrgs(tx, c.subject, restricted)
		if err != nil {
			return err
		}
		current := make(map[int64]ketenhub.Visibility, len(rows))
		for _, r := range rows {
			current[r.SubjectID] = visibilityOf(r.Visibility, orgs[r.CurID])
		}
		for _, ev := range evs {
			if vis, ok := current[ev.SubjectID]; ok && ev.Subject == c.event {
				ev.Current = append(ev.Current, vis)
			}
		}
	}
	return nil
}

// nextSeq takes the workspace's next event number. The row lock it takes is
// held until commit, so numbers are handed out in commit order and without
// gaps (a serial column would be neither under concurrency).
func nextSeq(tx *gorm.DB, workspaceID int64) (int64, error) {
	var seq int64
	err := tx.Raw("UPDATE workspaces SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", workspaceID).Scan(&seq).Error
	if err != nil {
		return 0, fmt.Errorf("next sequence number: %w", err)
	}
	if seq == 0 {
		return 0, errWorkspaceNotFound()
	}
	return seq, nil
}

// appendEvent writes ev, with payload as its JSON, as the workspace's next event.
func (b *base) appendEvent(tx *gorm.DB, a access, typ string, subject ketenhub.SubjectType, subjectID int64, payload any, vis ketenhub.Visibility, prev *ketenhub.Visibility) (*ketenhub.Event, error) {
	return b.appendMeetingEvent(tx, a, nil, typ, subject, subjectID, payload, vis, prev)
}

// appendMeetingEvent is appendEvent for an event about meeting meetingID
// (nil: none), which the meeting's board follows.
func (b *base) appendMeetingEvent(tx *gorm.DB, a access, meetingID *int64, typ string, subject ketenhub.SubjectType, subjectID int64, payload any, vis ketenhub.Visibility, prev *ketenhub.Visibility) (*ketenhub.Event, error) {
	seq, err := nextSeq(tx, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(withoutAllowed(payload))
	if err != nil {
		return nil, fmt.Errorf("encode event payload: %w", err)
	}
	row := eventRow{
		WorkspaceID: a.WorkspaceID, Seq: seq, Type: typ, SubjectType: string(subject), SubjectID: subjectID,
		ActorUserID: a.UserID, ActorOrgID: a.OrganisationID, Payload: string(data),
		Visibility: string(vis.Scope), MeetingID: meetingID, CreatedAt: b.now(),
	}
	if prev != nil {
		p, _ := json.Marshal(prev)
		s := string(p)
		row.PreviousVisibility = &s
	}
	if err := tx.Create(&row).Error; err != nil {
		return nil, fmt.Errorf("append event: %w", err)
	}
	if err := insertVisibleOrgs(tx, ketenhub.SubjectEvent, row.ID, vis); err != nil {
		return nil, err
	}
	if err := insertLinks(tx, row.ID, data); err != nil {
		return nil, err
	}
	if err := b.db.announce(tx, a.WorkspaceID, seq); err != nil {
		return nil, err
	}
	return row.domain(vis, prev), nil
}

// auditReads records that the viewer read restricted subjects (BIO).
func (b *base) auditReads(tx *gorm.DB, v ketenhub.Viewer, workspaceID int64, subject ketenhub.SubjectType, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([]auditRow, 0, len(ids))
	for _, id := range ids {
		ws := workspaceID
		rows = append(rows, auditRow{At: b.now(), ActorUserID: v.UserID, ActorOrgID: v.OrganisationID, Action: "read", SubjectType: string(subject), SubjectID: id, WorkspaceID: &ws})
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("audit reads: %w", err)
	}
	return nil
}

// audit records a write outside any workspace (organisations, users).
func (b *base) audit(tx *gorm.DB, v ketenhub.Viewer, action string, subject ketenhub.SubjectType, id int64, detail string) error {
	row := auditRow{At: b.now(), ActorUserID: v.UserID, ActorOrgID: v.OrganisationID, Action: action, SubjectType: string(subject), SubjectID: id, Detail: detail}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// updated finishes a version-guarded update: it reads the object as it is
// now and returns it, or, when the update changed no row because someone
// else's change came first, a version conflict that carries it.
func updated[T any](what string, res *gorm.DB, current func() (T, error)) (T, error) {
	var zero T
	if res.Error != nil {
		return zero, fmt.Errorf("update %s: %w", what, res.Error)
	}
	now, err := current()
	if err != nil {
		return zero, err
	}
	if res.RowsAffected == 0 {
		return zero, ketenhub.StaleVersion(now)
	}
	return now, nil
}

// checkVersion refuses an update without the version it is based on.
func checkVersion(v int64) error {
	if v <= 0 {
		return ketenhub.FieldError("version", "The version this change is based on is required.", "De versie waarop deze wijziging is gebaseerd is verplicht.")
	}
	return nil
}
