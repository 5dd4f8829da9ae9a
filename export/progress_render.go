package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ketenhub/ketenhub"
)

// statusColours are the bar colours per status; each has at least 3:1
// contrast against white (WCAG 1.4.11, non-text contrast).
var statusColours = map[ketenhub.ActionStatus][3]uint8{
	ketenhub.StatusOpen:        {0x5a, 0x64, 0x72},
	ketenhub.StatusLopend:      {0x15, 0x42, 0x73},
	ketenhub.StatusGereed:      {0x1d, 0x6b, 0x2f},
	ketenhub.StatusGeblokkeerd: {0xa4, 0x16, 0x1a},
	ketenhub.StatusVervallen:   {0x6b, 0x6b, 0x6b},
}

var (
	goalColour  = [3]uint8{0x15, 0x42, 0x73}
	trackColour = [3]uint8{0xe1, 0xe5, 0xeb}
)

func hexColour(c [3]uint8) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// The report as text and geometry, computed once for HTML and PDF.
type progressView struct {
	Title  string
	Period string
	Themes []themeView
}

type themeView struct {
	Name       string
	Workspaces []workspaceView
}

type workspaceView struct {
	ID         int64
	Title      string
	Goals      []goalView
	GoalChart  chartView
	Statuses   []statusView
	StatusBars chartView
	Total      int
	Overdue    int
	Meetings   string // "" when not counted
	Decisions  string
}

type goalView struct {
	Title    string
	Progress string // "4 van 8 controles"
	Percent  string // "50%" or "–"
	Actions  string // "2 van 3": visible actions done of all
	Frac     float64
	Measured bool
}

type statusView struct {
	Label  string
	Count  int
	Colour [3]uint8
}

// chartView is a horizontal bar chart in SVG user units.
type chartView struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []barView
}

type barView struct {
	Label          string
	LabelX, LabelY float64
	X, Y, W, H     float64
	TrackW         float64
	Value          string
	ValueX, ValueY float64
	Colour         string
}

// formatNumber writes a count or target without needless decimals, with
// the decimal separator of lang.
func formatNumber(f float64, lang Lang) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if f != float64(int64(f)) {
		s = strconv.FormatFloat(f, 'f', 1, 64)
	}
	if lang != EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (r *ProgressReport) view(lang Lang) progressView {
	l := lang.labels()
	v := progressView{Title: l.ProgressReport, Period: r.Period}
	if v.Period == "" {
		v.Period = l.AllPeriods
	} else {
		v.Title += " " + r.Period
	}
	for _, t := range r.Themes {
		tv := themeView{Name: themeName(t.Theme, lang)}
		for _, w := range t.Workspaces {
			tv.Workspaces = append(tv.Workspaces, workspaceViewOf(w, l, lang))
		}
		v.Themes = append(v.Themes, tv)
	}
	return v
}

func workspaceViewOf(w WorkspaceReport, l *labels, lang Lang) workspaceView {
	wv := workspaceView{ID: w.Workspace.ID, Title: w.Workspace.Title, Total: w.Actions.Total, Overdue: w.Actions.Overdue}
	if w.HasMeetings {
		wv.Meetings, wv.Decisions = strconv.Itoa(w.Meetings), strconv.Itoa(w.Decisions)
	}
	for _, g := range w.Goals {
		gv := goalView{Title: g.Goal.Title, Percent: "–"}
		if p := g.Goal.Progress; p != nil {
			gv.Actions = fmt.Sprintf("%d %s %d", p.Done, l.Of, p.Actions)
		}
		unit := g.Goal.Unit
		if g.ByActions {
			unit = l.ActionsDone
		}
		if p := g.Percent(); p >= 0 {
			gv.Percent, gv.Frac, gv.Measured = strconv.Itoa(p)+"%", float64(p)/100, true
			gv.Progress = strings.TrimSpace(fmt.Sprintf("%s %s %s %s", formatNumber(g.Done, lang), l.Of, formatNumber(g.Of, lang), unit))
		} else {
			gv.Progress = l.NoTarget
		}
		wv.Goals = append(wv.Goals, gv)
	}
	for _, s := range ketenhub.ActionStatuses {
		wv.Statuses = append(wv.Statuses, statusView{Label: l.Status[s], Count: w.Actions.ByStatus[s], Colour: statusColours[s]})
	}
	id := strconv.FormatInt(w.Workspace.ID, 10)
	wv.GoalChart = goalChart("goals-"+id, l.Goals+": "+w.Workspace.Title, l.GoalChartDesc, wv.Goals, l)
	wv.StatusBars = statusChart("status-"+id, l.ActionsByStatus+": "+w.Workspace.Title, l.StatusChartDesc, wv.Statuses)
	return wv
}

