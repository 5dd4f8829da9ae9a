package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/xuri/excelize/v2"
)

// ActionRow is an action joined with the names a reader needs: its goal's
// title, its owner organisation's and its lead's names, and who may see it.
type ActionRow struct {
	Action   *ketenhub.Action
	Goal     string // goal title, "" when none
	Owner    string // owner organisation name
	Lead     string // lead user name, "" when none
	Audience Audience
}

// MaxActionRows bounds one actions export, so that a request cannot make
// the server hold an unbounded list in memory. It is far above any real
// action list (the demo region has forty actions).
const MaxActionRows = 20000

// pageSize is the page CollectActions asks for; the store caps pages at 200.
const pageSize = 200

// CollectActions gathers the actions of a workspace that match f (its
// WorkspaceID, Offset and Limit are ignored) and that the viewer in ctx may
// see, reading every page of ActionService.FindActions. It returns
// ENOTFOUND if the workspace is not visible, and ETOOLARGE past
// MaxActionRows.
func CollectActions(ctx context.Context, svc ketenhub.Services, workspaceID int64, f ketenhub.ActionFilter) ([]ActionRow, error) {
	if _, err := svc.Workspaces.FindWorkspaceByID(ctx, workspaceID); err != nil {
		return nil, err
	}
	f.WorkspaceID, f.Limit = workspaceID, pageSize
	n, goals := newNames(svc), goalTitles{svc: svc}
	var rows []ActionRow
	seen := map[int64]bool{} // an action created between pages shifts the offsets
	for f.Offset = 0; ; f.Offset += pageSize {
		page, total, err := svc.Actions.FindActions(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("export: actions: %w", err)
		}
		if total > MaxActionRows {
			return nil, ketenhub.Errorf(ketenhub.ETOOLARGE,
				fmt.Sprintf("Too many actions to export (%d, at most %d); narrow the filter.", total, MaxActionRows),
				fmt.Sprintf("Te veel acties om te exporteren (%d, hoogstens %d); verfijn het filter.", total, MaxActionRows))
		}
		for _, a := range page {
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			row, err := actionRow(ctx, n, &goals, a)
			if err != nil {
				return nil, err
			}
			rows = append(rows, row)
		}
		if len(page) == 0 || f.Offset+len(page) >= total {
			return rows, nil
		}
	}
}

func actionRow(ctx context.Context, n *names, goals *goalTitles, a *ketenhub.Action) (ActionRow, error) {
	row := ActionRow{Action: a}
	var err error
	if row.Owner, err = n.org(ctx, a.OwnerOrganisationID); err != nil {
		return row, err
	}
	if row.Lead, err = n.user(ctx, a.LeadUserID); err != nil {
		return row, err
	}
	if row.Audience, err = n.audience(ctx, a.Visibility); err != nil {
		return row, err
	}
	if a.GoalID != nil {
		if row.Goal, err = goals.title(ctx, a.WorkspaceID, *a.GoalID); err != nil {
			return row, err
		}
	}
	return row, nil
}

// goalTitles finds goal titles, reading each workspace's goals once.
type goalTitles struct {
	svc    ketenhub.Services
	titles map[int64]string
	read   map[int64]bool // workspaces read
}

func (g *goalTitles) title(ctx context.Context, workspaceID, goalID int64) (string, error) {
	if !g.read[workspaceID] {
		list, err := g.svc.Goals.FindGoals(ctx, workspaceID)
		if err != nil {
			return "", fmt.Errorf("export: goals: %w", err)
		}
		if g.titles == nil {
			g.titles, g.read = map[int64]string{}, map[int64]bool{}
		}
		g.read[workspaceID] = true
		for _, goal := range list {
			g.titles[goal.ID] = goal.Title
		}
	}
	return g.titles[goalID], nil
}

