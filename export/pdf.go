package export

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDFs are drawn with github.com/signintech/gopdf (MIT): pure Go,
// maintained, with TrueType embedding and subsetting, so Dutch text
// (ë, é, €) renders. The font is the Go font family (golang.org/x/image,
// BSD licence, the same as Go's), which covers Latin, Greek and Cyrillic.

// Page geometry in points (A4).
const (
	pageW     = 595.28
	pageH     = 841.89
	margin    = 50.0
	bodyW     = pageW - 2*margin
	bottomY   = pageH - 60 // below it: the page footer
	cellPad   = 4.0
	lineSpace = 1.3 // line height as a multiple of the font size
)

const (
	fontRegular = "regular"
	fontBold    = "bold"
)

// pdfDoc is a page cursor over gopdf: text flows down the page and a new
// page starts when the next block does not fit.
type pdfDoc struct {
	p       *gopdf.GoPdf
	y       float64
	l       *labels
	madeFor string // the made-for line, in the footer of every page
	font    string
	size    float64
}

// newPDF starts a document for mf; it refuses one that does not say who
// it was made for.
func newPDF(title string, mf MadeFor, lang Lang) (*pdfDoc, error) {
	if err := mf.check(); err != nil {
		return nil, err
	}
	p := &gopdf.GoPdf{}
	p.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := p.AddTTFFontData(fontRegular, goregular.TTF); err != nil {
		return nil, fmt.Errorf("export: pdf font: %w", err)
	}
	if err := p.AddTTFFontData(fontBold, gobold.TTF); err != nil {
		return nil, fmt.Errorf("export: pdf font: %w", err)
	}
	line := mf.line(lang)
	p.SetInfo(gopdf.PdfInfo{Title: title, Subject: line, Creator: "Ketenhub", Producer: "Ketenhub"})
	d := &pdfDoc{p: p, l: lang.labels(), madeFor: line}
	d.newPage()
	return d, nil
}

func (d *pdfDoc) newPage() {
	d.p.AddPage()
	d.y = margin
	if d.font != "" { // gopdf forgets the font on a new page
		d.setFont(d.font, d.size)
	}
}

func (d *pdfDoc) setFont(font string, size float64) {
	d.font, d.size = font, size
	// Both fonts are added in newPDF, so SetFont cannot fail.
	_ = d.p.SetFont(font, "", size)
}

// fits starts a new page unless h more points fit on this one.
func (d *pdfDoc) fits(h float64) {
	if d.y+h > bottomY && d.y > margin {
		d.newPage()
	}
}

// clean makes user text printable on one line: control characters (tabs,
// carriage returns) become spaces; newlines stay for wrap to split on.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// wrap splits s into lines of at most width in the current font.
func (d *pdfDoc) wrap(s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(clean(s), "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		lines, err := d.p.SplitTextWithWordWrap(para, width)
		if err != nil { // only for an empty string, excluded above
			lines = []string{para}
		}
		out = append(out, lines...)
	}
	return out
}

func (d *pdfDoc) lineH() float64 { return d.size * lineSpace }

// text writes s in font and size, wrapped to the body width, indented by indent.
func (d *pdfDoc) text(font string, size float64, s string, indent float64) error {
	d.setFont(font, size)
	for _, line := range d.wrap(s, bodyW-indent) {
		d.fits(d.lineH())
		d.p.SetXY(margin+indent, d.y)
		if err := d.p.Cell(nil, line); err != nil {
			return err
		}
		d.y += d.lineH()
	}
	return nil
}

// heading writes a heading and keeps room for some lines after it, so a
// heading never ends a page.
func (d *pdfDoc) heading(size float64, s string) error {
	d.setFont(fontBold, size)
	d.fits(d.lineH()*float64(len(d.wrap(s, bodyW))) + 3*12)
	d.y += size * 0.4
	return d.text(fontBold, size, s, 0)
}

func (d *pdfDoc) space(h float64) { d.y += h }

// mark writes the restriction of a restricted item in bold on a line of
// its own, so that it stands out on a printed page; nothing for an open one.
func (d *pdfDoc) mark(a Audience) error {
	m := a.mark(d.l)
	if m == "" {
		return nil
	}
	return d.text(fontBold, 9, m, 0)
}

