// Package server is Ketenhub's HTTP interface: the gin router, its
// middleware, the JSON handlers of the REST API under /api/v1, problem+json
// errors and the embedded web app. Handlers decode and validate input, put
// the signed-in viewer in the request context and call the domain services,
// which enforce the access policy themselves.
package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/auth"
)

// DefaultMaxBodyBytes is the request body limit when Config leaves it zero.
const DefaultMaxBodyBytes int64 = 1 << 20

// DefaultBodyReadTimeout is how long a client may take to send a request
// body when Config leaves BodyReadTimeout zero. A body of the full
// DefaultMaxBodyBytes needs about 35 kB/s to arrive in time, which any
// real client manages; a client that trickles its body is answered 408 and
// its connection closed instead of holding a goroutine and a file
// descriptor forever.
const DefaultBodyReadTimeout = 30 * time.Second

// Config is how the server behaves. The zero value is usable for tests.
type Config struct {
	// AllowedOrigins are the origins (scheme://host[:port]) whose pages may
	// make unsafe requests; a request with another Origin header is refused.
	AllowedOrigins []string
	// CookieSecure marks cookies Secure (set it when served over TLS).
	CookieSecure bool
	// MaxBodyBytes limits request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// BodyReadTimeout limits the time from the request's start until its
	// body has been read; 0 means DefaultBodyReadTimeout. It applies only to
	// requests with a body, so websocket upgrades (bodiless GETs whose
	// connection lives on) and long downloads are not cut off.
	BodyReadTimeout time.Duration
	// Static is the built web app, served at / (nil: no web app).
	Static fs.FS
	// Logger receives request logs and internal errors; nil means slog.Default().
	Logger *slog.Logger
	// Login is the sign-in flow (an *auth.Login), mounted at /auth/ with the
	// full request path; nil serves no sign-in routes.
	Login http.Handler
	// IdentityProvider is the development identity provider, mounted with
	// the full request path at IdentityProviderPath (such as "/dev-idp/",
	// outside /api/ and /auth/); nil or an empty path mounts nothing.
	IdentityProvider     http.Handler
	IdentityProviderPath string
	// Realtime is the websocket hub, answered at GET /api/ws. It checks the
	// Origin and the session itself (docs/realtime.md).
	Realtime http.Handler
	// Display is the websocket of paired room screens, answered at GET
	// /api/display/ws. It checks the Origin and the display's cookie itself.
	Display http.Handler
	// PublicURL is where users reach the hub (no trailing slash), for the
	// addresses it hands out, such as a calendar feed's.
	PublicURL string

	// HSTS sends Strict-Transport-Security (set it when the public URL is https).
	HSTS bool
	// TrustedProxies are the addresses or CIDRs of the proxies whose
	// X-Forwarded-For names the client; none: the peer is the client.
	TrustedProxies []string
	// LoginLimit limits sign-in attempts per client address, WriteLimit
	// unsafe API requests per user; zero values limit nothing.
	LoginLimit RateLimit
	WriteLimit RateLimit
	// DisplayLimit limits pairing-code requests per client address and
	// pairing attempts per user; the zero value is DefaultDisplayLimit.
	DisplayLimit RateLimit
	// Ready are the conditions GET /readyz checks (none: always ready).
	Ready []ReadyCheck
	// Metrics, when set, counts requests. It is served on a listener of its
	// own (Metrics.Handler), never here: GET /metrics is a 404.
	Metrics *Metrics
}

// Services are the domain services the handlers call, and the session manager.
type Services struct {
	ketenhub.Services
	Sessions *auth.Sessions
}

// Server is the HTTP server's router with its dependencies.
type Server struct {
	cfg    Config
	svc    Services
	log    *slog.Logger
	engine *gin.Engine

	loginLimits, writeLimits *limiters // nil: no limit
	codeLimits, pairLimits   *limiters // never nil
}

// New builds the server and its routes.
func New(cfg Config, svc Services) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.BodyReadTimeout <= 0 {
		cfg.BodyReadTimeout = DefaultBodyReadTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if _, ok := log.Handler().(contextHandler); !ok {
		log = slog.New(LogHandler(log.Handler())) // request id and origin on every line
	}
	gin.SetMode(gin.ReleaseMode)
	if !cfg.DisplayLimit.On() {
		cfg.DisplayLimit = DefaultDisplayLimit
	}
	s := &Server{cfg: cfg, svc: svc, log: log, engine: gin.New(),
		loginLimits: newLimiters(cfg.LoginLimit), writeLimits: newLimiters(cfg.WriteLimit),
		codeLimits: newLimiters(cfg.DisplayLimit), pairLimits: newLimiters(cfg.DisplayLimit)}
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		// The binary validates them first; trusting none is the safe side.
		log.Error("trusted proxies ignored", "error", err)
		s.engine.SetTrustedProxies(nil)
	}
	s.routes()
	return s
}

