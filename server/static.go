package server

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// Cache policies of the web app's files. Vite puts content-hashed files
// under assets/: they never change, so browsers may keep them for a year.
// Everything else, index.html above all, is revalidated on every load so
// that a new release is picked up at once.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	assetsDir       = "assets/"
)

// serveStatic serves the web app for GET and HEAD requests outside /api/:
// the file asked for when it exists, index.html (the app's router takes it
// from there) for any other page. It reports whether it answered.
func (s *Server) serveStatic(c *gin.Context) bool {
	m := c.Request.Method
	p := c.Request.URL.Path
	if s.cfg.Static == nil || (m != http.MethodGet && m != http.MethodHead) || !pagePath(p) {
		return false
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" || name == "index.html" {
		return s.serveFile(c, "index.html", cacheRevalidate)
	}
	if fs.ValidPath(name) && s.serveFile(c, name, cacheFor(name)) {
		return true
	}
	if strings.HasPrefix(name, assetsDir) || path.Ext(name) != "" {
		return false // a missing file, not a page: 404
	}
	return s.serveFile(c, "index.html", cacheRevalidate)
}

// serverPrefixes are the paths that belong to the server, never to the web
// app: an unknown address under them is a 404, not the app's index page
// (which would hide a wrong API or sign-in URL behind a 200).
var serverPrefixes = []string{"/api", "/auth", "/dev-idp"}

// pagePath reports whether p may be a page of the web app.
func pagePath(p string) bool {
	for _, prefix := range serverPrefixes {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return false
		}
	}
	return true
}

func cacheFor(name string) string {
	if strings.HasPrefix(name, assetsDir) {
		return cacheImmutable
	}
	return cacheRevalidate
}

// serveFile serves one regular file of the web app, if it exists.
func (s *Server) serveFile(c *gin.Context, name, cache string) bool {
	f, err := s.cfg.Static.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		return false
	}
	content, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			return false
		}
		content = bytes.NewReader(b)
	}
	c.Header("Cache-Control", cache)
	// Embedded files have no modification time; ServeContent then sends no Last-Modified.
	http.ServeContent(c.Writer, c.Request, name, info.ModTime(), content)
	c.Abort()
	return true
}
