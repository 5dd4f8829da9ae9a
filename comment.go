package ketenhub

import (
	"context"
	"time"
)

// Comment is a reactie on an action (or, later, an agenda item). Its
// visibility can only narrow that of what it is on.
type Comment struct {
	ID           int64       `json:"id"`
	WorkspaceID  int64       `json:"workspace_id"`
	Subject      SubjectType `json:"subject"`
	SubjectID    int64       `json:"subject_id"`
	Body         string      `json:"body"`
	AuthorUserID int64       `json:"author_user_id"`
	AuthorOrgID  int64       `json:"author_organisation_id"`
	// AuthorName is the author as shown to the reader: empty for a
	// shielded officer of another organisation (shown by AuthorFunction
	// and the organisation), and always empty in the event log, which is
	// shared by readers of every organisation.
	AuthorName     string     `json:"author_name"`
	AuthorFunction string     `json:"author_function"`
	AuthorShielded bool       `json:"author_shielded"`
	Visibility     Visibility `json:"visibility"`
	CreatedAt      time.Time  `json:"created_at"`
}

// CommentService manages comments.
type CommentService interface {
	// FindComments lists the visible comments on a subject, oldest first;
	// ENOTFOUND if the subject itself is not visible.
	FindComments(ctx context.Context, subject SubjectType, subjectID int64) ([]*Comment, error)
	// CreateComment needs a contributor who can see the subject.
	CreateComment(ctx context.Context, c *Comment) error
}
