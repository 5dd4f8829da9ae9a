package ketenhub

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of personal data that FindPersonalData recognises.
const (
	PersonalBSN          = "bsn"
	PersonalPhone        = "phone"
	PersonalEmail        = "email"
	PersonalLicencePlate = "licence_plate"
)

// TextField is one named free-text input, as given to CheckPersonalData.
type TextField struct{ Name, Value string }

// CheckPersonalData checks several fields at once, in the order given, and
// returns the warnings of all of them (see FindPersonalData).
func CheckPersonalData(fields ...TextField) []PersonalDataWarning {
	var ws []PersonalDataWarning
	for _, f := range fields {
		ws = append(ws, FindPersonalData(f.Name, f.Value)...)
	}
	return ws
}

// FindPersonalData returns a warning for each kind of personal data that
// text seems to hold (at most one per kind, in the order bsn, phone, email,
// licence_plate), for the input field named field. The messages, in English
// and Dutch, name the kind but never repeat the matched text, so that a
// warning can be logged and shown without spreading what it warns about.
//
// What counts (DESIGN section 1; ketenhub coordinates work and should hold
// as little citizen data as possible, so a warning asks the user to confirm):
//
//   - bsn: exactly nine digits that pass the 11-proef and are not all zero,
//     written 123456782, 1234.56.782, 1234 56 782, 123 456 782 or
//     123.456.782. Eight-digit numbers are not taken as BSNs with a dropped
//     leading zero: eight digits are too common (references, phone
//     subscriber numbers) and a BSN is issued and written with nine. Digits
//     that are part of a longer number (10-digit PV numbers, 1.123.456.789,
//     a number glued to letters such as an IBAN, the tail of 2024-111222333)
//     and amounts (after € or EUR, before ",00", ",-", "%" or "euro") do not
//     count.
//   - phone: a Dutch number of ten digits in national form (06-12345678,
//     06 1234 5678, 010-1234567, (020) 123 4567, 0229-123456) or with +31 or
//     0031 (+31 6 12345678, +31 (0)20 123 4567): mobile (06-1 to 06-5 and
//     06-8), geographic (01-05 and 07 area codes) and the personal
//     non-geographic ranges 084, 085, 087 and 091. Service numbers (0800,
//     090x), company numbers (088), pagers and data numbers (066, 067) are an
//     organisation's, not a citizen's, and are not reported. Groups after the
//     area code have at least two digits, and a date such as 06-12-2024 never
//     starts a phone number, so that dates followed by a time do not match.
//     Parts are joined by one space, dot or hyphen; "0299 - 123456", with
//     spaces around the hyphen, is not recognised.
//   - email: local-part@domain.tld, whoever's address it is.
//   - licence_plate: a Dutch kenteken written with its dashes, in one of the
//     RDW sidecodes 1 to 14. Sidecodes 1 to 3 (XX-99-99, 99-99-XX, 99-XX-99,
//     issued 1951-1978) used any letter and match only in capitals; the later
//     ones use only the consonants BDFGHJKLMNPRSTVWXZ (no vowels, C, Q or Y)
//     and match in capitals or all lower case.
func FindPersonalData(field, text string) []PersonalDataWarning {
	var ws []PersonalDataWarning
	bsn, phone := findNumbers(text)
	if bsn {
		ws = append(ws, personalWarning(field, PersonalBSN))
	}
	if phone {
		ws = append(ws, personalWarning(field, PersonalPhone))
	}
	if hasEmail(text) {
		ws = append(ws, personalWarning(field, PersonalEmail))
	}
	if hasPlate(text) {
		ws = append(ws, personalWarning(field, PersonalLicencePlate))
	}
	return ws
}

// kindNames names a kind in English and Dutch.
func kindNames(kind string) (en, nl string) {
	switch kind {
	case PersonalBSN:
		return "a BSN (citizen service number)", "een BSN (burgerservicenummer)"
	case PersonalPhone:
		return "a phone number", "een telefoonnummer"
	case PersonalEmail:
		return "an e-mail address", "een e-mailadres"
	default:
		return "a licence plate", "een kenteken"
	}
}

func personalWarning(field, kind string) PersonalDataWarning {
	en, nl := kindNames(kind)
	return PersonalDataWarning{
		Field: field,
		Kind:  kind,
		Message: fmt.Sprintf("Field %q seems to contain %s. Use an external reference instead, or confirm that it must be saved.",
			field, en),
		MessageNL: fmt.Sprintf("Veld %q lijkt %s te bevatten. Gebruik een externe verwijzing, of bevestig dat het zo opgeslagen moet worden.",
			field, nl),
	}
}

// Patterns, compiled once; a *regexp.Regexp is safe for concurrent use.
var (
	// numberChainRe matches digit groups joined by one separator each: a
	// space, tab, dot or hyphen, or a parenthesis as in "(0)6" and "(020) 123".
	numberChainRe = regexp.MustCompile(`[0-9]+(?:(?:[ \t.\-]|\) ?| ?\()[0-9]+)*`)
	emailRe       = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
)

