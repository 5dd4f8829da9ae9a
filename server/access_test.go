package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// listActions returns the ids and total of the workspace's actions as c sees them.
func (w *world) listActions(t *testing.T, c *client, query string) (map[int64]bool, int) {
	t.Helper()
	var page struct {
		Items []*ketenhub.Action `json:"items"`
		Total int                `json:"total"`
	}
	c.do("GET", w.wsPath("/actions%s", query), nil).must(t, http.StatusOK, &page)
	ids := map[int64]bool{}
	for _, a := range page.Items {
		ids[a.ID] = true
	}
	return ids, page.Total
}

func TestRestrictedActionIsInvisibleToOthers(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		open := w.createAction(t, w.gemeente, map[string]any{"title": "Integrale controles bedrijventerrein"})
		secret := w.createAction(t, w.gemeente, map[string]any{
			"title": "Signaal vastgoedtransactie", "visibility": restrictedTo(w.orgs["politie"]),
		})
		w.gemeente.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", secret.ID), map[string]any{"body": "Besproken met de teamchef."}).
			must(t, http.StatusCreated, nil)

		t.Run("a named organisation sees it", func(t *testing.T) {
			w.politie.do("GET", fmt.Sprintf("/api/v1/actions/%d", secret.ID), nil).must(t, http.StatusOK, nil)
			ids, total := w.listActions(t, w.politie, "")
			if !ids[secret.ID] || total != 2 {
				t.Fatalf("politie sees %v (total %d), want both actions", ids, total)
			}
		})
		t.Run("read", func(t *testing.T) {
			w.om.do("GET", fmt.Sprintf("/api/v1/actions/%d", secret.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			w.om.do("GET", fmt.Sprintf("/api/v1/actions/%d/comments", secret.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("list", func(t *testing.T) {
			for _, q := range []string{"", "?status=open", "?sort=title&order=desc", "?per_page=1&page=2"} {
				ids, total := w.listActions(t, w.om, q)
				if ids[secret.ID] {
					t.Errorf("list %q shows the restricted action to the OM", q)
				}
				if got, want := total, 1; got != want {
					t.Errorf("list %q total = %d, want %d", q, got, want)
				}
			}
			if ids, _ := w.listActions(t, w.om, ""); !ids[open.ID] {
				t.Errorf("the OM does not see the open action")
			}
		})
		t.Run("count", func(t *testing.T) {
			var sum ketenhub.ActionSummary
			w.om.do("GET", w.wsPath("/actions/summary"), nil).must(t, http.StatusOK, &sum)
			if got, want := sum.Total, 1; got != want {
				t.Errorf("OM summary total = %d, want %d", got, want)
			}
			if got, want := sum.ByStatus[ketenhub.StatusOpen], 1; got != want {
				t.Errorf("OM summary open = %d, want %d", got, want)
			}
			w.gemeente.do("GET", w.wsPath("/actions/summary"), nil).must(t, http.StatusOK, &sum)
			if got, want := sum.Total, 2; got != want {
				t.Errorf("gemeente summary total = %d, want %d", got, want)
			}
		})
		t.Run("update", func(t *testing.T) {
			w.om.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", secret.ID), map[string]any{"title": "Gezien", "version": secret.Version}).
				problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			w.om.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", secret.ID), map[string]any{"body": "Ook gezien"}).
				problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
		t.Run("event log", func(t *testing.T) {
			seen := func(c *client) (secretSeen, openSeen bool) {
				var events struct{ Items []*ketenhub.Event }
				c.do("GET", w.wsPath("/events?after=0&limit=1000"), nil).must(t, http.StatusOK, &events)
				for _, e := range events.Items {
					if e.Subject == ketenhub.SubjectAction && e.SubjectID == secret.ID || e.Subject == ketenhub.SubjectComment {
						secretSeen = true
					}
					if e.Subject == ketenhub.SubjectAction && e.SubjectID == open.ID {
						openSeen = true
					}
				}
				return secretSeen, openSeen
			}
			if secretSeen, openSeen := seen(w.om); secretSeen || !openSeen {
				t.Errorf("OM event log: restricted seen %v, open seen %v; want false, true", secretSeen, openSeen)
			}
			if secretSeen, _ := seen(w.gemeente); !secretSeen {
				t.Errorf("gemeente event log lacks its own restricted action")
			}
			w.politie.do("GET", w.wsPath("/events"), nil).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
		t.Run("not a member", func(t *testing.T) {
			w.riec.do("GET", w.wsPath(""), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
			w.riec.do("GET", fmt.Sprintf("/api/v1/actions/%d", open.ID), nil).problem(t, http.StatusNotFound, ketenhub.ENOTFOUND, "")
		})
	})
}

func TestRolesDecideWhoWrites(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		gemeenteAction := w.createAction(t, w.gemeente, map[string]any{"title": "Bestuurlijke rapportage"})
		politieAction := w.createAction(t, w.politie, map[string]any{"title": "Extra surveillance", "due_date": "2026-06-30"})
		if got, want := politieAction.OwnerOrganisationID, w.orgs["politie"].ID; got != want {
			t.Fatalf("owner = %d, want the creator's organisation %d", got, want)
		}

		t.Run("a meelezer cannot write", func(t *testing.T) {
			w.ggd.do("POST", w.wsPath("/actions"), map[string]any{"title": "Voorlichting"}).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.ggd.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", gemeenteAction.ID), map[string]any{"status": "lopend"}, etag(gemeenteAction.Version)).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.ggd.do("POST", fmt.Sprintf("/api/v1/actions/%d/comments", gemeenteAction.ID), map[string]any{"body": "Mee eens"}).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.ggd.do("POST", w.wsPath("/goals"), map[string]any{"title": "Minder overlast"}).problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
		t.Run("a partner cannot edit another organisation's action", func(t *testing.T) {
			w.politie.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", gemeenteAction.ID), map[string]any{"status": "gereed"}, etag(gemeenteAction.Version)).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.politie.do("POST", w.wsPath("/actions"), map[string]any{"title": "Namens de gemeente", "owner_organisation_id": w.orgs["gemeente"].ID}).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
			w.politie.do("PUT", w.wsPath("/members/%d", w.orgs["riec"].ID), map[string]any{"role": "partner"}).
				problem(t, http.StatusForbidden, ketenhub.EFORBIDDEN, "")
		})
		t.Run("a partner edits its own action", func(t *testing.T) {
			var a ketenhub.Action
			r := w.politie.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", politieAction.ID), map[string]any{"status": "lopend"}, etag(politieAction.Version))
			r.must(t, http.StatusOK, &a)
			if a.Status != ketenhub.StatusLopend || a.Version <= politieAction.Version {
				t.Fatalf("updated action = %+v", a)
			}
			if got, want := r.header.Get("ETag"), fmt.Sprintf(`"%d"`, a.Version); got != want {
				t.Errorf("ETag = %q, want %q", got, want)
			}
			*politieAction = a
		})
		t.Run("a regisseur edits any action", func(t *testing.T) {
			var a ketenhub.Action
			w.om.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", politieAction.ID), map[string]any{"count_target": 6, "version": politieAction.Version}).
				must(t, http.StatusOK, &a)
			if a.CountTarget == nil || *a.CountTarget != 6 {
				t.Fatalf("count_target = %v, want 6", a.CountTarget)
			}
		})
	})
}

func TestConcurrentUpdatesConflict(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		a := w.createAction(t, w.gemeente, map[string]any{"title": "Weerbaarheid ondernemers"})
		var wg sync.WaitGroup
		results := make([]*response, 2)
		titles := []string{"Versie van de gemeente", "Versie van het OM"}
		for i, c := range []*client{w.gemeente, w.om} {
			wg.Go(func() {
				results[i] = c.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", a.ID), map[string]any{"title": titles[i]}, etag(a.Version))
			})
		}
		wg.Wait()
		var won, lost *response
		var winner string
		for i, r := range results {
			switch r.status {
			case http.StatusOK:
				won, winner = r, titles[i]
			case http.StatusConflict:
				lost = r
			default:
				t.Fatalf("unexpected response %s", r)
			}
		}
		if won == nil || lost == nil {
			t.Fatalf("want one 200 and one 409, got %s and %s", results[0], results[1])
		}
		p := lost.problem(t, http.StatusConflict, ketenhub.ECONFLICT, "")
		current, isObject := p.Current.(map[string]any)
		if !isObject {
			t.Fatalf("conflict has no current action: %s", lost.body)
		}
		if got, want := current["title"], winner; got != want {
			t.Errorf("current title = %v, want the winner's %q", got, want)
		}
		if got, want := current["version"], float64(a.Version+1); got != want {
			t.Errorf("current version = %v, want %v", got, want)
		}
	})
}

func TestPatchNullClearsAndAbsentKeeps(t *testing.T) {
	forEachKind(t, func(t *testing.T, s *stack) {
		w := newWorld(t, s)
		var g ketenhub.Goal
		w.gemeente.do("POST", w.wsPath("/goals"), map[string]any{"title": "Minder ondermijning", "target": 6, "unit": "controles"}).must(t, http.StatusCreated, &g)
		a := w.createAction(t, w.gemeente, map[string]any{
			"title": "Controles", "goal_id": g.ID, "due_date": "2026-12-31", "lead_user_id": w.gemeente.user.ID,
		})
		var kept ketenhub.Action
		w.gemeente.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", a.ID), map[string]any{"description": "Zes integrale controles"}, etag(a.Version)).must(t, http.StatusOK, &kept)
		if kept.GoalID == nil || kept.DueDate == nil || kept.LeadUserID == nil || *kept.DueDate != "2026-12-31" {
			t.Fatalf("absent fields changed: %+v", kept)
		}
		var cleared ketenhub.Action
		w.gemeente.do("PATCH", fmt.Sprintf("/api/v1/actions/%d", a.ID), `{"goal_id": null, "due_date": null, "lead_user_id": null}`, etag(kept.Version)).must(t, http.StatusOK, &cleared)
		if cleared.GoalID != nil || cleared.DueDate != nil || cleared.LeadUserID != nil {
			t.Fatalf("null did not clear: %+v", cleared)
		}
		if got, want := cleared.Description, "Zes integrale controles"; got != want {
			t.Errorf("description = %q, want %q", got, want)
		}
	})
}