// Handler returns the http.Handler that serves everything.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists the registered routes (method and gin path), for the
// OpenAPI coverage test and for diagnostics.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// routes registers the middleware and every route. It is the one place to
// look for what the server answers.
func (s *Server) routes() {
	e := s.engine
	e.RedirectTrailingSlash = false
	e.HandleMethodNotAllowed = true
	if s.cfg.Metrics != nil {
		e.Use(s.cfg.Metrics.observe)
	}
	e.Use(s.requestID, s.accessLog, s.recoverPanic, s.securityHeaders, s.limitBody)
	e.NoRoute(s.noRoute)
	e.NoMethod(s.noMethod)

	// Probes, outside /api/v1 and without a session. The metrics have a
	// listener of their own; a scraper pointed here is told so.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if s.cfg.Metrics != nil {
		e.GET("/metrics", s.noMetrics)
	}

	// Calendar clients cannot sign in: the token in the address is the key.
	e.GET(calendarPath+":file", s.handle(s.serveCalendar))

	if s.cfg.Realtime != nil {
		e.GET("/api/ws", gin.WrapH(s.cfg.Realtime))
	}
	if s.cfg.Display != nil {
		e.GET("/api/display/ws", gin.WrapH(s.cfg.Display))
	}

	// Sign-in and the development identity provider are plain http.Handlers
	// that route on the full path; they answer in HTML and set their own
	// cache and content-security headers, under the middleware above.
	if s.cfg.Login != nil {
		s.mount("/auth/", s.cfg.Login, s.limitLogin)
	}
	if s.cfg.IdentityProvider != nil && s.cfg.IdentityProviderPath != "" {
		s.mount(s.cfg.IdentityProviderPath, s.cfg.IdentityProvider)
	}

	api := e.Group("/api/v1", s.noStore, s.resolveSession)
	// Public /api/v1 routes (none yet) are registered on api directly.

	v1 := api.Group("", s.requireSession, s.checkCSRF, s.limitWrites)
	v1.GET("/me", s.handle(s.getMe))

	v1.GET("/organisations", s.handle(s.listOrganisations))
	v1.POST("/organisations", s.handle(s.createOrganisation))
	v1.GET("/organisations/:id", s.handle(s.getOrganisation))
	v1.PATCH("/organisations/:id", s.handle(s.updateOrganisation))
	v1.GET("/organisations/:id/access-review", s.handle(s.accessReview))

	v1.GET("/users", s.handle(s.listUsers))
	v1.GET("/users/:id/sessions", s.handle(s.listSessions))
	v1.DELETE("/users/:id/sessions/:sessionId", s.handle(s.deleteSession))
	v1.PUT("/users/:id/shielded", s.handle(s.setShielded))

	v1.GET("/workspaces", s.handle(s.listWorkspaces))
	v1.POST("/workspaces", s.handle(s.createWorkspace))
	v1.GET("/workspaces/:id", s.handle(s.getWorkspace))
	v1.PATCH("/workspaces/:id", s.handle(s.updateWorkspace))
	v1.GET("/workspaces/:id/members", s.handle(s.listMembers))
	v1.PUT("/workspaces/:id/members/:orgId", s.handle(s.setMember))
	v1.DELETE("/workspaces/:id/members/:orgId", s.handle(s.deleteMember))
	v1.GET("/workspaces/:id/members/:orgId/admission", s.handle(s.getAdmission))
	v1.PUT("/workspaces/:id/members/:orgId/admission", s.handle(s.setAdmission))
	v1.GET("/workspaces/:id/people", s.handle(s.listPeople))

	v1.GET("/workspaces/:id/goals", s.handle(s.listGoals))
	v1.POST("/workspaces/:id/goals", s.handle(s.createGoal))
	v1.GET("/goals/:id", s.handle(s.getGoal))
	v1.PATCH("/goals/:id", s.handle(s.updateGoal))

	v1.GET("/workspaces/:id/actions", s.handle(s.listActions))
	v1.GET("/workspaces/:id/actions/summary", s.handle(s.summarizeActions))
	v1.POST("/workspaces/:id/actions", s.handle(s.createAction))
	v1.GET("/actions/:id", s.handle(s.getAction))
	v1.PATCH("/actions/:id", s.handle(s.updateAction))

	v1.GET("/actions/:id/comments", s.handle(s.listComments))
	v1.POST("/actions/:id/comments", s.handle(s.createComment))

	v1.GET("/workspaces/:id/events", s.handle(s.listEvents))

	s.meetingRoutes(v1)
	s.exportRoutes(v1)
	s.displayRoutes(v1)
}

// mount serves everything under prefix with h, keeping the full path. Only
// the methods a browser and an OpenID relying party use are routed; others
// get the API's 405.
func (s *Server) mount(prefix string, h http.Handler, mw ...gin.HandlerFunc) {
	pattern := "/" + strings.Trim(prefix, "/") + "/*path"
	chain := append(mw, gin.WrapH(h))
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
		s.engine.Handle(m, pattern, chain...)
	}
}

// handle adapts a handler that returns an error: a non-nil error becomes
// the problem response, so that no handler can forget to answer.
func (s *Server) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			s.fail(c, err)
		}
	}
}
