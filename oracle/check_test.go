package oracle_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ketenhub/ketenhub"
)

// viewer is someone the oracle reads as: a person of an organisation, or
// the beheerder (whose organisation is a member of some workspaces only).
type viewer struct {
	name      string // "politie/2", "beheerder"
	org       int64
	p         *person
	beheerder bool
	b         *browser
	calendar  string // the file name of their calendar feed
}

// checker judges what a viewer received against the model.
type checker struct {
	m  *model
	fs *findings
	// seen counts, per viewer, the markers they were rightly shown: a scan
	// that sees nothing proves nothing.
	seen map[string]map[string]bool
}

// tokenRe finds marker tokens in any text (case may change in documents).
var tokenRe = regexp.MustCompile(`(?i)zq[a-z]{10}`)

// scanText reports every marker in text that v may not receive at step t.
func (c *checker) scanText(v *viewer, where string, t step, text string) {
	for _, tok := range tokenRe.FindAllString(text, -1) {
		mk := c.m.markers[strings.ToLower(tok)]
		if mk == nil {
			continue // not one of ours, or never written
		}
		if c.m.markerVisible(mk, v.p, t) {
			c.saw(v, mk.token)
			continue
		}
		c.fs.add(finding{kind: c.m.markerLeakKind(mk, v.p, t), viewer: v.name, org: v.org, where: where,
			what: fmt.Sprintf("marker %s of %s (%s)", mk.token, mk.item, mk.field), item: mk.item, cause: leakCause(mk.item, v.p, t)})
	}
	c.scanNames(v, where, text)
}

// nameRe finds the tokens that are people's names and e-mail addresses.
var nameRe = regexp.MustCompile(`(?i)z[ne][a-z]{10}`)

// scanNames reports the name or e-mail address of a shielded officer of
// another organisation than v's: they must be shown by function and
// organisation only.
func (c *checker) scanNames(v *viewer, where, text string) {
	for _, tok := range nameRe.FindAllString(text, -1) {
		p := c.m.names[strings.ToLower(tok)]
		if p == nil || !p.shielded {
			continue
		}
		if p.org == v.org {
			c.saw(v, p.name)
			continue
		}
		field := "name"
		if strings.EqualFold(tok, p.email) {
			field = "e-mail address"
		}
		c.fs.add(finding{kind: kindName, viewer: v.name, org: v.org, where: where,
			what: fmt.Sprintf("%s %s of shielded user %d of organisation %d", field, strings.ToLower(tok), p.id, p.org)})
	}
}

func (c *checker) saw(v *viewer, token string) {
	if c.seen[v.name] == nil {
		c.seen[v.name] = map[string]bool{}
	}
	c.seen[v.name][token] = true
}

// idFields are the JSON fields that name a subject by its id, with its kind.
var idFields = map[string]ketenhub.SubjectType{
	"action_id":           ketenhub.SubjectAction,
	"source_action_id":    ketenhub.SubjectAction,
	"action_ids":          ketenhub.SubjectAction,
	"decision_id":         ketenhub.SubjectDecision,
	"agenda_item_id":      ketenhub.SubjectAgendaItem,
	"current_item_id":     ketenhub.SubjectAgendaItem,
	"previous_item_id":    ketenhub.SubjectAgendaItem,
	"meeting_id":          ketenhub.SubjectMeeting,
	"previous_meeting_id": ketenhub.SubjectMeeting,
	"goal_id":             ketenhub.SubjectGoal,
}

// shapes tell an object's kind from the fields only that kind has, so that
// its "id" can be judged wherever it appears: in a list, nested in another
// answer, or as an event's payload. The first match wins.
var shapes = []struct {
	kind   ketenhub.SubjectType
	fields []string
}{
	{ketenhub.SubjectEvent, []string{"seq", "type", "subject"}},
	{ketenhub.SubjectAction, []string{"owner_organisation_id"}},
	{ketenhub.SubjectAgendaItem, []string{"position", "state"}},
	{ketenhub.SubjectDecision, []string{"agenda_item_id", "text"}},
	{ketenhub.SubjectMeeting, []string{"starts_at", "state"}},
	{ketenhub.SubjectComment, []string{"body", "author_user_id"}},
	{ketenhub.SubjectGoal, []string{"unit", "target"}},
}

func shapeOf(obj map[string]any) ketenhub.SubjectType {
	for _, s := range shapes {
		has := true
		for _, f := range s.fields {
			_, ok := obj[f]
			has = has && ok
		}
		if has {
			return s.kind
		}
	}
	return ""
}

// decodeJSON parses a JSON document keeping numbers exact.
func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	err := dec.Decode(&doc)
	return doc, err
}

