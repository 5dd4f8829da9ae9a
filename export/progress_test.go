package export_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
)

// render returns the report's HTML and its PDF's text in lang.
func renderReport(t *testing.T, r *export.ProgressReport, lang export.Lang) (string, string) {
	t.Helper()
	var h, p bytes.Buffer
	if err := r.HTML(&h, lang); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	if err := r.PDF(&p, lang); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	checkPage(t, h.String(), string(lang))
	return h.String(), pdfText(t, p.Bytes())
}

func TestProgressReport(t *testing.T) {
	forEachKind(t, func(t *testing.T, r *region) {
		t.Run("Regisseur", func(t *testing.T) { testReportRegisseur(t, r) })
		t.Run("ThemePartner", func(t *testing.T) { testReportThemePartner(t, r) })
		t.Run("OtherPeriod", func(t *testing.T) {
			rep, err := export.CollectProgressReport(r.as["oov-adviseur"], r.svc.Services, "2019-2022")
			if err != nil {
				t.Fatal(err)
			}
			rep.MadeFor = r.madeFor(t, "oov-adviseur")
			if len(rep.Themes) != 0 {
				t.Errorf("%d themes for a period without workspaces", len(rep.Themes))
			}
			html, text := renderReport(t, rep, export.NL)
			for _, s := range []string{html, text} {
				if !strings.Contains(s, "Geen werkruimten voor deze periode.") {
					t.Errorf("no empty-report note in %.200q", s)
				}
			}
		})
		t.Run("NoViewer", func(t *testing.T) {
			_, err := export.CollectProgressReport(t.Context(), r.svc.Services, "")
			if got, want := ketenhub.ErrorCode(err), ketenhub.EUNAUTHORIZED; got != want {
				t.Errorf("error code %q, want %q", got, want)
			}
		})
	})
}

// TestReportsOfHugeCounts: counts near the int64 limit, stored before
// counts were bounded, do not make the progress report or the actions
// export fail for everyone (issue 13, item 8); each is taken at the bound.
func TestReportsOfHugeCounts(t *testing.T) {
	forEachKind(t, func(t *testing.T, r *region) {
		err := r.db.Gorm().Exec(`UPDATE actions SET count_target = ?, count_done = ? WHERE goal_id IS NOT NULL`,
			int64(math.MaxInt64), int64(math.MaxInt64-1)).Error
		if err != nil {
			t.Fatal(err)
		}
		ctx := r.as["oov-adviseur"]
		if _, err := export.CollectProgressReport(ctx, r.svc.Services, ""); err != nil {
			t.Errorf("progress report: %v", err)
		}
		ws := r.workspace(t, "oov-adviseur", "Ondermijning")
		rows, err := export.CollectActions(ctx, r.svc.Services, ws, ketenhub.ActionFilter{})
		if err != nil {
			t.Fatalf("actions export: %v", err)
		}
		var csv bytes.Buffer
		if err := export.ActionsCSV(&csv, rows, r.madeFor(t, "oov-adviseur"), export.NL); err != nil {
			t.Errorf("actions CSV: %v", err)
		}
	})
}

