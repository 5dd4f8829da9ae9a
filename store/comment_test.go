package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
)

func TestComments(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		w := newWorld(t, kind)
		a := w.mustCreateAction(w.Gemeente, w.newAction("Buurtpreventie", w.Gemeente))

		first := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "Wijkagent sluit aan.", Visibility: everyone}
		mustOK(t, w.Svc.Comments.CreateComment(w.Politie.Ctx, first), "create comment")
		if first.ID == 0 {
			t.Fatal("ID not set")
		}
		if first.AuthorUserID != w.Politie.User.ID || first.AuthorOrgID != w.Politie.Org.ID || first.AuthorName != w.Politie.User.Name {
			t.Errorf("author = %d/%d %q, want %d/%d %q", first.AuthorUserID, first.AuthorOrgID, first.AuthorName, w.Politie.User.ID, w.Politie.Org.ID, w.Politie.User.Name)
		}
		if first.WorkspaceID != w.WS.ID || first.Visibility.Scope != ketenhub.ScopeWorkspace {
			t.Errorf("workspace %d visibility %+v, want %d and the whole workspace", first.WorkspaceID, first.Visibility, w.WS.ID)
		}
		ev := lastRawEvent(t, w.DB, w.WS.ID)
		if ev.Type != ketenhub.EventCommentCreated || ev.SubjectType != string(ketenhub.SubjectComment) || ev.SubjectID != first.ID {
			t.Errorf("event = %+v, want comment.created of %d", ev, first.ID)
		}

		w.Clock.Add(time.Minute)
		second := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: a.ID, Body: "Akkoord.", Visibility: restricted(w.Politie.Org.ID)}
		mustOK(t, w.Svc.Comments.CreateComment(w.Gemeente.Ctx, second), "create restricted comment")
		if !slices.Equal(second.Visibility.Organisations, []int64{w.Gemeente.Org.ID, w.Politie.Org.ID}) {
			t.Errorf("visibility = %+v, want the author's organisation added", second.Visibility)
		}

		t.Run("FindComments", func(t *testing.T) {
			list, err := w.Svc.Comments.FindComments(w.Politie.Ctx, ketenhub.SubjectAction, a.ID)
			mustOK(t, err, "find comments")
			if len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID {
				t.Fatalf("comments = %d, want [%d %d] oldest first", len(list), first.ID, second.ID)
			}
			if list[0].Body != first.Body || list[0].AuthorName != w.Politie.User.Name || !list[0].CreatedAt.Equal(first.CreatedAt) {
				t.Errorf("comment = %+v, want %+v", list[0], first)
			}
			list, err = w.Svc.Comments.FindComments(w.OM.Ctx, ketenhub.SubjectAction, a.ID)
			mustOK(t, err, "find comments as OM")
			if len(list) != 1 || list[0].ID != first.ID {
				t.Errorf("OM sees %d comments, want only the open one", len(list))
			}
		})

		t.Run("Errors", func(t *testing.T) {
			tests := []struct {
				name  string
				c     ketenhub.Comment
				field string
			}{
				{"EmptyBody", ketenhub.Comment{Body: " "}, "body"},
				{"BodyTooLong", ketenhub.Comment{Body: strings.Repeat("x", ketenhub.MaxComment+1)}, "body"},
				{"BodyNotUTF8", ketenhub.Comment{Body: "\xff"}, "body"},
				{"BadScope", ketenhub.Comment{Body: "Hoi", Visibility: ketenhub.Visibility{Scope: "iedereen"}}, "visibility"},
				{"RestrictedToNonMember", ketenhub.Comment{Body: "Hoi", Visibility: restricted(w.Halt.Org.ID)}, "visibility"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					c := tt.c
					c.Subject, c.SubjectID = ketenhub.SubjectAction, a.ID
					wantField(t, w.Svc.Comments.CreateComment(w.Politie.Ctx, &c), tt.field)
				})
			}
			err := w.Svc.Comments.CreateComment(w.Politie.Ctx, &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: 999999, Body: "Waar?", Visibility: everyone})
			wantCode(t, err, ketenhub.ENOTFOUND)
			_, err = w.Svc.Comments.FindComments(w.Politie.Ctx, ketenhub.SubjectAction, 999999)
			wantCode(t, err, ketenhub.ENOTFOUND)
		})

		t.Run("NarrowerThanItsAction", func(t *testing.T) {
			sec := w.newAction("Alleen politie en OM", w.Politie)
			sec.Visibility = restricted(w.OM.Org.ID)
			w.mustCreateAction(w.Politie, sec)
			// A comment may not reach an organisation that cannot see the action.
			c := &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: sec.ID, Body: "Voor de gemeente", Visibility: restricted(w.Gemeente.Org.ID)}
			wantField(t, w.Svc.Comments.CreateComment(w.Politie.Ctx, c), "visibility")
			c = &ketenhub.Comment{Subject: ketenhub.SubjectAction, SubjectID: sec.ID, Body: "Alleen voor ons", Visibility: everyone}
			mustOK(t, w.Svc.Comments.CreateComment(w.OM.Ctx, c), "comment on a restricted action")
			if !slices.Equal(c.Visibility.Organisations, sec.Visibility.Organisations) {
				t.Errorf("visibility = %+v, want the action's %+v", c.Visibility, sec.Visibility)
			}
		})
	})
}