const chartW = 640

// goalChart puts each goal's title above its bar, since titles are long.
func goalChart(id, title, desc string, goals []goalView, l *labels) chartView {
	const rowH, barH, trackW = 38.0, 14.0, 520.0
	c := chartView{ID: id, Title: title, Desc: desc, Width: chartW, Height: int(rowH*float64(len(goals))) + 4}
	for i, g := range goals {
		y := rowH * float64(i)
		b := barView{
			Label: truncate(g.Title, 90), LabelX: 0, LabelY: y + 12,
			X: 0, Y: y + 17, W: trackW * g.Frac, H: barH, TrackW: trackW,
			Value: g.Percent, ValueX: trackW + 8, ValueY: y + 28, Colour: hexColour(goalColour),
		}
		if !g.Measured {
			b.Value = l.NoTarget
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// statusChart puts the status name left of its bar.
func statusChart(id, title, desc string, statuses []statusView) chartView {
	const rowH, barH, labelW, trackW = 26.0, 16.0, 110.0, 260.0
	c := chartView{ID: id, Title: title, Desc: desc, Width: 440, Height: int(rowH*float64(len(statuses))) + 4}
	most := 1
	for _, s := range statuses {
		most = max(most, s.Count)
	}
	for i, s := range statuses {
		y := rowH * float64(i)
		w := trackW * float64(s.Count) / float64(most)
		c.Bars = append(c.Bars, barView{
			Label: s.Label, LabelX: 0, LabelY: y + 16,
			X: labelW, Y: y + 4, W: w, H: barH, TrackW: trackW,
			Value: strconv.Itoa(s.Count), ValueX: labelW + w + 6, ValueY: y + 16, Colour: hexColour(s.Colour),
		})
	}
	return c
}

// truncate shortens s to at most n characters, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// HTML writes the report as a printable, accessible HTML page in lang,
// with its charts as inline SVG (each role="img" with a title and a
// description, and a data table beside it with the same figures). The
// page needs the Content-Security-Policy that ContentSecurityPolicy returns.
func (r *ProgressReport) HTML(w io.Writer, lang Lang) error {
	return render(w, "progress", lang, r.MadeFor, r.view(lang))
}

// PDF writes the report as an A4 PDF in lang, with the same figures and
// bar charts drawn as rectangles.
func (r *ProgressReport) PDF(w io.Writer, lang Lang) error {
	l := lang.labels()
	v := r.view(lang)
	d, err := newPDF(v.Title, r.MadeFor, lang)
	if err != nil {
		return err
	}
	if err := d.text(fontBold, 18, v.Title, 0); err != nil {
		return err
	}
	if err := d.text(fontRegular, 10, l.Period+": "+v.Period, 0); err != nil {
		return err
	}
	if len(v.Themes) == 0 {
		d.space(8)
		if err := d.text(fontRegular, 10, l.NoWorkspaces, 0); err != nil {
			return err
		}
	}
	for _, t := range v.Themes {
		d.space(10)
		if err := d.heading(15, t.Name); err != nil {
			return err
		}
		for _, wv := range t.Workspaces {
			if err := workspacePDF(d, l, wv); err != nil {
				return err
			}
		}
	}
	d.space(12)
	if err := d.text(fontRegular, 8, l.OnlyVisible, 0); err != nil {
		return err
	}
	return d.finish(w)
}

func workspacePDF(d *pdfDoc, l *labels, wv workspaceView) error {
	d.space(4)
	if err := d.heading(12.5, wv.Title); err != nil {
		return err
	}
	if err := d.heading(10.5, l.Goals); err != nil {
		return err
	}
	if len(wv.Goals) == 0 {
		if err := d.text(fontRegular, 10, l.NoGoals, 0); err != nil {
			return err
		}
	} else {
		if err := goalBarsPDF(d, wv.Goals, l); err != nil {
			return err
		}
		rows := make([][]string, len(wv.Goals))
		for i, g := range wv.Goals {
			rows[i] = []string{g.Title, g.Progress, g.Percent, g.Actions}
		}
		cols := []pdfCol{{width: .48}, {width: .24}, {width: .12, right: true}, {width: .16, right: true}}
		if err := d.table(cols, []string{l.Goal, l.Progress, l.Percent, l.ActionsDoneCol}, rows); err != nil {
			return err
		}
	}
	if err := d.heading(10.5, l.ActionsByStatus); err != nil {
		return err
	}
	if err := statusBarsPDF(d, wv.Statuses); err != nil {
		return err
	}
	rows := [][]string{}
	for _, s := range wv.Statuses {
		rows = append(rows, []string{s.Label, strconv.Itoa(s.Count)})
	}
	rows = append(rows, []string{l.Total, strconv.Itoa(wv.Total)}, []string{l.Overdue, strconv.Itoa(wv.Overdue)})
	if wv.Meetings != "" {
		rows = append(rows, []string{l.Meetings, wv.Meetings}, []string{l.Decisions, wv.Decisions})
	}
	return d.table([]pdfCol{{width: .5}, {width: .2, right: true}}, []string{l.StatusLabel, l.Count}, rows)
}

// goalBarsPDF draws one bar per goal: its title, then a grey track with the
// progress filled and the percentage after it.
func goalBarsPDF(d *pdfDoc, goals []goalView, l *labels) error {
	const trackW, barH = 400.0, 9.0
	for _, g := range goals {
		d.setFont(fontRegular, 8.5)
		d.fits(d.lineH() + barH + 8)
		d.p.SetXY(margin, d.y)
		if err := d.p.Cell(nil, truncate(clean(g.Title), 100)); err != nil {
			return err
		}
		d.y += d.lineH()
		d.fillRect(margin, d.y, trackW, barH, trackColour)
		value := l.NoTarget
		if g.Measured {
			value = g.Percent
			if g.Frac > 0 {
				d.fillRect(margin, d.y, trackW*g.Frac, barH, goalColour)
			}
		}
		d.p.SetXY(margin+trackW+6, d.y)
		if err := d.p.Cell(nil, value); err != nil {
			return err
		}
		d.y += barH + 6
	}
	d.space(4)
	return nil
}

// statusBarsPDF draws one bar per status, scaled to the largest count.
func statusBarsPDF(d *pdfDoc, statuses []statusView) error {
	const labelW, trackW, barH = 90.0, 260.0, 11.0
	most := 1
	for _, s := range statuses {
		most = max(most, s.Count)
	}
	d.setFont(fontRegular, 8.5)
	d.fits(float64(len(statuses)) * (barH + 5))
	for _, s := range statuses {
		d.p.SetXY(margin, d.y)
		if err := d.p.Cell(nil, s.Label); err != nil {
			return err
		}
		w := trackW * float64(s.Count) / float64(most)
		if w > 0 {
			d.fillRect(margin+labelW, d.y, w, barH, s.Colour)
		}
		d.p.SetXY(margin+labelW+w+5, d.y)
		if err := d.p.Cell(nil, strconv.Itoa(s.Count)); err != nil {
			return err
		}
		d.y += barH + 5
	}
	d.space(4)
	return nil
}
