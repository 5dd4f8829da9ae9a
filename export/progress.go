package export

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/ketenhub/ketenhub"
)

// ProgressReport is the voortgangsrapportage the municipality sends its
// council: per theme of a plan period, each workspace's goals with their
// progress and its actions by status, as far as the viewer may see them.
//
// Every page says who the report was made for (MadeFor, which the caller
// sets with CollectMadeFor; the renderers refuse a report without it).
type ProgressReport struct {
	Period       string // as asked; "" means every period
	Organisation string // the viewer's organisation
	Themes       []ThemeReport
	MadeFor      MadeFor
}

// ThemeReport holds the workspaces of one theme.
type ThemeReport struct {
	Theme      ketenhub.Theme
	Workspaces []WorkspaceReport
}

// WorkspaceReport is the progress of one workspace.
type WorkspaceReport struct {
	Workspace *ketenhub.Workspace
	Goals     []GoalLine
	Actions   ketenhub.ActionSummary // of the visible actions
	// Meetings and Decisions count the visible meetings and decisions;
	// HasMeetings says whether they were counted (the services may lack
	// the meeting part).
	Meetings, Decisions int
	HasMeetings         bool
}

// Done is the number of visible actions that are gereed.
func (w WorkspaceReport) Done() int { return w.Actions.ByStatus[ketenhub.StatusGereed] }

// GoalLine is a goal with its progress measured one way: against the
// goal's own target, else against the count targets of its actions, else
// as actions done of actions (ByActions). Of is 0 when there is nothing to
// measure (no target and no visible action).
type GoalLine struct {
	Goal      *ketenhub.Goal
	Done, Of  float64
	ByActions bool
}

// Percent is the progress in whole percent, capped at 100 (a target can be
// exceeded); -1 when there is nothing to measure.
func (g GoalLine) Percent() int {
	if g.Of <= 0 {
		return -1
	}
	return min(int(100*g.Done/g.Of+0.5), 100)
}

func goalLine(g *ketenhub.Goal) GoalLine {
	p := g.Progress
	if p == nil {
		p = &ketenhub.GoalProgress{}
	}
	switch {
	case g.Target != nil && *g.Target > 0:
		return GoalLine{Goal: g, Done: float64(p.CountDone), Of: *g.Target}
	case p.CountTarget > 0:
		return GoalLine{Goal: g, Done: float64(p.CountDone), Of: float64(p.CountTarget)}
	}
	return GoalLine{Goal: g, Done: float64(p.Done), Of: float64(p.Actions), ByActions: true}
}

// CollectProgressReport gathers the progress of every workspace that the
// viewer's organisation in ctx is a member of (a beheerder's overview of
// all workspaces is not a report of theirs) and whose plan period is
// period, through the services and so as the viewer may see it. Periods
// compare without case, spaces and an "IVP" prefix, so "2023-2026" finds
// "IVP 2023-2026". An empty period takes every current workspace; a named
// one includes archived workspaces too, since a past period's workspaces
// are usually archived.
func CollectProgressReport(ctx context.Context, svc ketenhub.Services, period string) (*ProgressReport, error) {
	v, ok := ketenhub.ViewerFromContext(ctx)
	if !ok {
		return nil, ketenhub.Errorf(ketenhub.EUNAUTHORIZED, "Sign in first.", "Meld u eerst aan.")
	}
	n := newNames(svc)
	org, err := n.org(ctx, v.OrganisationID)
	if err != nil {
		return nil, err
	}
	list, err := svc.Workspaces.FindWorkspaces(ctx, ketenhub.WorkspaceFilter{IncludeArchived: period != ""})
	if err != nil {
		return nil, fmt.Errorf("export: workspaces: %w", err)
	}
	r := &ProgressReport{Period: period, Organisation: org}
	byTheme := map[ketenhub.Theme]*ThemeReport{}
	for _, ws := range list {
		if !ws.MyRole.Valid() || (period != "" && samePeriod(ws.Period) != samePeriod(period)) {
			continue
		}
		wr, err := workspaceReport(ctx, svc, ws)
		if err != nil {
			return nil, err
		}
		tr := byTheme[ws.Theme]
		if tr == nil {
			tr = &ThemeReport{Theme: ws.Theme}
			byTheme[ws.Theme] = tr
		}
		tr.Workspaces = append(tr.Workspaces, wr)
	}
	for _, tr := range byTheme {
		r.Themes = append(r.Themes, *tr)
	}
	sort.Slice(r.Themes, func(i, j int) bool {
		a, b := r.Themes[i].Theme, r.Themes[j].Theme
		if oa, ob := themeOrder(a), themeOrder(b); oa != ob {
			return oa < ob
		}
		return a < b
	})
	return r, nil
}

// samePeriod is the form periods are compared in.
func samePeriod(p string) string {
	p = strings.ToLower(strings.Join(strings.Fields(p), ""))
	return strings.TrimPrefix(p, "ivp")
}

// maxMeetings is how many meetings of a workspace the report counts: the
// store's largest page, years of meetings every few weeks.
const maxMeetings = 200

func workspaceReport(ctx context.Context, svc ketenhub.Services, ws *ketenhub.Workspace) (WorkspaceReport, error) {
	wr := WorkspaceReport{Workspace: ws}
	goals, err := svc.Goals.FindGoals(ctx, ws.ID)
	if err != nil {
		return wr, fmt.Errorf("export: goals of workspace %d: %w", ws.ID, err)
	}
	for _, g := range goals {
		wr.Goals = append(wr.Goals, goalLine(g))
	}
	sum, err := svc.Actions.SummarizeActions(ctx, ws.ID)
	if err != nil {
		return wr, fmt.Errorf("export: actions of workspace %d: %w", ws.ID, err)
	}
	wr.Actions = *sum
	if svc.Meetings == nil || svc.Decisions == nil {
		return wr, nil
	}
	meetings, err := svc.Meetings.FindMeetings(ctx, ketenhub.MeetingFilter{WorkspaceID: ws.ID, Limit: maxMeetings})
	if err != nil {
		return wr, fmt.Errorf("export: meetings of workspace %d: %w", ws.ID, err)
	}
	wr.Meetings, wr.HasMeetings = len(meetings), true
	for _, m := range meetings {
		ds, err := svc.Decisions.FindDecisions(ctx, m.ID)
		if err != nil {
			return wr, fmt.Errorf("export: decisions of meeting %d: %w", m.ID, err)
		}
		wr.Decisions += len(ds)
	}
	return wr, nil
}
