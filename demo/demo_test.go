package demo_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/demo"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store"
	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// clock is a fixed clock, so that the test knows which actions are overdue.
type clock time.Time

func (c clock) Now() time.Time { return time.Time(c) }

var now = clock(time.Date(2026, 3, 16, 9, 30, 0, 0, time.UTC))

// mustOpen opens a fresh, migrated database of the given kind.
func mustOpen(tb testing.TB, kind string) *store.Services {
	tb.Helper()
	ctx := context.Background()
	var cfg store.Config
	switch kind {
	case "sqlite":
		cfg.DataDir = filepath.Dir(storetest.SQLitePath(tb))
	case "postgres":
		cfg.DatabaseURL = storetest.PostgresURL(tb)
	default:
		tb.Fatalf("unknown database kind %q", kind)
	}
	db, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return store.NewServices(db, policy.Policy{}, now)
}

func demoServices(svc *store.Services) demo.Services {
	return demo.Services{Services: svc.Services, Clock: now}
}

// seeded is a seeded database with a context per persona.
type seeded struct {
	svc *store.Services
	as  map[string]context.Context // by persona key
}

func mustSeed(t *testing.T, kind string) *seeded {
	t.Helper()
	ctx := context.Background()
	svc := mustOpen(t, kind)
	if done, err := demo.Seeded(ctx, svc.Organisations); err != nil {
		t.Fatal(err)
	} else if done {
		t.Fatal("Seeded = true on a fresh database")
	}
	if err := demo.Seed(ctx, demoServices(svc)); err != nil {
		t.Fatal(err)
	}
	return &seeded{svc: svc, as: personaContexts(t, svc)}
}

// reader is a viewer that may list organisations and users; the test uses it
// only to find the persona users.
func reader() context.Context {
	return ketenhub.NewContextWithViewer(context.Background(), ketenhub.Viewer{UserID: -1, PlatformRole: ketenhub.PlatformRoleBeheerder})
}

// personaContexts finds the persona users and checks their organisations
// and roles; it returns a context acting as each.
func personaContexts(t *testing.T, svc *store.Services) map[string]context.Context {
	t.Helper()
	orgs, err := svc.Organisations.FindOrganisations(reader())
	if err != nil {
		t.Fatal(err)
	}
	orgIDs := map[string]int64{}
	for _, o := range orgs {
		orgIDs[o.Name] = o.ID
	}
	users, err := svc.Users.FindUsers(reader(), 0)
	if err != nil {
		t.Fatal(err)
	}
	seeded := map[int64]bool{}
	for _, u := range users {
		seeded[u.ID] = true
	}
	as := map[string]context.Context{}
	for _, p := range demo.Personas {
		u, err := p.SignIn(context.Background(), svc.Users, "", orgIDs[p.OrganisationName])
		if err != nil || !seeded[u.ID] {
			t.Fatalf("no user for persona %q (%v)", p.Key, err)
		}
		if got, want := u.OrganisationID, orgIDs[p.OrganisationName]; got != want || want == 0 {
			t.Errorf("persona %q: organisation %d, want %d (%s)", p.Key, got, want, p.OrganisationName)
		}
		if got, want := u.PlatformRole, p.PlatformRole; got != want {
			t.Errorf("persona %q: platform role %q, want %q", p.Key, got, want)
		}
		if got, want := u.Issuer+" "+u.Subject, demo.Issuer+" "+p.Subject; got != want {
			t.Errorf("persona %q: identity %q, want %q", p.Key, got, want)
		}
		// The user as the session middleware finds them: with their groups.
		u, err = svc.Users.FindUserByID(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprintf("%s|%q|%s|%t", u.Function, u.Groups, u.OrganisationRole, u.Shielded),
			fmt.Sprintf("%s|%q|%s|%t", p.Title, sorted(p.Groups()), p.OrganisationRole, p.Shielded); got != want {
			t.Errorf("persona %q: function|groups|organisation role|shielded = %s, want %s", p.Key, got, want)
		}
		as[p.Key] = ketenhub.NewContextWithViewer(context.Background(), u.Viewer())
	}
	return as
}

// workspaceIDs returns the workspaces a persona sees, by title.
func (s *seeded) workspaceIDs(t *testing.T, persona string) map[string]int64 {
	t.Helper()
	ws, err := s.svc.Workspaces.FindWorkspaces(s.as[persona], ketenhub.WorkspaceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, w := range ws {
		ids[w.Title] = w.ID
	}
	return ids
}

// visibleActions returns every action a persona sees, in every workspace it sees.
func (s *seeded) visibleActions(t *testing.T, persona string) map[int64]*ketenhub.Action {
	t.Helper()
	all := map[int64]*ketenhub.Action{}
	for _, id := range s.workspaceIDs(t, persona) {
		as, _, err := s.svc.Actions.FindActions(s.as[persona], ketenhub.ActionFilter{WorkspaceID: id, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			all[a.ID] = a
		}
	}
	return all
}

var workspaceTitles = []string{
	"Digitale veiligheid", "Driehoek Purmerend", "Jeugd en veiligheid", "Ondermijning",
	"Veilige woon- en leefomgeving", "Zorg en veiligheid",
}

func TestSeed(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s := mustSeed(t, kind)
			t.Run("Personas", func(t *testing.T) {
				if got, want := len(s.as), len(demo.Personas); got != want {
					t.Errorf("%d persona users, want %d", got, want)
				}
			})
			t.Run("Workspaces", func(t *testing.T) { testWorkspaces(t, s) })
			t.Run("Goals", func(t *testing.T) { testGoals(t, s) })
			t.Run("Actions", func(t *testing.T) { testActions(t, s) })
			t.Run("Comments", func(t *testing.T) { testComments(t, s) })
			t.Run("RestrictedAction", func(t *testing.T) { testRestrictedAction(t, s) })
			t.Run("Meetings", func(t *testing.T) { testMeetings(t, s) })
			t.Run("PoliceTeams", func(t *testing.T) { testPoliceTeams(t, s) })
			t.Run("SecondSeedIsNoop", func(t *testing.T) { testSecondSeed(t, s) })
		})
	}
}

