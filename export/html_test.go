package export_test

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub/export"
)

func htmlEscape(s string) string { return html.EscapeString(s) }

var (
	styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	thRE    = regexp.MustCompile(`<th\b[^>]*>`)
	idRE    = regexp.MustCompile(`\sid="([^"]+)"`)
)

// checkPage checks what every HTML export must be: the language named,
// one heading 1, header cells scoped, ids unique, and nothing the
// Content-Security-Policy of ContentSecurityPolicy would block.
func checkPage(t *testing.T, page, lang string) {
	t.Helper()
	if !strings.HasPrefix(page, "<!doctype html>\n<html lang=\""+lang+"\">") {
		t.Errorf("page does not start with a doctype and lang %q: %.80q", lang, page)
	}
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	for _, th := range thRE.FindAllString(page, -1) {
		if !strings.Contains(th, `scope="col"`) && !strings.Contains(th, `scope="row"`) {
			t.Errorf("header cell without scope: %s", th)
		}
	}
	ids := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		if ids[m[1]] {
			t.Errorf("id %q is not unique", m[1])
		}
		ids[m[1]] = true
	}
	for _, bad := range []string{"<script", " style=", "<link", "<img", "javascript:", " on"} {
		if bad == " on" {
			if regexp.MustCompile(`\son[a-z]+=`).MatchString(page) {
				t.Error("page has an event handler attribute")
			}
			continue
		}
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q, which the export policy blocks", bad)
		}
	}
	styles := styleRE.FindAllStringSubmatch(page, -1)
	if len(styles) != 1 {
		t.Fatalf("%d style elements, want 1", len(styles))
	}
	sum := sha256.Sum256([]byte(styles[0][1]))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if csp := export.ContentSecurityPolicy(); !strings.Contains(csp, "style-src "+hash) {
		t.Errorf("policy %q does not allow the page's style %s", csp, hash)
	}
}
