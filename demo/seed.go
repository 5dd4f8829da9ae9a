// Package demo fills an empty Ketenhub with a realistic demo region: the
// municipalities Purmerend and Opmeer with their safety partners, workspaces
// per theme of their integral safety plans, goals, actions, comments and the
// next meetings, and one persona per partner role for the development
// identity provider.
//
// Every write goes through the domain services as the persona who would make
// it in real life, so the demo data obeys the same access rules and lands in
// the same event log as everything else.
package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
)

// Services are the domain services the seed writes through.
type Services struct {
	ketenhub.Services

	// Clock dates the actions around today; nil means the system clock.
	Clock ketenhub.Clock

	// Issuer is the issuer the personas are registered under; empty means
	// Issuer. The development identity provider signs them in under its own
	// URL, so the binary passes that URL here: a persona who signs in is
	// then the seeded user, with its actions and leads.
	Issuer string
}

// issuer is the issuer the personas are seeded under.
func (svc Services) issuer() string {
	if svc.Issuer != "" {
		return svc.Issuer
	}
	return Issuer
}

// systemUserID is the actor of the seed's first write, the beheerder's own
// organisation, which has to exist before the beheerder can be registered
// (every user belongs to an organisation and only a beheerder creates
// organisations). It is no user: the audit trail shows it as the system.
const systemUserID = -1

// system is the viewer of the bootstrap: a beheerder that is no user.
func system(ctx context.Context) context.Context {
	return ketenhub.NewContextWithViewer(ctx, ketenhub.Viewer{UserID: systemUserID, PlatformRole: ketenhub.PlatformRoleBeheerder})
}

// Seeded reports whether the database already holds organisations, in
// which case Seed leaves it alone.
func Seeded(ctx context.Context, orgs ketenhub.OrganisationService) (bool, error) {
	list, err := orgs.FindOrganisations(system(ctx))
	if err != nil {
		return false, fmt.Errorf("demo: find organisations: %w", err)
	}
	return len(list) > 0, nil
}