// The characters of the two halves of an e-mail address.
const (
	emailLocal  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"
	emailDomain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"
)

// plateShape reports whether shape ("X" a letter, "9" a digit) is an RDW
// sidecode, and whether it is one of those issued since 1978, which use only
// plateLetters.
func plateShape(shape string) (ok, modern bool) {
	switch shape {
	case "XX-99-99", "99-99-XX", "99-XX-99":
		return true, false
	case "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9", "9-XXX-99", "XX-999-X",
		"X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9":
		return true, true
	}
	return false, false
}

// plateLetters are the letters of the later sidecodes: no vowels (so that
// no words form), and no C, Q or Y.
const plateLetters = "BDFGHJKLMNPRSTVWXZ"

// isPlate reports whether s, ASCII letters and digits in three dashed
// parts, is written as a kenteken.
func isPlate(s string) bool {
	shape := []byte(s)
	upper, lower := true, true
	for i, b := range shape {
		switch {
		case isDigit(b):
			shape[i] = '9'
		case b != '-':
			shape[i] = 'X'
			upper = upper && b >= 'A' && b <= 'Z'
			lower = lower && b >= 'a' && b <= 'z'
		}
	}
	ok, modern := plateShape(string(shape))
	switch {
	case !ok:
		return false
	case !modern:
		return upper
	case !upper && !lower:
		return false
	}
	for i := range len(s) {
		if shape[i] == 'X' && !strings.ContainsRune(plateLetters, unicode.ToUpper(rune(s[i]))) {
			return false
		}
	}
	return true
}

