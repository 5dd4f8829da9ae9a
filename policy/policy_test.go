package policy_test

import (
	"fmt"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

// TestPolicyRoles spells out the role rules of DESIGN section 3 row by row:
// the role of the viewer's organisation, whether the action is owned by that
// organisation, and whether the viewer is a platform beheerder.
func TestPolicyRoles(t *testing.T) {
	const ownOrg, otherOrg = 10, 20
	tests := []struct {
		role       ketenhub.Role
		own        bool
		beheerder  bool
		manage     bool
		coordinate bool
		contribute bool
		edit       bool
		see        bool // an item visible to the whole workspace
	}{
		{ketenhub.RoleRegisseur, true, false, true, true, true, true, true},
		{ketenhub.RoleRegisseur, false, false, true, true, true, true, true},
		{ketenhub.RoleRegisseur, true, true, true, true, true, true, true},
		{ketenhub.RoleRegisseur, false, true, true, true, true, true, true},

		{ketenhub.RolePartner, true, false, false, false, true, true, true},
		{ketenhub.RolePartner, false, false, false, false, true, false, true},
		{ketenhub.RolePartner, true, true, true, false, true, true, true},
		{ketenhub.RolePartner, false, true, true, false, true, false, true},

		{ketenhub.RoleMeelezer, true, false, false, false, false, false, true},
		{ketenhub.RoleMeelezer, false, false, false, false, false, false, true},
		{ketenhub.RoleMeelezer, true, true, true, false, false, false, true},
		{ketenhub.RoleMeelezer, false, true, true, false, false, false, true},

		{ketenhub.RoleNone, true, false, false, false, false, false, false},
		{ketenhub.RoleNone, false, false, false, false, false, false, false},
		// A beheerder manages any workspace but reads and writes nothing in one
		// their organisation is not a member of.
		{ketenhub.RoleNone, true, true, true, false, false, false, false},
		{ketenhub.RoleNone, false, true, true, false, false, false, false},

		// An unknown role string counts as no role at all.
		{ketenhub.Role("admin"), true, false, false, false, false, false, false},
		{ketenhub.Role("Regisseur"), true, false, false, false, false, false, false},
	}
	var p policy.Policy
	for _, tt := range tests {
		name := fmt.Sprintf("%s/own=%v/beheerder=%v", roleName(tt.role), tt.own, tt.beheerder)
		t.Run(name, func(t *testing.T) {
			v := ketenhub.Viewer{UserID: 1, OrganisationID: ownOrg}
			if tt.beheerder {
				v.PlatformRole = ketenhub.PlatformRoleBeheerder
			}
			owner := int64(otherOrg)
			if tt.own {
				owner = ownOrg
			}
			if got, want := p.CanManageWorkspace(v, tt.role), tt.manage; got != want {
				t.Errorf("CanManageWorkspace = %v, want %v", got, want)
			}
			if got, want := p.CanCoordinate(v, tt.role), tt.coordinate; got != want {
				t.Errorf("CanCoordinate = %v, want %v", got, want)
			}
			if got, want := p.CanContribute(v, tt.role), tt.contribute; got != want {
				t.Errorf("CanContribute = %v, want %v", got, want)
			}
			if got, want := p.CanEditAction(v, tt.role, owner), tt.edit; got != want {
				t.Errorf("CanEditAction = %v, want %v", got, want)
			}
			if got, want := p.Sight(v, ketenhub.Member{Role: tt.role}).Admits(ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}), tt.see; got != want {
				t.Errorf("Admits(workspace) = %v, want %v", got, want)
			}
		})
	}
}

// TestPolicySight covers the visibility side: restricted items are seen
// only by the organisations they name, and only if they are members.
func TestPolicySight(t *testing.T) {
	const org = 10
	restricted := func(orgs ...int64) ketenhub.Visibility {
		return ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: orgs}
	}
	tests := []struct {
		name      string
		role      ketenhub.Role
		beheerder bool
		vis       ketenhub.Visibility
		want      bool
	}{
		{"WorkspaceMember", ketenhub.RoleMeelezer, false, ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}, true},
		{"WorkspaceNonMember", ketenhub.RoleNone, false, ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}, false},
		{"RestrictedNamed", ketenhub.RolePartner, false, restricted(3, org, 7), true},
		{"RestrictedNotNamed", ketenhub.RoleRegisseur, false, restricted(3, 7), false},
		{"RestrictedEmpty", ketenhub.RoleRegisseur, false, restricted(), false},
		{"RestrictedNamedNonMember", ketenhub.RoleNone, false, restricted(org), false},
		{"RestrictedNamedNonMemberBeheerder", ketenhub.RoleNone, true, restricted(org), false},
		{"RestrictedNotNamedBeheerderMember", ketenhub.RoleRegisseur, true, restricted(3), false},
		{"WorkspaceBeheerderNonMember", ketenhub.RoleNone, true, ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}, false},
		{"UnknownScope", ketenhub.RoleRegisseur, false, ketenhub.Visibility{Scope: "everyone"}, false},
		{"EmptyScope", ketenhub.RoleRegisseur, false, ketenhub.Visibility{}, false},
		{"UnknownRole", ketenhub.Role("owner"), false, ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}, false},
	}
	var p policy.Policy
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ketenhub.Viewer{UserID: 1, OrganisationID: org}
			if tt.beheerder {
				v.PlatformRole = ketenhub.PlatformRoleBeheerder
			}
			if got := p.Sight(v, ketenhub.Member{Role: tt.role}).Admits(tt.vis); got != tt.want {
				t.Errorf("Sight(%+v, %q).Admits(%+v) = %v, want %v", v, tt.role, tt.vis, got, tt.want)
			}
		})
	}
}

