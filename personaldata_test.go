package ketenhub_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ketenhub/ketenhub"
)

// kinds returns the kinds of ws, in order.
func kinds(ws []ketenhub.PersonalDataWarning) []string {
	var ks []string
	for _, w := range ws {
		ks = append(ks, w.Kind)
	}
	return ks
}

const (
	bsn   = ketenhub.PersonalBSN
	phone = ketenhub.PersonalPhone
	email = ketenhub.PersonalEmail
	plate = ketenhub.PersonalLicencePlate
)

func TestFindPersonalData(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		want []string
	}{
		// BSN. Valid ones, with the 11-proef worked out:
		// 111222333: 9+8+7 + 2·(6+5+4) + 3·(3+2) − 3 = 66 = 6·11
		// 123456782: 9+16+21+24+25+24+21+16 − 2 = 154 = 14·11
		// 999999990: 9·44 − 0 = 396 = 36·11
		// 012345672: 0+8+14+18+20+20+18+14 − 2 = 110 = 10·11
		{"BSNPlain", "Betrokkene met BSN 111222333 is bekend.", []string{bsn}},
		{"BSNOther", "bsn: 123456782", []string{bsn}},
		{"BSNLeadingZero", "012345672", []string{bsn}},
		{"BSNNines", "(999999990)", []string{bsn}},
		{"BSNDotted423", "BSN 1234.56.782.", []string{bsn}},
		{"BSNSpaced423", "BSN 1234 56 782", []string{bsn}},
		{"BSNSpaced333", "nummer 123 456 782 genoemd", []string{bsn}},
		{"BSNDotted333", "nummer 123.456.782", []string{bsn}},
		{"BSNAfterYear", "In 2024 111222333 gemeld", []string{bsn}},
		{"BSNAfterRefusedCandidate", "1234567890 en 111222333", []string{bsn}},
		{"BSNFailsElevenProof", "nummer 123456789", nil},
		{"BSNOffByOne", "nummer 111222334", nil},
		{"BSNAllZeros", "nummer 000000000", nil},
		{"BSNEightDigits", "nummer 12345674", nil}, // 012345674 would not pass either; 8 digits never count
		{"BSNInTenDigits", "PV 1111222333", nil},
		{"BSNInTenDigitsBefore", "PV 1112223331", nil},
		{"BSNGluedToLetters", "NL12ABCD111222333", nil},
		{"BSNGluedAfter", "111222333a", nil},
		{"BSNInLongerDotted", "1.123.456.782", nil},
		{"BSNInLongerSpaced", "1 123 456 782", nil},
		{"BSNInLongerSpacedAfter", "123 456 782 000", nil},
		{"BSNAmountEuro", "€ 123.456.782", nil},
		{"BSNAmountEUR", "EUR 111222333", nil},
		{"BSNAmountDecimals", "123.456.782,00", nil},
		{"BSNAmountWord", "123.456.782 euro", nil},
		{"BSNAfterDash", "zaak 2024-111222333", nil},
		{"BSNMixedSeparators", "1234.56 782", nil},

		// Phone numbers.
		{"MobileDash", "Bel 06-12345678.", []string{phone}},
		{"MobilePlain", "0612345678", []string{phone}},
		{"MobileSpaced44", "06 1234 5678", []string{phone}},
		{"MobilePairs", "06 12 34 56 78", []string{phone}},
		{"MobileIntl", "+31 6 12345678", []string{phone}},
		{"MobileIntlGlued", "+31612345678", []string{phone}},
		{"MobileIntlParen", "+31 (0)6 12345678", []string{phone}},
		{"MobileIntl0031", "0031 6 12345678", []string{phone}},
		{"Mobile06Eight", "06-81234567", []string{phone}},
		{"LandlineRotterdam", "010-1234567", []string{phone}},
		{"LandlineAmsterdam", "020 123 4567", []string{phone}},
		{"LandlineParen", "(020) 123 4567", []string{phone}},
		{"LandlineFourDigitArea", "0229-123456", []string{phone}},
		{"LandlineIntl", "+31 20 123 4567", []string{phone}},
		{"LandlineIntlParen", "+31 (0)20 123 4567", []string{phone}},
		{"VoIP085", "085-1234567", []string{phone}},
		{"PhoneThenYear", "06 12345678 2024", []string{phone}},
		{"PhoneAfterDate", "Op 12-03-2024 06-12345678 gebeld", []string{phone}},
		{"ServiceFree", "0800-1234567", nil},
		{"ServicePaid", "0900-8844", nil},
		{"ServicePaidLong", "0900 1234567", nil},
		{"CompanyNumber", "088-1234567", nil},
		{"Pager", "066-1234567", nil},
		{"NineDigitsNational", "06-1234567", nil},
		{"ElevenDigitsNational", "06-123456789", nil},
		{"PhoneInCaseNumber", "PV 2023-0612345678", nil},
		{"PhoneGluedToLetters", "ref0612345678", nil},
		{"PhoneSingleDigits", "schaal 0 1 2 3 4 5 6 7 8 9", nil},
		{"PhoneAreaSplit", "01 23 45 67 89", nil},
		{"DateThenHour", "06-12-2024 10 uur", nil},
		{"DateThenTime", "01-03-2024 10:30", nil},
		{"DottedDateThenHour", "06.12.2024 10 uur", nil},
		{"TimeRange", "06.30-08.00 uur", nil},
		{"ForeignNumber", "+32 2 123 45 67", nil},

		// E-mail addresses.
		{"Email", "Mail j.jansen@example.nl even.", []string{email}},
		{"EmailPlus", "<piet+oov@gemeente-purmerend.nl>", []string{email}},
		{"EmailSubdomain", "a@mail.politie.nl", []string{email}},
		{"AtMention", "@jan zie agenda", nil},
		{"AtNoTLD", "iemand@localhost", nil},
		{"AtAlone", "3 @ 4", nil},

		// Licence plates, one per sidecode.
		{"Sidecode1", "AB-12-34", []string{plate}},
		{"Sidecode2", "12-34-AB", []string{plate}},
		{"Sidecode3", "12-AB-34", []string{plate}},
		{"Sidecode4", "BD-12-FG", []string{plate}},
		{"Sidecode5", "BD-FG-12", []string{plate}},
		{"Sidecode6", "12-BD-FG", []string{plate}},
		{"Sidecode7", "12-BDF-3", []string{plate}},
		{"Sidecode8", "1-BDF-23", []string{plate}},
		{"Sidecode9", "BD-123-F", []string{plate}},
		{"Sidecode10", "B-123-DF", []string{plate}},
		{"Sidecode11", "BDF-12-G", []string{plate}},
		{"Sidecode12", "B-12-DFG", []string{plate}},
		{"Sidecode13", "1-BD-234", []string{plate}},
		{"Sidecode14", "123-BD-4", []string{plate}},
		{"PlateLowerCase", "kenteken 12-bdf-3 gezien", []string{plate}},
		{"PlateInSentence", "De auto (GZ-123-X) stond er.", []string{plate}},
		{"PlateVowelModern", "AB-123-C", nil},
		{"PlateVowelLowerOld", "ab-12-34", nil},
		{"PlateMixedCase", "Bd-12-FG", nil},
		{"PlateNoDashes", "BD12FG", nil},
		{"PlateSpaces", "BD 12 FG", nil},
		{"PlateInLongerCode", "X-BD-12-FG", nil},
		{"PlateInLongerCodeAfter", "12-BDF-3-4", nil},
		{"PlateGlued", "ABD-12-FG", nil},
		{"WordsWithDashes", "Noord-Holland-Noord, 24-uurs zorg, e-mail, Halt-afdoening", nil},

		// Ordinary text of safety plans.
		{"Dates", "Op 12-03-2024, 2024-03-12 en 31/12/2025 overleg.", nil},
		{"Amount", "Begroting € 1.234.567,89 en €12,50", nil},
		{"AmountDash", "kosten 123.456.782,- per jaar", nil},
		{"Times", "Van 09:30 tot 10.45 uur, om 14u.", nil},
		{"CaseNumber", "zaak 2024-123456 en PV 2023123456", nil},
		{"Percentages", "daling van 12,5% en 100%", nil},
		{"Years", "In 2023, 2024 en 2025", nil},
		{"PostalCode", "Stationsplein 1, 1441 AB Purmerend", nil},
		{"Period", "IVP 2023-2026 en 2018-2021", nil},
		{"Articles", "artikel 13b Opiumwet, art. 174a Gemeentewet, 151C APV, 3.1.2", nil},
		{"Counts", "6 integrale controles en 2 hercontroles; 1.200 jongeren", nil},
		{"Empty", "", nil},

		// Several kinds: one warning each, in a fixed order.
		{"AllKinds", "jan@example.nl, 06-12345678, BD-12-FG, BSN 111222333", []string{bsn, phone, email, plate}},
		{"OnePerKind", "111222333 123456782 06-12345678 0612345678 a@b.nl c@d.nl BD-12-FG 12-BDF-3", []string{bsn, phone, email, plate}},
		{"PhoneAndPlate", "Kenteken 99-XX-XX? Nee: 12-BD-FG, bel 010-1234567", []string{phone, plate}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ws := ketenhub.FindPersonalData("notes", tt.text)
			if got := kinds(ws); !slices.Equal(got, tt.want) {
				t.Errorf("FindPersonalData(%q) kinds = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindPersonalDataMessages(t *testing.T) {
	const text = "BSN 111222333, tel 06-12345678, mail j.jansen@example.nl, auto 12-BDF-3"
	ws := ketenhub.FindPersonalData("description", text)
	if got, want := kinds(ws), []string{bsn, phone, email, plate}; !slices.Equal(got, want) {
		t.Fatalf("kinds = %v, want %v", got, want)
	}
	names := map[string][2]string{
		bsn:   {"BSN", "BSN"},
		phone: {"phone number", "telefoonnummer"},
		email: {"e-mail address", "e-mailadres"},
		plate: {"licence plate", "kenteken"},
	}
	for _, w := range ws {
		if w.Field != "description" {
			t.Errorf("%s: Field = %q, want description", w.Kind, w.Field)
		}
		if !strings.Contains(w.Message, names[w.Kind][0]) || !strings.Contains(w.MessageNL, names[w.Kind][1]) {
			t.Errorf("%s: messages %q / %q do not name the kind", w.Kind, w.Message, w.MessageNL)
		}
		for _, secret := range []string{"111222333", "12345678", "jansen", "BDF"} {
			if strings.Contains(w.Message, secret) || strings.Contains(w.MessageNL, secret) {
				t.Errorf("%s: messages %q / %q repeat %q", w.Kind, w.Message, w.MessageNL, secret)
			}
		}
	}
}

func TestCheckPersonalData(t *testing.T) {
	ws := ketenhub.CheckPersonalData(
		ketenhub.TextField{Name: "title", Value: "Overleg met a@b.nl"},
		ketenhub.TextField{Name: "notes", Value: "Niets bijzonders in 2024-2026."},
		ketenhub.TextField{Name: "description", Value: "BSN 123456782, kenteken BD-12-FG"},
	)
	type fk struct{ field, kind string }
	var got []fk
	for _, w := range ws {
		got = append(got, fk{w.Field, w.Kind})
	}
	want := []fk{{"title", email}, {"description", bsn}, {"description", plate}}
	if !slices.Equal(got, want) {
		t.Errorf("CheckPersonalData = %v, want %v", got, want)
	}
	if ws := ketenhub.CheckPersonalData(); ws != nil {
		t.Errorf("CheckPersonalData() = %v, want nil", ws)
	}
	// The warnings fit the personal-data error as they are.
	if e := ketenhub.PersonalDataFound(ws); e.Code != ketenhub.EPERSONALDATA || e.Field != "title" || len(e.Warnings) != 3 {
		t.Errorf("PersonalDataFound = %+v", e)
	}
}

// The municipal safety plans the product was made from (shared/seeds) are
// real ordinary text: full of years, periods, dates, article numbers and
// counts, and free of personal data.
func TestFindPersonalDataSeeds(t *testing.T) {
	files, err := filepath.Glob("testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed texts: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if ws := ketenhub.FindPersonalData("notes", text); len(ws) != 0 {
			t.Errorf("%s: got %v, want no warnings", f, kinds(ws))
		}
		// The same text with personal data in the middle warns about it.
		mid := len(text) / 2
		for mid < len(text) && text[mid] != ' ' {
			mid++
		}
		spiked := text[:mid] + " (06-12345678, BD-12-FG) " + text[mid:]
		if got, want := kinds(ketenhub.FindPersonalData("notes", spiked)), []string{phone, plate}; !slices.Equal(got, want) {
			t.Errorf("%s with personal data: got %v, want %v", f, got, want)
		}
	}
}

func FuzzFindPersonalData(f *testing.F) {
	for _, s := range []string{
		"", "BSN 111222333", "1234.56.782", "+31 (0)6 12345678", "(020) 123 4567", "0031 6 1234 5678",
		"06-12-2024 10 uur", "j.jansen@example.nl", "BD-12-FG", "12-bdf-3", "€ 1.234.567,89",
		"zaak 2024-123456", "+", "(", "0031", "+31", "+31 (0)", "0 (0) 0", "é123456782ü", "\xff06-12345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ws := ketenhub.FindPersonalData("f", text)
		if again := ketenhub.FindPersonalData("f", text); !reflect.DeepEqual(ws, again) {
			t.Fatalf("not deterministic: %v then %v", ws, again)
		}
		seen := map[string]bool{}
		for _, w := range ws {
			if seen[w.Kind] {
				t.Fatalf("kind %q twice in %v", w.Kind, ws)
			}
			seen[w.Kind] = true
			if w.Field != "f" || w.Message == "" || w.MessageNL == "" {
				t.Fatalf("bad warning %+v", w)
			}
		}
	})
}

func BenchmarkFindPersonalData(b *testing.B) {
	raw, err := os.ReadFile("testdata/seeds/003_9cf39c4b5f308522.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw[:min(len(raw), 10000)]) // MaxDescription-sized
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ketenhub.FindPersonalData("description", text)
	}
}
