package export_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
	"github.com/ketenhub/ketenhub/export/exporttest"
	"github.com/xuri/excelize/v2"
)

func TestActions(t *testing.T) {
	forEachKind(t, func(t *testing.T, r *region) {
		t.Run("Visible", func(t *testing.T) { testActionsVisible(t, r) })
		t.Run("AllPages", func(t *testing.T) { testActionsAllPages(t, r) })
		t.Run("Restricted", func(t *testing.T) { testActionsRestricted(t, r) })
		t.Run("Filter", func(t *testing.T) {
			ws := r.workspace(t, "oov-adviseur", "Ondermijning")
			rows, err := export.CollectActions(r.as["oov-adviseur"], r.svc.Services, ws, ketenhub.ActionFilter{Statuses: []ketenhub.ActionStatus{ketenhub.StatusGereed}, Offset: 7, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 { // integriteit and meldpunt
				t.Errorf("%d done actions, want 2", len(rows))
			}
			for _, row := range rows {
				if row.Action.Status != ketenhub.StatusGereed {
					t.Errorf("action %q is %s", row.Action.Title, row.Action.Status)
				}
			}
		})
		t.Run("NotMember", func(t *testing.T) {
			ws := r.workspace(t, "oov-adviseur", "Driehoek Purmerend")
			_, err := export.CollectActions(r.as["ggd"], r.svc.Services, ws, ketenhub.ActionFilter{})
			if got, want := ketenhub.ErrorCode(err), ketenhub.ENOTFOUND; got != want {
				t.Errorf("error code %q, want %q", got, want)
			}
		})
	})
}

// testActionsVisible: the GGD's export of Ondermijning holds the actions
// it may see, with their names joined, and none of the restricted ones.
func testActionsVisible(t *testing.T, r *region) {
	ws := r.workspace(t, "ggd", "Ondermijning")
	ctx := r.as["ggd"]
	rows, err := export.CollectActions(ctx, r.svc.Services, ws, ketenhub.ActionFilter{Sort: "title"})
	if err != nil {
		t.Fatal(err)
	}
	_, total, err := r.svc.Actions.FindActions(ctx, ketenhub.ActionFilter{WorkspaceID: ws})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != total || total == 0 {
		t.Fatalf("%d rows, want the %d visible actions", len(rows), total)
	}
	var controles *export.ActionRow
	for i, row := range rows {
		if row.Action.Title == "Twee hercontroles na sluiting (Wet Damocles)" {
			controles = &rows[i]
		}
	}
	if controles == nil {
		t.Fatal("no row for the hercontroles")
	}
	// The lead is the demo's shielded rechercheur: the GGD sees a function.
	if controles.Owner != "Politie Noord-Holland" || controles.Lead != "Rechercheur Team Ondermijning, Politie Noord-Holland" || controles.Goal != "Zes integrale controles en twee hercontroles" {
		t.Errorf("hercontroles joined as owner %q, lead %q, goal %q", controles.Owner, controles.Lead, controles.Goal)
	}
	var csvOut, xlsxOut bytes.Buffer
	mf := r.madeFor(t, "ggd")
	if err := export.ActionsCSV(&csvOut, rows, mf, export.NL); err != nil {
		t.Fatal(err)
	}
	if err := export.ActionsXLSX(&xlsxOut, rows, mf, export.NL); err != nil {
		t.Fatal(err)
	}
	records := readCSV(t, csvOut.Bytes())
	cells := readXLSX(t, xlsxOut.Bytes(), "Acties")
	for _, got := range [][][]string{records, cells} {
		if len(got) != len(rows)+1 {
			t.Fatalf("%d lines, want a header and %d rows", len(got), len(rows))
		}
		if got[0][1] != "Actie" || got[0][4] != "Eigenaar" {
			t.Errorf("header %q", got[0])
		}
		for i, row := range rows {
			line := got[i+1]
			if line[0] != strconv.FormatInt(row.Action.ID, 10) || line[1] != row.Action.Title || line[4] != row.Owner || line[5] != row.Lead {
				t.Errorf("line %d: %q, want action %d %q", i+1, line[:6], row.Action.ID, row.Action.Title)
			}
		}
	}
	all := csvOut.String() + strings.Join(flatten(cells), "\n")
	for _, a := range r.hiddenFrom(t, "oov-adviseur", "ggd") {
		if strings.Contains(all, a.Title) || strings.Contains(all, a.ExternalRef) {
			t.Errorf("the GGD's export holds restricted action %q", a.Title)
		}
	}
}

// testActionsRestricted: in the OOV-adviseur's export, a restricted action
// names the organisations that may see it in the Zichtbaarheid column, an
// open one says "Hele werkruimte", and every row, the workbook's info
// sheet and its printed pages say who the file was made for.
func testActionsRestricted(t *testing.T, r *region) {
	secret := r.hiddenFrom(t, "oov-adviseur", "ggd")[0]
	orgNames := map[int64]string{}
	for name, id := range r.orgs {
		orgNames[id] = name
	}
	var names []string
	for _, id := range secret.Visibility.Organisations {
		names = append(names, orgNames[id])
	}
	slices.Sort(names)
	wantMark := "Besloten: alleen voor " + strings.Join(names, ", ")

	rows, err := export.CollectActions(r.as["oov-adviseur"], r.svc.Services, secret.WorkspaceID, ketenhub.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	mf := r.madeFor(t, "oov-adviseur")
	var c, x bytes.Buffer
	if err := export.ActionsCSV(&c, rows, mf, export.NL); err != nil {
		t.Fatal(err)
	}
	if err := export.ActionsXLSX(&x, rows, mf, export.NL); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][][]string{"CSV": readCSV(t, c.Bytes()), "XLSX": readXLSX(t, x.Bytes(), "Acties")} {
		if h := got[0]; h[11] != "Zichtbaarheid" || h[13] != "Gemaakt voor" || h[14] != "Gemaakt op" {
			t.Errorf("%s header %q", name, h)
		}
		open := 0
		for _, line := range got[1:] {
			switch {
			case line[0] == strconv.FormatInt(secret.ID, 10):
				if line[11] != wantMark {
					t.Errorf("%s: restricted action %q marked %q, want %q", name, secret.Title, line[11], wantMark)
				}
			case line[11] == "Hele werkruimte":
				open++
			case !strings.HasPrefix(line[11], "Besloten: alleen voor Gemeente Purmerend"):
				t.Errorf("%s: action %s marked %q", name, line[0], line[11])
			}
			if line[13] != "Yasmina El Idrissi (Gemeente Purmerend)" {
				t.Errorf("%s: row made for %q", name, line[13])
			}
		}
		if open == 0 {
			t.Errorf("%s: no open action says Hele werkruimte", name)
		}
	}
	// The page header, as the workbook's XML holds it.
	line := r.madeForLine("oov-adviseur", "Gemeente Purmerend")
	if text := exporttest.ZipText(t, x.Bytes()); strings.Count(text, "&amp;L"+line) != 2 {
		t.Errorf("the workbook's two sheets do not print %q on every page", line)
	}
}

// testActionsAllPages: an action list longer than a page comes whole.
func testActionsAllPages(t *testing.T, r *region) {
	ctx := r.as["oov-adviseur"]
	ws := r.workspace(t, "oov-adviseur", "Digitale veiligheid")
	_, before, err := r.svc.Actions.FindActions(ctx, ketenhub.ActionFilter{WorkspaceID: ws})
	if err != nil {
		t.Fatal(err)
	}
	const added = 230 // more than one page of 200
	for i := range added {
		a := &ketenhub.Action{WorkspaceID: ws, Title: fmt.Sprintf("Voorlichting school %03d", i), OwnerOrganisationID: r.users["oov-adviseur"].OrganisationID, Status: ketenhub.StatusOpen}
		if err := r.svc.Actions.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := export.CollectActions(ctx, r.svc.Services, ws, ketenhub.ActionFilter{Sort: "title"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), before+added; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	seen := map[int64]bool{}
	for _, row := range rows {
		if seen[row.Action.ID] {
			t.Errorf("action %d twice", row.Action.ID)
		}
		seen[row.Action.ID] = true
	}
}

// TestActionsFormats checks the files themselves: the CSV's byte-order
// mark and separator, typed XLSX cells, English headers, and that text
// which a spreadsheet would run as a formula is defused in both.
func TestActionsFormats(t *testing.T) {
	due, target := "2026-04-01", int64(6)
	lead := int64(7)
	rows := []export.ActionRow{
		{Action: &ketenhub.Action{ID: 1, Title: "=HYPERLINK(\"http://evil.example\",\"klik\")", Description: "Café één; \"quotes\", €\nregel 2",
			Status: ketenhub.StatusLopend, DueDate: &due, CountTarget: &target, CountDone: 4, LeadUserID: &lead,
			UpdatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, Owner: "+31 gemeente", Lead: "@lead", Goal: "-goal"},
		{Action: &ketenhub.Action{ID: 2, Title: "\tcmd", ExternalRef: "\rref", Status: ketenhub.StatusOpen, Visibility: ketenhub.Visibility{Scope: ketenhub.ScopeRestricted}}, Owner: "Halt",
			Audience: export.Audience{Restricted: true, Organisations: []string{"Halt", "Politie"}}},
	}
	var c bytes.Buffer
	if err := export.ActionsCSV(&c, rows, testMadeFor, export.NL); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(c.Bytes(), []byte("\xef\xbb\xbfID;Actie;")) {
		t.Errorf("CSV starts %q, want a BOM and ';'", c.Bytes()[:20])
	}
	if !bytes.Contains(c.Bytes(), []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF")
	}
	var x bytes.Buffer
	if err := export.ActionsXLSX(&x, rows, testMadeFor, export.NL); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][][]string{"CSV": readCSV(t, c.Bytes()), "XLSX": readXLSX(t, x.Bytes(), "Acties")} {
		want := map[[2]int]string{
			{1, 1}: "'=HYPERLINK(\"http://evil.example\",\"klik\")", {1, 2}: "Café één; \"quotes\", €\nregel 2",
			{1, 3}: "'-goal", {1, 4}: "'+31 gemeente", {1, 5}: "'@lead", {1, 6}: "Lopend", {1, 8}: "4", {1, 9}: "6",
			{2, 1}: "'\tcmd", {2, 10}: "'\rref", {2, 11}: "Besloten: alleen voor Halt, Politie", {1, 11}: "Hele werkruimte",
			{1, 13}: "Yasmina El Idrissi (Gemeente Purmerend)", {1, 14}: "2026-03-02 10:15",
		}
		if name == "CSV" {
			// With CRLF line ends encoding/csv writes no lone carriage
			// return; the apostrophe still leads.
			want[[2]int{2, 10}] = "'ref"
		} else {
			want[[2]int{1, 14}] = "02-03-2026 10:15" // a date cell, shown the Dutch way
		}
		for at, w := range want {
			if g := got[at[0]][at[1]]; g != w {
				t.Errorf("%s cell %v = %q, want %q", name, at, g, w)
			}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if formula, _ := f.GetCellFormula("Acties", "B2"); formula != "" {
		t.Errorf("B2 has formula %q", formula)
	}
	if raw, _ := f.GetCellValue("Acties", "H2", excelize.Options{RawCellValue: true}); raw != "46113" { // 1 April 2026 as an Excel serial day
		t.Errorf("due date cell holds %q, want the date serial 46113", raw)
	}
	if shown, _ := f.GetCellValue("Acties", "H2"); shown != "01-04-2026" {
		t.Errorf("due date shows as %q, want 01-04-2026", shown)
	}
	if typ, _ := f.GetCellType("Acties", "I2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("count done is a text cell")
	}

	var en bytes.Buffer
	if err := export.ActionsCSV(&en, rows, testMadeFor, export.EN); err != nil {
		t.Fatal(err)
	}
	if got := readCSV(t, en.Bytes()); got[0][1] != "Action" || got[1][6] != "In progress" {
		t.Errorf("English CSV: header %q, status %q", got[0], got[1][6])
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	b, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatal("CSV lacks the UTF-8 byte-order mark")
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return records
}

func readXLSX(t *testing.T, b []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: false})
	if err != nil {
		t.Fatalf("XLSX sheet %q: %v", sheet, err)
	}
	return rows
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
