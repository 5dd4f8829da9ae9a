package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
	"github.com/ketenhub/ketenhub"
)

// The calendar feed is written with github.com/arran4/golang-ical (Apache
// 2.0): it escapes text values and folds lines at 75 octets without
// splitting a UTF-8 character; it is told to end lines with CRLF (RFC 5545).

// defaultMinutes is the length of a meeting planned without one, so that
// calendars do not show it as a zero-length moment.
const defaultMinutes = 60

// MeetingsICS writes meetings as an iCalendar feed (RFC 5545) named
// calName: one VEVENT per meeting with a UID that stays the same across
// fetches (meeting-<id>@ketenhub), times in UTC, and SEQUENCE from the
// meeting's version, so that calendar clients update an event in place
// when it changes. workspaces maps workspace ids to titles for the
// description; now is the DTSTAMP (when the feed was made).
//
// STATUS is CONFIRMED once the agenda is fixed (agenda_vastgesteld, live,
// afgerond and gearchiveerd, which only follows afgerond) and TENTATIVE
// before. It is never CANCELLED: the domain has no cancelled meeting, and a
// meeting that drops out of the feed is removed by calendar clients.
func MeetingsICS(w io.Writer, meetings []*ketenhub.Meeting, workspaces map[int64]string, calName string, now time.Time) error {
	cal := ics.NewCalendarFor("Ketenhub")
	cal.SetProductId("-//Ketenhub//Ketenhub//NL")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(icsText(calName))
	cal.SetXWRCalName(icsText(calName))
	cal.SetXPublishedTTL("PT1H")
	cal.SetRefreshInterval("PT1H")
	for _, m := range meetings {
		e := cal.AddEvent("meeting-" + strconv.FormatInt(m.ID, 10) + "@ketenhub")
		e.SetDtStampTime(now)
		e.SetStartAt(m.StartsAt)
		end := m.EndsAt()
		if m.Minutes <= 0 {
			end = m.StartsAt.Add(defaultMinutes * time.Minute)
		}
		e.SetEndAt(end)
		e.SetSummary(icsText(m.Title))
		if m.Location != "" {
			e.SetLocation(icsText(m.Location))
		}
		if ws := workspaces[m.WorkspaceID]; ws != "" {
			e.SetDescription(icsText(ws))
		}
		e.SetStatus(icsStatus(m.State))
		e.SetSequence(int(max(m.Version, 0)))
		if !m.UpdatedAt.IsZero() {
			e.SetLastModifiedAt(m.UpdatedAt)
		}
	}
	// The library ends lines with a bare LF unless told; RFC 5545 wants CRLF.
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"), ics.WithLineLength(75))
}

// MaxCalendarMeetings is how many meetings CollectMeetings returns at most
// (the store's largest page): half a year of weekly meetings in a dozen
// workspaces.
const MaxCalendarMeetings = 200

// CollectMeetings gathers what MeetingsICS needs for the viewer in ctx: the
// meetings of every workspace their organisation is a member of, starting
// at or after from, by start time (at most MaxCalendarMeetings), and those
// workspaces' titles by id.
func CollectMeetings(ctx context.Context, svc ketenhub.Services, from time.Time) ([]*ketenhub.Meeting, map[int64]string, error) {
	meetings, err := svc.Meetings.FindMeetings(ctx, ketenhub.MeetingFilter{From: &from, Limit: MaxCalendarMeetings})
	if err != nil {
		return nil, nil, fmt.Errorf("export: meetings: %w", err)
	}
	list, err := svc.Workspaces.FindWorkspaces(ctx, ketenhub.WorkspaceFilter{IncludeArchived: true})
	if err != nil {
		return nil, nil, fmt.Errorf("export: workspaces: %w", err)
	}
	titles := make(map[int64]string, len(list))
	for _, w := range list {
		titles[w.ID] = w.Title
	}
	return meetings, titles, nil
}

func icsStatus(s ketenhub.MeetingState) ics.ObjectStatus {
	switch s {
	case ketenhub.MeetingAgendaFixed, ketenhub.MeetingLive, ketenhub.MeetingFinished, ketenhub.MeetingArchived:
		return ics.ObjectStatusConfirmed
	}
	return ics.ObjectStatusTentative
}

// icsText drops what the library does not escape: carriage returns (a
// CRLF becomes the newline it escapes) and other control characters.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
