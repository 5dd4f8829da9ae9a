package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/ketenhub/ketenhub"
)

// HTML writes the list as a printable, accessible HTML page in lang. The
// page needs the Content-Security-Policy that ContentSecurityPolicy returns.
func (dl *DecisionList) HTML(w io.Writer, lang Lang) error {
	return render(w, "decisions", lang, dl.MadeFor, dl)
}

// PDF writes the list as an A4 PDF in lang.
func (dl *DecisionList) PDF(w io.Writer, lang Lang) error {
	l := lang.labels()
	m := dl.Meeting
	d, err := newPDF(l.DecisionList+": "+m.Title, dl.MadeFor, lang)
	if err != nil {
		return err
	}
	if err := d.text(fontBold, 10, l.DecisionList, 0); err != nil {
		return err
	}
	if err := d.text(fontBold, 18, m.Title, 0); err != nil {
		return err
	}
	d.space(6)
	meta := [][]string{
		{l.Meeting, l.MeetingKind[m.Kind]},
		{l.Workspace, dl.Workspace.Title},
		{l.Date, formatDateTime(m.StartsAt, lang)},
	}
	if m.Location != "" {
		meta = append(meta, []string{l.Location, m.Location})
	}
	if dl.Chair != "" {
		meta = append(meta, []string{l.Chair, dl.Chair})
	}
	meta = append(meta, []string{l.State, l.MeetingSt[m.State]})
	if len(dl.Attendance) > 0 {
		meta = append(meta, []string{l.Present, strings.Join(dl.Attendance, ", ")})
	}
	for _, kv := range meta {
		if err := d.text(fontRegular, 10, kv[0]+": "+kv[1], 0); err != nil {
			return err
		}
	}
	if len(dl.Items) == 0 {
		d.space(8)
		if err := d.text(fontRegular, 10, l.NoItems, 0); err != nil {
			return err
		}
	}
	for _, it := range dl.Items {
		if err := dl.itemPDF(d, l, lang, it); err != nil {
			return err
		}
	}
	d.space(12)
	if err := d.text(fontRegular, 8, l.OnlyVisible, 0); err != nil {
		return err
	}
	return d.finish(w)
}

func (dl *DecisionList) itemPDF(d *pdfDoc, l *labels, lang Lang, it DecisionItem) error {
	d.space(8)
	if err := d.heading(13, fmt.Sprintf("%s %s%s", l.Item, it.numbered(". "), it.Item.Title)); err != nil {
		return err
	}
	meta := l.ItemKind[it.Item.Kind]
	if it.ProposedBy != "" {
		meta += " · " + l.ProposedBy + " " + it.ProposedBy
	}
	if it.Presenter != "" {
		meta += " · " + l.Presenter + " " + it.Presenter
	}
	if it.Item.State == ketenhub.ItemDeferred {
		meta += " · " + l.ItemState[it.Item.State]
	}
	if err := d.text(fontRegular, 9, meta, 0); err != nil {
		return err
	}
	if err := d.mark(it.Audience); err != nil {
		return err
	}
	if len(it.Decisions) == 0 {
		return d.text(fontRegular, 10, l.NoDecisions, 0)
	}
	for i, e := range it.Decisions {
		d.space(4)
		if err := d.heading(11, fmt.Sprintf("%s %s%d", l.Decision, it.numbered("."), i+1)); err != nil {
			return err
		}
		if err := d.mark(e.Audience); err != nil {
			return err
		}
		if err := d.text(fontRegular, 10, e.Decision.Text, 0); err != nil {
			return err
		}
		if err := d.text(fontRegular, 8, l.DecidedAt+" "+formatDateTime(e.Decision.DecidedAt, lang), 0); err != nil {
			return err
		}
		if len(e.Actions) == 0 {
			continue
		}
		d.space(4)
		rows := make([][]string, len(e.Actions))
		for j, a := range e.Actions {
			title := a.Action.Title
			if mark := a.Audience.mark(l); mark != "" {
				title += "\n" + mark
			}
			rows[j] = []string{title, a.Owner, a.Lead, formatDue(a.Action.DueDate, lang), l.Status[a.Action.Status]}
		}
		cols := []pdfCol{{width: .36}, {width: .22}, {width: .16}, {width: .14}, {width: .12}}
		if err := d.table(cols, []string{l.ActionTitle, l.Owner, l.Lead, l.Due, l.StatusLabel}, rows); err != nil {
			return err
		}
	}
	return nil
}

// numbered is the item's number followed by after, as its headings begin;
// "" for an item without a number (a deferred one).
func (it DecisionItem) numbered(after string) string {
	if it.Number == 0 {
		return ""
	}
	return fmt.Sprintf("%d%s", it.Number, after)
}
