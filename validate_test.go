package ketenhub_test

import (
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// wantValid fails unless err is nil (ok) or EINVALID about field (not ok),
// with a message in both languages.
func wantValid(t *testing.T, err error, ok bool, field string) {
	t.Helper()
	if ok {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return
	}
	e := ketenhub.ErrorOf(err)
	if e == nil || e.Code != ketenhub.EINVALID || e.Field != field {
		t.Fatalf("got %v, want EINVALID on %q", err, field)
	}
	if e.Message == "" || e.MessageNL == "" {
		t.Errorf("error %v lacks an English or Dutch message", err)
	}
}

func TestValidateText(t *testing.T) {
	for _, tt := range []struct {
		name     string
		value    string
		required bool
		ok       bool
	}{
		{"Plain", "Integrale controle", true, true},
		{"NewlineAndTab", "Regel 1\nRegel 2\tmet tab", true, true},
		{"EmptyOptional", "", false, true},
		{"EmptyRequired", "", true, false},
		{"BlankRequired", " \n\t ", true, false},
		{"ExactlyTheLimitInRunes", strings.Repeat("ë", 30), true, true},
		{"OverTheLimitInRunes", strings.Repeat("ë", 31), true, false},
		{"InvalidUTF8", "Jeugd \xc3\x28", true, false},
		{"Escape", "rood\x1b[31m", true, false},
		{"NUL", "a\x00b", false, false},
		{"Bell", "a\x07", false, false},
		{"C1Control", "a\u0085b", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantValid(t, ketenhub.ValidateText("title", tt.value, tt.required, 30), tt.ok, "title")
		})
	}
}

func TestValidateDate(t *testing.T) {
	for _, tt := range []struct {
		value string
		ok    bool
	}{
		{"2026-03-02", true},
		{"2028-02-29", true},
		{"2026-02-29", false},
		{"2026-04-31", false},
		{"2026-13-01", false},
		{"2026-3-2", false},
		{"02-03-2026", false},
		{"2026-03-02T00:00:00Z", false},
		{"", false},
	} {
		t.Run(tt.value, func(t *testing.T) {
			wantValid(t, ketenhub.ValidateDate("due_date", tt.value), tt.ok, "due_date")
		})
	}
}

func TestValidateTheme(t *testing.T) {
	for _, d := range ketenhub.DefaultThemes {
		t.Run(string(d.Theme), func(t *testing.T) {
			wantValid(t, ketenhub.ValidateTheme("theme", d.Theme), true, "theme")
		})
	}
	for _, tt := range []struct {
		theme ketenhub.Theme
		ok    bool
	}{
		{"haven_en_logistiek", true},
		{"cyber-2026", true},
		{"", false},
		{"Ondermijning", false},
		{"haven en logistiek", false},
		{"_haven", false},
		{"haven_", false},
		{"haven__logistiek", false},
		{"véiligheid", false},
		{ketenhub.Theme(strings.Repeat("a", ketenhub.MaxShort+1)), false},
	} {
		t.Run(string(tt.theme), func(t *testing.T) {
			wantValid(t, ketenhub.ValidateTheme("theme", tt.theme), tt.ok, "theme")
		})
	}
}

func TestValidate_Types(t *testing.T) {
	neg := int64(-1)
	bad := "2026-02-30"
	for _, tt := range []struct {
		name  string
		err   error
		field string
	}{
		{"OrganisationKind", (&ketenhub.Organisation{Name: "Gemeente", Kind: "bank"}).Validate(), "kind"},
		{"OrganisationName", (&ketenhub.Organisation{Kind: ketenhub.KindGemeente}).Validate(), "name"},
		{"WorkspaceTheme", (&ketenhub.Workspace{Title: "Jeugd", Theme: "Jeugd!"}).Validate(), "theme"},
		{"GoalTarget", (&ketenhub.Goal{Title: "Doel", Target: new(float64(-2))}).Validate(), "target"},
		{"ActionStatus", (&ketenhub.Action{Title: "Actie", Status: "klaar", Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}}).Validate(), "status"},
		{"ActionCountTarget", (&ketenhub.Action{Title: "Actie", Status: ketenhub.StatusOpen, CountTarget: &neg, Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}}).Validate(), "count_target"},
		{"ActionDueDate", (&ketenhub.Action{Title: "Actie", Status: ketenhub.StatusOpen, DueDate: &bad, Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}}).Validate(), "due_date"},
		{"ActionScope", (&ketenhub.Action{Title: "Actie", Status: ketenhub.StatusOpen, Visibility: ketenhub.Visibility{Scope: "public"}}).Validate(), "visibility"},
		{"CommentBody", (&ketenhub.Comment{Body: strings.Repeat("x", ketenhub.MaxComment+1), Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace}}).Validate(), "body"},
		{"WorkspaceScopeNamesNoOrgs", ketenhub.Visibility{Scope: ketenhub.ScopeWorkspace, Organisations: []int64{1}}.Validate(), "visibility"},
	} {
		t.Run(tt.name, func(t *testing.T) { wantValid(t, tt.err, false, tt.field) })
	}
}
