// Package frontend holds the web app, built into dist/ and embedded in the
// binary so that Ketenhub ships as one file. Until the web app's issue
// replaces it with a Vite build, dist/ holds a placeholder page.
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

// FS returns the built web app, rooted at dist/ (index.html at its top).
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub only fails on an invalid path, and "dist" is valid.
		panic(err)
	}
	return sub
}