// testReportRegisseur: the OOV-adviseur's organisation is a member of
// every demo workspace; the report shows each with every goal's progress.
func testReportRegisseur(t *testing.T, r *region) {
	ctx := r.as["oov-adviseur"]
	rep, err := export.CollectProgressReport(ctx, r.svc.Services, "2023-2026")
	if err != nil {
		t.Fatal(err)
	}
	rep.MadeFor = r.madeFor(t, "oov-adviseur")
	if got, want := rep.Organisation, "Gemeente Purmerend"; got != want {
		t.Errorf("organisation %q, want %q", got, want)
	}
	workspaces := 0
	for _, th := range rep.Themes {
		workspaces += len(th.Workspaces)
	}
	if got, want := workspaces, 6; got != want {
		t.Errorf("%d workspaces, want %d", got, want)
	}
	html, text := renderReport(t, rep, export.NL)
	for _, th := range rep.Themes {
		for _, w := range th.Workspaces {
			goals, err := r.svc.Goals.FindGoals(ctx, w.Workspace.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(goals) == 0 || len(w.Goals) != len(goals) {
				t.Errorf("%s: %d goals in the report, %d in the workspace", w.Workspace.Title, len(w.Goals), len(goals))
			}
			for _, g := range goals {
				if !strings.Contains(html, htmlEscape(g.Title)) {
					t.Errorf("HTML lacks goal %q", g.Title)
				}
				if !pdfHas(text, g.Title) {
					t.Errorf("PDF lacks goal %q", g.Title)
				}
			}
		}
	}
	// "Zes integrale controles": target 8; its actions have done 4 + 1.
	for _, want := range []string{"5 van 8 controles", "63%", "Ondermijning", "Acties per status", "Over de einddatum"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
		if !pdfHas(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	for _, want := range []string{`role="img"`, "<title id=", "<desc id=", `aria-labelledby="goals-`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// A report of six workspaces runs over several pages; each says who
	// it is for.
	var p bytes.Buffer
	if err := rep.PDF(&p, export.NL); err != nil {
		t.Fatal(err)
	}
	line := r.madeForLine("oov-adviseur", "Gemeente Purmerend")
	if n := checkEveryPage(t, p.Bytes(), line); n < 2 {
		t.Errorf("the report has %d pages; the test wants several", n)
	}
	checkHTMLMadeFor(t, html, line)
	enHTML, enText := renderReport(t, rep, export.EN)
	for _, want := range []string{"Progress report", "5 of 8 controles", "Actions by status", "Subversive crime"} {
		if !strings.Contains(enHTML, want) || !pdfHas(enText, want) {
			t.Errorf("English report lacks %q", want)
		}
	}
}

// testReportThemePartner: the GGD is a member of four theme workspaces,
// not of the driehoek, and is not in the restricted actions' sets. Its
// report omits the driehoek and counts none of those actions.
func testReportThemePartner(t *testing.T, r *region) {
	hidden := r.hiddenFrom(t, "oov-adviseur", "ggd")
	hiddenPer := map[int64]int{}
	for _, a := range hidden {
		hiddenPer[a.WorkspaceID]++
	}
	full, err := export.CollectProgressReport(r.as["oov-adviseur"], r.svc.Services, "IVP 2023-2026")
	if err != nil {
		t.Fatal(err)
	}
	totals := map[int64]int{}
	for _, th := range full.Themes {
		for _, w := range th.Workspaces {
			totals[w.Workspace.ID] = w.Actions.Total
		}
	}
	rep, err := export.CollectProgressReport(r.as["ggd"], r.svc.Services, "2023-2026")
	if err != nil {
		t.Fatal(err)
	}
	rep.MadeFor = r.madeFor(t, "ggd")
	driehoek := r.workspace(t, "oov-adviseur", "Driehoek Purmerend")
	seen := 0
	for _, th := range rep.Themes {
		for _, w := range th.Workspaces {
			seen++
			if w.Workspace.ID == driehoek {
				t.Error("the GGD's report holds the driehoek")
			}
			if got, want := w.Actions.Total, totals[w.Workspace.ID]-hiddenPer[w.Workspace.ID]; got != want {
				t.Errorf("%s: %d actions in the GGD's report, want %d", w.Workspace.Title, got, want)
			}
		}
	}
	if seen != 5 {
		t.Errorf("%d workspaces in the GGD's report, want 5", seen)
	}
	html, text := renderReport(t, rep, export.NL)
	absent := []string{"Driehoek Purmerend", "Gezamenlijke aanpak explosies bij woningen", "Nieuw IVP 2027-2030 voorbereiden"}
	for _, a := range hidden {
		absent = append(absent, a.Title)
	}
	for _, s := range absent {
		if strings.Contains(html, htmlEscape(s)) {
			t.Errorf("the GGD's HTML holds %q", s)
		}
		if pdfHas(text, s) {
			t.Errorf("the GGD's PDF holds %q", s)
		}
	}
	if !pdfHas(text, "GGD Zaanstreek-Waterland") || !strings.Contains(html, "GGD Zaanstreek-Waterland") {
		t.Error("the report does not name the GGD as its reader")
	}
}