func roleName(r ketenhub.Role) string {
	if r == ketenhub.RoleNone {
		return "none"
	}
	return string(r)
}

func TestPolicyCanManageSessions(t *testing.T) {
	const self, other = 7, 8
	tests := []struct {
		name   string
		viewer ketenhub.Viewer
		user   int64
		org    int64
		want   bool
	}{
		{"own sessions", ketenhub.Viewer{UserID: self, OrganisationID: 1}, self, 1, true},
		{"someone else's", ketenhub.Viewer{UserID: self, OrganisationID: 1}, other, 1, false},
		{"beheerder, someone else's", ketenhub.Viewer{UserID: self, OrganisationID: 1, PlatformRole: ketenhub.PlatformRoleBeheerder}, other, 2, true},
		{"organisatiebeheerder, own organisation's", ketenhub.Viewer{UserID: self, OrganisationID: 1, OrganisationRole: ketenhub.OrganisationRoleBeheerder}, other, 1, true},
		{"organisatiebeheerder, another organisation's", ketenhub.Viewer{UserID: self, OrganisationID: 1, OrganisationRole: ketenhub.OrganisationRoleBeheerder}, other, 2, false},
		{"organisatiebeheerder, unknown user", ketenhub.Viewer{UserID: self, OrganisationID: 1, OrganisationRole: ketenhub.OrganisationRoleBeheerder}, other, 0, false},
		{"no viewer", ketenhub.Viewer{}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (policy.Policy{}).CanManageSessions(tt.viewer, tt.user, tt.org); got != tt.want {
				t.Errorf("CanManageSessions = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPolicyHistory spells out the history rule: an event reaches a viewer
// only from their organisation's membership on, if its own visibility
// admitted them and its subject's current visibility admits them.
func TestPolicyHistory(t *testing.T) {
	const org, other = 10, 20
	open := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	ours := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{org, other}}
	theirs := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{other}}
	tests := []struct {
		name    string
		since   int64
		seq     int64
		vis     ketenhub.Visibility
		current []ketenhub.Visibility // the subject's (and its parent's) visibility now
		want    bool
	}{
		{"OpenAfterJoining", 5, 6, open, []ketenhub.Visibility{open}, true},
		{"TheJoiningEvent", 5, 5, open, nil, true},
		{"BeforeJoining", 5, 4, open, []ketenhub.Visibility{open}, false},
		{"MemberFromTheStart", 0, 1, open, nil, true},
		{"RestrictedToUs", 0, 3, ours, []ketenhub.Visibility{ours}, true},
		{"RestrictedToOthers", 0, 3, theirs, []ketenhub.Visibility{theirs}, false},
		{"OpenThenRestrictedToOthers", 0, 3, open, []ketenhub.Visibility{theirs}, false},
		{"RestrictedToOthersThenOpened", 0, 3, theirs, []ketenhub.Visibility{open}, false},
		{"OpenNoSubjectVisibility", 0, 3, open, nil, true},
		{"ParentRestrictedToOthers", 0, 3, open, []ketenhub.Visibility{open, theirs}, false},
		{"ParentRestrictedToUs", 0, 3, ours, []ketenhub.Visibility{ours, ours}, true},
	}
	var p policy.Policy
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := p.Sight(ketenhub.Viewer{UserID: 1, OrganisationID: org}, ketenhub.Member{Role: ketenhub.RolePartner, Since: tt.since})
			ev := &ketenhub.Event{Seq: tt.seq, Visibility: tt.vis, Current: tt.current}
			if got := s.AdmitsEvent(ev); got != tt.want {
				t.Errorf("AdmitsEvent = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("NotAMember", func(t *testing.T) {
		s := p.Sight(ketenhub.Viewer{UserID: 1, OrganisationID: org, PlatformRole: ketenhub.PlatformRoleBeheerder}, ketenhub.Member{})
		if s.AdmitsEvent(&ketenhub.Event{Seq: 1, Visibility: open}) {
			t.Error("a beheerder outside the workspace receives its events")
		}
	})
}

// TestPolicyShareAndLink: content is copied, and ids shown, only where every
// reader may see the item.
func TestPolicyShareAndLink(t *testing.T) {
	var p policy.Policy
	sight := func(org int64) ketenhub.Sight {
		return p.Sight(ketenhub.Viewer{UserID: org, OrganisationID: org}, ketenhub.Member{Role: ketenhub.RolePartner})
	}
	restricted := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{1, 2}}
	open := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	outsider := p.Sight(ketenhub.Viewer{UserID: 9, OrganisationID: 9}, ketenhub.Member{})
	if !p.CanShare(restricted, []ketenhub.Sight{sight(1), sight(2)}) {
		t.Error("CanShare refuses an audience that may all see the item")
	}
	if p.CanShare(restricted, []ketenhub.Sight{sight(1), sight(3)}) {
		t.Error("CanShare allows an audience with an organisation the item does not name")
	}
	if p.CanShare(open, []ketenhub.Sight{sight(1), outsider}) {
		t.Error("CanShare allows an audience with a non-member")
	}
	if !p.ShowsLink(sight(2), restricted) || p.ShowsLink(sight(3), restricted) {
		t.Error("ShowsLink does not follow the target's visibility")
	}
}
