package server

import (
	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// shieldedInput is the body of PUT /users/:id/shielded.
type shieldedInput struct {
	Shielded *bool `json:"shielded"`
}

// setShielded sets or clears the organisation's own shielded mark of one of
// its people (an afgeschermde medewerker). Only the person's
// organisatiebeheerder may; anyone else gets 403 whether or not the user
// exists, so the answer tells nobody which user ids exist.
func (s *Server) setShielded(c *gin.Context) error {
	userID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	var in shieldedInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Shielded == nil {
		return ketenhub.FieldError("shielded",
			"Shielded is required: true or false.",
			"Afgeschermd is verplicht: true of false.")
	}
	ctx := c.Request.Context()
	mark, err := s.svc.Users.SetShielded(ctx, userID, *in.Shielded)
	if err != nil {
		return err
	}
	actor := userOf(c)
	s.log.InfoContext(ctx, "shielded mark set", append(auth.Audit(auth.UserActor(actor.ID), "user_shielded", auth.UserObject(userID), auth.AuditSuccess),
		"user_id", userID, "shielded_by_organisation", *in.Shielded, "by_user_id", actor.ID, "request_id", requestIDOf(c))...)
	return ok(c, mark)
}
