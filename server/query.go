package server

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ketenhub/ketenhub"
)

// Paging defaults and limits.
const (
	defaultPerPage = 50
	maxPerPage     = 200
	maxPage        = 1_000_000
)

// query reads and validates a request's query parameters. Unknown and
// repeated parameters are refused like unknown JSON fields: a typo should
// not silently widen a list.
type query struct {
	values url.Values
	validator
}

// newQuery checks that only the allowed parameters are present, once each.
func newQuery(c *gin.Context, allowed ...string) *query {
	q := &query{values: c.Request.URL.Query()}
	for name, vs := range q.values {
		q.check(slices.Contains(allowed, name), name,
			fmt.Sprintf("Unknown query parameter %q.", name),
			fmt.Sprintf("Onbekende queryparameter %q.", name))
		q.check(len(vs) == 1, name,
			fmt.Sprintf("Query parameter %q may be given only once.", name),
			fmt.Sprintf("Queryparameter %q mag maar één keer voorkomen.", name))
	}
	return q
}

// str returns a parameter's value, "" when absent.
func (q *query) str(name string) string { return q.values.Get(name) }

// has reports whether a parameter was given.
func (q *query) has(name string) bool { return q.values.Has(name) }

// int returns an integer parameter in [min, max], def when absent. Only
// the canonical form counts: "+7" and "07" are refused. With max
// math.MaxInt64 the message says "at least min", not the odd bound.
func (q *query) int(name string, def, min, max int64) int64 {
	if !q.has(name) {
		return def
	}
	n, err := strconv.ParseInt(q.str(name), 10, 64)
	ok := err == nil && n >= min && n <= max && strconv.FormatInt(n, 10) == q.str(name)
	if max == math.MaxInt64 {
		q.check(ok, name,
			fmt.Sprintf("Query parameter %q must be a whole number of at least %d.", name, min),
			fmt.Sprintf("Queryparameter %q moet een geheel getal van minstens %d zijn.", name, min))
		return n
	}
	q.check(ok, name,
		fmt.Sprintf("Query parameter %q must be a whole number from %d to %d.", name, min, max),
		fmt.Sprintf("Queryparameter %q moet een geheel getal van %d tot en met %d zijn.", name, min, max))
	return n
}

// id returns a positive id parameter, 0 when absent.
func (q *query) id(name string) int64 {
	return q.int(name, 0, 1, math.MaxInt64)
}

// bool returns a true/false parameter, false when absent.
func (q *query) bool(name string) bool {
	if !q.has(name) {
		return false
	}
	b, err := strconv.ParseBool(q.str(name))
	q.check(err == nil && (q.str(name) == "true" || q.str(name) == "false"), name,
		fmt.Sprintf("Query parameter %q must be true or false.", name),
		fmt.Sprintf("Queryparameter %q moet true of false zijn.", name))
	return b
}

// time returns an RFC 3339 time parameter, nil when absent.
func (q *query) time(name string) *time.Time {
	if !q.has(name) {
		return nil
	}
	t := q.timestamp(name, q.str(name))
	return &t
}

// date returns a YYYY-MM-DD parameter, nil when absent.
func (q *query) date(name string) *ketenhub.Date {
	if !q.has(name) {
		return nil
	}
	d := q.str(name)
	q.validator.date(name, d)
	return &d
}

// page returns the page (from 1) and page size.
func (q *query) page() (page, perPage int) {
	return int(q.int("page", 1, 1, maxPage)), int(q.int("per_page", defaultPerPage, 1, maxPerPage))
}

// statuses returns a comma-separated list of action statuses.
func (q *query) statuses(name string) []ketenhub.ActionStatus {
	if !q.has(name) {
		return nil
	}
	var out []ketenhub.ActionStatus
	for _, s := range strings.Split(q.str(name), ",") {
		st := ketenhub.ActionStatus(strings.TrimSpace(s))
		q.oneOf(name, st.Valid(), joinAll(ketenhub.ActionStatuses))
		out = append(out, st)
	}
	return out
}

// choice returns a parameter that must be one of allowed, def when absent.
func (q *query) choice(name, def string, allowed []string) string {
	if !q.has(name) {
		return def
	}
	v := q.str(name)
	q.oneOf(name, slices.Contains(allowed, v), strings.Join(allowed, ", "))
	return v
}
