package auth_test

import (
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

func TestCheckCSRF(t *testing.T) {
	sess := &ketenhub.Session{CSRFToken: "abcDEF123_-xyz"}
	tests := []struct {
		name      string
		sess      *ketenhub.Session
		presented string
		want      bool
	}{
		{"Match", sess, "abcDEF123_-xyz", true},
		{"Empty", sess, "", false},
		{"Other", sess, "abcDEF123_-xyZ", false},
		{"Prefix", sess, "abcDEF123_-xy", false},
		{"Longer", sess, "abcDEF123_-xyzz", false},
		{"NoSession", nil, "abcDEF123_-xyz", false},
		{"SessionWithoutToken", &ketenhub.Session{}, "", false},
		{"SessionWithoutTokenPresented", &ketenhub.Session{}, "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.CheckCSRF(tt.sess, tt.presented); got != tt.want {
				t.Errorf("CheckCSRF(%q) = %v, want %v", tt.presented, got, tt.want)
			}
		})
	}
}

func TestOriginAllowed(t *testing.T) {
	allowed := []string{"https://hub.example.nl", "http://localhost:8080", "http://[::1]:3000", "HTTPS://Upper.Example.NL:443/"}
	tests := []struct {
		origin string
		want   bool
	}{
		{"https://hub.example.nl", true},
		{"HTTPS://HUB.EXAMPLE.NL", true},
		{"https://hub.example.nl:443", true},
		{"http://localhost:8080", true},
		{"http://LocalHost:8080", true},
		{"http://[::1]:3000", true},
		{"https://upper.example.nl", true},
		{"https://upper.example.nl:443", true},

		{"http://hub.example.nl", false},       // other scheme
		{"https://hub.example.nl:8443", false}, // other port
		{"http://localhost", false},            // default port is not 8080
		{"http://localhost:80", false},
		{"https://localhost:8080", false},
		{"https://evil.hub.example.nl", false},
		{"https://hub.example.nl.evil.com", false},
		{"https://hub.example.nlx", false},
		{"null", false},
		{"", false},
		{"hub.example.nl", false},
		{"//hub.example.nl", false},
		{"https://hub.example.nl/", false}, // browsers never send a path
		{"https://hub.example.nl/x", false},
		{"https://hub.example.nl?x=1", false},
		{"https://hub.example.nl#x", false},
		{"https://user@hub.example.nl", false},
		{"https://hub.example.nl:", false},
		{"https://hub.example.nl:0", false},
		{"https://hub.example.nl:99999", false},
		{"https://hub.example.nl:44x", false},
		{"https://hub.example.nl ", false},
		{" https://hub.example.nl", false},
		{"ws://hub.example.nl", false},
		{"file://hub.example.nl", false},
		{"javascript:alert(1)", false},
		{"https://", false},
		{"https://hub.example.nl\\@evil.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			if got := auth.OriginAllowed(tt.origin, allowed); got != tt.want {
				t.Errorf("OriginAllowed(%q) = %v, want %v", tt.origin, got, tt.want)
			}
		})
	}

	t.Run("EmptyAllowList", func(t *testing.T) {
		if auth.OriginAllowed("https://hub.example.nl", nil) {
			t.Error("an empty allow-list allowed an origin")
		}
	})
	t.Run("NullIsNeverAllowed", func(t *testing.T) {
		if auth.OriginAllowed("null", []string{"null"}) {
			t.Error(`"null" was allowed because the allow-list named it`)
		}
	})
	t.Run("MalformedAllowedEntryMatchesNothing", func(t *testing.T) {
		if auth.OriginAllowed("https://hub.example.nl", []string{"hub.example.nl", "https://hub.example.nl/path"}) {
			t.Error("a malformed allow-list entry matched")
		}
	})
}