// pdfCol is a table column: its share of the body width and its alignment.
type pdfCol struct {
	width float64 // fraction of the body width
	right bool
}

// table draws a table with a bold header on a grey band, wrapping cells;
// the header is repeated on each page the table continues on.
func (d *pdfDoc) table(cols []pdfCol, header []string, rows [][]string) error {
	if err := d.tableRow(cols, header, true); err != nil {
		return err
	}
	for _, r := range rows {
		d.setFont(fontRegular, 9)
		if d.y+d.rowHeight(cols, r) > bottomY {
			d.newPage()
			if err := d.tableRow(cols, header, true); err != nil {
				return err
			}
		}
		if err := d.tableRow(cols, r, false); err != nil {
			return err
		}
	}
	d.space(6)
	return nil
}

func (d *pdfDoc) rowHeight(cols []pdfCol, cells []string) float64 {
	n := 1
	for i, c := range cols {
		n = max(n, len(d.wrap(cells[i], c.width*bodyW-2*cellPad)))
	}
	return float64(n)*d.lineH() + 2*cellPad
}

func (d *pdfDoc) tableRow(cols []pdfCol, cells []string, header bool) error {
	font := fontRegular
	if header {
		font = fontBold
	}
	d.setFont(font, 9)
	h := d.rowHeight(cols, cells)
	d.fits(h)
	if header {
		d.fillRect(margin, d.y, bodyW, h, [3]uint8{225, 229, 235})
	}
	x := margin
	for i, c := range cols {
		w := c.width * bodyW
		for j, line := range d.wrap(cells[i], w-2*cellPad) {
			lx := x + cellPad
			if c.right {
				lw, _ := d.p.MeasureTextWidth(line)
				lx = x + w - cellPad - lw
			}
			d.p.SetXY(lx, d.y+cellPad+float64(j)*d.lineH())
			if err := d.p.Cell(nil, line); err != nil {
				return err
			}
		}
		x += w
	}
	d.p.SetStrokeColor(170, 176, 186)
	d.p.SetLineWidth(0.5)
	d.p.Line(margin, d.y+h, margin+bodyW, d.y+h)
	d.y += h
	return nil
}

// fillRect fills a rectangle in colour c. PDF text is painted with the
// fill colour too, so it is set back to black afterwards.
func (d *pdfDoc) fillRect(x, y, w, h float64, c [3]uint8) {
	d.p.SetFillColor(c[0], c[1], c[2])
	d.p.RectFromUpperLeftWithStyle(x, y, w, h, "F")
	d.p.SetFillColor(0, 0, 0)
}

// finish writes the footer under every page and the document to w.
func (d *pdfDoc) finish(w io.Writer) error {
	n := d.p.GetNumberOfPages()
	for i := 1; i <= n; i++ {
		if err := d.p.SetPage(i); err != nil {
			return err
		}
		if err := d.footer(i, n); err != nil {
			return err
		}
	}
	_, err := d.p.WriteTo(w)
	return err
}

// footer writes the made-for line and "Pagina i van n" below page i: the
// made-for line on the left, wrapped (to at most the two lines the footer
// has room for) so that it never runs into the page number on the right.
func (d *pdfDoc) footer(i, n int) error {
	d.setFont(fontRegular, 8)
	d.p.SetTextColor(80, 80, 80)
	defer d.p.SetTextColor(0, 0, 0)
	page := fmt.Sprintf("%s %d %s %d", d.l.Page, i, d.l.Of, n)
	pw, err := d.p.MeasureTextWidth(page)
	if err != nil {
		return err
	}
	lines := d.wrap(d.madeFor, bodyW-pw-12)
	for j, line := range lines[:min(len(lines), 2)] {
		d.p.SetXY(margin, pageH-44+float64(j)*d.lineH())
		if err := d.p.Cell(nil, line); err != nil {
			return err
		}
	}
	d.p.SetXY(margin+bodyW-pw, pageH-44)
	return d.p.Cell(nil, page)
}
