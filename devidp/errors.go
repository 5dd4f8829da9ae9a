package devidp

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

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

// hidePlainErrors keeps the text of op's plain-text error answers, which
// quote the Go error behind them ("ErrorType=invalid_request ... Parent=
// invalid URL escape"), from the client: it logs the text and answers with
// the bilingual message of the code of op's status instead. op's OAuth
// error answers (JSON, and redirects with error parameters) pass unchanged.
func (p *Provider) hidePlainErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&plainErrorFilter{ResponseWriter: w, p: p, r: r}, r)
	})
}

// plainErrorFilter is the response writer of hidePlainErrors.
type plainErrorFilter struct {
	http.ResponseWriter
	p      *Provider
	r      *http.Request
	status int // op's status, once its plain-text error is being swallowed
}

func (f *plainErrorFilter) WriteHeader(status int) {
	if status < http.StatusBadRequest || !strings.HasPrefix(f.Header().Get("Content-Type"), "text/plain") {
		f.ResponseWriter.WriteHeader(status)
		return
	}
	f.status = status
	e := errInternal
	if code := codeOfStatus(status); code != ketenhub.EINTERNAL {
		e = ketenhub.Errorf(code,
			"The development identity provider refused this request; its log says why.",
			"De ontwikkel-identiteitsprovider heeft dit verzoek geweigerd; het log zegt waarom.")
	}
	f.Header().Del("Content-Length")
	f.p.fail(f.ResponseWriter, f.r, e, nil)
}

func (f *plainErrorFilter) Write(b []byte) (int, error) {
	if f.status == 0 {
		return f.ResponseWriter.Write(b)
	}
	f.p.log.WarnContext(f.r.Context(), "devidp: request refused", "path", f.r.URL.Path, "status", f.status,
		"error", strings.TrimSpace(string(b)))
	return len(b), nil
}

// codeOfStatus is the error code whose status (ketenhub.StatusOf) is
// status, EINTERNAL for a status no client error code has.
func codeOfStatus(status int) string {
	for _, code := range []string{ketenhub.EINVALID, ketenhub.EUNAUTHORIZED, ketenhub.EFORBIDDEN, ketenhub.ENOTFOUND,
		ketenhub.EMETHODNOTALLOWED, ketenhub.ECONFLICT, ketenhub.ETOOLARGE, ketenhub.ERATELIMIT} {
		if ketenhub.StatusOf(code) == status {
			return code
		}
	}
	return ketenhub.EINTERNAL
}
