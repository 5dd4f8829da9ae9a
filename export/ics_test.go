package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
)

func TestMeetingsICS(t *testing.T) {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	long := "Driehoeksoverleg Purmerend: ondermijning, explosies bij woningen; jaarwisseling en het veiligheidsbeeld 2026 (één agenda, € 0)\r\nTweede regel"
	meetings := []*ketenhub.Meeting{
		{ID: 7, WorkspaceID: 1, Title: long, StartsAt: time.Date(2026, 3, 9, 10, 0, 0, 0, amsterdam), Minutes: 90,
			Location: "Stadhuis, kamer 2.14; Purmerend", State: ketenhub.MeetingAgendaFixed, Version: 5, UpdatedAt: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)},
		{ID: 8, WorkspaceID: 2, Title: "Signaaloverleg", StartsAt: time.Date(2026, 3, 16, 14, 0, 0, 0, time.UTC), State: ketenhub.MeetingAgendaOpen, Version: 1},
		{ID: 9, WorkspaceID: 1, Title: "Driehoek februari", StartsAt: time.Date(2026, 2, 9, 10, 0, 0, 0, time.UTC), Minutes: 60, State: ketenhub.MeetingArchived, Version: 12},
	}
	stamp := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := export.MeetingsICS(&b, meetings, map[int64]string{1: "Driehoek Purmerend", 2: "Jeugd en veiligheid"}, "Ketenhub: Yasmina El Idrissi", stamp); err != nil {
		t.Fatal(err)
	}
	raw := b.String()

	t.Run("Lines", func(t *testing.T) {
		if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
			t.Errorf("feed does not end with END:VCALENDAR and CRLF: %q", raw[max(len(raw)-30, 0):])
		}
		lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
		folded := 0
		for i, l := range lines {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("line %d has a bare CR or LF: %q", i, l)
			}
			if len(l) > 75 {
				t.Errorf("line %d is %d octets, over 75: %q", i, len(l), l)
			}
			if strings.HasPrefix(l, " ") {
				folded++
			}
		}
		if folded == 0 {
			t.Error("the long summary was not folded")
		}
	})

	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	events := cal.Events()
	if len(events) != 3 {
		t.Fatalf("%d events, want 3", len(events))
	}
	prop := func(e *ics.VEvent, p ics.ComponentProperty) string {
		if v := e.GetProperty(p); v != nil {
			return v.Value
		}
		return ""
	}
	want := []struct {
		uid, status, seq, summary, location, description string
		start, end                                       time.Time
	}{
		{"meeting-7@ketenhub", "CONFIRMED", "5", strings.ReplaceAll(long, "\r\n", "\n"), "Stadhuis, kamer 2.14; Purmerend", "Driehoek Purmerend",
			time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 10, 30, 0, 0, time.UTC)},
		{"meeting-8@ketenhub", "TENTATIVE", "1", "Signaaloverleg", "", "Jeugd en veiligheid",
			time.Date(2026, 3, 16, 14, 0, 0, 0, time.UTC), time.Date(2026, 3, 16, 15, 0, 0, 0, time.UTC)},
		{"meeting-9@ketenhub", "CONFIRMED", "12", "Driehoek februari", "", "Driehoek Purmerend",
			time.Date(2026, 2, 9, 10, 0, 0, 0, time.UTC), time.Date(2026, 2, 9, 11, 0, 0, 0, time.UTC)},
	}
	for i, e := range events {
		w := want[i]
		if e.Id() != w.uid {
			t.Errorf("event %d: UID %q, want %q", i, e.Id(), w.uid)
		}
		for name, pair := range map[string][2]string{
			"STATUS": {prop(e, ics.ComponentPropertyStatus), w.status}, "SEQUENCE": {prop(e, ics.ComponentPropertySequence), w.seq},
			"SUMMARY": {prop(e, ics.ComponentPropertySummary), w.summary}, "LOCATION": {prop(e, ics.ComponentPropertyLocation), w.location},
			"DESCRIPTION": {prop(e, ics.ComponentPropertyDescription), w.description},
			"DTSTART":     {prop(e, ics.ComponentPropertyDtStart), w.start.Format("20060102T150405Z")},
		} {
			if pair[0] != pair[1] {
				t.Errorf("%s %s = %q, want %q", w.uid, name, pair[0], pair[1])
			}
		}
		if start, err := e.GetStartAt(); err != nil || !start.Equal(w.start) {
			t.Errorf("%s starts %v (%v), want %v", w.uid, start, err, w.start)
		}
		if end, err := e.GetEndAt(); err != nil || !end.Equal(w.end) {
			t.Errorf("%s ends %v (%v), want %v", w.uid, end, err, w.end)
		}
		if st, err := e.GetDtStampTime(); err != nil || !st.Equal(stamp) {
			t.Errorf("%s DTSTAMP %v (%v), want %v", w.uid, st, err, stamp)
		}
	}
	if !strings.Contains(raw, "X-WR-CALNAME:Ketenhub: Yasmina El Idrissi\r\n") || !strings.Contains(raw, "METHOD:PUBLISH\r\n") {
		t.Errorf("calendar properties missing in %q", raw[:300])
	}
}