// hasEmail looks at each @ and the address characters around it; scanning
// from the @ keeps this linear, where an unanchored pattern would be tried
// at every letter of the text.
func hasEmail(text string) bool {
	for at := strings.IndexByte(text, '@'); at >= 0; {
		start := at
		for start > 0 && strings.IndexByte(emailLocal, text[start-1]) >= 0 {
			start--
		}
		end := at + 1
		for end < len(text) && strings.IndexByte(emailDomain, text[end]) >= 0 {
			end++
		}
		for end > at+1 && (text[end-1] == '.' || text[end-1] == '-') { // the end of a sentence
			end--
		}
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !isWordRune(before) && !isWordRune(after) && emailRe.MatchString(text[start:end]) {
			return true
		}
		next := strings.IndexByte(text[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return false
}

// hasPlate looks at each run of ASCII letters, digits and dashes that stands
// on its own.
func hasPlate(text string) bool {
	for i := 0; i < len(text); {
		if !isPlateByte(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isPlateByte(text[j]) {
			j++
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[j:])
		if j-i <= 10 && !isWordRune(before) && !isWordRune(after) && after != '@' && isPlate(text[i:j]) {
			return true
		}
		i = j
	}
	return false
}

func isPlateByte(b byte) bool {
	return isDigit(b) || b == '-' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
}

// isWordRune reports whether r is a letter, digit or underscore, which
// glues a candidate to the word around it. utf8.RuneError (no rune: the
// start or end of the text) is not.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// numberGroup is one run of digits in a chain; sep is the separator before
// it ("" for the first).
type numberGroup struct {
	digits, sep string
}

// chain is a run of numberGroups, with what surrounds it.
type chain struct {
	groups     []numberGroup
	plus       bool // a + right before the first group (+31 ...)
	amount     bool // a currency sign or word next to it
	firstGlued bool // the first group continues a word or number before it
	lastGlued  bool // the last group continues into a word or number after it
}

// findNumbers reports whether text holds a BSN and whether it holds a phone
// number.
func findNumbers(text string) (bsn, phone bool) {
	for _, loc := range numberChainRe.FindAllStringIndex(text, -1) {
		c := readChain(text, loc[0], loc[1])
		if c.amount {
			continue
		}
		for i := range c.groups {
			if !c.mayStart(i) {
				continue
			}
			bsn = bsn || c.bsnAt(i)
			phone = phone || c.phoneAt(i)
		}
		if bsn && phone {
			break
		}
	}
	return bsn, phone
}

func readChain(text string, start, end int) chain {
	var c chain
	s := text[start:end]
	for i := 0; i < len(s); {
		k := i
		for k < len(s) && !isDigit(s[k]) {
			k++
		}
		j := k
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		c.groups = append(c.groups, numberGroup{sep: s[i:k], digits: s[k:j]})
		i = j
	}

	pre := text[:start]
	if strings.HasSuffix(pre, "+") {
		c.plus = true
		pre = pre[:len(pre)-1]
	} else if strings.HasSuffix(pre, "(") {
		pre = pre[:len(pre)-1]
	}
	r1, n1 := utf8.DecodeLastRuneInString(pre)
	r2, _ := utf8.DecodeLastRuneInString(pre[:len(pre)-n1])
	c.firstGlued = isWordRune(r1) || strings.ContainsRune(",.:/-", r1) && unicode.IsDigit(r2)

	post := text[end:]
	a1, m1 := utf8.DecodeRuneInString(post)
	a2, _ := utf8.DecodeRuneInString(post[m1:])
	c.lastGlued = isWordRune(a1) || a1 == '@' || strings.ContainsRune(",.:/-", a1) && unicode.IsDigit(a2)

	trimmedPre := strings.ToLower(strings.TrimRight(pre[max(0, len(pre)-8):], " \t"))
	trimmedPost := strings.ToLower(strings.TrimLeft(post[:min(len(post), 8)], " \t"))
	c.amount = strings.HasSuffix(trimmedPre, "€") || strings.HasSuffix(trimmedPre, "eur") ||
		strings.HasPrefix(trimmedPost, "euro") || strings.HasPrefix(post, ",-") || strings.HasPrefix(post, "%")
	return c
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// splits reports whether sep ends or starts a number that may be read on
// its own: a space or parenthesis does, a dot or hyphen joins.
func splits(sep string) bool {
	return sep != "." && sep != "-"
}

func (c *chain) mayStart(i int) bool {
	if i == 0 {
		return !c.firstGlued
	}
	return splits(c.groups[i].sep)
}

// mayEnd reports whether a number may end with group j.
func (c *chain) mayEnd(j int) bool {
	if j == len(c.groups)-1 {
		return !c.lastGlued
	}
	return splits(c.groups[j+1].sep)
}

// bsnAt reports whether a BSN starts at group i: nine digits in one group,
// or in groups of 4-2-3 or 3-3-3 joined by the same dot or space.
func (c *chain) bsnAt(i int) bool {
	g := c.groups
	if len(g[i].digits) == 9 {
		return c.mayEnd(i) && elevenProof(g[i].digits)
	}
	if i+2 >= len(g) {
		return false
	}
	a, b, d := len(g[i].digits), len(g[i+1].digits), len(g[i+2].digits)
	sep := g[i+1].sep
	if !(a == 4 && b == 2 && d == 3 || a == 3 && b == 3 && d == 3) ||
		sep != g[i+2].sep || sep != "." && sep != " " || !c.mayEnd(i+2) {
		return false
	}
	// 1 123 456 789 and 123 456 789 000 are longer numbers written in
	// groups of three.
	if i > 0 && strings.TrimSpace(g[i].sep) == "" && len(g[i-1].digits) <= 3 ||
		i+3 < len(g) && strings.TrimSpace(g[i+3].sep) == "" && len(g[i+3].digits) == 3 {
		return false
	}
	return elevenProof(g[i].digits + g[i+1].digits + g[i+2].digits)
}

// elevenProof reports whether the nine digits in s pass the BSN 11-proef:
// 9×d1 + 8×d2 + ... + 2×d8 − 1×d9 is a multiple of 11, and s is not all
// zeros.
func elevenProof(s string) bool {
	if len(s) != 9 || s == "000000000" {
		return false
	}
	sum := 0
	for i := range 8 {
		sum += (9 - i) * int(s[i]-'0')
	}
	sum -= int(s[8] - '0')
	return sum%11 == 0
}

// phoneAt reports whether a Dutch phone number starts at group i.
func (c *chain) phoneAt(i int) bool {
	g := c.groups
	first := g[i].digits
	switch {
	case i == 0 && c.plus && strings.HasPrefix(first, "31"):
		first = first[2:]
	case strings.HasPrefix(first, "0031"):
		first = first[4:]
	case first[0] == '0':
		// 0 6 ... and 01-02-... are no way to write an area code.
		if len(first) < 3 && first != "06" || c.dateAt(i) {
			return false
		}
		first = first[1:]
	default:
		return false
	}
	j := i
	if first == "" { // +31 6..., 0031 (0)20 ...
		j++
		if j < len(g) && g[j].digits == "0" && strings.Contains(g[j].sep, "(") && j+1 < len(g) && strings.HasPrefix(g[j+1].sep, ")") {
			j++
		}
		if j >= len(g) {
			return false
		}
		first = g[j].digits
	}
	nsn := first // the national significant number: the nine digits after the 0
	for len(nsn) < 9 && j+1 < len(g) {
		j++
		if len(g[j].digits) < 2 {
			return false
		}
		nsn += g[j].digits
	}
	return len(nsn) == 9 && c.mayEnd(j) && personalNumber(nsn)
}

// dateAt reports whether groups i to i+2 are written as a date, 06-12-2024
// or 06.12.2024, which a time may follow.
func (c *chain) dateAt(i int) bool {
	g := c.groups
	return i+2 < len(g) && len(g[i].digits) <= 2 && len(g[i+1].digits) <= 2 && len(g[i+2].digits) == 4 &&
		!splits(g[i+1].sep) && g[i+1].sep == g[i+2].sep
}

// personalNumber reports whether nsn, a national number without its 0, is
// in a range that a person may have.
func personalNumber(nsn string) bool {
	switch {
	case nsn[0] == '6':
		return strings.ContainsRune("123458", rune(nsn[1]))
	case strings.ContainsRune("123457", rune(nsn[0])):
		return true
	default:
		return strings.HasPrefix(nsn, "84") || strings.HasPrefix(nsn, "85") ||
			strings.HasPrefix(nsn, "87") || strings.HasPrefix(nsn, "91")
	}
}