// scanJSON reports every id in doc that names a subject v may not see at t,
// and agenda numbering that gives hidden items away.
func (c *checker) scanJSON(v *viewer, where string, t step, doc any) {
	switch x := doc.(type) {
	case map[string]any:
		if kind := shapeOf(x); kind != "" {
			c.checkIDs(v, where, t, "id", kind, x["id"])
		}
		for key, val := range x {
			if kind, ok := idFields[key]; ok {
				c.checkIDs(v, where, t, key, kind, val)
			}
			if subject, ok := x["subject"].(string); ok && key == "subject_id" {
				c.checkIDs(v, where, t, key, ketenhub.SubjectType(subject), val)
			}
			c.scanJSON(v, where, t, val)
		}
	case []any:
		c.checkNumbering(v, where, x)
		for _, e := range x {
			c.scanJSON(v, where, t, e)
		}
	}
}

// checkIDs judges val, an id or a list of ids of kind in field.
func (c *checker) checkIDs(v *viewer, where string, t step, field string, kind ketenhub.SubjectType, val any) {
	var ids []any
	if list, ok := val.([]any); ok {
		ids = list
	} else {
		ids = []any{val}
	}
	for _, raw := range ids {
		n, ok := raw.(json.Number)
		if !ok {
			continue
		}
		id, err := n.Int64()
		if err != nil {
			continue
		}
		it := c.m.find(kind, id)
		if it == nil || linkVisible(it, v.p, t) {
			continue
		}
		c.fs.add(finding{kind: kindLink, viewer: v.name, org: v.org, where: where,
			what: fmt.Sprintf("%s %d names %s, hidden from %s", field, id, it, v.name), item: it, cause: leakCause(it, v.p, t)})
	}
}

// checkNumbering: in a list of agenda items, those on the agenda are
// numbered 1, 2, 3 … in order, the same for everyone in the room, so that
// positions never count items a viewer may not see (proposals, rejected
// items, or items of other organisations).
func (c *checker) checkNumbering(v *viewer, where string, list []any) {
	var positions []int64
	meeting := "an agenda"
	for _, e := range list {
		obj, ok := e.(map[string]any)
		if !ok || shapeOf(obj) != ketenhub.SubjectAgendaItem {
			return
		}
		if id, ok := obj["meeting_id"]; ok {
			meeting = fmt.Sprintf("the agenda of meeting %v", id)
		}
		st, _ := obj["state"].(string)
		if st != string(ketenhub.ItemAccepted) && st != string(ketenhub.ItemDiscussed) {
			continue
		}
		if n, ok := obj["position"].(json.Number); ok {
			p, _ := n.Int64()
			positions = append(positions, p)
		}
	}
	for i, p := range positions {
		if p != int64(i+1) {
			c.fs.add(finding{kind: kindExistence, viewer: v.name, org: v.org, where: where,
				what: fmt.Sprintf("%s numbered %v: positions count items the viewer may not see", meeting, positions)})
			return
		}
	}
}

// ignoredHeaders differ between any two answers and say nothing (the
// session's idle deadline moves with every request).
var ignoredHeaders = []string{"Date", "X-Request-Id", "Content-Length", "Ketenhub-Session-Idle-Expires"}

// normalized is an answer with the asked id written as {id}: what must be
// the same for a hidden id and one that does not exist.
func normalized(r *response, id string) string {
	idRe := regexp.MustCompile(`\b` + regexp.QuoteMeta(id) + `\b`)
	var sb strings.Builder
	fmt.Fprintf(&sb, "status %d\n", r.status)
	var names []string
	for name := range r.header {
		if !slices.Contains(ignoredHeaders, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&sb, "%s: %s\n", name, strings.Join(r.header[name], ", "))
	}
	body := r.body
	if doc, err := decodeJSON(body); err == nil {
		if obj, ok := doc.(map[string]any); ok {
			delete(obj, "request_id")
		}
		body, _ = json.Marshal(doc)
	}
	sb.Write(body)
	return idRe.ReplaceAllString(sb.String(), "{id}")
}

// compareExistence reports when the answer for a hidden id differs from
// that for an id that does not exist.
func (c *checker) compareExistence(v *viewer, where, label string, hidden *item, got *response, hiddenID string, none *response, noneID string) {
	a, b := normalized(got, hiddenID), normalized(none, noneID)
	if a == b {
		return
	}
	c.fs.add(finding{kind: kindExistence, viewer: v.name, org: v.org, where: where,
		what: fmt.Sprintf("hidden %s answered unlike a non-existent id: %s", label, firstDifference(a, b)), item: hidden})
}

// firstDifference shows the first line in which two answers differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("%q vs %q", clip(x), clip(y))
		}
	}
	return "(same lines)"
}

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}
