package frontend

import (
	"io/fs"
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
	t.Run("Placeholder", func(t *testing.T) {
		for _, want := range []string{"<!DOCTYPE html>", `<html lang="nl">`, `<meta charset="utf-8">`, "<title>", "/api/v1", "docs/openapi.yaml", `lang="en"`,
			`href="/auth/login"`, `href="/api/v1/me"`, `href="/api/v1/workspaces"`} {
			if !strings.Contains(page, want) {
				t.Errorf("index.html lacks %q", want)
			}
		}
	})
	t.Run("NoScript", func(t *testing.T) {
		// The content security policy allows no inline script.
		if strings.Contains(strings.ToLower(page), "<script") {
			t.Error("index.html contains a script")
		}
	})
	t.Run("Stylesheet", func(t *testing.T) {
		if _, err := fs.Stat(static, "style.css"); err != nil || !strings.Contains(page, `href="/style.css"`) {
			t.Errorf("style.css missing or not linked: %v", err)
		}
	})
}