// actionColumns are the columns of the CSV and XLSX exports, in order.
// The last two say who the file was made for and when, on every row: a
// CSV has no pages, headers or footers, and a line above or below the
// table would be read as a record by every parser and sorted in among the
// actions. A column keeps the table rectangular and travels with every
// row that is copied or filtered out of it.
func actionColumns(l *labels) []string {
	return []string{"ID", l.ActionTitle, l.Description, l.Goal, l.Owner, l.Lead, l.StatusLabel,
		l.Due, l.CountDone, l.CountTarget, l.ExternalRef, l.Visibility, l.Updated, l.MadeFor, l.MadeAt}
}

// Columns of actionColumns that the workbook writes as typed cells.
const (
	colDue         = 7
	colCountDone   = 8
	colCountTarget = 9
	colUpdated     = 12
	colMadeAt      = 14
)

// actionRecord is one action as text cells, in the order of actionColumns.
// Dates are ISO (YYYY-MM-DD), which every spreadsheet sorts and reads.
func actionRecord(r ActionRow, mf MadeFor, l *labels) []string {
	a := r.Action
	due, target := "", ""
	if a.DueDate != nil {
		due = *a.DueDate
	}
	if a.CountTarget != nil {
		target = strconv.FormatInt(*a.CountTarget, 10)
	}
	updated := ""
	if !a.UpdatedAt.IsZero() {
		updated = isoMinute(a.UpdatedAt)
	}
	return []string{
		strconv.FormatInt(a.ID, 10), a.Title, a.Description, r.Goal, r.Owner, r.Lead, l.Status[a.Status],
		due, strconv.FormatInt(a.CountDone, 10), target, a.ExternalRef, r.Audience.cell(l), updated,
		mf.who(), isoMinute(mf.At),
	}
}

// isoMinute writes a moment in Dutch time as "2026-03-02 10:00", which
// spreadsheets read as a date and time in any language.
func isoMinute(t time.Time) string { return t.In(zone()).Format("2006-01-02 15:04") }

