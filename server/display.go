package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// DefaultDisplayLimit allows ten pairing codes a minute per client address
// and ten pairing attempts a minute per user: plenty for a room, and with
// 25^6 codes alive for ten minutes, no way to guess one.
var DefaultDisplayLimit = RateLimit{Events: 10, Per: time.Minute}

// displayCookieAge is how long a screen keeps its secret: a long day of
// meetings. Pairing, not the cookie, decides what it may show.
const displayCookieAge = 12 * time.Hour

// displayRoutes registers the room view, the pairing of displays by the
// chair, and the screens' own routes. A screen has no session: its routes
// sit outside the session middleware, so that a browser that is also
// signed in never keeps its session alive by showing a display.
func (s *Server) displayRoutes(v1 *gin.RouterGroup) {
	v1.GET("/meetings/:id/room", s.handle(s.getRoomView))
	v1.GET("/meetings/:id/displays", s.handle(s.listDisplays))
	v1.POST("/meetings/:id/displays", s.handle(s.pairDisplay))
	v1.DELETE("/meetings/:id/displays/:displayId", s.handle(s.revokeDisplay))

	screen := s.engine.Group(apiBase+"/display", s.noStore)
	screen.GET("", s.handle(s.getDisplay))
	screen.POST("/code", s.handle(s.requestDisplayCode))
}

func (s *Server) getRoomView(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Displays.FindRoomView(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, v)
}

func (s *Server) listDisplays(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ds, err := s.svc.Displays.FindDisplays(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, items(ds))
}

// pairInput is the body of POST /meetings/:id/displays.
type pairInput struct {
	Code *string `json:"code"`
}

// pairDisplay pairs the screen showing a code. Only well-formed codes
// count against the user's attempts: a malformed one guesses nothing.
func (s *Server) pairDisplay(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in pairInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Code == nil {
		return ketenhub.FieldError("code", "The pairing code is required.", "De koppelcode is verplicht.")
	}
	code, err := ketenhub.NormalizeDisplayCode(*in.Code)
	if err != nil {
		return err
	}
	if err := s.spend(c, s.pairLimits, "display_pair", strconv.FormatInt(userOf(c).ID, 10)); err != nil {
		return err
	}
	d, err := s.svc.Displays.PairDisplay(c.Request.Context(), id, code)
	if err != nil {
		return err
	}
	return created(c, d, 0, "/meetings/%d/displays", id)
}

func (s *Server) revokeDisplay(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	displayID, err := pathID(c, "displayId")
	if err != nil {
		return err
	}
	if err := s.svc.Displays.RevokeDisplay(c.Request.Context(), id, displayID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// requestDisplayCode starts a screen: a new secret in its cookie and a
// code to show. Without a session there is no CSRF token to check; a page
// of another origin is refused by its Origin header, and could gain nothing
// anyway but a code for a browser it does not control.
func (s *Server) requestDisplayCode(c *gin.Context) error {
	if origin := c.GetHeader("Origin"); origin != "" && !auth.OriginAllowed(origin, s.cfg.AllowedOrigins) {
		return ketenhub.Errorf(ketenhub.EFORBIDDEN, "Requests from this origin are not allowed.", "Verzoeken vanaf deze herkomst zijn niet toegestaan.")
	}
	if err := s.spend(c, s.codeLimits, "display_code", c.ClientIP()); err != nil {
		return err
	}
	code, err := s.svc.Displays.RequestDisplayCode(c.Request.Context(), c.GetHeader("User-Agent"))
	if err != nil {
		return err
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.DisplayCookie, Value: code.Secret, Path: "/api/", MaxAge: int(displayCookieAge / time.Second),
		HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteStrictMode,
	})
	c.Header("Location", apiBase+"/display")
	c.JSON(http.StatusCreated, code)
	return nil
}

// getDisplay answers a screen with what it shows now. A screen without a
// valid secret (none, revoked, or an expired code) gets 404 and asks for
// a new code.
func (s *Server) getDisplay(c *gin.Context) error {
	cookie, err := c.Request.Cookie(auth.DisplayCookie)
	if err != nil || cookie.Value == "" {
		return errNoDisplay()
	}
	st, err := s.svc.Displays.DisplayState(c.Request.Context(), cookie.Value)
	if ketenhub.ErrorCode(err) == ketenhub.ENOTFOUND {
		return errNoDisplay()
	} else if err != nil {
		return fmt.Errorf("display state: %w", err)
	}
	return ok(c, st)
}

func errNoDisplay() error {
	return ketenhub.Errorf(ketenhub.ENOTFOUND,
		"This screen is not paired with a meeting (or no longer). Ask for a new code.",
		"Dit scherm is niet (meer) gekoppeld aan een overleg. Vraag een nieuwe code aan.")
}
