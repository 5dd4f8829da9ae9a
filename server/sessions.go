package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/policy"
)

// sessionResponse is what the API shows of a sign-in session: where and
// when it was made and used. Never its token hash, CSRF token or ID token:
// those would let the reader act as the user.
type sessionResponse struct {
	ID         int64     `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	UserAgent  string    `json:"user_agent"`
	RemoteAddr string    `json:"remote_addr"`
	Issuer     string    `json:"issuer"`
}

func newSessionResponse(s *ketenhub.Session) sessionResponse {
	return sessionResponse{
		ID: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt,
		UserAgent: s.UserAgent, RemoteAddr: s.RemoteAddr, Issuer: s.Issuer,
	}
}

// listSessions lists a user's live sessions, newest first.
func (s *Server) listSessions(c *gin.Context) error {
	userID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := newQuery(c).result(); err != nil {
		return err
	}
	if err := s.checkSessionsOf(c, userID); err != nil {
		return err
	}
	sessions, err := s.svc.Sessions.ListForUser(c.Request.Context(), userID)
	if err != nil {
		return err
	}
	out := make([]sessionResponse, len(sessions))
	for i, sess := range sessions {
		out[i] = newSessionResponse(sess)
	}
	return ok(c, items(out))
}

// deleteSession ends one of a user's live sessions: the user is signed out
// in the browser that holds it at its next request.
func (s *Server) deleteSession(c *gin.Context) error {
	userID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	sessionID, err := pathID(c, "sessionId")
	if err != nil {
		return err
	}
	if err := s.checkSessionsOf(c, userID); err != nil {
		return err
	}
	ctx := c.Request.Context()
	// Looking the session up among the user's own makes sure the path's
	// user owns it: a session of someone else is not found here.
	sessions, err := s.svc.Sessions.ListForUser(ctx, userID)
	if err != nil {
		return err
	}
	found := false
	for _, sess := range sessions {
		found = found || sess.ID == sessionID
	}
	if !found {
		return ketenhub.NotFound("session", "sessie")
	}
	if err := s.svc.Sessions.RevokeByID(ctx, sessionID); err != nil {
		return err
	}
	actor := userOf(c)
	s.log.InfoContext(ctx, "session revoked", append(auth.Audit(auth.UserActor(actor.ID), "session_revoke", auth.SessionObject(sessionID), auth.AuditSuccess),
		"session_id", sessionID, "user_id", userID,
		"by_user_id", actor.ID, "by_platform_role", string(actor.PlatformRole), "request_id", requestIDOf(c))...)
	c.Status(http.StatusNoContent)
	return nil
}

// checkSessionsOf refuses a viewer who may not manage the user's sessions
// (EFORBIDDEN, whether or not the user exists), and an unknown user
// (ENOTFOUND, to a beheerder).
func (s *Server) checkSessionsOf(c *gin.Context, userID int64) error {
	viewer := userOf(c).Viewer()
	u, err := s.svc.Users.FindUserByID(c.Request.Context(), userID)
	if err != nil && ketenhub.ErrorCode(err) != ketenhub.ENOTFOUND {
		return err
	}
	var orgID int64 // unknown user: no organisation, so only a platform beheerder learns it is unknown
	if u != nil {
		orgID = u.OrganisationID
	}
	if !(policy.Policy{}).CanManageSessions(viewer, userID, orgID) {
		return ketenhub.Forbidden()
	}
	return err
}
