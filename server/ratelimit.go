package server

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/ketenhub/ketenhub"
)

// RateLimit allows Events requests per Per for one key (a client address,
// a user), in bursts of up to Events. The zero value means no limit. Limits
// are per node: behind a load balancer that spreads a client over n
// replicas, it gets up to n times as much.
type RateLimit struct {
	Events int
	Per    time.Duration
}

// On reports whether the limit limits anything.
func (r RateLimit) On() bool { return r.Events > 0 && r.Per > 0 }

// String is the limit as the configuration writes it: "20/1m0s", or "off".
func (r RateLimit) String() string {
	if !r.On() {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Events, r.Per)
}

// limiters keep a token bucket per key.
type limiters struct {
	limit rate.Limit
	burst int

	mu    sync.Mutex
	byKey map[string]*rate.Limiter
	calls int
}

func newLimiters(r RateLimit) *limiters {
	if !r.On() {
		return nil
	}
	return &limiters{limit: rate.Every(r.Per / time.Duration(r.Events)), burst: r.Events, byKey: map[string]*rate.Limiter{}}
}

// pruneEvery is how many calls pass between sweeps of the idle buckets.
const pruneEvery = 1024

// take spends a token of key's bucket at now. When none is left it returns
// false and how long until one is.
func (l *limiters) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls++; l.calls%pruneEvery == 0 {
		l.pruneLocked(now)
	}
	lim := l.byKey[key]
	if lim == nil {
		lim = rate.NewLimiter(l.limit, l.burst)
		l.byKey[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// pruneLocked forgets buckets that have filled up again: a new bucket for
// the key would be the same, so memory stays bounded by the active keys.
func (l *limiters) pruneLocked(now time.Time) {
	for k, lim := range l.byKey {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.byKey, k)
		}
	}
}

// limitLogin limits, per client address, the requests that start or finish
// a sign-in: they cost the identity provider and the database a round trip
// each, and a flood of them is how sign-in is attacked.
func (s *Server) limitLogin(c *gin.Context) {
	p := c.Request.URL.Path
	if s.loginLimits == nil || !(strings.HasPrefix(p, "/auth/login/") || strings.HasPrefix(p, "/auth/callback/")) {
		c.Next()
		return
	}
	s.limit(c, s.loginLimits, "login", c.ClientIP())
}

// limitWrites limits a signed-in user's unsafe requests.
func (s *Server) limitWrites(c *gin.Context) {
	if s.writeLimits == nil || safeMethod(c.Request.Method) {
		c.Next()
		return
	}
	s.limit(c, s.writeLimits, "write", strconv.FormatInt(userOf(c).ID, 10))
}

// limit lets the request through if key has a token left, and otherwise
// answers 429 with Retry-After in whole seconds.
func (s *Server) limit(c *gin.Context, l *limiters, name, key string) {
	if err := s.spend(c, l, name, key); err != nil {
		s.writeProblem(c, err)
		return
	}
	c.Next()
}

// spend takes a token of key's bucket, or returns the 429 error (and sets
// Retry-After in whole seconds) when none is left. A nil l limits nothing.
func (s *Server) spend(c *gin.Context, l *limiters, name, key string) *ketenhub.Error {
	if l == nil {
		return nil
	}
	ok, wait := l.take(key, time.Now())
	if ok {
		return nil
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.limited.WithLabelValues(name).Inc()
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	c.Header("Retry-After", strconv.Itoa(secs))
	return tooManyRequests(secs)
}

func tooManyRequests(secs int) *ketenhub.Error {
	return ketenhub.Errorf(ketenhub.ERATELIMIT,
		fmt.Sprintf("Too many requests; try again in %d seconds.", secs),
		fmt.Sprintf("Te veel verzoeken; probeer het over %d seconden opnieuw.", secs))
}
