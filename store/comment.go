package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// CommentService implements ketenhub.CommentService for comments on actions.
type CommentService struct{ *base }

var _ ketenhub.CommentService = (*CommentService)(nil)

// subjectVisibility loads what a comment is on, if the viewer may see it.
func (s *CommentService) subjectVisibility(ctx context.Context, tx *gorm.DB, subject ketenhub.SubjectType, id int64) (*ketenhub.Action, access, error) {
	if subject != ketenhub.SubjectAction {
		return nil, access{}, ketenhub.FieldError("subject", "Comments can be placed on actions.", "Reacties kunnen bij acties worden geplaatst.")
	}
	return (&ActionService{s.base}).findVisible(ctx, tx, id)
}

// FindComments lists the visible comments on a subject, oldest first.
func (s *CommentService) FindComments(ctx context.Context, subject ketenhub.SubjectType, subjectID int64) ([]*ketenhub.Comment, error) {
	var out []*ketenhub.Comment
	err := s.transact(ctx, func(tx *gorm.DB) error {
		_, a, err := s.subjectVisibility(ctx, tx, subject, subjectID)
		if err != nil {
			return err
		}
		var rows []commentRow
		q := tx.Model(&commentRow{}).Where("comments.subject_type = ? AND comments.subject_id = ?", string(subject), subjectID)
		if err := visible(q, a.Sight, "comments", ketenhub.SubjectComment).Order("comments.created_at, comments.id").Find(&rows).Error; err != nil {
			return fmt.Errorf("find comments: %w", err)
		}
		authors, err := commentAuthors(tx, rows)
		if err != nil {
			return err
		}
		restricted, orgs, err := restrictedOrgs(tx, ketenhub.SubjectComment, rows)
		if err != nil {
			return err
		}
		out = make([]*ketenhub.Comment, len(rows))
		for i, r := range rows {
			out[i] = r.domain(orgs[r.ID])
			s.showAuthor(a.Viewer, out[i], authors[r.AuthorUserID])
		}
		return s.auditReads(tx, a.Viewer, a.WorkspaceID, ketenhub.SubjectComment, restricted)
	})
	return out, err
}

func (r *commentRow) domain(named ketenhub.Visibility) *ketenhub.Comment {
	return &ketenhub.Comment{ID: r.ID, WorkspaceID: r.WorkspaceID, Subject: ketenhub.SubjectType(r.SubjectType), SubjectID: r.SubjectID,
		Body: r.Body, AuthorUserID: r.AuthorUserID, AuthorOrgID: r.AuthorOrgID, Visibility: visibilityOf(r.Visibility, named), CreatedAt: r.CreatedAt}
}

// CreateComment needs a contributor who can see the subject. A comment on a
// restricted action is seen by at most that action's organisations.
func (s *CommentService) CreateComment(ctx context.Context, c *ketenhub.Comment) error {
	if c.Visibility.Scope == "" {
		c.Visibility.Scope = ketenhub.ScopeWorkspace
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.transact(ctx, func(tx *gorm.DB) error {
		act, a, err := s.subjectVisibility(ctx, tx, c.Subject, c.SubjectID)
		if err != nil {
			return err
		}
		if !s.policy.CanContribute(a.Viewer, a.Role) {
			return ketenhub.Forbidden()
		}
		vis, err := checkVisibility(tx, act.WorkspaceID, c.Visibility, a.Viewer)
		if err != nil {
			return err
		}
		if c.Visibility, err = narrow(tx, vis, act.Visibility); err != nil {
			return err
		}
		row := commentRow{WorkspaceID: act.WorkspaceID, SubjectType: string(c.Subject), SubjectID: c.SubjectID, Body: c.Body,
			AuthorUserID: a.UserID, AuthorOrgID: a.OrganisationID, Visibility: string(c.Visibility.Scope), CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create comment: %w", err)
		}
		if err := setVisibleOrgs(tx, ketenhub.SubjectComment, row.ID, c.Visibility); err != nil {
			return err
		}
		authors, err := commentAuthors(tx, []commentRow{row})
		if err != nil {
			return err
		}
		*c = *row.domain(c.Visibility)
		logged := *c // the log is read by every organisation: no name
		s.showAuthor(ketenhub.Viewer{}, &logged, authors[row.AuthorUserID])
		s.showAuthor(a.Viewer, c, authors[row.AuthorUserID])
		_, err = s.appendEvent(tx, a, ketenhub.EventCommentCreated, ketenhub.SubjectComment, row.ID, &logged, c.Visibility, nil)
		return err
	})
}

// narrow limits a comment's visibility to that of its subject: a comment
// never reaches anyone who cannot see what it is about.
func narrow(tx *gorm.DB, comment, subject ketenhub.Visibility) (ketenhub.Visibility, error) {
	if !subject.Restricted() {
		return comment, nil
	}
	if !comment.Restricted() {
		return subject, nil
	}
	orgOf, err := organisationsOf(tx, comment.Users)
	if err != nil {
		return comment, err
	}
	if !namesAll(subject, comment, orgOf) {
		return comment, ketenhub.FieldError("visibility", "A comment cannot be shown to organisations or people that cannot see its action.", "Een reactie kan niet zichtbaar zijn voor organisaties of personen die de actie niet zien.")
	}
	return comment, nil
}

// organisationsOf returns the organisation of each of the users.
func organisationsOf(tx *gorm.DB, users []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(users))
	if len(users) == 0 {
		return out, nil
	}
	var rows []struct{ ID, OrganisationID int64 }
	if err := tx.Raw("SELECT id, organisation_id FROM users WHERE id IN ?", users).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("find organisations of users: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.OrganisationID
	}
	return out, nil
}
