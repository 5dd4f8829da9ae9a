package oracle_test

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export/exporttest"
)

// noneID is an id that no subject of any kind has.
const noneID = "987654321"

// request is one GET of the scan and what the oracle knows of what it asks.
type request struct {
	v       *viewer
	route   string // the spec's path
	path    string // the path asked, with its query
	id      string // the path parameter, "" if none
	subject *item  // the item the id names, if the model has it
	hidden  bool   // the id names a subject the viewer may not see
	none    bool   // the id names nothing
	resp    *response
	err     error
}

// pathValue is one value for a path parameter.
type pathValue struct {
	id      string
	subject *item
	hidden  bool
}

// restScan reads every GET route as every viewer and checks the answers.
type restScan struct {
	s       *scenario
	routes  []route
	workers int
}

// run makes the requests (concurrently: they only read) and then judges the
// answers on the test's goroutine, which extracting documents needs.
func (rs *restScan) run(t *testing.T, c *checker) (requests, compared int) {
	t.Helper()
	var reqs []*request
	for _, v := range rs.s.viewers {
		for _, r := range rs.routes {
			reqs = append(reqs, rs.requests(t, v, r)...)
		}
	}
	rs.fetch(reqs)
	for _, rq := range reqs {
		if rq.err != nil {
			t.Errorf("%s as %s: %v", rq.path, rq.v.name, rq.err)
			continue
		}
		rs.judge(t, c, rq)
	}
	return len(reqs), rs.compare(c, reqs)
}

// requests lists the GETs of route r for v: the route with every id of the
// kind its parameter names and every query variant; hidden ids and one that
// does not exist with the baseline query only.
func (rs *restScan) requests(t *testing.T, v *viewer, r route) []*request {
	params := pathParam.FindAllStringSubmatch(r.path, -1)
	if len(params) == 2 {
		return rs.pairRequests(t, v, r, params)
	}
	if len(params) > 2 {
		t.Errorf("oracle: route %s has %d path parameters; teach the oracle to fill them", r.path, len(params))
		return nil
	}
	if len(params) == 0 {
		var out []*request
		queries := []url.Values{r.baseline()}
		if rs.s.primary(v) {
			queries = r.queries(rs.s.queryIDs(nil))
		}
		for _, q := range queries {
			out = append(out, &request{v: v, route: r.path, path: withQuery(r.path, q)})
		}
		return out
	}
	kind, ok := paramKinds[params[0][1]]
	if !ok {
		t.Errorf("oracle: route %s has a parameter under %q, a collection the oracle does not know; add it to paramKinds", r.path, params[0][1])
		return nil
	}
	var out []*request
	for _, pv := range rs.s.pathValues(v, kind) {
		if rs.redundant(v, kind, pv) {
			continue
		}
		path := strings.Replace(r.path, "{"+params[0][2]+"}", pv.id, 1)
		queries := []url.Values{r.baseline()}
		if !pv.hidden && pv.id != noneID && rs.s.primary(v) {
			queries = r.queries(rs.s.queryIDs(rs.s.m.workspaces[atoi(pv.id)]))
		}
		for _, q := range queries {
			out = append(out, &request{v: v, route: r.path, path: withQuery(path, q), id: pv.id, subject: pv.subject, hidden: pv.hidden, none: pv.id == noneID})
		}
	}
	return out
}

// pairRequests lists the GETs of a route with two path parameters (a
// workspace member's admission): the first with every value it takes, as
// for one parameter, the second with the viewer's own organisation and two
// others. The first's hidden values and the one that names nothing are
// asked with the viewer's own organisation only, and compared.
func (rs *restScan) pairRequests(t *testing.T, v *viewer, r route, params [][]string) []*request {
	var kinds [2]ketenhub.SubjectType
	for i, p := range params {
		kind, ok := paramKinds[p[1]]
		if !ok {
			t.Errorf("oracle: route %s has a parameter under %q, a collection the oracle does not know; add it to paramKinds", r.path, p[1])
			return nil
		}
		kinds[i] = kind
	}
	if kinds[1] != ketenhub.SubjectOrganisation {
		t.Errorf("oracle: route %s has a second path parameter of kind %s; teach the oracle to fill it", r.path, kinds[1])
		return nil
	}
	seconds := []int64{v.org}
	for _, id := range rs.s.ids(kinds[1]) {
		if id != v.org && len(seconds) < 3 {
			seconds = append(seconds, id)
		}
	}
	var out []*request
	for _, pv := range rs.s.pathValues(v, kinds[0]) {
		for i, second := range seconds {
			if i > 0 && (pv.hidden || pv.id == noneID) {
				break
			}
			path := strings.Replace(r.path, "{"+params[0][2]+"}", pv.id, 1)
			path = strings.Replace(path, "{"+params[1][2]+"}", itoa(second), 1)
			out = append(out, &request{v: v, route: r.path, path: withQuery(path, r.baseline()), id: pv.id, subject: pv.subject,
				hidden: pv.hidden, none: pv.id == noneID})
		}
	}
	return out
}

