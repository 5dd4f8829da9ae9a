package export_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
	"github.com/ketenhub/ketenhub/export/exporttest"
	"github.com/xuri/excelize/v2"
)

// The made-for lines of testMadeFor.
const (
	madeForNL = "Gemaakt voor Yasmina El Idrissi (Gemeente Purmerend) op 2 maart 2026, 10:15"
	madeForEN = "Made for Yasmina El Idrissi (Gemeente Purmerend) on 2 March 2026, 10:15"
)

// checkEveryPage checks that every page of a PDF carries the made-for line
// and its own page number, and returns the number of pages.
func checkEveryPage(t *testing.T, b []byte, line string) int {
	t.Helper()
	pages := exporttest.PDFPages(t, b)
	for i, text := range pages {
		if !pdfHas(text, line) {
			t.Errorf("page %d of %d lacks %q:\n%s", i+1, len(pages), line, text)
		}
		if page := fmt.Sprintf("Pagina %d van %d", i+1, len(pages)); !strings.Contains(text, page) {
			t.Errorf("page %d lacks %q", i+1, page)
		}
	}
	return len(pages)
}

// madeForRE finds the made-for line at the top of an HTML export.
var madeForRE = regexp.MustCompile(`<body>\s*<p class="made-for" role="note">([^<]*)</p>`)

// checkHTMLMadeFor checks that an HTML export opens with the made-for line.
func checkHTMLMadeFor(t *testing.T, page, line string) {
	t.Helper()
	m := madeForRE.FindStringSubmatch(page)
	if m == nil || m[1] != htmlEscape(line) {
		t.Errorf("the page does not open with %q: %v", line, m)
	}
}

// TestMadeForEveryPage: a long besluitenlijst says who it was made for on
// every PDF page, and the HTML at its top, in each language.
func TestMadeForEveryPage(t *testing.T) {
	long := constructedList()
	for i := 3; i <= 40; i++ {
		it := long.Items[0]
		it.Number = i
		long.Items = append(long.Items, it)
	}
	for lang, line := range map[export.Lang]string{export.NL: madeForNL, export.EN: madeForEN} {
		var p, h bytes.Buffer
		if err := long.PDF(&p, lang); err != nil {
			t.Fatal(err)
		}
		if lang == export.NL {
			if n := checkEveryPage(t, p.Bytes(), line); n < 3 {
				t.Errorf("%d pages; the test wants a list of several", n)
			}
		} else if !pdfHas(exporttest.PDFText(t, p.Bytes()), line) {
			t.Errorf("the English PDF lacks %q", line)
		}
		if err := long.HTML(&h, lang); err != nil {
			t.Fatal(err)
		}
		checkHTMLMadeFor(t, h.String(), line)
	}
}

// TestMadeForRequired: no renderer writes a document that does not say
// who it was made for.
func TestMadeForRequired(t *testing.T) {
	dl := constructedList()
	dl.MadeFor = export.MadeFor{}
	rep := &export.ProgressReport{}
	rows := []export.ActionRow{{Action: &ketenhub.Action{ID: 1, Title: "Actie"}}}
	for name, render := range map[string]func(*bytes.Buffer) error{
		"list HTML":   func(w *bytes.Buffer) error { return dl.HTML(w, export.NL) },
		"list PDF":    func(w *bytes.Buffer) error { return dl.PDF(w, export.NL) },
		"report HTML": func(w *bytes.Buffer) error { return rep.HTML(w, export.NL) },
		"report PDF":  func(w *bytes.Buffer) error { return rep.PDF(w, export.NL) },
		"CSV":         func(w *bytes.Buffer) error { return export.ActionsCSV(w, rows, export.MadeFor{}, export.NL) },
		"XLSX":        func(w *bytes.Buffer) error { return export.ActionsXLSX(w, rows, export.MadeFor{}, export.NL) },
	} {
		var b bytes.Buffer
		if err := render(&b); err == nil {
			t.Errorf("%s: written without saying who it was made for", name)
		}
	}
}

// TestMadeForWorkbook: the workbook says who it was made for on its info
// sheet and in the header of every printed page, with page numbers in
// the footer; "&" in a name is not read as a header code.
func TestMadeForWorkbook(t *testing.T) {
	mf := testMadeFor
	mf.Organisation = "Halt & Jeugd"
	var x bytes.Buffer
	rows := []export.ActionRow{{Action: &ketenhub.Action{ID: 1, Title: "Actie", Status: ketenhub.StatusOpen}, Owner: "Halt"}}
	if err := export.ActionsXLSX(&x, rows, mf, export.NL); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Acties", "Over dit bestand"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q, want %q", got, want)
	}
	for _, sheet := range f.GetSheetList() {
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if want := "&LGemaakt voor Yasmina El Idrissi (Halt && Jeugd) op 2 maart 2026, 10:15"; hf == nil || hf.OddHeader != want {
			t.Errorf("%s: header %+v, want %q", sheet, hf, want)
		}
		if hf != nil && hf.OddFooter != "&RPagina &P van &N" {
			t.Errorf("%s: footer %q", sheet, hf.OddFooter)
		}
	}
	info := readXLSX(t, x.Bytes(), "Over dit bestand")
	if len(info) < 3 || info[0][1] != "Yasmina El Idrissi (Halt & Jeugd)" || info[1][1] != "2 maart 2026, 10:15" || !strings.HasPrefix(info[2][1], "De kolom Zichtbaarheid") {
		t.Errorf("info sheet %q", info)
	}
}
