package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestClock is the settable test clock.
type TestClock = storetest.Clock

// NewTestClock returns a clock at Monday 2 March 2026, 09:00 UTC.
func NewTestClock() *TestClock { return storetest.NewClock() }

// forEachKind runs fn as a subtest on every database kind.
func forEachKind(t *testing.T, fn func(t *testing.T, kind string)) {
	t.Helper()
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, kind)
		})
	}
}

// dbConfig returns the configuration of a fresh database of the kind.
func dbConfig(tb testing.TB, kind string) store.Config {
	tb.Helper()
	switch kind {
	case "sqlite":
		return store.Config{DataDir: tb.TempDir()}
	case "postgres":
		return store.Config{DatabaseURL: storetest.PostgresURL(tb), DataDir: tb.TempDir()}
	}
	tb.Fatalf("unknown database kind %q", kind)
	return store.Config{}
}

// MustOpenDB opens and migrates the database of cfg; it is closed when the test ends.
func MustOpenDB(tb testing.TB, cfg store.Config) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

// MustOpen opens a fresh, migrated database of the kind with its services
// on the real policy and a test clock.
func MustOpen(tb testing.TB, kind string) (*store.DB, *store.Services) {
	tb.Helper()
	return MustOpenWithClock(tb, kind, NewTestClock())
}

// MustOpenWithClock is MustOpen with the given clock.
func MustOpenWithClock(tb testing.TB, kind string, clock ketenhub.Clock) (*store.DB, *store.Services) {
	tb.Helper()
	db := MustOpenDB(tb, dbConfig(tb, kind))
	return db, store.NewServices(db, policy.Policy{}, clock)
}

// ViewerContext is a context acting as u.
func ViewerContext(u *ketenhub.User) context.Context {
	return ketenhub.NewContextWithViewer(context.Background(), u.Viewer())
}

// fixture is a fresh database with its services, a test clock, and a
// beheerder of a platform organisation (inserted directly: creating an
// organisation through the service needs a beheerder already).
type fixture struct {
	tb        testing.TB
	Kind      string
	DB        *store.DB
	Svc       *store.Services
	Clock     *TestClock
	Beheerder *ketenhub.User
	AdminCtx  context.Context
}

func newFixture(tb testing.TB, kind string) *fixture {
	tb.Helper()
	clock := NewTestClock()
	db, svc := MustOpenWithClock(tb, kind, clock)
	f := &fixture{tb: tb, Kind: kind, DB: db, Svc: svc, Clock: clock}
	platform := f.insertOrganisation("Veiligheidsregio Platformbeheer", ketenhub.KindVeiligheidsregio)
	f.Beheerder = f.UserWithRole("Sanne Beheer", platform, ketenhub.PlatformRoleBeheerder)
	f.AdminCtx = ViewerContext(f.Beheerder)
	return f
}

func (f *fixture) insertOrganisation(name string, kind ketenhub.OrganisationKind) int64 {
	f.tb.Helper()
	var id int64
	now := f.Clock.Now()
	err := f.DB.Gorm().Raw(`INSERT INTO organisations (name, kind, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?) RETURNING id`,
		name, string(kind), now, now).Scan(&id).Error
	if err != nil || id == 0 {
		f.tb.Fatalf("insert organisation %q: id %d, %v", name, id, err)
	}
	return id
}

// Org creates an organisation as the beheerder.
func (f *fixture) Org(name string, kind ketenhub.OrganisationKind) *ketenhub.Organisation {
	f.tb.Helper()
	o := &ketenhub.Organisation{Name: name, Kind: kind}
	if err := f.Svc.Organisations.CreateOrganisation(f.AdminCtx, o); err != nil {
		f.tb.Fatalf("create organisation %q: %v", name, err)
	}
	return o
}

// User records a user of organisation orgID as the login flow would: without a viewer.
func (f *fixture) User(name string, orgID int64) *ketenhub.User {
	f.tb.Helper()
	return f.UserWithRole(name, orgID, ketenhub.PlatformRoleNone)
}

// UserWithRole is User with a platform role.
func (f *fixture) UserWithRole(name string, orgID int64, role ketenhub.PlatformRole) *ketenhub.User {
	f.tb.Helper()
	subject := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	u := &ketenhub.User{Issuer: "https://idp.test", Subject: subject, Name: name, Email: subject + "@example.nl",
		OrganisationID: orgID, PlatformRole: role}
	if err := f.Svc.Users.UpsertUser(context.Background(), u); err != nil {
		f.tb.Fatalf("upsert user %q: %v", name, err)
	}
	return u
}

// member is an organisation with its role in a workspace.
type member struct {
	OrgID int64
	Role  ketenhub.Role
}

// Workspace creates a workspace as the beheerder and adds the members in order.
func (f *fixture) Workspace(title string, members ...member) *ketenhub.Workspace {
	f.tb.Helper()
	w := &ketenhub.Workspace{Title: title, Theme: ketenhub.ThemeOndermijning, Period: "IVP 2023-2026"}
	if err := f.Svc.Workspaces.CreateWorkspace(f.AdminCtx, w); err != nil {
		f.tb.Fatalf("create workspace %q: %v", title, err)
	}
	for _, m := range members {
		if _, err := f.Svc.Workspaces.SetMembership(f.AdminCtx, w.ID, m.OrgID, m.Role); err != nil {
			f.tb.Fatalf("set membership of %d in %q: %v", m.OrgID, title, err)
		}
	}
	return w
}