func testWorkspaces(t *testing.T, s *seeded) {
	ws, err := s.svc.Workspaces.FindWorkspaces(s.as["beheerder"], ketenhub.WorkspaceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ws), len(workspaceTitles); got != want {
		t.Fatalf("%d workspaces, want %d", got, want)
	}
	for i, w := range ws {
		if got, want := w.Title, workspaceTitles[i]; got != want {
			t.Errorf("workspace %d: %q, want %q", i, got, want)
		}
		if got, want := w.Period, "IVP 2023-2026"; got != want {
			t.Errorf("workspace %q: period %q, want %q", w.Title, got, want)
		}
	}

	t.Run("DriehoekMembers", func(t *testing.T) {
		id := s.workspaceIDs(t, "oov-adviseur")["Driehoek Purmerend"]
		ms, err := s.svc.Workspaces.FindMemberships(s.as["oov-adviseur"], id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[ketenhub.OrganisationKind]ketenhub.Role{}
		for _, m := range ms {
			got[orgKind(t, s, m.OrganisationID)] = m.Role
		}
		want := map[ketenhub.OrganisationKind]ketenhub.Role{
			ketenhub.KindGemeente: ketenhub.RoleRegisseur, ketenhub.KindPolitie: ketenhub.RolePartner, ketenhub.KindOM: ketenhub.RolePartner,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("driehoek members %v, want %v", got, want)
		}
	})
	t.Run("GGDSeesOnlyItsWorkspaces", func(t *testing.T) {
		ids := s.workspaceIDs(t, "ggd")
		if _, ok := ids["Driehoek Purmerend"]; ok {
			t.Error("GGD sees the driehoek workspace")
		}
		if _, ok := ids["Ondermijning"]; !ok {
			t.Error("GGD (meelezer) does not see the Ondermijning workspace")
		}
	})
}

func orgKind(t *testing.T, s *seeded, id int64) ketenhub.OrganisationKind {
	t.Helper()
	o, err := s.svc.Organisations.FindOrganisationByID(s.as["beheerder"], id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Kind
}

func testGoals(t *testing.T, s *seeded) {
	var n int
	var controles *ketenhub.Goal
	for _, id := range s.workspaceIDs(t, "oov-adviseur") {
		gs, err := s.svc.Goals.FindGoals(s.as["oov-adviseur"], id)
		if err != nil {
			t.Fatal(err)
		}
		n += len(gs)
		for _, g := range gs {
			if g.Title == "Zes integrale controles en twee hercontroles" {
				controles = g
			}
		}
	}
	if n < 20 {
		t.Errorf("%d goals, want at least 20", n)
	}
	if controles == nil {
		t.Fatal("no goal 'Zes integrale controles en twee hercontroles'")
	}
	if controles.Target == nil || *controles.Target != 8 || controles.Unit != "controles" {
		t.Errorf("controles goal target %v %q, want 8 controles", controles.Target, controles.Unit)
	}
}

func testActions(t *testing.T, s *seeded) {
	all := map[int64]*ketenhub.Action{}
	for _, p := range demo.Personas {
		for id, a := range s.visibleActions(t, p.Key) {
			all[id] = a
		}
	}
	if got := len(all); got < 30 {
		t.Errorf("%d actions, want at least 30", got)
	}
	statuses := map[ketenhub.ActionStatus]int{}
	owners := map[int64]bool{}
	var restricted, overdue, withTarget, withRef int
	today := time.Time(now).Format(time.DateOnly)
	for _, a := range all {
		statuses[a.Status]++
		owners[a.OwnerOrganisationID] = true
		if a.Visibility.Restricted() {
			restricted++
		}
		if a.DueDate != nil && *a.DueDate < today && !a.Status.Closed() {
			overdue++
		}
		if a.CountTarget != nil {
			withTarget++
		}
		if a.ExternalRef != "" {
			withRef++
		}
		if a.LeadUserID == nil {
			t.Errorf("action %q has no lead", a.Title)
		}
	}
	for _, st := range ketenhub.ActionStatuses {
		if statuses[st] == 0 {
			t.Errorf("no action with status %q", st)
		}
	}
	for name, n := range map[string]int{"owner organisations": len(owners), "restricted": restricted, "overdue": overdue, "with a count target": withTarget, "with an external reference": withRef} {
		if n < 3 {
			t.Errorf("%d actions %s, want at least 3", n, name)
		}
	}

	t.Run("Summary", func(t *testing.T) {
		id := s.workspaceIDs(t, "oov-adviseur")["Ondermijning"]
		sum, err := s.svc.Actions.SummarizeActions(s.as["oov-adviseur"], id)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Total == 0 || sum.Overdue == 0 {
			t.Errorf("summary %+v, want actions of which some overdue", sum)
		}
	})
}

func testComments(t *testing.T, s *seeded) {
	var controles *ketenhub.Action
	for _, a := range s.visibleActions(t, "teamchef") {
		if a.Title == "Zes integrale controles bedrijventerreinen en buitengebied" {
			controles = a
		}
	}
	if controles == nil {
		t.Fatal("teamchef does not see the integrale controles action")
	}
	cs, err := s.svc.Comments.FindComments(s.as["teamchef"], ketenhub.SubjectAction, controles.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(cs), 2; got != want {
		t.Errorf("%d comments on the controles action, want %d", got, want)
	}
}

func testRestrictedAction(t *testing.T, s *seeded) {
	ref := fmt.Sprintf("RIEC-%d-014", time.Time(now).Year())
	var casus *ketenhub.Action
	for _, a := range s.visibleActions(t, "riec-analist") {
		if a.ExternalRef == ref {
			casus = a
		}
	}
	if casus == nil {
		t.Fatalf("the RIEC analyst does not see action %s", ref)
	}
	if !casus.Visibility.Restricted() {
		t.Fatalf("action %s is not restricted: %+v", ref, casus.Visibility)
	}
	t.Run("VisibleToRIEC", func(t *testing.T) {
		if _, err := s.svc.Actions.FindActionByID(s.as["riec-analist"], casus.ID); err != nil {
			t.Errorf("FindActionByID as RIEC: %v", err)
		}
	})
	t.Run("InvisibleToGGD", func(t *testing.T) {
		_, err := s.svc.Actions.FindActionByID(s.as["ggd"], casus.ID)
		if got, want := ketenhub.ErrorCode(err), ketenhub.ENOTFOUND; got != want {
			t.Errorf("FindActionByID as GGD: code %q, want %q", got, want)
		}
		ggd := s.visibleActions(t, "ggd")
		if _, ok := ggd[casus.ID]; ok {
			t.Error("the casus is in the GGD's action lists")
		}
		var inOndermijning int
		for _, a := range ggd {
			if a.WorkspaceID == casus.WorkspaceID {
				inOndermijning++
			}
		}
		if inOndermijning == 0 {
			t.Error("GGD sees no action of the casus's workspace: the test would prove nothing")
		}
	})
}

func testSecondSeed(t *testing.T, s *seeded) {
	ctx := context.Background()
	before := len(s.visibleActions(t, "oov-adviseur"))
	orgsBefore, err := s.svc.Organisations.FindOrganisations(s.as["beheerder"])
	if err != nil {
		t.Fatal(err)
	}
	if done, err := demo.Seeded(ctx, s.svc.Organisations); err != nil || !done {
		t.Fatalf("Seeded = %v, %v; want true", done, err)
	}
	if err := demo.Seed(ctx, demoServices(s.svc)); err != nil {
		t.Fatal(err)
	}
	if got := len(s.visibleActions(t, "oov-adviseur")); got != before {
		t.Errorf("%d actions after a second seed, want %d", got, before)
	}
	orgs, err := s.svc.Organisations.FindOrganisations(s.as["beheerder"])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(orgs), len(orgsBefore); got != want {
		t.Errorf("%d organisations after a second seed, want %d", got, want)
	}
	if got, want := len(s.workspaceIDs(t, "beheerder")), len(workspaceTitles); got != want {
		t.Errorf("%d workspaces after a second seed, want %d", got, want)
	}
	users, err := s.svc.Users.FindUsers(reader(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(users), len(demo.Personas); got != want {
		t.Errorf("%d users after a second seed, want %d", got, want)
	}
}

// TestSeed_Issuer seeds the personas under the issuer the caller names, as
// the binary does with its development identity provider's URL.
func TestSeed_Issuer(t *testing.T) {
	const issuer = "http://localhost:8080/dev-idp/"
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			svc := mustOpen(t, kind)
			services := demoServices(svc)
			services.Issuer = issuer
			if err := demo.Seed(context.Background(), services); err != nil {
				t.Fatal(err)
			}
			users, err := svc.Users.FindUsers(reader(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(users), len(demo.Personas); got != want {
				t.Fatalf("%d users, want %d", got, want)
			}
			for _, u := range users {
				if got, want := u.Issuer, issuer; got != want {
					t.Errorf("user %q: issuer %q, want %q", u.Name, got, want)
				}
			}
		})
	}
}

// testMeetings: the driehoek's next meeting is open for proposals in two
// weeks with the burgemeester in the chair, and a theme workspace has its
// signaaloverleg; each is seen only by the members of its workspace.
func testMeetings(t *testing.T, s *seeded) {
	find := func(persona string) map[string]*ketenhub.Meeting {
		t.Helper()
		ms, err := s.svc.Meetings.FindMeetings(s.as[persona], ketenhub.MeetingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*ketenhub.Meeting{}
		for _, m := range ms {
			out[string(m.Kind)] = m
		}
		return out
	}
	users, err := s.svc.Users.FindUsers(reader(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var chairID int64
	for _, u := range users {
		if u.Email == "burgemeester@purmerend.example" {
			chairID = u.ID
		}
	}
	driehoek := find("burgemeester")[string(ketenhub.MeetingDriehoek)]
	if driehoek == nil {
		t.Fatal("the burgemeester sees no driehoek meeting")
	}
	if got, want := driehoek.WorkspaceID, s.workspaceIDs(t, "burgemeester")["Driehoek Purmerend"]; got != want {
		t.Errorf("driehoek meeting in workspace %d, want %d", got, want)
	}
	days := driehoek.StartsAt.Sub(time.Time(now)).Hours() / 24
	if driehoek.State != ketenhub.MeetingAgendaOpen || driehoek.ChairUserID == nil || *driehoek.ChairUserID != chairID || days < 13 || days > 15 {
		t.Errorf("driehoek meeting %+v, want agenda_open in two weeks chaired by the burgemeester (%d)", driehoek, chairID)
	}
	if driehoek.ProposalDeadline == nil || !driehoek.ProposalDeadline.Before(driehoek.StartsAt) {
		t.Errorf("driehoek proposal deadline %v, want one before the meeting", driehoek.ProposalDeadline)
	}
	if find("officier")[string(ketenhub.MeetingDriehoek)] == nil {
		t.Error("the officier van justitie does not see the driehoek meeting")
	}
	ggd := find("ggd")
	if ggd[string(ketenhub.MeetingDriehoek)] != nil {
		t.Error("the GGD sees the driehoek meeting")
	}
	if m := ggd[string(ketenhub.MeetingSignaaloverleg)]; m == nil || m.WorkspaceID != s.workspaceIDs(t, "ggd")["Jeugd en veiligheid"] {
		t.Errorf("the GGD sees signaaloverleg %+v, want the one of Jeugd en veiligheid", m)
	}
}

func sorted(xs []string) []string {
	out := append([]string{}, xs...)
	slices.Sort(out)
	return out
}

// TestPersonas: the demo has the two police teams, a shielded officer and
// an organisatiebeheerder for the police and for Purmerend.
func TestPersonas(t *testing.T) {
	count := func(f func(demo.Persona) bool) (n int) {
		for _, p := range demo.Personas {
			if f(p) {
				n++
			}
		}
		return n
	}
	police := func(p demo.Persona) bool { return p.OrganisationName == "Politie Noord-Holland" }
	for _, team := range []string{demo.TeamOndermijning, demo.BasisteamPurmerend} {
		if count(func(p demo.Persona) bool { return police(p) && slices.Contains(p.Teams, team) }) == 0 {
			t.Errorf("no police persona in %q", team)
		}
	}
	if count(func(p demo.Persona) bool {
		return police(p) && p.Shielded && slices.Contains(p.Teams, demo.TeamOndermijning) && p.Title != ""
	}) != 1 {
		t.Error("want one shielded police officer with a function in Team Ondermijning")
	}
	for _, org := range []string{"Politie Noord-Holland", "Gemeente Purmerend"} {
		if count(func(p demo.Persona) bool {
			return p.OrganisationName == org && p.OrganisationRole == ketenhub.OrganisationRoleBeheerder && slices.Contains(p.Groups(), demo.OrganisatiebeheerderGroup)
		}) != 1 {
			t.Errorf("want one organisatiebeheerder of %s", org)
		}
	}
	for _, p := range demo.Personas {
		if police(p) && p.OrganisationRole == ketenhub.OrganisationRoleNone && len(p.Teams) != 1 {
			t.Errorf("police persona %q is in %d teams, want one", p.Key, len(p.Teams))
		}
	}
}

// testPoliceTeams: the police admit only Team Ondermijning to the
// Ondermijning workspace, as their own organisatiebeheerder; the team's
// officers see it, the basisteam's wijkagent does not, and the police's
// other workspaces stay open to the whole organisation.
func testPoliceTeams(t *testing.T, s *seeded) {
	const title = "Ondermijning"
	for persona, sees := range map[string]bool{"teamchef": true, "rechercheur": true, "wijkagent": false, "oov-adviseur": true} {
		if _, ok := s.workspaceIDs(t, persona)[title]; ok != sees {
			t.Errorf("%s sees %s: %t, want %t", persona, title, ok, sees)
		}
	}
	if _, ok := s.workspaceIDs(t, "wijkagent")["Jeugd en veiligheid"]; !ok {
		t.Error("the wijkagent lost Jeugd en veiligheid, whose police admission should stay open")
	}
	ws := s.workspaceIDs(t, "teamchef")[title]
	beheerder := s.as["organisatiebeheerder-politie"]
	v, _ := ketenhub.ViewerFromContext(beheerder)
	adm, err := s.svc.Admissions.FindAdmission(beheerder, ws, v.OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	if adm.Open || len(adm.Users) != 0 || !slices.Equal(adm.Groups, []string{demo.TeamOndermijning}) {
		t.Errorf("police admission to %s = %+v, want the group %q only", title, adm, demo.TeamOndermijning)
	}
	// The hercontroles are led by the shielded rechercheur, whom the
	// gemeente may see only by function.
	for _, a := range s.visibleActions(t, "oov-adviseur") {
		if a.Title == "Twee hercontroles na sluiting (Wet Damocles)" {
			lead, err := s.svc.Users.FindUserByID(context.Background(), *a.LeadUserID)
			if err != nil {
				t.Fatal(err)
			}
			if !lead.Shielded || lead.Function != "Rechercheur Team Ondermijning" {
				t.Errorf("the hercontroles' lead is %+v, want the shielded rechercheur", lead)
			}
			return
		}
	}
	t.Error("the gemeente does not see the hercontroles")
}
