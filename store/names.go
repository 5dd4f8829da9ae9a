package store

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"github.com/ketenhub/ketenhub"
)

// People's names in what the store returns (issue 12): a name reaches a
// reader only as ketenhub.ShowPerson lets it, so a shielded officer of
// another organisation is shown by function and organisation only. Items
// name people by id; the one payload that carries a name, a comment's
// author, is filled in per reader. The event log is read by the people of
// every member organisation, from one stored payload, so it carries no
// name at all: readers know people by id from the directory.

// commentAuthors returns the comments' authors by user id; an author who
// no longer exists is absent.
func commentAuthors(tx *gorm.DB, rows []commentRow) (map[int64]*ketenhub.User, error) {
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.AuthorUserID)
	}
	if len(ids) == 0 {
		return map[int64]*ketenhub.User{}, nil
	}
	var users []userRow
	if err := tx.Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("find authors: %w", err)
	}
	out := make(map[int64]*ketenhub.User, len(users))
	for i := range users {
		out[users[i].ID] = users[i].domain()
	}
	return out, nil
}

// showAuthor fills in c's author as reader v may see them; the zero viewer
// is the event log, which gets no name. An author who no longer exists
// (nil) has no name either.
func (b *base) showAuthor(v ketenhub.Viewer, c *ketenhub.Comment, u *ketenhub.User) {
	c.AuthorName, c.AuthorFunction, c.AuthorShielded = "", "", false
	if u == nil {
		return
	}
	c.AuthorFunction, c.AuthorShielded = u.Function, u.Shielded
	if v.UserID != 0 {
		c.AuthorName = ketenhub.ShowPerson(b.policy, v, u, "", false).Name
	}
}

// withoutNames blanks the author's name in the payload of a comment event
// written before the log carried no names, wherever the log is read.
func withoutNames(ev *ketenhub.Event) error {
	if ev.Type != ketenhub.EventCommentCreated || len(ev.Payload) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(ev.Payload, &fields); err != nil {
		return fmt.Errorf("decode payload of event %d: %w", ev.ID, err)
	}
	if name, ok := fields["author_name"]; !ok || string(name) == `""` {
		return nil
	}
	fields["author_name"] = json.RawMessage(`""`)
	payload, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("encode payload of event %d: %w", ev.ID, err)
	}
	ev.Payload = payload
	return nil
}
