package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestPersonalDataNeedsConfirmation: text that looks like a citizen's
// personal data is not saved silently, and not blocked for good either.
func TestPersonalDataNeedsConfirmation(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		body := map[string]any{"title": "Huisbezoek", "description": "Bewoner BSN 111222333, bel 06-12345678"}
		p := w.gemeente.do("POST", w.wsPath("/actions"), body).problem(t, http.StatusUnprocessableEntity, ketenhub.EPERSONALDATA, "description")
		if len(p.Warnings) != 2 || p.Warnings[0].Kind != ketenhub.PersonalBSN || p.Warnings[1].Kind != ketenhub.PersonalPhone {
			t.Fatalf("warnings = %+v, want a BSN and a phone number in description", p.Warnings)
		}
		var list struct{ Total int }
		w.gemeente.do("GET", w.wsPath("/actions"), nil).must(t, http.StatusOK, &list)
		if list.Total != 0 {
			t.Fatalf("the warned action was saved: %d actions", list.Total)
		}

		// Confirmed, it is saved as typed.
		var a ketenhub.Action
		w.gemeente.do("POST", w.wsPath("/actions"), body, "Ketenhub-Confirm-Personal-Data: true").must(t, http.StatusCreated, &a)
		if a.Description != body["description"] {
			t.Fatalf("description = %q, want it unchanged", a.Description)
		}
		// A comment and an ordinary text.
		w.gemeente.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", a.ID), map[string]any{"body": "Mail naar j.jansen@example.nl"}).
			problem(t, http.StatusUnprocessableEntity, ketenhub.EPERSONALDATA, "body")
		w.gemeente.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", a.ID), map[string]any{"body": "Zaak 2024-123456, € 1.234.567,89 op 12-03-2024"}).
			must(t, http.StatusCreated, nil)
	})
}
