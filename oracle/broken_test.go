package oracle_test

import (
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

// Deliberately broken policies: each is the product's policy with exactly
// one rule reverted to a leak of issue 11, so that the self-test can show
// that the oracle finds it.

// sharesAll copies restricted content wherever it is asked to (leak 1: an
// escalation carries a restricted action's text into the driehoek).
type sharesAll struct{ policy.Policy }

func (sharesAll) CanShare(ketenhub.Visibility, []ketenhub.Sight) bool { return true }

// historyBeforeSight gives every event of the log, from before the viewer's
// organisation joined and of items restricted since (leak 2).
type historyBeforeSight struct{ policy.Policy }

func (p historyBeforeSight) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	s := p.Policy.Sight(v, m)
	s.History = ketenhub.History{FromSeq: 0, FollowSubject: false}
	return s
}

// linksAll shows the ids of hidden subjects (leak 3).
type linksAll struct{ policy.Policy }

func (linksAll) ShowsLink(ketenhub.Sight, ketenhub.Visibility) bool { return true }

// beheerderReadsAll lets a beheerder read the items of workspaces its
// organisation is not in (leak 4).
type beheerderReadsAll struct{ policy.Policy }

func (p beheerderReadsAll) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	s := p.Policy.Sight(v, m)
	if v.IsBeheerder() && m.Role == ketenhub.RoleNone {
		s.Items = true
	}
	return s
}

// ignoresAdmission lets every person of a member organisation read the
// workspace, admitted or not (issue 12: Sight.Items from the role only).
type ignoresAdmission struct{ policy.Policy }

func (p ignoresAdmission) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	s := p.Policy.Sight(v, m)
	s.Items = m.Role.Valid()
	return s
}

// ignoresNamedPeople reads no person named in a restricted visibility: the
// people an item names do not get it (issue 12: Visibility.Users ignored).
type ignoresNamedPeople struct{ policy.Policy }

func (p ignoresNamedPeople) Sight(v ketenhub.Viewer, m ketenhub.Member) ketenhub.Sight {
	s := p.Policy.Sight(v, m)
	s.User = 0
	return s
}

// namesShielded names shielded officers to everyone (issue 12).
type namesShielded struct{ policy.Policy }

func (namesShielded) ShowsName(ketenhub.Viewer, *ketenhub.User) bool { return true }

// roomShowsAll shows every item the viewer may see in a meeting's room,
// whoever else is present (issue 12: the room asks each present person).
type roomShowsAll struct{ policy.Policy }

func (roomShowsAll) ShownInRoom([]ketenhub.Sight, ketenhub.Visibility) bool { return true }

// brokenPolicies are the leaks of issues 11 and 12, each with the finding
// that shows it.
var brokenPolicies = []struct {
	name   string
	policy ketenhub.Policy
	want   string
	shows  func(f finding) bool
}{
	{"escalation copies restricted content", sharesAll{}, "content of an escalated action in the driehoek",
		func(f finding) bool {
			return f.kind == kindContent && f.item != nil && f.item.kind == ketenhub.SubjectAction && f.item.escalated
		}},
	{"history before sight", historyBeforeSight{}, "a history finding",
		func(f finding) bool { return f.kind == kindHistory }},
	{"ids of hidden subjects", linksAll{}, "a link finding",
		func(f finding) bool { return f.kind == kindLink }},
	{"beheerder reads outside its memberships", beheerderReadsAll{}, "a goal, action or comment of a workspace outside its memberships shown to the beheerder",
		func(f finding) bool {
			return f.kind == kindContent && f.viewer == "beheerder" && f.item != nil && len(f.item.ws.spans[f.org]) == 0 &&
				(f.item.kind == ketenhub.SubjectGoal || f.item.kind == ketenhub.SubjectAction || f.item.kind == ketenhub.SubjectComment)
		}},
	{"admission ignored", ignoresAdmission{}, "an item shown to a person their organisation does not admit",
		func(f finding) bool {
			return (f.kind == kindContent || f.kind == kindHistory || f.kind == kindLink) && f.cause == causeNotAdmitted
		}},
	{"admission ignored on the websocket", ignoresAdmission{}, "a person who lost a workspace while following it not unsubscribed",
		func(f finding) bool { return f.kind == kindAccess }},
	{"named people ignored", ignoresNamedPeople{}, "an item never shown to a person it names",
		func(f finding) bool { return f.kind == kindMissing && f.cause == causeNotNamed }},
	{"room ignores who is present", roomShowsAll{}, "a room view showing what a person present may not see",
		func(f finding) bool { return f.kind == kindContent && strings.Contains(f.viewer, "in a room with") }},
	{"shielded officers named", namesShielded{}, "the name or e-mail address of a shielded officer shown to another organisation",
		func(f finding) bool { return f.kind == kindName }},
}

// TestLeakOracleFindsBrokenPolicies is the oracle's self-test: against each
// broken policy it must fail, with a finding of the leak put in. One
// database is enough here: the policy is the same code on both.
func TestLeakOracleFindsBrokenPolicies(t *testing.T) {
	seed := oracleSeed(t)
	t.Logf("leak oracle seed %d (repeat with KETENHUB_ORACLE_SEED=%d)", seed, seed)
	for _, bp := range brokenPolicies {
		t.Run(bp.name, func(t *testing.T) {
			t.Parallel()
			found := runOracle(t, "sqlite", bp.policy, seed, func(fs []finding) bool { return shows(fs, bp.shows) })
			if !shows(found, bp.shows) {
				t.Errorf("seed %d: the oracle missed the leak: want %s; found:%s", seed, bp.want, report(found))
			}
		})
	}
}

func shows(fs []finding, match func(finding) bool) bool {
	for _, f := range fs {
		if match(f) {
			return true
		}
	}
	return false
}
