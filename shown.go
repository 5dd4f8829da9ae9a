package ketenhub

import "strings"

// Shown is a person as one viewer may see them (issue 12): by name, or, for
// a shielded officer of another organisation than the viewer's
// (Policy.ShowsName false), by function and organisation only. Every
// channel that names a person to someone (the directory, comments,
// presence, exports) decides it with ShowPerson, so that they all agree.
type Shown struct {
	UserID         int64
	Name           string // empty when ByFunction
	Email          string // empty when ByFunction or when the channel carries no address
	Function       string
	OrganisationID int64
	Organisation   string // the organisation's name, when the caller knows it
	// ByFunction: the viewer may not know who this is; only Function and
	// the organisation may be shown ("Rechercheur, Politie Noord-Holland").
	ByFunction bool
}

// ShowPerson returns what viewer v may be shown of user u, whose
// organisation is called organisation: the name, and the e-mail address if
// withEmail (the channel may carry addresses at all), when the policy shows
// v the name; otherwise only the function and the organisation.
func ShowPerson(p Policy, v Viewer, u *User, organisation string, withEmail bool) Shown {
	s := Shown{UserID: u.ID, Function: u.Function, OrganisationID: u.OrganisationID, Organisation: organisation}
	if !p.ShowsName(v, u) {
		s.ByFunction = true
		return s
	}
	s.Name = u.Name
	if withEmail {
		s.Email = u.Email
	}
	return s
}

// Staff-member labels: how a shielded officer without a function is shown.
const (
	StaffMemberNL = "Medewerker"
	StaffMemberEN = "Staff member"
)

// Label is the person as text, in Dutch or, with lang "en", English: the
// name, or "<function>, <organisation>" for one shown by function
// ("Rechercheur, Politie Noord-Holland"); without a function
// "Medewerker, <organisation>" ("Staff member, <organisation>").
func (s Shown) Label(lang string) string {
	if !s.ByFunction {
		return s.Name
	}
	return FunctionLabel(s.Function, s.Organisation, lang)
}

// FunctionLabel is "<function>, <organisation>", with the staff-member
// label for an empty function, and the function alone for an unknown
// organisation.
func FunctionLabel(function, organisation, lang string) string {
	function = strings.TrimSpace(function)
	if function == "" {
		function = StaffMemberNL
		if lang == "en" {
			function = StaffMemberEN
		}
	}
	if organisation == "" {
		return function
	}
	return function + ", " + organisation
}
