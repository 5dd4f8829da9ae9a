package main

import (
	"math"
	"sort"
	"time"
)

// delivery is one action.updated event as a subscriber received it.
type delivery struct {
	seq    int64
	marker string
	at     time.Time
}

// write is one successful PATCH: its marker, its topic and who may see it.
type write struct {
	marker string
	topic  string
	sent   time.Time
	// restricted writes may be seen only by the organisations in allowed.
	restricted bool
	allowed    map[int64]bool
}

// mayBeSeenBy reports whether a subscriber of organisation orgID may receive w.
func (w write) mayBeSeenBy(orgID int64) bool { return !w.restricted || w.allowed[orgID] }

// stream is what one subscriber received on one topic, in order of arrival.
type stream struct {
	orgID      int64
	topic      string
	deliveries []delivery
}

// verdict is the outcome of checking every stream against the writes.
type verdict struct {
	delivered  int
	lost       int
	duplicated int
	outOfOrder int
	forbidden  int
	unknown    int // markers no write of this run sent (e.g. a concurrent user)
	latencies  []time.Duration
}

// failed reports whether the hub broke its delivery contract.
func (v verdict) failed() bool {
	return v.lost > 0 || v.duplicated > 0 || v.outOfOrder > 0 || v.forbidden > 0
}

// check compares each stream with the writes: seq strictly increasing per
// stream, every write the subscriber may see received exactly once, none it
// may not see received. Latency is receive time minus send time.
func check(writes []write, streams []stream) verdict {
	byMarker := make(map[string]write, len(writes))
	perTopic := map[string][]write{}
	for _, w := range writes {
		byMarker[w.marker] = w
		perTopic[w.topic] = append(perTopic[w.topic], w)
	}
	var v verdict
	for _, s := range streams {
		seen := map[string]bool{}
		var last int64
		for i, d := range s.deliveries {
			switch {
			case seen[d.marker] || (i > 0 && d.seq == last):
				v.duplicated++
				continue
			case i > 0 && d.seq < last:
				v.outOfOrder++
			}
			last = max(last, d.seq)
			seen[d.marker] = true
			w, ok := byMarker[d.marker]
			if !ok {
				v.unknown++
				continue
			}
			if !w.mayBeSeenBy(s.orgID) {
				v.forbidden++
				continue
			}
			v.delivered++
			v.latencies = append(v.latencies, d.at.Sub(w.sent))
		}
		for _, w := range perTopic[s.topic] {
			if w.mayBeSeenBy(s.orgID) && !seen[w.marker] {
				v.lost++
			}
		}
	}
	return v
}

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of ds,
// which it sorts; 0 for no values.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	rank := int(math.Ceil(p / 100 * float64(len(ds))))
	return ds[min(max(rank, 1), len(ds))-1]
}
