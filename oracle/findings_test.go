package oracle_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Kinds of finding.
const (
	kindContent   = "content"   // a marker of something the viewer may not see
	kindHistory   = "history"   // a marker of an old version the viewer may not receive
	kindLink      = "link"      // the id of a hidden subject in a field that names one
	kindExistence = "existence" // a hidden id answered unlike one that does not exist
	kindName      = "name"      // the name or e-mail address of a shielded officer of another organisation
	kindAccess    = "access"    // a person who lost a workspace was not told so on the websocket
	kindMissing   = "missing"   // something the viewer may see was shown nowhere: the model or the scan is wrong, or the hub hides too much
	kindError     = "error"     // a server error
)

var findingKinds = []string{kindContent, kindHistory, kindLink, kindExistence, kindName, kindAccess, kindMissing, kindError}

// finding is one leak: what the viewer got, where, and what of it.
type finding struct {
	kind   string
	viewer string // "politie", "beheerder"
	org    int64  // the viewer's organisation
	where  string // "GET /api/v1/actions/12", "ws replay workspace:3"
	what   string // "marker zq… of action 12 (title)", "source_action_id 12: action 12, hidden"
	// item is what leaked, when the finding is about one (for the self-test).
	item *item
	// cause is the person-level rule a content or link leak broke, if one
	// did (causeNotAdmitted, causeNotNamed).
	cause string
}

func (f finding) String() string {
	return fmt.Sprintf("[%s] %s: %s: %s", f.kind, f.viewer, f.where, f.what)
}

// findings collects what the scans report, from several goroutines.
type findings struct {
	mu   sync.Mutex
	list []finding
	seen map[string]bool
}

// add records f once.
func (fs *findings) add(f finding) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.seen == nil {
		fs.seen = map[string]bool{}
	}
	if key := f.String(); !fs.seen[key] {
		fs.seen[key] = true
		fs.list = append(fs.list, f)
	}
}

// all returns the findings so far.
func (fs *findings) all() []finding {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.Clone(fs.list)
}

// maxShown bounds the groups listed per kind; the count says the rest.
const maxShown = 30

// report lists the findings grouped by kind, so that progress on each kind
// of leak is visible, and within a kind by what leaked to whom, with the
// number of places and the first of them.
func report(list []finding) string {
	var sb strings.Builder
	for _, kind := range findingKinds {
		places := map[string][]string{}
		for _, f := range list {
			if f.kind == kind {
				key := f.viewer + ": " + f.what
				places[key] = append(places[key], f.where)
			}
		}
		if len(places) == 0 {
			continue
		}
		keys := slices.Sorted(maps.Keys(places))
		n := 0
		for _, key := range keys {
			n += len(places[key])
		}
		fmt.Fprintf(&sb, "\n%s: %d finding(s), %d distinct\n", kind, n, len(keys))
		for i, key := range keys {
			if i == maxShown {
				fmt.Fprintf(&sb, "  … and %d more\n", len(keys)-maxShown)
				break
			}
			where := places[key]
			slices.Sort(where)
			fmt.Fprintf(&sb, "  %s\n    in %d place(s): %s\n", key, len(where), strings.Join(where[:min(len(where), 2)], "; "))
		}
	}
	return sb.String()
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