// Seed creates the demo region when the database holds no organisations
// yet, and does nothing otherwise, so running it twice never duplicates.
func Seed(ctx context.Context, svc Services) error {
	if done, err := Seeded(ctx, svc.Organisations); err != nil || done {
		return err
	}
	s := &seeder{svc: svc, today: today(svc.Clock), orgs: map[string]int64{}, users: map[string]*ketenhub.User{}}
	steps := []func(context.Context) error{
		s.registerBeheerder,
		s.createOrganisations,
		s.upsertPersonas,
		s.createWorkspaces,
		s.createGoals,
		s.createActions,
		s.createComments,
		s.createMeetings,
		s.admitTeams,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	return nil
}

func (p Persona) user(issuer string, orgID int64) *ketenhub.User {
	return &ketenhub.User{
		Issuer: issuer, Subject: p.Subject, Name: p.Name, Email: p.Email, Function: p.Title,
		OrganisationID: orgID, PlatformRole: p.PlatformRole, OrganisationRole: p.OrganisationRole,
		Groups: p.Groups(), Shielded: p.Shielded,
	}
}

// SignIn records a sign-in of persona p under issuer (Issuer when empty),
// as the development identity provider vouches for them, in organisation
// orgID, and returns the user as stored: what a test needs to act as a
// persona exactly as a browser would.
func (p Persona) SignIn(ctx context.Context, users ketenhub.UserService, issuer string, orgID int64) (*ketenhub.User, error) {
	if issuer == "" {
		issuer = Issuer
	}
	u := p.user(issuer, orgID)
	if err := users.UpsertUser(ctx, u); err != nil {
		return nil, fmt.Errorf("demo: sign in %s: %w", p.Key, err)
	}
	return u, nil
}

// as returns ctx acting as user u.
func as(ctx context.Context, u *ketenhub.User) context.Context {
	return ketenhub.NewContextWithViewer(ctx, u.Viewer())
}

func today(c ketenhub.Clock) time.Time {
	if c == nil {
		c = ketenhub.SystemClock{}
	}
	y, m, d := c.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// seeder remembers what it created, by name or key, for the later steps.
type seeder struct {
	svc        Services
	today      time.Time
	orgs       map[string]int64
	users      map[string]*ketenhub.User
	workspaces map[string]int64
	goals      map[string]int64 // by "workspace/goal"
	actions    map[string]*ketenhub.Action
}

// registerBeheerder creates the beheerder's organisation as the system and
// registers the beheerder in it, who does the rest of the platform work.
func (s *seeder) registerBeheerder(ctx context.Context) error {
	p, _ := PersonaByKey(keyBeheerder)
	o := &ketenhub.Organisation{Name: p.OrganisationName, Kind: kindOf(p.OrganisationName)}
	if err := s.svc.Organisations.CreateOrganisation(system(ctx), o); err != nil {
		return fmt.Errorf("organisation %q: %w", o.Name, err)
	}
	s.orgs[o.Name] = o.ID
	u := p.user(s.svc.issuer(), o.ID)
	if err := s.svc.Users.UpsertUser(ctx, u); err != nil {
		return fmt.Errorf("persona %q: %w", p.Key, err)
	}
	s.users[p.Key] = u
	return nil
}

func kindOf(name string) ketenhub.OrganisationKind {
	for _, o := range organisations {
		if o.name == name {
			return o.kind
		}
	}
	return ketenhub.KindOverig
}

// createOrganisations: the beheerder creates the other organisations.
func (s *seeder) createOrganisations(ctx context.Context) error {
	ctx = as(ctx, s.users[keyBeheerder])
	for _, spec := range organisations {
		if _, done := s.orgs[spec.name]; done {
			continue
		}
		o := &ketenhub.Organisation{Name: spec.name, Kind: spec.kind}
		if err := s.svc.Organisations.CreateOrganisation(ctx, o); err != nil {
			return fmt.Errorf("organisation %q: %w", spec.name, err)
		}
		s.orgs[spec.name] = o.ID
	}
	return nil
}

func (s *seeder) upsertPersonas(ctx context.Context) error {
	for _, p := range Personas {
		if _, done := s.users[p.Key]; done {
			continue
		}
		u := p.user(s.svc.issuer(), s.orgs[p.OrganisationName])
		if err := s.svc.Users.UpsertUser(ctx, u); err != nil {
			return fmt.Errorf("persona %q: %w", p.Key, err)
		}
		s.users[p.Key] = u
	}
	return nil
}

// createWorkspaces: the beheerder creates each workspace and names the first
// regisseur; that regisseur adds the other members.
func (s *seeder) createWorkspaces(ctx context.Context) error {
	s.workspaces = map[string]int64{}
	beheerder := as(ctx, s.users[keyBeheerder])
	for _, spec := range workspaces {
		w := &ketenhub.Workspace{Title: spec.title, Description: spec.description, Theme: spec.theme, Period: period}
		if err := s.svc.Workspaces.CreateWorkspace(beheerder, w); err != nil {
			return fmt.Errorf("workspace %q: %w", spec.key, err)
		}
		s.workspaces[spec.key] = w.ID
		regisseur := s.users[spec.regisseur]
		if _, err := s.svc.Workspaces.SetMembership(beheerder, w.ID, regisseur.OrganisationID, ketenhub.RoleRegisseur); err != nil {
			return fmt.Errorf("workspace %q: first regisseur: %w", spec.key, err)
		}
		for _, m := range spec.members {
			if _, err := s.svc.Workspaces.SetMembership(as(ctx, regisseur), w.ID, s.orgs[m.org], m.role); err != nil {
				return fmt.Errorf("workspace %q: member %q: %w", spec.key, m.org, err)
			}
		}
	}
	return nil
}

// regisseurOf returns the persona who coordinates the workspace.
func regisseurOf(workspace string) string {
	for _, w := range workspaces {
		if w.key == workspace {
			return w.regisseur
		}
	}
	return ""
}

func (s *seeder) createGoals(ctx context.Context) error {
	s.goals = map[string]int64{}
	for _, spec := range goals {
		g := &ketenhub.Goal{WorkspaceID: s.workspaces[spec.workspace], Title: spec.title, Description: spec.description, Unit: spec.unit}
		if spec.target > 0 {
			g.Target = &spec.target
		}
		if err := s.svc.Goals.CreateGoal(as(ctx, s.users[regisseurOf(spec.workspace)]), g); err != nil {
			return fmt.Errorf("goal %q: %w", spec.key, err)
		}
		s.goals[spec.workspace+"/"+spec.key] = g.ID
	}
	return nil
}

// createActions: each action is created by its owner organisation's persona.
func (s *seeder) createActions(ctx context.Context) error {
	s.actions = map[string]*ketenhub.Action{}
	for _, spec := range actions {
		a := s.action(spec)
		if err := s.svc.Actions.CreateAction(as(ctx, s.users[spec.by]), a); err != nil {
			return fmt.Errorf("action %q: %w", spec.key, err)
		}
		s.actions[spec.key] = a
	}
	return nil
}

func (s *seeder) action(spec actionSpec) *ketenhub.Action {
	by := s.users[spec.by]
	lead := by
	if spec.lead != "" {
		lead = s.users[spec.lead]
	}
	goalID := s.goals[spec.workspace+"/"+spec.goal]
	a := &ketenhub.Action{
		WorkspaceID:         s.workspaces[spec.workspace],
		GoalID:              &goalID,
		Title:               spec.title,
		Description:         spec.description,
		OwnerOrganisationID: by.OrganisationID,
		LeadUserID:          &lead.ID,
		Status:              spec.status,
		CountDone:           spec.countDone,
		ExternalRef:         strings.ReplaceAll(spec.ref, "YYYY", strconv.Itoa(s.today.Year())),
		Visibility:          s.visibility(spec.restricted),
	}
	if spec.due != nil {
		due := s.today.AddDate(0, 0, *spec.due).Format(time.DateOnly)
		a.DueDate = &due
	}
	if spec.countTarget > 0 {
		a.CountTarget = &spec.countTarget
	}
	return a
}

func (s *seeder) visibility(restricted []string) ketenhub.Visibility {
	if len(restricted) == 0 {
		return ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	}
	v := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}
	for _, name := range restricted {
		v.Organisations = append(v.Organisations, s.orgs[name])
	}
	return v
}

func (s *seeder) createComments(ctx context.Context) error {
	for _, spec := range comments {
		a := s.actions[spec.action]
		c := &ketenhub.Comment{
			WorkspaceID: a.WorkspaceID,
			Subject:     ketenhub.SubjectAction,
			SubjectID:   a.ID,
			Body:        spec.body,
			Visibility:  s.visibility(spec.restricted),
		}
		if err := s.svc.Comments.CreateComment(as(ctx, s.users[spec.by]), c); err != nil {
			return fmt.Errorf("comment on %q: %w", spec.action, err)
		}
	}
	return nil
}

// createMeetings: the workspace's regisseur plans each meeting.
func (s *seeder) createMeetings(ctx context.Context) error {
	for _, spec := range meetings {
		m := &ketenhub.Meeting{
			WorkspaceID: s.workspaces[spec.workspace], Kind: spec.kind, Title: spec.title, Location: spec.location,
			StartsAt: dutchTime(s.today.AddDate(0, 0, spec.days), spec.hour), Minutes: spec.minutes, State: spec.state,
			ChairUserID: s.userID(spec.chair), MinuteTakerUserID: s.userID(spec.minuteTaker), RecurEveryWeeks: spec.recurWeeks,
		}
		for _, org := range spec.orgs {
			m.ParticipantOrganisations = append(m.ParticipantOrganisations, s.orgs[org])
		}
		for _, key := range spec.people {
			m.ParticipantUsers = append(m.ParticipantUsers, s.users[key].ID)
		}
		if spec.deadlineDays > 0 {
			d := m.StartsAt.AddDate(0, 0, -spec.deadlineDays)
			m.ProposalDeadline = &d
		}
		if err := s.svc.Meetings.CreateMeeting(as(ctx, s.users[regisseurOf(spec.workspace)]), m); err != nil {
			return fmt.Errorf("meeting %q: %w", spec.title, err)
		}
	}
	return nil
}

// admissions are who of an organisation take part in a workspace, as its
// own organisatiebeheerder names them: the police admit only Team
// Ondermijning to Ondermijning, so that the officers of Basisteam Purmerend
// do not see it. Every other admission stays open to the whole organisation.
var admissions = []struct {
	workspace, org, by string
	groups             []string
}{
	{workspace: "ondermijning", org: orgPolitie, by: keyPolitieBeheerder, groups: []string{TeamOndermijning}},
}

// admitTeams sets the admissions, each as the organisation's own beheerder.
// It runs last, so that the data the other steps create as any police
// persona exists first, as it would have before the police named the team.
func (s *seeder) admitTeams(ctx context.Context) error {
	for _, a := range admissions {
		in := ketenhub.AdmissionInput{Users: []int64{}, Groups: a.groups}
		if _, err := s.svc.Admissions.SetAdmission(as(ctx, s.users[a.by]), s.workspaces[a.workspace], s.orgs[a.org], in); err != nil {
			return fmt.Errorf("admission of %q to %q: %w", a.org, a.workspace, err)
		}
	}
	return nil
}

// userID is the id of the persona with key, nil for no key.
func (s *seeder) userID(key string) *int64 {
	if key == "" {
		return nil
	}
	return &s.users[key].ID
}

// dutchTime is hour o'clock on day's date in the Netherlands, where the
// demo region is.
func dutchTime(day time.Time, hour int) time.Time {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil { // no zone files: UTC is near enough for demo data
		loc = time.UTC
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, hour, 0, 0, 0, loc).UTC()
}
