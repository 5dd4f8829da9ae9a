package frontend

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func TestFS(t *testing.T) {
	static := FS()
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		t.Fatalf("index.html is not at the root of FS: %v", err)
	}
	page := string(index)
	for _, want := range []string{`<html lang="nl">`, "<title>"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	t.Run("NoInlineScript", func(t *testing.T) {
		// The content security policy allows scripts from files only: every
		// script element must have a src and no body.
		for _, m := range regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				t.Errorf("inline script in index.html: %s", m[0])
			}
		}
		if regexp.MustCompile(`(?i)\son[a-z]+\s*=`).MatchString(page) {
			t.Error("index.html has an inline event handler")
		}
	})
	t.Run("Stylesheet", func(t *testing.T) {
		// The server-rendered sign-in pages link /style.css when it exists.
		if _, err := fs.Stat(static, "style.css"); err != nil {
			t.Errorf("style.css missing: %v", err)
		}
	})
	if Built() {
		t.Run("Built", func(t *testing.T) {
			assets, err := fs.ReadDir(static, "assets")
			if err != nil || len(assets) == 0 {
				t.Fatalf("the build has no assets/: %v", err)
			}
			for _, a := range assets {
				// Hashed names are what lets the server cache them for a year.
				if !regexp.MustCompile(`-[A-Za-z0-9_-]{8}\.(js|css)$`).MatchString(a.Name()) {
					t.Errorf("asset %s has no content hash in its name", a.Name())
				}
				if !strings.Contains(page, "/assets/"+a.Name()) {
					t.Errorf("index.html does not load %s", a.Name())
				}
			}
		})
	}
}

func TestPlaceholder(t *testing.T) {
	p := sub(placeholder, "placeholder")
	index, err := fs.ReadFile(p, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(index)
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="nl">`, `<meta charset="utf-8">`, "make build", `lang="en"`,
		`href="/auth/login"`, `href="/style.css"`} {
		if !strings.Contains(page, want) {
			t.Errorf("placeholder lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Error("placeholder contains a script")
	}
	if _, err := fs.Stat(p, "style.css"); err != nil {
		t.Error(err)
	}
}
