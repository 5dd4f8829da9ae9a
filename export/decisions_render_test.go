package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub"
	"github.com/ketenhub/ketenhub/export"
)

// testMadeFor is who the hand-built documents are made for: 2 March 2026,
// 10:15 in Purmerend.
var testMadeFor = export.MadeFor{Name: "Yasmina El Idrissi", Organisation: "Gemeente Purmerend", At: time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)}

// constructedList is a besluiten- en actielijst built by hand, for the
// renderers alone.
func constructedList() *export.DecisionList {
	due := "2026-04-01"
	at := time.Date(2026, 3, 9, 10, 25, 0, 0, time.UTC)
	return &export.DecisionList{
		Meeting: &ketenhub.Meeting{ID: 3, Kind: ketenhub.MeetingDriehoek, Title: "Driehoek maart <één>", State: ketenhub.MeetingFinished,
			StartsAt: time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), Location: "Stadhuis Purmerend"},
		Workspace:  &ketenhub.Workspace{ID: 6, Title: "Driehoek Purmerend"},
		MadeFor:    testMadeFor,
		Chair:      "Hanneke Zwart",
		Attendance: []string{"Erik Brouwer", "Hanneke Zwart", "Pieter van Leeuwen"},
		Items: []export.DecisionItem{
			{Number: 1, Item: &ketenhub.AgendaItem{ID: 11, Position: 1, Title: "Explosies bij woningen", Kind: ketenhub.ItemBesluitvormend, State: ketenhub.ItemDiscussed},
				ProposedBy: "Gemeente Purmerend", Presenter: "Yasmina El Idrissi",
				Decisions: []export.DecisionEntry{{
					Decision: &ketenhub.Decision{Text: "De driehoek stemt in met de gezamenlijke aanpak.\nBudget € 12.500.", DecidedAt: at},
					Actions: []export.ActionRow{
						{Action: &ketenhub.Action{Title: "Cameratoezicht rond de Kaasmarkt", Status: ketenhub.StatusOpen, DueDate: &due}, Owner: "Politie Noord-Holland", Lead: "Erik Brouwer"},
						{Action: &ketenhub.Action{Title: "Brief aan bewoners", Status: ketenhub.StatusLopend}, Owner: "Gemeente Purmerend", Lead: "Yasmina El Idrissi"},
					},
				}},
			},
			// Deferred, so no longer on the agenda: it has no number.
			{Item: &ketenhub.AgendaItem{ID: 12, Title: "Jaarwisseling", Kind: ketenhub.ItemInformerend, State: ketenhub.ItemDeferred}},
		},
	}
}

func TestDecisionListRender(t *testing.T) {
	dl := constructedList()
	for _, tc := range []struct {
		lang export.Lang
		want []string
	}{
		{export.NL, []string{"Besluiten- en actielijst", "Driehoek maart <één>", "Agendapunt 1. Explosies bij woningen", "Besluit 1.1",
			"Budget € 12.500.", "Cameratoezicht rond de Kaasmarkt", "Politie Noord-Holland", "Erik Brouwer", "1 april 2026",
			"Ter besluitvorming", "Ingebracht door Gemeente Purmerend", "Voorzitter", "Hanneke Zwart", "9 maart 2026, 10:00",
			"Agendapunt Jaarwisseling", "Doorgeschoven", "Geen besluiten.", "Lopend", "Afgerond"}},
		{export.EN, []string{"Decisions and actions list", "Agenda item 1. Explosies bij woningen", "Decision 1.1", "1 April 2026",
			"For decision", "Proposed by Gemeente Purmerend", "Chair", "9 March 2026, 10:00", "Deferred", "No decisions.", "In progress", "Finished"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			var h, p bytes.Buffer
			if err := dl.HTML(&h, tc.lang); err != nil {
				t.Fatal(err)
			}
			if err := dl.PDF(&p, tc.lang); err != nil {
				t.Fatal(err)
			}
			page, text := h.String(), pdfText(t, p.Bytes())
			checkPage(t, page, string(tc.lang))
			for _, w := range tc.want {
				if !strings.Contains(page, htmlEscape(w)) && !strings.Contains(page, w) {
					t.Errorf("HTML lacks %q", w)
				}
				if !pdfHas(text, w) {
					t.Errorf("PDF lacks %q", w)
				}
			}
			if strings.Contains(page, "<één>") {
				t.Error("HTML does not escape the meeting title")
			}
			for _, w := range []string{`<th scope="row">Cameratoezicht rond de Kaasmarkt</th>`, `<time datetime="2026-04-01">`, `<time datetime="2026-03-09T09:00:00Z">`} {
				if !strings.Contains(page, w) {
					t.Errorf("HTML lacks %s", w)
				}
			}
		})
	}
	t.Run("Empty", func(t *testing.T) {
		empty := &export.DecisionList{Meeting: dl.Meeting, Workspace: dl.Workspace, MadeFor: dl.MadeFor}
		var h, p bytes.Buffer
		if err := empty.HTML(&h, export.NL); err != nil {
			t.Fatal(err)
		}
		if err := empty.PDF(&p, export.NL); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h.String(), "Geen agendapunten.") || !pdfHas(pdfText(t, p.Bytes()), "Geen agendapunten.") {
			t.Error("an empty list does not say so")
		}
	})
	t.Run("ManyPages", func(t *testing.T) {
		long := constructedList()
		for i := 3; i <= 40; i++ {
			it := long.Items[0]
			it.Number = i
			long.Items = append(long.Items, it)
		}
		var p bytes.Buffer
		if err := long.PDF(&p, export.NL); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, p.Bytes())
		if !pdfHas(text, "Agendapunt 40. Explosies") || !strings.Contains(text, "Pagina 1 van ") {
			t.Errorf("a long list lost its end or page numbers")
		}
	})
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]export.Lang{"": export.NL, "nl": export.NL, "NL": export.NL, " en ": export.EN, "En": export.EN} {
		if got, err := export.ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"de", "nl-NL", "english", "<script>"} {
		if _, err := export.ParseLang(in); ketenhub.ErrorCode(err) != ketenhub.EINVALID {
			t.Errorf("ParseLang(%q) error %v, want EINVALID", in, err)
		}
	}
}