// ActionsCSV writes rows as CSV for spreadsheets: UTF-8 with a byte-order
// mark (without it Excel reads UTF-8 as Windows-1252 and breaks ë and é),
// CRLF line ends, and a semicolon between fields, since Excel with Dutch
// regional settings, where the comma is the decimal separator, splits on
// ';' and would put a comma-separated line in one cell. English uses ';'
// too, so that one file opens the same everywhere. Text cells that a
// spreadsheet would run as a formula are defused (see defuse). Who the
// file was made for and when is in the last two columns of every row (see
// actionColumns).
func ActionsCSV(w io.Writer, rows []ActionRow, mf MadeFor, lang Lang) error {
	if err := mf.check(); err != nil {
		return err
	}
	l := lang.labels()
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	if err := cw.Write(actionColumns(l)); err != nil {
		return err
	}
	for _, r := range rows {
		rec := actionRecord(r, mf, l)
		for i := range rec {
			rec[i] = defuse(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a spreadsheet from running user text as a formula (CSV or
// formula injection, OWASP): a cell that starts with = + - @, a tab or a
// carriage return gets a leading apostrophe, which spreadsheets show as
// text. The numbers we write ourselves never start with those.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ActionsXLSX writes rows as an Excel workbook: a sheet of actions with a
// bold, frozen header row with a filter, numbers as numbers and due dates
// as dates, and a second sheet that says who the file was made for, when,
// and what the Zichtbaarheid column means. Every printed page of both
// carries the made-for line in its header and page numbers in its footer.
// Text goes in as text cells, which Excel never evaluates; it is defused
// as in the CSV all the same, since users copy cells onward.
func ActionsXLSX(w io.Writer, rows []ActionRow, mf MadeFor, lang Lang) error {
	if err := mf.check(); err != nil {
		return err
	}
	l := lang.labels()
	f := excelize.NewFile()
	defer f.Close()
	sheet := l.ActionsSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := xlsxStyles(f, lang)
	if err != nil {
		return err
	}
	if err := actionsSheet(f, sheet, rows, mf, lang, st); err != nil {
		return err
	}
	if err := infoSheet(f, mf, lang, st); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// actionsSheet streams the table of actions into sheet.
func actionsSheet(f *excelize.File, sheet string, rows []ActionRow, mf MadeFor, lang Lang, st xlsxStyle) error {
	// The stream writer writes the page setup when it flushes, from what
	// the sheet holds when it starts: so the header goes in first.
	if err := f.SetHeaderFooter(sheet, printHeaderFooter(mf, lang)); err != nil {
		return err
	}
	l := lang.labels()
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	cols := actionColumns(l)
	for i, width := range []float64{8, 50, 50, 36, 30, 24, 14, 12, 10, 10, 22, 40, 17, 36, 17} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{Value: c, StyleID: st.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, xlsxRow(r, mf, l, st)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), max(len(rows)+1, 2))
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

// infoSheet adds the sheet that says, readably on screen, who the file
// was made for, when, and how to read its visibility column.
func infoSheet(f *excelize.File, mf MadeFor, lang Lang, st xlsxStyle) error {
	l := lang.labels()
	sheet := l.InfoSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, printHeaderFooter(mf, lang)); err != nil {
		return err
	}
	rows := [][]any{
		{l.MadeFor, defuse(mf.who())},
		{l.MadeAt, formatDateTime(mf.At, lang)},
		{l.Visibility, l.VisibilityNote},
		{nil, l.OnlyVisible},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	last := strconv.Itoa(len(rows))
	for _, c := range []struct {
		col   string
		width float64
		style int
	}{{"A", 18, st.header}, {"B", 90, st.text}} {
		if err := f.SetColWidth(sheet, c.col, c.col, c.width); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, c.col+"1", c.col+last, c.style); err != nil {
			return err
		}
	}
	return nil
}

// printHeaderFooter puts the made-for line at the top of every printed
// page and the page number ("Pagina 2 van 5") at the bottom.
func printHeaderFooter(mf MadeFor, lang Lang) *excelize.HeaderFooterOptions {
	l := lang.labels()
	// "&" starts a code in a header; a header holds at most 255 characters.
	line := strings.ReplaceAll(truncate(mf.line(lang), 200), "&", "&&")
	return &excelize.HeaderFooterOptions{
		OddHeader: "&L" + line,
		OddFooter: fmt.Sprintf("&R%s &P %s &N", l.Page, l.Of),
	}
}

type xlsxStyle struct{ header, date, text, stamp int }

func xlsxStyles(f *excelize.File, lang Lang) (xlsxStyle, error) {
	dateFmt := "dd-mm-yyyy"
	if lang == EN {
		dateFmt = "yyyy-mm-dd"
	}
	var st xlsxStyle
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, err
	}
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return st, err
	}
	stampFmt := dateFmt + " hh:mm"
	if st.stamp, err = f.NewStyle(&excelize.Style{CustomNumFmt: &stampFmt}); err != nil {
		return st, err
	}
	st.text, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return st, err
}

// xlsxRow is one action as typed cells in the order of actionColumns.
func xlsxRow(r ActionRow, mf MadeFor, l *labels, st xlsxStyle) []any {
	rec := actionRecord(r, mf, l)
	a := r.Action
	row := make([]any, len(rec))
	for i, s := range rec {
		row[i] = excelize.Cell{Value: defuse(s), StyleID: st.text}
	}
	row[0] = a.ID
	if a.DueDate != nil {
		if d, err := time.Parse(time.DateOnly, *a.DueDate); err == nil {
			row[colDue] = excelize.Cell{Value: d, StyleID: st.date}
		}
	}
	row[colCountDone] = a.CountDone
	if a.CountTarget != nil {
		row[colCountTarget] = *a.CountTarget
	}
	if !a.UpdatedAt.IsZero() {
		row[colUpdated] = xlsxStamp(a.UpdatedAt, st)
	}
	row[colMadeAt] = xlsxStamp(mf.At, st)
	return row
}

// xlsxStamp is a moment as a date-and-time cell. Excel has no time zones:
// it holds the Dutch wall-clock time.
func xlsxStamp(t time.Time, st xlsxStyle) excelize.Cell {
	local := t.In(zone())
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
	return excelize.Cell{Value: wall, StyleID: st.stamp}
}
