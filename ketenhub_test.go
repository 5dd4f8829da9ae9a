package ketenhub_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ketenhub/ketenhub"
)

func TestErrorCode(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("boom"), ketenhub.EINTERNAL},
		{ketenhub.NotFound("action", "actie"), ketenhub.ENOTFOUND},
		{fmt.Errorf("wrapped: %w", ketenhub.StaleVersion(nil)), ketenhub.ECONFLICT},
	} {
		if got := ketenhub.ErrorCode(tt.err); got != tt.want {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestVisibilityIncludes(t *testing.T) {
	v := ketenhub.Visibility{Scope: ketenhub.ScopeRestricted, Organisations: []int64{3, 5}}
	if !v.Includes(5) || v.Includes(4) {
		t.Fatalf("Includes wrong for %+v", v)
	}
}
