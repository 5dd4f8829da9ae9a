package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// displayWriteRoutes are the write routes of paired displays: a screen
// asking for a code, a chair pairing one and revoking another.
func (w *world) displayWriteRoutes(t *testing.T) []writeRoute {
	t.Helper()
	m := w.plan(t, "Wijkoverleg met scherm", ketenhub.MeetingAgendaOpen, 35)
	toPair, toRevoke := newScreen(t, w.stack), newScreen(t, w.stack)
	var paired ketenhub.Display
	w.gemeente.do("POST", fmt.Sprintf("/api/v1/meetings/%d/displays", m.ID), map[string]any{"code": toRevoke.code}).must(t, http.StatusCreated, &paired)
	return []writeRoute{
		{method: "POST", path: "/api/v1/meetings/:id/displays", url: fmt.Sprintf("/api/v1/meetings/%d/displays", m.ID), idParam: "id",
			badURL: func(bad string) string { return fmt.Sprintf("/api/v1/meetings/%s/displays", bad) }, as: w.gemeente,
			body: fmt.Sprintf(`{"code":%q}`, toPair.code), textField: "code", wrongType: `{"code":123456}`, typeField: "code"},
		{method: "DELETE", path: "/api/v1/meetings/:id/displays/:displayId", url: fmt.Sprintf("/api/v1/meetings/%d/displays/%d", m.ID, paired.ID),
			idParam: "displayId", badURL: func(bad string) string { return fmt.Sprintf("/api/v1/meetings/%d/displays/%s", m.ID, bad) }, as: w.gemeente},
		{method: "POST", path: "/api/v1/display/code", url: "/api/v1/display/code", as: w.anonymous()},
	}
}
