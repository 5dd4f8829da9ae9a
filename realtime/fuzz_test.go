package realtime

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzClientMessage checks that the parser of client messages never panics
// and accepts only messages that keep the protocol's promises.
func FuzzClientMessage(f *testing.F) {
	for _, seed := range []string{
		`{"type":"ping"}`,
		`{"type":"ping","id":"p1"}`,
		`{"type":"subscribe","topic":"workspace:7"}`,
		`{"type":"subscribe","topic":"workspace:7","since":41,"id":"a"}`,
		`{"type":"subscribe","topic":"workspace:7","since":0}`,
		`{"type":"unsubscribe","topic":"workspace:9223372036854775807","id":"u"}`,
		` {"type":"ping"} `,
		``,
		`{`,
		`[]`,
		`null`,
		`"ping"`,
		`{"type":"dance"}`,
		`{"type":"ping","extra":1}`,
		`{"type":"ping"} {}`,
		`{"type":"ping"}]`,
		`{"type":"ping"}}`,
		`{"type":"subscribe","topic":"workspace:x"}`,
		`{"type":"subscribe","topic":"workspace:007"}`,
		`{"type":"subscribe","topic":"workspace:0"}`,
		`{"type":"subscribe","topic":"workspace:-1"}`,
		`{"type":"subscribe","topic":"workspace:99999999999999999999"}`,
		`{"type":"subscribe","topic":"meeting:1"}`,
		`{"type":"subscribe","topic":"workspace:1","since":-1}`,
		`{"type":"subscribe","topic":"workspace:1","since":1.5}`,
		`{"type":"subscribe","topic":"workspace:1","since":"1"}`,
		`{"type":"subscribe","topic":"workspace:1","since":null}`,
		`{"type":"ping","id":"` + strings.Repeat("x", 65) + `"}`,
		`{"type":"ping","id":"` + strings.Repeat("x", 64) + `"}`,
		`{"type":"ping","type":"subscribe"}`,
		`{"TYPE":"ping"}`,
		"{\"type\":\"ping\",\"id\":\"\xff\xfe\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseClientMessage(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted %q, which is not one JSON value", data)
		}
		checkValid(t, m)
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := parseClientMessage(again)
		if err != nil {
			t.Fatalf("accepted %q but not its own encoding %s: %v", data, again, err)
		}
		if m2.Type != m.Type || m2.ID != m.ID || m2.Topic != m.Topic || (m2.Since == nil) != (m.Since == nil) || (m.Since != nil && *m2.Since != *m.Since) {
			t.Fatalf("%q parsed as %+v, its encoding %s as %+v", data, m, again, m2)
		}
	})
}

// checkValid fails unless m is a message docs/realtime.md allows.
func checkValid(t *testing.T, m clientMessage) {
	t.Helper()
	if len(m.ID) > maxIDLength {
		t.Fatalf("accepted an id of %d bytes", len(m.ID))
	}
	switch m.Type {
	case msgPing:
	case msgSubscribe, msgUnsubscribe:
		ref, err := parseTopic(m.Topic)
		if err != nil || ref.id <= 0 || ref.String() != m.Topic {
			t.Fatalf("accepted topic %q (%+v, %v)", m.Topic, ref, err)
		}
		if m.Since != nil && *m.Since < 0 {
			t.Fatalf("accepted since %d", *m.Since)
		}
	default:
		t.Fatalf("accepted type %q", m.Type)
	}
}