// redundant reports whether asking for pv is the same question as one
// asked already for another viewer: an id hidden from v and from the
// writer of v's organisation alike, whom the organisation's other people
// are no different from (the writer asks it and compares it with a missing
// one), or another user or organisation than v's own (which hold no items).
// What a person sees, and what is hidden from them alone (by admission, or
// by the people an item names), is asked.
func (rs *restScan) redundant(v *viewer, kind ketenhub.SubjectType, pv pathValue) bool {
	if rs.s.primary(v) {
		return false
	}
	switch kind {
	case ketenhub.SubjectUser:
		return pv.id != itoa(v.p.id) && pv.id != noneID
	case ketenhub.SubjectOrganisation:
		return pv.id != itoa(v.org) && pv.id != noneID
	}
	if !pv.hidden {
		return false
	}
	w := rs.s.writer(v.org)
	if kind == ketenhub.SubjectWorkspace {
		return !rs.s.m.workspaces[atoi(pv.id)].takesPart(w, rs.s.m.now)
	}
	return pv.subject != nil && !pv.subject.sees(w, rs.s.m.now)
}

// fetch makes the requests with a few workers.
func (rs *restScan) fetch(reqs []*request) {
	work := make(chan *request)
	var wg sync.WaitGroup
	for range rs.workers {
		wg.Go(func() {
			for rq := range work {
				rq.resp, rq.err = rq.v.b.do("GET", rq.path, nil)
			}
		})
	}
	for _, rq := range reqs {
		work <- rq
	}
	close(work)
	wg.Wait()
}

// judge scans one answer for markers and ids the viewer may not receive.
func (rs *restScan) judge(t *testing.T, c *checker, rq *request) {
	t.Helper()
	where := "GET " + rq.path
	end := rs.s.m.now
	r := rq.resp
	if r.status >= 500 {
		c.fs.add(finding{kind: kindError, viewer: rq.v.name, org: rq.v.org, where: where, what: clip(string(r.body))})
	}
	ct := r.header.Get("Content-Type")
	text := string(r.body)
	if r.status == 200 {
		text = exporttest.Text(t, ct, r.body)
	}
	c.scanText(rq.v, where, end, text)
	var doc any
	if strings.Contains(ct, "json") {
		var err error
		if doc, err = decodeJSON(r.body); err == nil {
			c.scanJSON(rq.v, where, end, doc)
		} else {
			t.Errorf("%s as %s: %s is not JSON: %v", where, rq.v.name, ct, err)
		}
	}
	if rq.route == roomRoute && rq.subject != nil && r.status == 200 {
		c.checkRoom(rq.v, where, end, rs.s.present[rq.subject], text, doc)
	}
}

// roomRoute is the room view of a meeting: what its projector shows.
const roomRoute = "/api/v1/meetings/{id}/room"

// compare checks every hidden id's answer against the non-existent id's on
// the same route, for the same viewer.
func (rs *restScan) compare(c *checker, reqs []*request) int {
	type key struct {
		v     *viewer
		route string
	}
	none := map[key]*request{}
	for _, rq := range reqs {
		if rq.none && rq.err == nil {
			none[key{rq.v, rq.route}] = rq
		}
	}
	compared := 0
	for _, rq := range reqs {
		n := none[key{rq.v, rq.route}]
		if !rq.hidden || rq.err != nil || n == nil {
			continue
		}
		compared++
		label := rq.route + " " + rq.id
		if rq.subject != nil {
			label = rq.subject.String()
		}
		c.compareExistence(rq.v, "GET "+rq.path+" vs "+n.path, label, rq.subject, rq.resp, rq.id, n.resp, noneID)
	}
	return compared
}

// ids lists every id of a kind the oracle made, for query parameters.
func (s *scenario) ids(kind ketenhub.SubjectType) []int64 {
	var out []int64
	switch kind {
	case ketenhub.SubjectOrganisation:
		for _, id := range s.orgs {
			out = append(out, id)
		}
	case ketenhub.SubjectUser:
		out = append(out, s.users...)
	case ketenhub.SubjectWorkspace:
		for id := range s.m.workspaces {
			out = append(out, id)
		}
	default:
		for _, it := range s.m.byKind(kind) {
			out = append(out, it.id)
		}
	}
	slices.Sort(out)
	return out
}

// queryIDs gives the ids an id query parameter takes: a few of the
// workspace's own (ws nil: of any), which is where the filters act.
func (s *scenario) queryIDs(ws *wsModel) func(ketenhub.SubjectType) []int64 {
	return func(kind ketenhub.SubjectType) []int64 {
		var ids []int64
		switch {
		case ws == nil:
			ids = s.ids(kind)
		case kind == ketenhub.SubjectOrganisation:
			ids = s.members(ws)
		default:
			for _, it := range s.itemsOf(ws, kind) {
				ids = append(ids, it.id)
			}
		}
		return ids[:min(len(ids), maxQueryIDs)]
	}
}

// maxQueryIDs bounds the ids tried per id query parameter: the filter's
// code is the same for every id.
const maxQueryIDs = 1

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// pathValues are the values a path parameter of kind takes for v: every
// id of the kind, each marked hidden if v may not see what it names, and
// one that names nothing. A calendar feed is v's own.
func (s *scenario) pathValues(v *viewer, kind ketenhub.SubjectType) []pathValue {
	if kind == subjectCalendar {
		return []pathValue{{id: v.calendar}, {id: noneID + ".ics"}}
	}
	var out []pathValue
	for _, id := range s.ids(kind) {
		pv := pathValue{id: itoa(id)}
		switch kind {
		case ketenhub.SubjectWorkspace:
			ws := s.m.workspaces[id]
			pv.hidden = !v.beheerder && !ws.takesPart(v.p, s.m.now) && !(v.p.admin && ws.member(v.org, s.m.now))
		case ketenhub.SubjectOrganisation, ketenhub.SubjectUser:
		default:
			pv.subject = s.m.find(kind, id)
			pv.hidden = !pv.subject.sees(v.p, s.m.now)
		}
		out = append(out, pv)
	}
	return append(out, pathValue{id: noneID})
}
