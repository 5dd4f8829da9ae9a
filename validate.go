package ketenhub

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Text limits, in characters (runes).
const (
	MaxTitle       = 200
	MaxName        = 200
	MaxDescription = 10000
	MaxComment     = 5000
	MaxShort       = 100 // theme, period, unit, external reference
	// MaxVisibleUsers bounds the people a restricted visibility names.
	MaxVisibleUsers = 100
)

// MaxCount bounds an action's count_target and count_done. A count is a
// number of things done by people (controls, house visits, talks), so a
// billion is far beyond any real action, while a sum over every action a
// workspace can hold stays well inside int64 (about 9.2 billion actions at
// the bound would be needed to overflow). Without a bound, one action near
// the int64 limit made every sum over its goal overflow. Counts stored
// before the bound were brought within it by the migration bounded_counts.
const MaxCount = 1_000_000_000

// ValidateCount checks a count: a whole number from 0 to MaxCount.
func ValidateCount(field string, n int64) error {
	if n < 0 || n > MaxCount {
		return FieldError(field,
			fmt.Sprintf("%s must be a whole number from 0 to %d.", labelEN(field), MaxCount),
			fmt.Sprintf("%s moet een geheel getal van 0 tot en met %d zijn.", labelNL(field), MaxCount))
	}
	return nil
}

// ValidateText checks a free-text input field: valid UTF-8, no control
// characters other than newline and tab, not empty when required, and at
// most max characters.
func ValidateText(field, value string, required bool, max int) error {
	switch {
	case !utf8.ValidString(value):
		return FieldError(field,
			fmt.Sprintf("%s is not valid UTF-8 text.", labelEN(field)),
			fmt.Sprintf("%s is geen geldige UTF-8-tekst.", labelNL(field)))
	case required && strings.TrimSpace(value) == "":
		return FieldError(field,
			fmt.Sprintf("%s is required and may not be empty.", labelEN(field)),
			fmt.Sprintf("%s is verplicht en mag niet leeg zijn.", labelNL(field)))
	case utf8.RuneCountInString(value) > max:
		return FieldError(field,
			fmt.Sprintf("%s is too long: at most %d characters.", labelEN(field), max),
			fmt.Sprintf("%s is te lang: hoogstens %d tekens.", labelNL(field), max))
	}
	for _, r := range value {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return FieldError(field,
				fmt.Sprintf("%s contains a control character.", labelEN(field)),
				fmt.Sprintf("%s bevat een stuurteken.", labelNL(field)))
		}
	}
	return nil
}

// ValidateDate checks a calendar date in the form YYYY-MM-DD.
func ValidateDate(field string, d string) error {
	if _, err := time.Parse(time.DateOnly, d); err != nil || len(d) != len(time.DateOnly) {
		return FieldError(field,
			fmt.Sprintf("%s must be a date in the form YYYY-MM-DD.", labelEN(field)),
			fmt.Sprintf("%s moet een datum zijn in de vorm JJJJ-MM-DD.", labelNL(field)))
	}
	return nil
}

// ValidateTheme checks a workspace theme: one of the default themes or a
// custom one, written as a lower-case slug ("haven_en_logistiek") so that it
// can be used in filters and addresses unchanged.
func ValidateTheme(field string, t Theme) error {
	if err := ValidateText(field, string(t), true, MaxShort); err != nil {
		return err
	}
	if !isSlug(string(t)) {
		return FieldError(field,
			fmt.Sprintf("%s must be lower-case letters and digits, joined by _ or -.", labelEN(field)),
			fmt.Sprintf("%s moet bestaan uit kleine letters en cijfers, verbonden met _ of -.", labelNL(field)))
	}
	return nil
}

// isSlug reports whether s is lower-case ASCII words of letters and digits
// joined by single underscores or hyphens.
func isSlug(s string) bool {
	if s == "" {
		return false
	}
	sep := true // no separator at the start
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			sep = false
		case (r == '_' || r == '-') && !sep:
			sep = true
		default:
			return false
		}
	}
	return !sep
}

