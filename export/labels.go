package export

import "github.com/ketenhub/ketenhub"

// labels are the words of the exports in one language. A struct rather
// than a map, so that a label missing in one language does not compile.
type labels struct {
	Lang string // the HTML lang attribute

	// Shared
	ActionTitle, Description, Goal, Owner, Lead, StatusLabel, Due       string
	CountDone, CountTarget, ExternalRef, Visibility, Updated, Workspace string
	Page, OnlyVisible, Of                                               string

	// What leaves the hub: who it was made for, and what is restricted
	MadeFor, MadeOn, MadeAt, Restricted, OnlyFor, WholeWorkspace string

	// Actions workbook
	ActionsSheet, InfoSheet, VisibilityNote string

	// Besluiten- en actielijst
	DecisionList, Meeting, Kind, Date, Location, Chair, State, Present string
	Item, ProposedBy, Presenter, Decision, Decisions, NoDecisions      string
	NoItems, NoActions, Actions, DecidedAt                             string

	// Voortgangsrapportage
	ProgressReport, Period, AllPeriods, Goals, NoGoals            string
	Progress, Percent, Total, Overdue, Done, Count, Meetings      string
	NoWorkspaces, ActionsByStatus, GoalChartDesc, StatusChartDesc string
	ActionsDone, NoTarget, ActionsDoneCol                         string

	Status      map[ketenhub.ActionStatus]string
	MeetingKind map[ketenhub.MeetingKind]string
	MeetingSt   map[ketenhub.MeetingState]string
	ItemKind    map[ketenhub.AgendaItemKind]string
	ItemState   map[ketenhub.AgendaItemState]string
}

// labels returns the labels of lang; anything but English is Dutch.
func (l Lang) labels() *labels {
	if l == EN {
		return &labelsEN
	}
	return &labelsNL
}

var labelsNL = labels{
	Lang:        "nl",
	ActionTitle: "Actie", Description: "Omschrijving", Goal: "Doelstelling", Owner: "Eigenaar",
	Lead: "Trekker", StatusLabel: "Status", Due: "Einddatum", CountDone: "Aantal gereed",
	CountTarget: "Aantal beoogd", ExternalRef: "Externe referentie", Visibility: "Zichtbaarheid",
	Updated: "Bijgewerkt", Workspace: "Werkruimte",
	Page: "Pagina", Of: "van",
	OnlyVisible: "Dit overzicht bevat alleen wat de opvrager mag zien.",
	MadeFor:     "Gemaakt voor", MadeOn: "op", MadeAt: "Gemaakt op",
	Restricted: "Besloten", OnlyFor: "alleen voor", WholeWorkspace: "Hele werkruimte",
	ActionsSheet: "Acties", InfoSheet: "Over dit bestand",
	VisibilityNote: "De kolom Zichtbaarheid zegt per actie wie haar mag zien: de hele werkruimte, of alleen de genoemde organisaties (besloten). Geef besloten acties niet door buiten die organisaties.",

	DecisionList: "Besluiten- en actielijst", Meeting: "Overleg", Kind: "Soort", Date: "Datum",
	Location: "Locatie", Chair: "Voorzitter", State: "Stand", Present: "Aanwezig",
	Item: "Agendapunt", ProposedBy: "Ingebracht door", Presenter: "Toelichting door",
	Decision: "Besluit", Decisions: "Besluiten", NoDecisions: "Geen besluiten.",
	NoItems: "Geen agendapunten.", NoActions: "Geen acties.", Actions: "Acties", DecidedAt: "Besloten op",

	ProgressReport: "Voortgangsrapportage", Period: "Periode", AllPeriods: "alle perioden",
	Goals: "Doelstellingen", NoGoals: "Geen doelstellingen.",
	Progress: "Voortgang", Percent: "Percentage", Total: "Totaal", Overdue: "Over de einddatum",
	Done: "Gereed", Count: "Aantal", Meetings: "Overleggen", NoWorkspaces: "Geen werkruimten voor deze periode.",
	ActionsByStatus: "Acties per status",
	GoalChartDesc:   "Staafdiagram van de voortgang per doelstelling in procenten; de tabel eronder geeft dezelfde cijfers.",
	StatusChartDesc: "Staafdiagram van het aantal acties per status; de tabel ernaast geeft dezelfde cijfers.",
	ActionsDone:     "acties gereed", NoTarget: "geen streefwaarde", ActionsDoneCol: "Acties gereed",

	Status: map[ketenhub.ActionStatus]string{
		ketenhub.StatusOpen: "Open", ketenhub.StatusLopend: "Lopend", ketenhub.StatusGereed: "Gereed",
		ketenhub.StatusGeblokkeerd: "Geblokkeerd", ketenhub.StatusVervallen: "Vervallen",
	},
	MeetingKind: map[ketenhub.MeetingKind]string{
		ketenhub.MeetingDriehoek: "Driehoeksoverleg", ketenhub.MeetingSignaaloverleg: "Signaaloverleg",
		ketenhub.MeetingProgrammaoverleg: "Programmaoverleg", ketenhub.MeetingCasusoverleg: "Casusoverleg",
		ketenhub.MeetingWijkoverleg: "Wijkoverleg", ketenhub.MeetingOverig: "Overleg",
	},
	MeetingSt: map[ketenhub.MeetingState]string{
		ketenhub.MeetingConcept: "Concept", ketenhub.MeetingAgendaOpen: "Agenda open",
		ketenhub.MeetingAgendaFixed: "Agenda vastgesteld", ketenhub.MeetingLive: "Bezig",
		ketenhub.MeetingFinished: "Afgerond", ketenhub.MeetingArchived: "Gearchiveerd",
	},
	ItemKind: map[ketenhub.AgendaItemKind]string{
		ketenhub.ItemInformerend: "Ter informatie", ketenhub.ItemBespreken: "Ter bespreking",
		ketenhub.ItemBesluitvormend: "Ter besluitvorming",
	},
	ItemState: map[ketenhub.AgendaItemState]string{
		ketenhub.ItemProposed: "Voorgesteld", ketenhub.ItemAccepted: "Geagendeerd", ketenhub.ItemRejected: "Afgewezen",
		ketenhub.ItemDiscussed: "Besproken", ketenhub.ItemDeferred: "Doorgeschoven",
	},
}

