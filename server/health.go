package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// ReadyCheck is one condition for serving traffic, such as "database":
// Check returns nil when it holds.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// readyTimeout bounds all checks of one /readyz request: a probe that hangs
// is worse than one that says "not ready".
const readyTimeout = 3 * time.Second

// healthz says the process is alive and answering: a liveness probe. It
// checks nothing else on purpose, so that a database outage does not get
// every replica restarted.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz runs the readiness checks (database reachable, migrations current,
// realtime listener connected): 200 when all hold, otherwise 503 problem
// naming the ones that do not. Why a check failed goes to the log only: the
// probe may be reachable from outside.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
	defer cancel()
	checks := map[string]string{}
	var failed []string
	for _, rc := range s.cfg.Ready {
		if err := rc.Check(ctx); err != nil {
			s.log.WarnContext(ctx, "not ready", "check", rc.Name, "error", err)
			checks[rc.Name] = "failed"
			failed = append(failed, rc.Name)
			continue
		}
		checks[rc.Name] = "ok"
	}
	if len(failed) > 0 {
		list := strings.Join(failed, ", ")
		s.writeProblem(c, ketenhub.Errorf(ketenhub.ENOTREADY,
			"Not ready to serve: "+list+".", "Niet gereed om verzoeken te behandelen: "+list+"."))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ready", "checks": checks})
}
