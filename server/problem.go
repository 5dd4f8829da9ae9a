package server

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// ProblemTypeBase prefixes the error code to form a problem's type URI.
const ProblemTypeBase = "https://ketenhub.nl/problems/"

// problemContentType is the media type of RFC 9457 problem details.
const problemContentType = "application/problem+json"

// Problem is an RFC 9457 problem details object with Ketenhub's extensions:
// the error code, the message in both languages, the field at fault and, on a
// version conflict, the current object.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Code     string `json:"code"`
	Detail   string `json:"detail"`
	DetailNL string `json:"detail_nl"`
	DetailEN string `json:"detail_en"`
	Field    string `json:"field,omitempty"`
	Current  any    `json:"current,omitempty"`
	// Allowed names the states that may follow, on an illegal transition.
	Allowed []string `json:"allowed,omitempty"`
	// Warnings lists what looks like personal data, on personal_data.
	Warnings  []ketenhub.PersonalDataWarning `json:"warnings,omitempty"`
	RequestID string                         `json:"request_id,omitempty"`
}

// unavailableRetrySeconds is the Retry-After of a 503 for a database that
// cannot be reached: long enough for a restart or a failover to finish,
// short enough that a user does not give up.
const unavailableRetrySeconds = 5

// StatusOf returns the HTTP status for an error: the status of its code
// (ketenhub.StatusOf), 500 for anything that is not a *ketenhub.Error.
func StatusOf(err error) int {
	return ketenhub.StatusOf(ketenhub.ErrorCode(err))
}

// internalError is what the client learns of an unexpected error: nothing.
var internalError = ketenhub.Errorf(ketenhub.EINTERNAL,
	"Something went wrong on our side. Please try again later.",
	"Er ging aan onze kant iets mis. Probeer het later opnieuw.")

// fail answers the request with err as a problem and stops the chain.
// Errors without a known code are logged and shown only as a generic message.
func (s *Server) fail(c *gin.Context, err error) {
	e := ketenhub.ErrorOf(err)
	if e == nil || !ketenhub.KnownCode(e.Code) || e.Code == ketenhub.EINTERNAL {
		s.log.ErrorContext(c.Request.Context(), "internal error",
			"error", err, "request_id", requestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path)
		e = internalError
	} else if e.Code == ketenhub.EUNAVAILABLE {
		// The cause (which connection failed, and how) is for the log only.
		s.log.WarnContext(c.Request.Context(), "unavailable",
			"error", err, "request_id", requestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path)
	}
	s.writeProblem(c, e)
}

// writeProblem writes e as problem+json in the language the client prefers.
func (s *Server) writeProblem(c *gin.Context, e *ketenhub.Error) {
	titleEN, titleNL := ketenhub.TitleOf(e.Code)
	english := prefersEnglish(c.GetHeader("Accept-Language"))
	p := Problem{
		Type:      ProblemTypeBase + e.Code,
		Title:     titleNL,
		Status:    ketenhub.StatusOf(e.Code),
		Code:      e.Code,
		Detail:    e.MessageNL,
		DetailNL:  e.MessageNL,
		DetailEN:  e.Message,
		Field:     e.Field,
		Current:   e.Current,
		Allowed:   e.Allowed,
		Warnings:  e.Warnings,
		RequestID: requestIDOf(c),
	}
	if english {
		p.Title, p.Detail = titleEN, e.Message
	}
	body, err := json.Marshal(p)
	if err != nil {
		// Only Current can fail to encode; drop it rather than the answer.
		s.log.ErrorContext(c.Request.Context(), "encode problem", "error", err)
		p.Current = nil
		body, _ = json.Marshal(p)
	}
	c.Header("Vary", "Accept-Language")
	c.Header("Cache-Control", "no-store")
	if e.Code == ketenhub.EUNAVAILABLE {
		c.Header("Retry-After", strconv.Itoa(unavailableRetrySeconds))
	}
	if e.Code == ketenhub.ETIMEOUT {
		// The rest of the body cannot be told from the next request.
		c.Header("Connection", "close")
	}
	c.Data(p.Status, problemContentType, body)
	c.Abort()
}

// prefersEnglish reports whether an Accept-Language header ranks English
// above Dutch. Dutch is the default: no header, or neither language, is Dutch.
func prefersEnglish(header string) bool {
	nl, en := langQuality(header, "nl"), langQuality(header, "en")
	return en > nl
}

// langQuality returns the highest quality the header gives to lang (or one
// of its regional variants), or 0 when it names neither lang nor "*".
func langQuality(header, lang string) float64 {
	best, wildcard := 0.0, 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		switch {
		case tag == "*":
			wildcard = q
		case tag == lang || strings.HasPrefix(tag, lang+"-"):
			best = max(best, q)
		}
	}
	if best == 0 {
		return wildcard / 2 // a wildcard never beats a named language
	}
	return best
}

// noRoute answers requests that match no route: the web app for page
// requests, a 404 problem for everything else.
func (s *Server) noRoute(c *gin.Context) {
	if s.serveStatic(c) {
		return
	}
	s.writeProblem(c, ketenhub.Errorf(ketenhub.ENOTFOUND,
		"There is nothing at this address.", "Op dit adres is niets te vinden."))
}

// noMetrics answers GET /metrics on the public port, where the metrics are
// never served.
func (s *Server) noMetrics(c *gin.Context) {
	s.writeProblem(c, ketenhub.Errorf(ketenhub.ENOTFOUND,
		"The metrics are not served here but on the hub's metrics listener (KETENHUB_METRICS_ADDR).",
		"De metrieken staan niet hier maar op de metriekenpoort van de hub (KETENHUB_METRICS_ADDR)."))
}

// noMethod answers a known path asked with a method it does not support
// (gin has set the Allow header).
func (s *Server) noMethod(c *gin.Context) {
	s.writeProblem(c, ketenhub.Errorf(ketenhub.EMETHODNOTALLOWED,
		"This method is not supported at this address; see the Allow header.",
		"Deze methode wordt op dit adres niet ondersteund; zie de Allow-header."))
}
