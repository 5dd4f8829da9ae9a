package realtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// rawPresence reads until a presence message on topic lists n people, and
// returns it as it came over the wire.
func (c *client) rawPresence(topic string, n int) []byte {
	c.tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.ws.SetReadDeadline(deadline)
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.tb.Fatalf("waiting for presence of %d: %v", n, err)
		}
		var m struct {
			Type  string            `json:"type"`
			Topic string            `json:"topic"`
			Users []json.RawMessage `json:"users"`
		}
		if json.Unmarshal(data, &m) == nil && m.Type == "presence" && m.Topic == topic && len(m.Users) == n {
			return data
		}
	}
	c.tb.Fatalf("timed out waiting for presence of %d", n)
	return nil
}

// TestPresenceShowsAShieldedOfficerByFunction: on the live board a
// shielded police officer is named to their colleague and shown by
// function only to the gemeente, on one node and across two.
func TestPresenceShowsAShieldedOfficerByFunction(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		m := e.meeting("Programmaoverleg ondermijning")
		topic := meetingTopicOf(m)
		officer := e.user("Rik Verborgen", e.B.Org.ID, ketenhub.PlatformRoleNone)
		if err := e.db.Gorm().Exec(`UPDATE users SET shielded_by_claim = ?, function = ? WHERE id = ?`, true, "Rechercheur", officer.ID).Error; err != nil {
			t.Fatal(err)
		}
		token, _, err := e.sessions.Create(context.Background(), officer, auth.SessionMeta{})
		if err != nil {
			t.Fatal(err)
		}
		n1, _ := newNode(t, e, e.db, nil)
		n2 := n1
		if kind == "postgres" {
			n2, _ = newNode(t, e, openDB(t, e.cfg), nil) // the officer's note crosses the database
		}
		r := dial(t, n2, token)
		r.subscribe(topic, nil)
		a, b := dial(t, n1, e.A.Token), dial(t, n1, e.B.Token)
		a.subscribe(topic, nil)
		b.subscribe(topic, nil)

		got := a.rawPresence(topic, 3)
		for _, secret := range []string{"Rik", "Verborgen"} {
			if bytes.Contains(got, []byte(secret)) {
				t.Errorf("the gemeente's presence holds %q: %s", secret, got)
			}
		}
		var shown struct {
			Users []struct {
				UserID         int64  `json:"user_id"`
				Name           string `json:"name"`
				Function       string `json:"function"`
				OrganisationID int64  `json:"organisation_id"`
				Shielded       bool   `json:"shielded"`
			} `json:"users"`
		}
		if err := json.Unmarshal(got, &shown); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range shown.Users {
			if u.UserID == officer.ID {
				found = true
				if u.Name != "" || u.Function != "Rechercheur" || u.OrganisationID != e.B.Org.ID || !u.Shielded {
					t.Errorf("the officer to the gemeente = %+v, want function and organisation only", u)
				}
			} else if u.Name == "" {
				t.Errorf("a person who is not shielded has no name: %+v", u)
			}
		}
		if !found {
			t.Errorf("the gemeente's presence lacks the officer: %s", got)
		}
		if got := b.rawPresence(topic, 3); !bytes.Contains(got, []byte(`"name":"Rik Verborgen"`)) {
			t.Errorf("the officer's colleague does not see their name: %s", got)
		}
		if got := r.rawPresence(topic, 3); !bytes.Contains(got, []byte(`"name":"Rik Verborgen"`)) {
			t.Errorf("the officer does not see their own name: %s", got)
		}
	})
}
