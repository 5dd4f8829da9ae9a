package devidp

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/ketenhub/ketenhub"
)

// errInternal is what a client learns of a failure inside the provider.
var errInternal = ketenhub.Errorf(ketenhub.EINTERNAL,
	"Something went wrong in the development identity provider. Please try again.",
	"Er ging iets mis in de ontwikkel-identiteitsprovider. Probeer het opnieuw.")

// fail answers a request to one of the provider's own endpoints (not its
// pages, see showError) with e's messages in Dutch and English as plain
// text, with the status of e's code. cause, if any, is logged and never
// sent: a Go error's text does not reach a client.
func (p *Provider) fail(w http.ResponseWriter, r *http.Request, e *ketenhub.Error, cause error) {
	status := ketenhub.StatusOf(e.Code)
	if cause != nil {
		level := slog.LevelWarn
		if status >= http.StatusInternalServerError {
			level = slog.LevelError
		}
		p.log.Log(r.Context(), level, "devidp: request failed", "path", r.URL.Path, "code", e.Code, "error", cause)
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, "%s\n%s\n", e.MessageNL, e.Message)
}
