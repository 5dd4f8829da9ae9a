package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// TestCommentAuthors: a shielded officer's comment names them to their own
// colleagues and shows only their function to other organisations, in the
// comments and in the event log, including an entry written before the
// log carried no names.
func TestCommentAuthors(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newPeopleWorld(t, kind)
		a := w.mustCreateAction(w.Gemeente, w.newAction("Pand Zuiddijk", w.Gemeente))
		c := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "Wij kennen het pand.", Visibility: everyone}
		mustOK(t, w.Svc.Comments.CreateComment(ViewerContext(w.Rechercheur), c), "comment as the shielded officer")
		if c.AuthorName != w.Rechercheur.Name {
			t.Errorf("the author's own comment names %q, want %q", c.AuthorName, w.Rechercheur.Name)
		}
		open := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "Akkoord.", Visibility: everyone}
		mustOK(t, w.Svc.Comments.CreateComment(w.Politie.Ctx, open), "comment as a police officer")

		t.Run("OtherOrganisation", func(t *testing.T) {
			list, err := w.Svc.Comments.FindComments(w.Gemeente.Ctx, ketenhub.SubjectAction, a.ID)
			mustOK(t, err, "find comments")
			if len(list) != 2 {
				t.Fatalf("comments = %d, want 2", len(list))
			}
			if got := list[0]; got.AuthorName != "" || !got.AuthorShielded || got.AuthorFunction != "Rechercheur" || got.AuthorOrgID != w.Politie.Org.ID {
				t.Errorf("the shielded author = %q %v %q %d, want function and organisation only", got.AuthorName, got.AuthorShielded, got.AuthorFunction, got.AuthorOrgID)
			}
			if got := list[1]; got.AuthorName != w.Politie.User.Name || got.AuthorShielded {
				t.Errorf("an officer who is not shielded = %q %v, want the name", got.AuthorName, got.AuthorShielded)
			}
			raw, _ := json.Marshal(list)
			wantNoTrace(t, "the gemeente's comments", string(raw), w.Rechercheur)
		})

		t.Run("Colleague", func(t *testing.T) {
			list, err := w.Svc.Comments.FindComments(w.Politie.Ctx, ketenhub.SubjectAction, a.ID)
			mustOK(t, err, "find comments")
			if len(list) != 2 || list[0].AuthorName != w.Rechercheur.Name || !list[0].AuthorShielded {
				t.Errorf("to a colleague the shielded author = %+v, want the name", list[0])
			}
		})

		t.Run("Log", func(t *testing.T) {
			var stored []string
			mustOK(t, w.DB.Gorm().Raw(`SELECT payload FROM events WHERE workspace_id = ? AND type = ?`, w.WS.ID, ketenhub.EventCommentCreated).Scan(&stored).Error, "read the log")
			for _, p := range stored {
				wantNoTrace(t, "the stored log", p, w.Rechercheur)
				wantNoTrace(t, "the stored log", p, w.Politie.User)
			}
			// An entry from before the log carried no names.
			mustOK(t, w.DB.Gorm().Exec(`UPDATE events SET payload = ? WHERE workspace_id = ? AND type = ? AND subject_id = ?`,
				`{"id":1,"author_name":"`+w.Rechercheur.Name+`","body":"oud"}`, w.WS.ID, ketenhub.EventCommentCreated, c.ID).Error, "write an old entry")
			evs, err := w.Svc.Events.FindEvents(w.Gemeente.Ctx, ketenhub.EventFilter{WorkspaceID: w.WS.ID})
			mustOK(t, err, "find events")
			raw, _ := json.Marshal(evs)
			wantNoTrace(t, "the events API", string(raw), w.Rechercheur)
			feed, err := w.DB.EventsAfter(context.Background(), w.WS.ID, 0, 0)
			mustOK(t, err, "events after")
			raw, _ = json.Marshal(feed)
			wantNoTrace(t, "the realtime feed", string(raw), w.Rechercheur)
			found := false
			for _, ev := range feed {
				if ev.Type == ketenhub.EventCommentCreated && ev.SubjectID == c.ID {
					found = true
					var p struct{ AuthorName, Body string }
					mustOK(t, json.Unmarshal(ev.Payload, &p), "decode payload")
					if p.Body != "oud" {
						t.Errorf("the rest of the old entry = %q, want it kept", ev.Payload)
					}
				}
			}
			if !found {
				t.Error("the old entry is missing from the feed")
			}
		})
	})
}