var labelsEN = labels{
	Lang:        "en",
	ActionTitle: "Action", Description: "Description", Goal: "Goal", Owner: "Owner",
	Lead: "Lead", StatusLabel: "Status", Due: "Due date", CountDone: "Count done",
	CountTarget: "Count target", ExternalRef: "External reference", Visibility: "Visibility",
	Updated: "Updated", Workspace: "Workspace",
	Page: "Page", Of: "of",
	OnlyVisible: "This overview holds only what the person who requested it may see.",
	MadeFor:     "Made for", MadeOn: "on", MadeAt: "Made on",
	Restricted: "Restricted", OnlyFor: "only for", WholeWorkspace: "Whole workspace",
	ActionsSheet: "Actions", InfoSheet: "About this file",
	VisibilityNote: "The Visibility column says per action who may see it: the whole workspace, or only the organisations named (restricted). Do not pass restricted actions on outside those organisations.",

	DecisionList: "Decisions and actions list", Meeting: "Meeting", Kind: "Kind", Date: "Date",
	Location: "Location", Chair: "Chair", State: "State", Present: "Present",
	Item: "Agenda item", ProposedBy: "Proposed by", Presenter: "Presented by",
	Decision: "Decision", Decisions: "Decisions", NoDecisions: "No decisions.",
	NoItems: "No agenda items.", NoActions: "No actions.", Actions: "Actions", DecidedAt: "Decided on",

	ProgressReport: "Progress report", Period: "Period", AllPeriods: "all periods",
	Goals: "Goals", NoGoals: "No goals.",
	Progress: "Progress", Percent: "Percentage", Total: "Total", Overdue: "Past due date",
	Done: "Done", Count: "Count", Meetings: "Meetings", NoWorkspaces: "No workspaces for this period.",
	ActionsByStatus: "Actions by status",
	GoalChartDesc:   "Bar chart of each goal's progress in percent; the table below gives the same figures.",
	StatusChartDesc: "Bar chart of the number of actions per status; the table beside it gives the same figures.",
	ActionsDone:     "actions done", NoTarget: "no target", ActionsDoneCol: "Actions done",

	Status: map[ketenhub.ActionStatus]string{
		ketenhub.StatusOpen: "Open", ketenhub.StatusLopend: "In progress", ketenhub.StatusGereed: "Done",
		ketenhub.StatusGeblokkeerd: "Blocked", ketenhub.StatusVervallen: "Cancelled",
	},
	MeetingKind: map[ketenhub.MeetingKind]string{
		ketenhub.MeetingDriehoek: "Triangle meeting (mayor, police, prosecutor)", ketenhub.MeetingSignaaloverleg: "Signals meeting",
		ketenhub.MeetingProgrammaoverleg: "Programme meeting", ketenhub.MeetingCasusoverleg: "Case meeting",
		ketenhub.MeetingWijkoverleg: "Neighbourhood meeting", ketenhub.MeetingOverig: "Meeting",
	},
	MeetingSt: map[ketenhub.MeetingState]string{
		ketenhub.MeetingConcept: "Draft", ketenhub.MeetingAgendaOpen: "Agenda open",
		ketenhub.MeetingAgendaFixed: "Agenda fixed", ketenhub.MeetingLive: "In session",
		ketenhub.MeetingFinished: "Finished", ketenhub.MeetingArchived: "Archived",
	},
	ItemKind: map[ketenhub.AgendaItemKind]string{
		ketenhub.ItemInformerend: "For information", ketenhub.ItemBespreken: "For discussion",
		ketenhub.ItemBesluitvormend: "For decision",
	},
	ItemState: map[ketenhub.AgendaItemState]string{
		ketenhub.ItemProposed: "Proposed", ketenhub.ItemAccepted: "On the agenda", ketenhub.ItemRejected: "Rejected",
		ketenhub.ItemDiscussed: "Discussed", ketenhub.ItemDeferred: "Deferred",
	},
}