// party is an organisation and a signed-in user of it.
type party struct {
	Org  *ketenhub.Organisation
	User *ketenhub.User
	Ctx  context.Context
}

func (f *fixture) party(org, person string, kind ketenhub.OrganisationKind) party {
	f.tb.Helper()
	o := f.Org(org, kind)
	u := f.User(person, o.ID)
	return party{Org: o, User: u, Ctx: ViewerContext(u)}
}

// world is a driehoek-like workspace: the municipality coordinates, police
// and OM contribute, the GGD observes, and Halt is not a member.
type world struct {
	*fixture
	WS       *ketenhub.Workspace
	Gemeente party // regisseur
	Politie  party // partner
	OM       party // partner
	GGD      party // meelezer
	Halt     party // not a member
}

// worldSetupEvents is how many events newWorld writes: workspace.created and four memberships.
const worldSetupEvents = 5

func newWorld(tb testing.TB, kind string) *world {
	tb.Helper()
	f := newFixture(tb, kind)
	w := &world{fixture: f}
	w.Gemeente = f.party("Gemeente Zaanstad", "Olga Oov", ketenhub.KindGemeente)
	w.Politie = f.party("Politie Zaanstreek", "Wim Wijkagent", ketenhub.KindPolitie)
	w.OM = f.party("OM Noord-Holland", "Olav Officier", ketenhub.KindOM)
	w.GGD = f.party("GGD Zaanstreek-Waterland", "Gerda Ggd", ketenhub.KindGGD)
	w.Halt = f.party("Halt Noord-Holland", "Hans Halt", ketenhub.KindHalt)
	w.WS = f.Workspace("Ondermijning Zaanstad",
		member{w.Gemeente.Org.ID, ketenhub.RoleRegisseur},
		member{w.Politie.Org.ID, ketenhub.RolePartner},
		member{w.OM.Org.ID, ketenhub.RolePartner},
		member{w.GGD.Org.ID, ketenhub.RoleMeelezer},
	)
	return w
}

// newAction is an action of the world's workspace owned by owner, visible to the whole workspace.
func (w *world) newAction(title string, owner party) *ketenhub.Action {
	return &ketenhub.Action{WorkspaceID: w.WS.ID, Title: title, OwnerOrganisationID: owner.Org.ID, Visibility: everyone}
}

// mustCreateAction creates a as the party.
func (w *world) mustCreateAction(by party, a *ketenhub.Action) *ketenhub.Action {
	w.tb.Helper()
	if err := w.Svc.Actions.CreateAction(by.Ctx, a); err != nil {
		w.tb.Fatalf("create action %q: %v", a.Title, err)
	}
	return a
}

// everyone is the visibility of an item for the whole workspace.
var everyone = ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}

// restricted is a restricted visibility naming the organisations.
func restricted(orgs ...int64) ketenhub.Visibility {
	return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
}

// rawEvent is an events row as stored, whatever its visibility.
type rawEvent struct {
	Seq         int64
	Type        string
	SubjectType string
	SubjectID   int64
	ActorUserID int64
	ActorOrgID  int64
	Visibility  string
}

// rawEvents reads a workspace's event rows straight from the table, in sequence order.
func rawEvents(tb testing.TB, db *store.DB, workspaceID int64) []rawEvent {
	tb.Helper()
	var out []rawEvent
	err := db.Gorm().Raw(`SELECT seq, type, subject_type, subject_id, actor_user_id, actor_org_id, visibility
		FROM events WHERE workspace_id = ? ORDER BY seq`, workspaceID).Scan(&out).Error
	if err != nil {
		tb.Fatalf("read events: %v", err)
	}
	return out
}

// lastRawEvent is the newest event of a workspace.
func lastRawEvent(tb testing.TB, db *store.DB, workspaceID int64) rawEvent {
	tb.Helper()
	evs := rawEvents(tb, db, workspaceID)
	if len(evs) == 0 {
		tb.Fatalf("workspace %d has no events", workspaceID)
	}
	return evs[len(evs)-1]
}

// lastSeq reads workspaces.last_seq.
func lastSeq(tb testing.TB, db *store.DB, workspaceID int64) int64 {
	tb.Helper()
	var n int64
	if err := db.Gorm().Raw(`SELECT last_seq FROM workspaces WHERE id = ?`, workspaceID).Scan(&n).Error; err != nil {
		tb.Fatalf("read last_seq: %v", err)
	}
	return n
}

// countRows counts the rows of table matching where.
func countRows(tb testing.TB, db *store.DB, table, where string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.Gorm().Raw(fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE %s`, table, where), args...).Scan(&n).Error; err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

// wantCode fails unless err carries the domain error code.
func wantCode(tb testing.TB, err error, code string) *ketenhub.Error {
	tb.Helper()
	if got := ketenhub.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	return ketenhub.ErrorOf(err)
}

// wantField fails unless err is EINVALID about field.
func wantField(tb testing.TB, err error, field string) {
	tb.Helper()
	e := wantCode(tb, err, ketenhub.EINVALID)
	if e.Field != field {
		tb.Fatalf("error field = %q (%v), want %q", e.Field, err, field)
	}
	if e.Message == "" || e.MessageNL == "" {
		tb.Errorf("error %v lacks an English or Dutch message", err)
	}
}

// mustOK fails the test on an error.
func mustOK(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

func ptr[T any](v T) *T { return &v }

// ids returns the ids of actions, in order.
func ids(actions []*ketenhub.Action) []int64 {
	out := make([]int64, len(actions))
	for i, a := range actions {
		out[i] = a.ID
	}
	return out
}
