// Package exporttest reads exported documents back as text, so that tests
// can check what a PDF or a spreadsheet holds, not just that it exists.
package exporttest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// PDFText checks that b is a PDF that parses and returns its text, a line
// per row of text.
func PDFText(t testing.TB, b []byte) string {
	t.Helper()
	return strings.Join(PDFPages(t, b), "")
}

// PDFPages checks that b is a PDF that parses and returns the text of each
// page, a line per row of text, so that tests can check what every page
// carries (such as its footer).
func PDFPages(t testing.TB, b []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: starts with %q", b[:min(len(b), 8)])
	}
	rd, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("PDF does not parse: %v", err)
	}
	if rd.NumPage() < 1 {
		t.Fatal("PDF has no pages")
	}
	pages := make([]string, rd.NumPage())
	for i := range pages {
		rows, err := rd.Page(i + 1).GetTextByRow()
		if err != nil {
			t.Fatalf("PDF page %d: %v", i+1, err)
		}
		var sb strings.Builder
		for _, row := range rows {
			for _, w := range row.Content {
				sb.WriteString(w.S)
			}
			sb.WriteByte('\n')
		}
		pages[i] = sb.String()
	}
	return pages
}

// ZipText returns the contents of every file in a zip archive (such as an
// XLSX workbook) one after the other, failing unless b is one.
func ZipText(t testing.TB, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		if _, err := io.Copy(&sb, rc); err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		rc.Close()
	}
	return sb.String()
}

// Text returns what a document of the media type holds as text: PDFs and
// XLSX workbooks are unpacked, anything else is taken as it is.
func Text(t testing.TB, contentType string, b []byte) string {
	t.Helper()
	switch {
	case strings.HasPrefix(contentType, "application/pdf"):
		return PDFText(t, b)
	case strings.HasPrefix(contentType, "application/vnd.openxmlformats"):
		return ZipText(t, b)
	}
	return string(b)
}
