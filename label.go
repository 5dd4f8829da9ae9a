package ketenhub

import "fmt"

// fieldLabels names input fields in messages as the screens do, in English
// and Dutch: "Titel is verplicht", not `field "title"`. The problem's field
// keeps the JSON name, for programs.
var fieldLabels = map[string][2]string{
	"title":                     {"Title", "Titel"},
	"description":               {"Description", "Omschrijving"},
	"name":                      {"Name", "Naam"},
	"kind":                      {"Kind", "Soort"},
	"body":                      {"Text", "Tekst"},
	"text":                      {"Text", "Tekst"},
	"notes":                     {"Notes", "Toelichting"},
	"question":                  {"Question", "Vraag"},
	"external_ref":              {"External reference", "Externe verwijzing"},
	"theme":                     {"Theme", "Thema"},
	"period":                    {"Period", "Periode"},
	"unit":                      {"Unit", "Eenheid"},
	"target":                    {"Target", "Streefwaarde"},
	"status":                    {"Status", "Status"},
	"state":                     {"State", "Status"},
	"role":                      {"Role", "Rol"},
	"due_date":                  {"Due date", "Einddatum"},
	"count_target":              {"Count target", "Aantal (doel)"},
	"count_done":                {"Count done", "Aantal gereed"},
	"goal_id":                   {"Goal", "Doelstelling"},
	"owner_organisation_id":     {"Owner", "Eigenaar"},
	"lead_user_id":              {"Lead", "Trekker"},
	"visibility":                {"Visibility", "Zichtbaarheid"},
	"visibility.scope":          {"Visibility", "Zichtbaarheid"},
	"visibility.organisations":  {"Organisations of the visibility", "Organisaties van de zichtbaarheid"},
	"visibility.users":          {"People of the visibility", "Personen van de zichtbaarheid"},
	"users":                     {"People", "Personen"},
	"groups":                    {"Groups", "Groepen"},
	"location":                  {"Location", "Locatie"},
	"starts_at":                 {"Start time", "Begintijd"},
	"duration_minutes":          {"Duration", "Duur"},
	"proposal_deadline":         {"Proposal deadline", "Indiendatum"},
	"chair_user_id":             {"Chair", "Voorzitter"},
	"minute_taker_user_id":      {"Minute taker", "Notulist"},
	"participant_organisations": {"Participating organisations", "Deelnemende organisaties"},
	"participant_users":         {"Participants", "Deelnemers"},
	"recur_every_weeks":         {"Repeat", "Herhaling"},
	"presenter_user_id":         {"Presenter", "Presentator"},
	"minutes_planned":           {"Minutes planned", "Geplande minuten"},
	"agenda_item_id":            {"Agenda item", "Agendapunt"},
	"item_id":                   {"Agenda item", "Agendapunt"},
	"target_workspace_id":       {"Target workspace", "Doelwerkruimte"},
	"position":                  {"Position", "Positie"},
	"version":                   {"Version", "Versie"},
	"archived":                  {"Archived", "Gearchiveerd"},
	"attendance.user_id":        {"Attendee", "Aanwezige"},
	"code":                      {"Code", "Code"},
	"move":                      {"Move", "Verplaatsing"},
	"subject":                   {"Subject", "Onderwerp"},
	"timer":                     {"Timer", "Timer"},
}

// FieldLabel returns how messages name an input field in English and
// Dutch: its label ("Titel"), or for a field without one its JSON name
// (`Field "x"`, `Veld "x"`). Both begin with a capital.
func FieldLabel(field string) (en, nl string) {
	if l, ok := fieldLabels[field]; ok {
		return l[0], l[1]
	}
	return fmt.Sprintf("Field %q", field), fmt.Sprintf("Veld %q", field)
}

// labelEN and labelNL are the halves of FieldLabel, for use in messages.
func labelEN(field string) string { en, _ := FieldLabel(field); return en }
func labelNL(field string) string { _, nl := FieldLabel(field); return nl }
