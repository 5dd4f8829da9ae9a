package policy_test

import (
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

func TestShownInRoom(t *testing.T) {
	const gemeente, politie, om = 1, 2, 3
	open := ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}
	gemeenteOM := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{gemeente, om}}
	for _, tc := range []struct {
		name    string
		present []int64
		vis     ketenhub.Visibility
		want    bool
	}{
		{"open item, nobody recorded", nil, open, true},
		{"open item, unknown attendee", []int64{gemeente, ketenhub.UnknownOrganisation}, open, true},
		{"restricted, nobody recorded", nil, gemeenteOM, false},
		{"restricted, empty attendance", []int64{}, gemeenteOM, false},
		{"restricted, all present named", []int64{gemeente, om}, gemeenteOM, true},
		{"restricted, some of those named present", []int64{om}, gemeenteOM, true},
		{"restricted, police present too", []int64{gemeente, politie, om}, gemeenteOM, false},
		{"restricted, only police present", []int64{politie}, gemeenteOM, false},
		{"restricted, unknown attendee", []int64{gemeente, ketenhub.UnknownOrganisation}, gemeenteOM, false},
		{"restricted without organisations", []int64{gemeente}, ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}, false},
		{"unknown scope", []int64{gemeente}, ketenhub.Visibility{Scope: "geheim", Organisations: []int64{gemeente}}, false},
		{"empty scope", []int64{gemeente}, ketenhub.Visibility{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (policy.Policy{}).ShownInRoom(tc.present, tc.vis); got != tc.want {
				t.Errorf("ShownInRoom(%v, %+v) = %v, want %v", tc.present, tc.vis, got, tc.want)
			}
		})
	}
}
