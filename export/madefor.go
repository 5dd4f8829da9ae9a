package export

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub"
)

// MadeFor is who an export was made for and when. What leaves the hub is
// mailed, printed and forwarded, so every page of it says for whom it was
// made (DESIGN section 3): whoever finds a stray page knows whose copy it
// is and how old. Every renderer refuses a document without one.
type MadeFor struct {
	Name         string    // the requesting user's name
	Organisation string    // their organisation's name
	At           time.Time // when the export was made
}

// CollectMadeFor reads the name of the viewer in ctx and of their
// organisation through the services, as that viewer, and stamps it with
// at. It returns EUNAUTHORIZED without a viewer.
func CollectMadeFor(ctx context.Context, svc ketenhub.Services, at time.Time) (MadeFor, error) {
	v, ok := ketenhub.ViewerFromContext(ctx)
	if !ok {
		return MadeFor{}, ketenhub.Errorf(ketenhub.EUNAUTHORIZED, "Sign in first.", "Meld u eerst aan.")
	}
	u, err := svc.Users.FindUserByID(ctx, v.UserID)
	if err != nil {
		return MadeFor{}, fmt.Errorf("export: requesting user: %w", err)
	}
	name := u.Name
	if name == "" { // an identity provider may send no name; the address still says who
		name = u.Email
	}
	org, err := newNames(svc).org(ctx, v.OrganisationID)
	if err != nil {
		return MadeFor{}, err
	}
	return MadeFor{Name: name, Organisation: org, At: at}, nil
}

// check fails for a MadeFor that does not say for whom or when, so that
// no document leaves without it.
func (m MadeFor) check() error {
	if strings.TrimSpace(m.Name) == "" || m.At.IsZero() {
		return fmt.Errorf("export: the document does not say who it was made for and when")
	}
	return nil
}

// line is the made-for line as it appears on every page: "Gemaakt voor
// Yasmina El Idrissi (Gemeente Purmerend) op 2 maart 2026, 10:00".
func (m MadeFor) line(lang Lang) string {
	l := lang.labels()
	return fmt.Sprintf("%s %s %s %s", l.MadeFor, m.who(), l.MadeOn, formatDateTime(m.At, lang))
}

// who is the name with the organisation in brackets.
func (m MadeFor) who() string {
	if m.Organisation == "" {
		return clean(m.Name)
	}
	return clean(m.Name) + " (" + clean(m.Organisation) + ")"
}

// Audience is who may see an item, as its reader may be told: the whole
// workspace, or the named organisations of a restricted item. The reader
// of a restricted item is in its set (else the export would not hold the
// item), so every name here is one the reader may know.
type Audience struct {
	Restricted    bool
	Organisations []string // sorted names; only when Restricted
}

// audience resolves a visibility to organisation names. An id without a
// known organisation is left out rather than shown as a number.
func (n *names) audience(ctx context.Context, vis ketenhub.Visibility) (Audience, error) {
	if !vis.Restricted() {
		return Audience{}, nil
	}
	a := Audience{Restricted: true}
	for _, id := range vis.Organisations {
		name, err := n.org(ctx, id)
		if err != nil {
			return Audience{}, err
		}
		if name != "" {
			a.Organisations = append(a.Organisations, name)
		}
	}
	sort.Strings(a.Organisations)
	return a, nil
}

// mark is the restriction shown next to a restricted item ("Besloten:
// alleen voor Gemeente Purmerend, Openbaar Ministerie"); "" for an open one.
func (a Audience) mark(l *labels) string {
	if !a.Restricted {
		return ""
	}
	if len(a.Organisations) == 0 {
		return l.Restricted
	}
	return l.Restricted + ": " + l.OnlyFor + " " + strings.Join(a.Organisations, ", ")
}

// cell is the audience as a spreadsheet cell: the mark, or "Hele
// werkruimte" for an open item, so that the column can be filtered on
// both and an empty cell never has to be guessed at.
func (a Audience) cell(l *labels) string {
	if !a.Restricted {
		return l.WholeWorkspace
	}
	return a.mark(l)
}