// validateAll returns the first error of checks.
func validateAll(checks ...error) error {
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

// Validate checks an organisation's own fields.
func (o *Organisation) Validate() error {
	if !o.Kind.Valid() {
		return FieldError("kind", "Unknown organisation kind.", "Onbekend soort organisatie.")
	}
	return ValidateText("name", o.Name, true, MaxName)
}

// Validate checks a workspace's own fields.
func (w *Workspace) Validate() error {
	return validateAll(
		ValidateText("title", w.Title, true, MaxTitle),
		ValidateText("description", w.Description, false, MaxDescription),
		ValidateTheme("theme", w.Theme),
		ValidateText("period", w.Period, false, MaxShort),
	)
}

// Validate checks a goal's own fields.
func (g *Goal) Validate() error {
	if g.Target != nil && *g.Target < 0 {
		return FieldError("target", "Target cannot be negative.", "Streefwaarde kan niet negatief zijn.")
	}
	return validateAll(
		ValidateText("title", g.Title, true, MaxTitle),
		ValidateText("description", g.Description, false, MaxDescription),
		ValidateText("unit", g.Unit, false, MaxShort),
	)
}

// Validate checks an action's own fields; what depends on the workspace
// (members, goals, leads) is checked by the store.
func (a *Action) Validate() error {
	if !a.Status.Valid() {
		return FieldError("status", "Unknown status.", "Onbekende status.")
	}
	if a.CountTarget != nil {
		if err := ValidateCount("count_target", *a.CountTarget); err != nil {
			return err
		}
	}
	if err := ValidateCount("count_done", a.CountDone); err != nil {
		return err
	}
	if a.DueDate != nil {
		if err := ValidateDate("due_date", *a.DueDate); err != nil {
			return err
		}
	}
	return validateAll(
		ValidateText("title", a.Title, true, MaxTitle),
		ValidateText("description", a.Description, false, MaxDescription),
		ValidateText("external_ref", a.ExternalRef, false, MaxShort),
		a.Visibility.Validate(),
	)
}

// Validate checks a comment's own fields.
func (c *Comment) Validate() error {
	return validateAll(ValidateText("body", c.Body, true, MaxComment), c.Visibility.Validate())
}

// Validate checks the form of a visibility; membership of the named
// organisations is checked by the store.
func (v Visibility) Validate() error {
	switch v.Scope {
	case ScopeWorkspace:
		if len(v.Organisations) > 0 || len(v.Users) > 0 {
			return FieldError("visibility", "A visibility for the whole workspace names no organisations or people.", "Zichtbaarheid voor de hele werkruimte noemt geen organisaties of personen.")
		}
	case ScopeRestricted:
		if len(v.Users) > MaxVisibleUsers {
			return FieldError("visibility", fmt.Sprintf("A restricted visibility names at most %d people.", MaxVisibleUsers), fmt.Sprintf("Een beperkte zichtbaarheid noemt ten hoogste %d personen.", MaxVisibleUsers))
		}
	default:
		return FieldError("visibility", "Visibility scope must be workspace or restricted.", "Zichtbaarheid moet workspace of restricted zijn.")
	}
	return nil
}

// Meeting limits.
const (
	MaxMeetingMinutes = 24 * 60
	MaxItemMinutes    = 8 * 60
	MaxRecurWeeks     = 52
	MaxParticipants   = 200
	MaxLocation       = 500 // an address or a meeting link
)

// Validate checks a meeting's own fields; who the chair and participants
// are is checked by the store against the workspace's members.
func (m *Meeting) Validate() error {
	switch {
	case !m.Kind.Valid():
		return FieldError("kind", "Unknown meeting kind.", "Onbekende soort overleg.")
	case !m.State.Valid():
		return FieldError("state", "Unknown meeting state.", "Onbekende status van het overleg.")
	case m.StartsAt.IsZero():
		return FieldError("starts_at", "A meeting needs a start time.", "Een overleg heeft een begintijd nodig.")
	case m.Minutes < 0 || m.Minutes > MaxMeetingMinutes:
		return FieldError("duration_minutes", fmt.Sprintf("Duration must be between 0 and %d minutes.", MaxMeetingMinutes), fmt.Sprintf("Duur moet tussen 0 en %d minuten liggen.", MaxMeetingMinutes))
	case m.RecurEveryWeeks < 0 || m.RecurEveryWeeks > MaxRecurWeeks:
		return FieldError("recur_every_weeks", fmt.Sprintf("A series repeats every 0 to %d weeks.", MaxRecurWeeks), fmt.Sprintf("Een reeks herhaalt elke 0 tot %d weken.", MaxRecurWeeks))
	case len(m.ParticipantOrganisations) > MaxParticipants || len(m.ParticipantUsers) > MaxParticipants:
		return FieldError("participant_users", "Too many participants.", "Te veel deelnemers.")
	case m.ProposalDeadline != nil && m.ProposalDeadline.After(m.StartsAt):
		return FieldError("proposal_deadline", "The proposal deadline must be before the meeting starts.", "De indiendatum moet voor het begin van het overleg liggen.")
	}
	return validateAll(
		ValidateText("title", m.Title, true, MaxTitle),
		ValidateText("location", m.Location, false, MaxLocation),
	)
}

// Validate checks an agenda item's own fields.
func (it *AgendaItem) Validate() error {
	switch {
	case !it.Kind.Valid():
		return FieldError("kind", "Kind must be informerend, bespreken or besluitvormend.", "Soort moet informerend, bespreken of besluitvormend zijn.")
	case !it.State.Valid():
		return FieldError("state", "Unknown agenda item state.", "Onbekende status van het agendapunt.")
	case it.MinutesPlanned < 0 || it.MinutesPlanned > MaxItemMinutes:
		return FieldError("minutes_planned", fmt.Sprintf("Minutes planned must be between 0 and %d.", MaxItemMinutes), fmt.Sprintf("Geplande minuten moeten tussen 0 en %d liggen.", MaxItemMinutes))
	}
	return validateAll(
		ValidateText("title", it.Title, true, MaxTitle),
		ValidateText("notes", it.Notes, false, MaxDescription),
		ValidateText("external_ref", it.ExternalRef, false, MaxShort),
		it.Visibility.Validate(),
	)
}

// Validate checks a decision's text.
func (d *Decision) Validate() error {
	return ValidateText("text", d.Text, true, MaxDescription)
}
