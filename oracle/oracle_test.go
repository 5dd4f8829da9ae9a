package oracle_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/policy"
	"github.com/ketenhub/ketenhub/store/storetest"
)

var seedFlag = flag.Uint64("oracle.seed", 0, "seed of the leak oracle's region (0: $KETENHUB_ORACLE_SEED, or random)")

// oracleSeed is the seed of this run: the flag, the environment, or new.
func oracleSeed(t *testing.T) uint64 {
	t.Helper()
	if *seedFlag != 0 {
		return *seedFlag
	}
	if env := os.Getenv("KETENHUB_ORACLE_SEED"); env != "" {
		seed, err := strconv.ParseUint(env, 10, 64)
		if err != nil {
			t.Fatalf("KETENHUB_ORACLE_SEED=%q: %v", env, err)
		}
		return seed
	}
	return rand.Uint64()
}

// TestLeakOracle: with the product's policy, no organisation receives
// anything it may not see, on any route, websocket or export.
func TestLeakOracle(t *testing.T) {
	seed := oracleSeed(t)
	t.Logf("leak oracle seed %d (repeat with KETENHUB_ORACLE_SEED=%d)", seed, seed)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			if found := runOracle(t, kind, policy.Policy{}, seed, nil); len(found) > 0 {
				t.Errorf("seed %d: %d finding(s) on %s:%s", seed, len(found), kind, report(found))
			}
		})
	}
}

// runOracle builds the region on a fresh hub with pol, follows and reads
// it as every viewer, and returns what leaked. When enough is not nil the
// run ends after the first part (websocket, routes, replay) whose findings
// it accepts: the self-test needs a leak found, not every place it shows.
func runOracle(t *testing.T, kind string, pol ketenhub.Policy, seed uint64, enough func([]finding) bool) []finding {
	t.Helper()
	start := time.Now()
	h := startHub(t, kind, pol)
	fs := &findings{}
	s := newScenario(t, h, seed, fs)
	s.buildRegion()
	s.phaseOne()
	s.member(s.themes[0], s.late, ketenhub.RolePartner)
	c := &checker{m: s.m, fs: fs, seen: map[string]map[string]bool{}}
	var timings []string
	done := func(part string) bool {
		timings = append(timings, fmt.Sprintf("%s %v", part, time.Since(start).Round(time.Millisecond)))
		return enough != nil && enough(fs.all())
	}

	live := s.follow("live")
	live.await(t, nil)
	s.phaseTwo()
	live.await(t, s.sentinel())
	live.check(s, c)
	requests, compared := 0, 0
	if !done("websocket") {
		requests, compared = (&restScan{s: s, routes: readRoutes(t), workers: 4}).run(t, c)
		if !done("routes") {
			replay := s.follow("replay")
			replay.await(t, nil)
			replay.check(s, c)
			done("replay")
			s.checkCoverage(t, c)
		}
	}
	t.Logf("oracle on %s, seed %d: %d steps, %d markers, %d GET requests (%d hidden ids compared with a missing one), %d finding(s); done after %s",
		kind, seed, s.m.now, len(s.m.markers), requests, compared, len(fs.all()), strings.Join(timings, ", "))
	return fs.all()
}

// checkCoverage guards the oracle itself: every viewer must have been shown
// every text it may see now, somewhere. A scan that misses what is there,
// or a model that hides more than the hub, would prove less than it claims;
// and a hub that does not show an item to the people it names fails them.
func (s *scenario) checkCoverage(t *testing.T, c *checker) {
	t.Helper()
	for _, v := range s.viewers {
		var missed []string
		var named []*item
		for _, mk := range s.m.markers {
			current := mk != nil && slices.Contains(mk.item.versionAt(s.m.now), mk.token)
			if current && mk.item.sees(v.p, s.m.now) && !c.seen[v.name][mk.token] {
				missed = append(missed, fmt.Sprintf("%s %s", mk.item, mk.field))
				if vis := mk.item.visAt(s.m.now); slices.Contains(vis.Users, v.p.id) && !admitsOrg(vis, v.org) {
					named = append(named, mk.item)
				}
			}
		}
		if len(missed) > 0 {
			slices.Sort(missed)
			c.fs.add(finding{kind: kindMissing, viewer: v.name, org: v.org, where: "every route and websocket",
				what: fmt.Sprintf("never shown what it may see: %v", missed)})
		}
		if v.p.shielded && !slices.ContainsFunc(s.viewers, func(o *viewer) bool { return o.org == v.org && c.seen[o.name][v.p.name] }) {
			t.Errorf("oracle: the name of shielded %s was shown to nobody of their own organisation: the name scan proves nothing", v.name)
		}
		for _, it := range named {
			c.fs.add(finding{kind: kindMissing, viewer: v.name, org: v.org, where: "every route and websocket",
				what: fmt.Sprintf("never shown %s, which names them", it), item: it, cause: causeNotNamed})
		}
	}
}
