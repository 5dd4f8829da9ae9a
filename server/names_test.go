package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestShieldedOfficerOverHTTP: a shielded police officer's comment, as the
// comments and events routes send it: by function to the gemeente, whose
// answers hold neither the officer's name nor address, and by name to
// their colleague.
func TestShieldedOfficerOverHTTP(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		officer := s.signIn("rik-verborgen", w.orgs["politie"].ID, ketenhub.PlatformRoleNone)
		if err := s.db.Gorm().Exec(`UPDATE users SET shielded_by_claim = ?, function = ? WHERE id = ?`, true, "Rechercheur", officer.user.ID).Error; err != nil {
			t.Fatal(err)
		}
		a := w.createAction(t, w.gemeente, map[string]any{"title": "Pand Zuiddijk"})
		comments := fmt.Sprintf("/api/v1/actions/%d/comments", a.ID)
		officer.do("POST", comments, map[string]any{"body": "Bekend bij ons."}).must(t, http.StatusCreated, nil)

		var list struct{ Items []ketenhub.Comment }
		r := w.gemeente.do("GET", comments, nil)
		r.must(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].AuthorName != "" || !list.Items[0].AuthorShielded || list.Items[0].AuthorFunction != "Rechercheur" {
			t.Fatalf("the gemeente's comments = %s, want the author by function", r.body)
		}
		events := w.gemeente.do("GET", w.wsPath("/events"), nil)
		events.must(t, http.StatusOK, nil)
		for what, body := range map[string][]byte{"comments": r.body, "events": events.body} {
			if bytes.Contains(body, []byte("rik-verborgen")) {
				t.Errorf("the gemeente's %s name the officer: %s", what, body)
			}
		}
		r = w.politie.do("GET", comments, nil)
		r.must(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].AuthorName != "rik-verborgen" {
			t.Errorf("the colleague's comments = %s, want the author's name", r.body)
		}
	})
}
