// Package frontend holds the web app, built by Vite into dist/ and embedded
// in the binary so that Ketenhub ships as one file.
//
// dist/ is build output and not committed, except for an empty dist/.gitkeep
// that keeps the directory (and so the go:embed pattern) valid in a clean
// clone: `go build` then compiles, and FS serves placeholder/ instead, a page
// that says how to build the web app. `make run`, `make build` and
// `make test` build the web app first (npm ci && npm run build).
package frontend

import (
	"embed"
	"io/fs"
)

// dist is the built web app; "all:" keeps files whose names start with a
// dot or an underscore, which bundlers sometimes emit.
//
//go:embed all:dist
var dist embed.FS

// placeholder is served when dist/ holds no build.
//
//go:embed placeholder
var placeholder embed.FS

// FS returns the built web app, rooted at dist/ (index.html at its top), or
// the placeholder page when the web app was not built.
func FS() fs.FS {
	if Built() {
		return sub(dist, "dist")
	}
	return sub(placeholder, "placeholder")
}

// Built reports whether the binary holds the built web app.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}

func sub(f embed.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		// fs.Sub only fails on an invalid path, and dir is valid.
		panic(err)
	}
	return s
}
