package policy_test

import (
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

func TestShownInRoom(t *testing.T) {
	const gemeente, politie, om = 1, 2, 3
	const vanLeeuwen = 31 // a person of the OM
	person := func(org, user int64) ketenhub.Sight {
		return ketenhub.Sight{Items: true, Organisation: org, User: user}
	}
	g, p, o := person(gemeente, 11), person(politie, 21), person(om, vanLeeuwen)
	outsider := ketenhub.Sight{} // a guest, a user who left, a person not admitted
	open := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	gemeenteOM := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{gemeente, om}}
	gemeenteAndVanLeeuwen := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{gemeente}, Users: []int64{vanLeeuwen}}
	for _, tc := range []struct {
		name    string
		present []ketenhub.Sight
		vis     ketenhub.Visibility
		want    bool
	}{
		{"open item, nobody recorded", nil, open, true},
		{"open item, outsider present", []ketenhub.Sight{g, outsider}, open, true},
		{"restricted, nobody recorded", nil, gemeenteOM, false},
		{"restricted, empty attendance", []ketenhub.Sight{}, gemeenteOM, false},
		{"restricted, all present named", []ketenhub.Sight{g, o}, gemeenteOM, true},
		{"restricted, some of those named present", []ketenhub.Sight{o}, gemeenteOM, true},
		{"restricted, police present too", []ketenhub.Sight{g, p, o}, gemeenteOM, false},
		{"restricted, only police present", []ketenhub.Sight{p}, gemeenteOM, false},
		{"restricted, outsider present", []ketenhub.Sight{g, outsider}, gemeenteOM, false},
		{"restricted to a person, that person present", []ketenhub.Sight{g, o}, gemeenteAndVanLeeuwen, true},
		{"restricted to a person, a colleague present", []ketenhub.Sight{g, person(om, 32)}, gemeenteAndVanLeeuwen, false},
		{"restricted without organisations", []ketenhub.Sight{g}, ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}, false},
		{"unknown scope", []ketenhub.Sight{g}, ketenhub.Visibility{Scope: "geheim", Organisations: []int64{gemeente}}, false},
		{"empty scope", []ketenhub.Sight{g}, ketenhub.Visibility{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (policy.Policy{}).ShownInRoom(tc.present, tc.vis); got != tc.want {
				t.Errorf("ShownInRoom(%+v, %+v) = %v, want %v", tc.present, tc.vis, got, tc.want)
			}
		})
	}
}
