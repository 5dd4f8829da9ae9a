package realtime_test

import (
	"testing"

	"github.com/ketenhub/ketenhub/realtime"
)

// The close codes are derived from the error codes (4000 plus the status of
// the code) and are a contract (docs/realtime.md): they never change.
func TestCloseCodesAreTheDocumentedOnes(t *testing.T) {
	for _, tt := range []struct {
		name      string
		got, want int
	}{
		{"session ended", realtime.CloseSessionEnded, 4001},
		{"display unpaired", realtime.CloseDisplayUnpaired, 4004},
		{"slow consumer", realtime.CloseSlowConsumer, 4008},
		{"rate limited", realtime.CloseRateLimited, 4029},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: close code %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
