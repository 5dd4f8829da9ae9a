package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
)

// exportRoutes registers the documents: every one is read through the
// domain services as the person who asks, so it holds what they may see.
func (s *Server) exportRoutes(v1 *gin.RouterGroup) {
	v1.GET("/meetings/:id/decision-list", s.handle(s.exportDecisionList))
	v1.GET("/workspaces/:id/actions/export", s.handle(s.exportActions))
	v1.GET("/reports/progress", s.handle(s.exportProgressReport))
	v1.POST("/me/calendar-feed", s.handle(s.createCalendarFeed))
	v1.DELETE("/me/calendar-feed", s.handle(s.revokeCalendarFeed))
}

// document reads the format and language of an export.
func document(q *query, formats ...string) (string, export.Lang) {
	format := q.choice("format", formats[0], formats)
	lang, err := export.ParseLang(q.str("lang"))
	if err != nil {
		q.check(false, "lang", `Query parameter "lang" must be nl or en.`, `Queryparameter "lang" moet nl of en zijn.`)
	}
	return format, lang
}

// sendDocument renders into memory first, so that a failure becomes a
// problem instead of half a file, and answers with the document.
func (s *Server) sendDocument(c *gin.Context, media, filename string, render func(w *bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	c.Header("Cache-Control", "private, no-store")
	disposition := "attachment"
	if strings.HasPrefix(media, "text/html") {
		disposition = "inline"
		c.Header("Content-Security-Policy", export.ContentSecurityPolicy())
	}
	c.Header("Content-Disposition", fmt.Sprintf("%s; filename=%q", disposition, filename))
	c.Data(http.StatusOK, media, buf.Bytes())
	return nil
}

// madeFor says who an export is for: the person who asks it, now. Every
// export that leaves the hub carries it on every page (export.MadeFor).
func (s *Server) madeFor(c *gin.Context) (export.MadeFor, error) {
	return export.CollectMadeFor(c.Request.Context(), s.svc.Services, time.Now())
}

func (s *Server) exportDecisionList(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c, "format", "lang")
	format, lang := document(q, "html", "pdf")
	if err := q.result(); err != nil {
		return err
	}
	dl, err := export.CollectDecisionList(c.Request.Context(), s.svc.Services, id)
	if err != nil {
		return err
	}
	if dl.MadeFor, err = s.madeFor(c); err != nil {
		return err
	}
	name := fmt.Sprintf("besluitenlijst-%d", id)
	if format == "pdf" {
		return s.sendDocument(c, export.ContentTypePDF, name+".pdf", func(w *bytes.Buffer) error { return dl.PDF(w, lang) })
	}
	return s.sendDocument(c, export.ContentTypeHTML, name+".html", func(w *bytes.Buffer) error { return dl.HTML(w, lang) })
}

func (s *Server) exportActions(c *gin.Context) error {
	f, q, err := actionFilter(c, "format", "lang")
	if err != nil {
		return err
	}
	format, lang := document(q, "csv", "xlsx")
	if err := q.result(); err != nil {
		return err
	}
	rows, err := export.CollectActions(c.Request.Context(), s.svc.Services, f.WorkspaceID, f)
	if err != nil {
		return err
	}
	mf, err := s.madeFor(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("acties-%d", f.WorkspaceID)
	if format == "xlsx" {
		return s.sendDocument(c, export.ContentTypeXLSX, name+".xlsx", func(w *bytes.Buffer) error { return export.ActionsXLSX(w, rows, mf, lang) })
	}
	return s.sendDocument(c, export.ContentTypeCSV, name+".csv", func(w *bytes.Buffer) error { return export.ActionsCSV(w, rows, mf, lang) })
}

func (s *Server) exportProgressReport(c *gin.Context) error {
	q := newQuery(c, "period", "format", "lang")
	period := q.str("period")
	q.text("period", period, maxShort, false)
	format, lang := document(q, "html", "pdf")
	if err := q.result(); err != nil {
		return err
	}
	r, err := export.CollectProgressReport(c.Request.Context(), s.svc.Services, period)
	if err != nil {
		return err
	}
	if r.MadeFor, err = s.madeFor(c); err != nil {
		return err
	}
	if format == "pdf" {
		return s.sendDocument(c, export.ContentTypePDF, "voortgangsrapportage.pdf", func(w *bytes.Buffer) error { return r.PDF(w, lang) })
	}
	return s.sendDocument(c, export.ContentTypeHTML, "voortgangsrapportage.html", func(w *bytes.Buffer) error { return r.HTML(w, lang) })
}

// calendarFeed is the answer to POST /me/calendar-feed: the personal
// address to give a calendar client. It is shown once; renewing it ends
// the old one.
type calendarFeed struct {
	URL  string `json:"url"`
	Path string `json:"path"`
}

func (s *Server) createCalendarFeed(c *gin.Context) error {
	token, err := s.svc.CalendarFeeds.CreateCalendarFeed(c.Request.Context())
	if err != nil {
		return err
	}
	path := calendarPath + token + ".ics"
	c.JSON(http.StatusCreated, calendarFeed{URL: s.cfg.PublicURL + path, Path: path})
	return nil
}

func (s *Server) revokeCalendarFeed(c *gin.Context) error {
	if err := s.svc.CalendarFeeds.RevokeCalendarFeed(c.Request.Context()); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// calendarPath is where calendar feeds are served: outside /api/v1, since
// calendar clients have no session; the secret token in the address is the
// credential (and is kept out of the logs).
const calendarPath = "/calendar/"

// calendarWindow is how far back a feed reaches.
const calendarWindow = 90 * 24 * time.Hour

// serveCalendar answers GET /calendar/<token>.ics with the meetings of the
// token's owner, as they may see them.
func (s *Server) serveCalendar(c *gin.Context) error {
	token, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok || token == "" {
		return ketenhub.NotFound("calendar", "agenda")
	}
	v, err := s.svc.CalendarFeeds.ResolveCalendarFeed(c.Request.Context(), token)
	if err != nil {
		return err
	}
	ctx := ketenhub.NewContextWithViewer(c.Request.Context(), v)
	meetings, titles, err := export.CollectMeetings(ctx, s.svc.Services, time.Now().Add(-calendarWindow))
	if err != nil {
		return err
	}
	return s.sendDocument(c, export.ContentTypeICS, "ketenhub.ics", func(w *bytes.Buffer) error {
		return export.MeetingsICS(w, meetings, titles, "Ketenhub", time.Now())
	})
}
