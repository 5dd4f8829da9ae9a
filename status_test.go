package ketenhub_test

import (
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// The one mapping from code to status: every code has its status and a
// title in both languages, and an unknown code is an internal error.
func TestStatusOf(t *testing.T) {
	for _, tt := range []struct {
		code string
		want int
	}{
		{ketenhub.EINVALID, http.StatusBadRequest},
		{ketenhub.EUNAUTHORIZED, http.StatusUnauthorized},
		{ketenhub.EFORBIDDEN, http.StatusForbidden},
		{ketenhub.ENOTFOUND, http.StatusNotFound},
		{ketenhub.EMETHODNOTALLOWED, http.StatusMethodNotAllowed},
		{ketenhub.ETIMEOUT, http.StatusRequestTimeout},
		{ketenhub.ECONFLICT, http.StatusConflict},
		{ketenhub.ETOOLARGE, http.StatusRequestEntityTooLarge},
		{ketenhub.EPERSONALDATA, http.StatusUnprocessableEntity},
		{ketenhub.ERATELIMIT, http.StatusTooManyRequests},
		{ketenhub.EINTERNAL, http.StatusInternalServerError},
		{ketenhub.EUPSTREAM, http.StatusBadGateway},
		{ketenhub.EUNAVAILABLE, http.StatusServiceUnavailable},
		{ketenhub.ENOTREADY, http.StatusServiceUnavailable},
	} {
		t.Run(tt.code, func(t *testing.T) {
			if got := ketenhub.StatusOf(tt.code); got != tt.want {
				t.Errorf("StatusOf(%q) = %d, want %d", tt.code, got, tt.want)
			}
			if !ketenhub.KnownCode(tt.code) {
				t.Errorf("KnownCode(%q) = false", tt.code)
			}
			en, nl := ketenhub.TitleOf(tt.code)
			if en == "" || nl == "" {
				t.Errorf("TitleOf(%q) = %q, %q; want both", tt.code, en, nl)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		if got, want := ketenhub.StatusOf("no_such_code"), http.StatusInternalServerError; got != want {
			t.Errorf("StatusOf = %d, want %d", got, want)
		}
		if ketenhub.KnownCode("no_such_code") || ketenhub.KnownCode("") {
			t.Error("KnownCode of an unknown code = true")
		}
		if en, nl := ketenhub.TitleOf("no_such_code"); en != "Internal error" || nl != "Interne fout" {
			t.Errorf("TitleOf = %q, %q; want the internal error's", en, nl)
		}
	})
}
