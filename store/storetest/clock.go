package storetest

import (
	"sync"
	"time"
)

// Clock is a ketenhub.Clock that tests set and move by hand. It starts at a
// whole second, so that times survive both databases unchanged.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at Monday 2 March 2026, 09:00 UTC.
func NewClock() *Clock {
	return &Clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t.UTC()
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
