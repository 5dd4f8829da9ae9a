// Package export turns what the domain services return into documents: the
// besluiten- en actielijst of a meeting (HTML and PDF), a workspace's
// actions (CSV and XLSX), meetings as an iCalendar feed, and the
// voortgangsrapportage (HTML and PDF).
//
// Every collector reads through ketenhub.Services with the context of the
// person who asked (ketenhub.NewContextWithViewer), never from the
// database, so an export holds exactly what the access policy lets that
// person see. Renderers only format what was collected.
//
// What leaves the hub says who it was made for and when (MadeFor, on every
// page; the renderers refuse a document without it) and marks restricted
// items with the organisations that may see them (Audience). The contract
// is the exports tag of docs/openapi.yaml.
//
// Labels come in Dutch (the default) and English; see Lang.
package export

import (
	"context"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the binary may run where the system has no zone files

	"github.com/ketenhub/ketenhub"
)

// The media types of the exports, for the Content-Type header.
const (
	ContentTypeHTML = "text/html; charset=utf-8"
	ContentTypePDF  = "application/pdf"
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ContentTypeICS  = "text/calendar; charset=utf-8"
)

// Lang is the language of an export's labels: Dutch (the default) or English.
type Lang string

// The languages of an export.
const (
	NL Lang = "nl"
	EN Lang = "en"
)

// ParseLang reads a lang parameter: "nl" or "en" (any case); empty means
// Dutch. Anything else is EINVALID.
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "nl":
		return NL, nil
	case "en":
		return EN, nil
	}
	return "", ketenhub.FieldError("lang", `language must be "nl" or "en"`, `taal moet "nl" of "en" zijn`)
}

// zone is where the partners live: meeting times are shown in Dutch time.
func zone() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil { // cannot happen with time/tzdata embedded
		return time.UTC
	}
	return loc
}

var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// formatDate writes a day as people read it: "2 maart 2026" or "2 March 2026".
func formatDate(t time.Time, lang Lang) string {
	if lang == EN {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsNL[t.Month()-1], t.Year())
}

// formatDateTime writes a moment in Dutch time, with the day.
func formatDateTime(t time.Time, lang Lang) string {
	t = t.In(zone())
	return formatDate(t, lang) + ", " + t.Format("15:04")
}

// formatDue writes a due date (YYYY-MM-DD) as a day; a date that does not
// parse is shown as it is.
func formatDue(d *ketenhub.Date, lang Lang) string {
	if d == nil || *d == "" {
		return ""
	}
	t, err := time.Parse(time.DateOnly, *d)
	if err != nil {
		return *d
	}
	return formatDate(t, lang)
}

// themeName is the name of a theme in lang; a custom theme keeps its own.
func themeName(th ketenhub.Theme, lang Lang) string {
	for _, d := range ketenhub.DefaultThemes {
		if d.Theme == th {
			if lang == EN {
				return d.NameEN
			}
			return d.NameNL
		}
	}
	return string(th)
}

// themeOrder sorts the default themes in their taxonomy order, custom ones after.
func themeOrder(th ketenhub.Theme) int {
	for i, d := range ketenhub.DefaultThemes {
		if d.Theme == th {
			return i
		}
	}
	return len(ketenhub.DefaultThemes)
}

// names resolves organisation and user ids to names through the services,
// once per id. People are named as the viewer's directory
// (UserService.FindUsers) shows them: a person the viewer may not know of
// is not named, and a shielded officer of another organisation is named
// by function and organisation only (ketenhub.Shown.Label).
type names struct {
	svc   ketenhub.Services
	orgs  map[int64]string
	users map[int64]*ketenhub.User
}

func newNames(svc ketenhub.Services) *names {
	return &names{svc: svc}
}

// org returns an organisation's name; an unknown id gives "".
func (n *names) org(ctx context.Context, id int64) (string, error) {
	if n.orgs == nil {
		list, err := n.svc.Organisations.FindOrganisations(ctx)
		if err != nil {
			return "", fmt.Errorf("export: organisations: %w", err)
		}
		n.orgs = make(map[int64]string, len(list))
		for _, o := range list {
			n.orgs[o.ID] = o.Name
		}
	}
	return n.orgs[id], nil
}

// user returns a person's name as the viewer may see it, or for a shielded
// officer of another organisation "<function>, <organisation>" (in Dutch,
// "Medewerker, <organisation>" without a function, whatever the export's
// language: the collectors know none); nil, or a person the viewer may not
// know of, gives "".
func (n *names) user(ctx context.Context, id *int64) (string, error) {
	if id == nil {
		return "", nil
	}
	if n.users == nil {
		list, err := n.svc.Users.FindUsers(ctx, 0)
		if err != nil {
			return "", fmt.Errorf("export: users: %w", err)
		}
		n.users = make(map[int64]*ketenhub.User, len(list))
		for _, u := range list {
			n.users[u.ID] = u
		}
	}
	u, ok := n.users[*id]
	switch {
	case !ok:
		return "", nil
	case u.Name == "" && u.Shielded:
		org, err := n.org(ctx, u.OrganisationID)
		if err != nil {
			return "", err
		}
		return ketenhub.FunctionLabel(u.Function, org, string(NL)), nil
	}
	return u.Name, nil
}
