package export

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
)

// Every page says who it was made for in a line at its top (.made-for).
// When printed, that line moves to the foot of every printed page: an
// element with position: fixed is repeated on each page by Chromium and
// Firefox, and the body's bottom padding, cloned onto every page by
// box-decoration-break, keeps the room it needs free of text. The PDF
// export is the format that guarantees it on every page.
//
// The printable pages carry their stylesheet in one <style> element and
// nothing else inline: no script, no style attribute, no external
// resource (charts are inline SVG with presentation attributes). So they
// need only the policy ContentSecurityPolicy returns, which allows exactly
// that stylesheet by its hash, and no nonce.

// stylesheet is the CSS of every printable page, screen and print.
const stylesheet = `
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .4rem; border-bottom: 2px solid #154273; padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; break-after: avoid; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; }
.doc-kind { text-transform: uppercase; letter-spacing: .05em; color: #154273; font-weight: 700; margin: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 1rem 0; }
dl.meta dt { font-weight: 700; }
dl.meta dd { margin: 0; }
.item-meta, .decided-at, .note { color: #4a4a4a; margin: .2rem 0; }
.decision-text { white-space: pre-line; margin: .2rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: .3rem 0; }
th, td { border: 1px solid #9aa3ae; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e1e5eb; }
tbody th { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
section, article { break-inside: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.charts > * { flex: 1 1 24rem; }
svg { max-width: 100%; height: auto; }
.made-for { border: 1px solid #9aa3ae; background: #f3f4f6; padding: .3rem .6rem; margin: 0 0 1rem; font-size: .9rem; }
.restricted { display: block; font-weight: 700; color: #8a1c1c; margin: .2rem 0; }
footer { margin-top: 2rem; border-top: 1px solid #9aa3ae; padding-top: .5rem; color: #4a4a4a; font-size: .9rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0 0 10mm; font-size: 10pt; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
  .made-for { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; border: 0; border-top: 1px solid #9aa3ae; background: #fff; font-size: 8pt; padding: 1mm 0 0; }
  h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
`

// ContentSecurityPolicy is the Content-Security-Policy header value the
// server should send with the HTML exports (DecisionList.HTML and
// ProgressReport.HTML) instead of the web app's policy: nothing may load,
// and the only style is the page's own <style> element, allowed by its
// SHA-256 hash.
func ContentSecurityPolicy() string {
	sum := sha256.Sum256([]byte(stylesheet))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

//go:embed templates/*.gohtml
var templateFiles embed.FS

// templates are parsed once; they hold no state between renders.
var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"date":     func(t time.Time, l Lang) string { return formatDate(t.In(zone()), l) },
	"datetime": formatDateTime,
	"due":      formatDue,
	"theme":    themeName,
	"join":     strings.Join,
	"inc":      func(i int) int { return i + 1 },
	"status":   func(s ketenhub.ActionStatus, l *labels) string { return l.Status[s] },
	"mark":     func(a Audience, l *labels) string { return a.mark(l) },
}).ParseFS(templateFiles, "templates/*.gohtml"))

// page is what every template gets: the labels, the language, the
// stylesheet and the made-for line, with the document's own data in Doc.
type page struct {
	L       *labels
	Lang    Lang
	Style   template.CSS
	MadeFor string
	Doc     any
}

// render writes template name for doc, made for mf. It refuses a document
// that does not say who it was made for.
func render(w io.Writer, name string, lang Lang, mf MadeFor, doc any) error {
	if err := mf.check(); err != nil {
		return err
	}
	if lang != EN {
		lang = NL
	}
	p := page{L: lang.labels(), Lang: lang, Style: template.CSS(stylesheet), MadeFor: mf.line(lang), Doc: doc}
	return templates.ExecuteTemplate(w, name, p)
}
