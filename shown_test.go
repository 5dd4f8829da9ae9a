package ketenhub_test

import (
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
)

func TestShowPerson(t *testing.T) {
	const politie, gemeente = 2, 1
	officer := &ketenhub.User{ID: 7, Name: "Rik Verborgen", Email: "rik@politie.example", Function: "Rechercheur", OrganisationID: politie, Shielded: true}
	open := &ketenhub.User{ID: 8, Name: "Wim Wijkagent", Email: "wim@politie.example", OrganisationID: politie}
	colleague := ketenhub.Viewer{UserID: 9, OrganisationID: politie}
	other := ketenhub.Viewer{UserID: 10, OrganisationID: gemeente}
	beheerder := ketenhub.Viewer{UserID: 11, OrganisationID: 3, PlatformRole: ketenhub.PlatformRoleBeheerder}
	tests := []struct {
		name      string
		v         ketenhub.Viewer
		u         *ketenhub.User
		withEmail bool
		want      ketenhub.Shown
		nl, en    string
	}{
		{"colleague", colleague, officer, true,
			ketenhub.Shown{UserID: 7, Name: "Rik Verborgen", Email: "rik@politie.example", Function: "Rechercheur", OrganisationID: politie, Organisation: "Politie NH"},
			"Rik Verborgen", "Rik Verborgen"},
		{"other organisation", other, officer, true,
			ketenhub.Shown{UserID: 7, Function: "Rechercheur", OrganisationID: politie, Organisation: "Politie NH", ByFunction: true},
			"Rechercheur, Politie NH", "Rechercheur, Politie NH"},
		{"beheerder", beheerder, officer, true,
			ketenhub.Shown{UserID: 7, Function: "Rechercheur", OrganisationID: politie, Organisation: "Politie NH", ByFunction: true},
			"Rechercheur, Politie NH", "Rechercheur, Politie NH"},
		{"not shielded, no e-mail on the channel", other, open, false,
			ketenhub.Shown{UserID: 8, Name: "Wim Wijkagent", OrganisationID: politie, Organisation: "Politie NH"},
			"Wim Wijkagent", "Wim Wijkagent"},
		{"no function", other, &ketenhub.User{ID: 12, Name: "X", OrganisationID: politie, Shielded: true}, true,
			ketenhub.Shown{UserID: 12, OrganisationID: politie, Organisation: "Politie NH", ByFunction: true},
			"Medewerker, Politie NH", "Staff member, Politie NH"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ketenhub.ShowPerson(policy.Policy{}, tc.v, tc.u, "Politie NH", tc.withEmail)
			if got != tc.want {
				t.Errorf("ShowPerson = %+v, want %+v", got, tc.want)
			}
			if nl, en := got.Label("nl"), got.Label("en"); nl != tc.nl || en != tc.en {
				t.Errorf("labels = %q / %q, want %q / %q", nl, en, tc.nl, tc.en)
			}
		})
	}
	if got, want := ketenhub.FunctionLabel(" ", "", "en"), "Staff member"; got != want {
		t.Errorf("FunctionLabel without function or organisation = %q, want %q", got, want)
	}
}
