package demo

import "github.com/ketenhub/ketenhub"

// The demo region is taken from the public safety plans in shared/seeds:
// Purmerend's IVP 2023-2026 and its uitvoeringsprogramma, Opmeer's IVP
// 2023-2026 and the partners they name. Cases are referred to by an external
// reference only; nothing here is about a real citizen.

// period is the plan period of every demo workspace.
const period = "IVP 2023-2026"

type orgSpec struct {
	name string
	kind ketenhub.OrganisationKind
}

var organisations = []orgSpec{
	{orgPurmerend, ketenhub.KindGemeente},
	{orgOpmeer, ketenhub.KindGemeente},
	{orgPolitie, ketenhub.KindPolitie},
	{orgOM, ketenhub.KindOM},
	{orgRIEC, ketenhub.KindRIEC},
	{orgGGD, ketenhub.KindGGD},
	{orgHalt, ketenhub.KindHalt},
	{orgVeiligThuis, ketenhub.KindVeiligThuis},
	{orgZVH, ketenhub.KindZorgEnVeiligheidshuis},
	{orgJongerenwerk, ketenhub.KindJongerenwerk},
	{orgWoningcorporatie, ketenhub.KindWoningcorporatie},
	{orgVeiligheidsregio, ketenhub.KindVeiligheidsregio},
}

type memberSpec struct {
	org  string
	role ketenhub.Role
}

// workspaceSpec is a workspace. The beheerder creates it and makes the
// regisseur persona's organisation its first regisseur; that persona then
// adds the other members and the goals.
type workspaceSpec struct {
	key         string
	title       string
	description string
	theme       ketenhub.Theme
	regisseur   string // persona key
	members     []memberSpec
}

func partner(org string) memberSpec  { return memberSpec{org, ketenhub.RolePartner} }
func meelezer(org string) memberSpec { return memberSpec{org, ketenhub.RoleMeelezer} }

var workspaces = []workspaceSpec{
	{
		key: "ondermijning", title: "Ondermijning", theme: ketenhub.ThemeOndermijning, regisseur: keyOOV,
		description: "Aanpak van ondermijnende criminaliteit in Purmerend en Opmeer: informatiepositie, weerbaarheid, Bibob en integrale controles. Complexe casuïstiek gaat via het RIEC.",
		members: []memberSpec{
			partner(orgOpmeer), partner(orgPolitie), partner(orgOM), partner(orgRIEC),
			partner(orgWoningcorporatie), meelezer(orgGGD),
		},
	},
	{
		key: "jeugd", title: "Jeugd en veiligheid", theme: ketenhub.ThemeJeugd, regisseur: keyOOV,
		description: "Brede aanpak jeugd en veiligheid: vroegsignalering in het Signalenoverleg, Top X en groepsaanpak, convenant Veilige School, Halt en jongerenwerk.",
		members: []memberSpec{
			partner(orgOpmeer), partner(orgPolitie), partner(orgHalt), partner(orgGGD),
			partner(orgJongerenwerk), meelezer(orgOM), meelezer(orgZVH),
		},
	},
	{
		key: "zorg", title: "Zorg en veiligheid", theme: ketenhub.ThemeZorgEnVeiligheid, regisseur: keyOOV,
		description: "Lokale casusaanpak voor inwoners met problemen op het snijvlak van zorg en veiligheid, met een kernteam en regionale afstemming in Zaanstreek-Waterland.",
		members: []memberSpec{
			partner(orgZVH), partner(orgGGD), partner(orgVeiligThuis), partner(orgPolitie),
			partner(orgWoningcorporatie), meelezer(orgOM), meelezer(orgOpmeer),
		},
	},
	{
		key: "digitaal", title: "Digitale veiligheid", theme: ketenhub.ThemeDigitaleVeiligheid, regisseur: keyOOV,
		description: "Minder slachtoffers van cybercrime en gedigitaliseerde criminaliteit: Hackshield, bewustwording en voorbereiding op cyberincidenten.",
		members: []memberSpec{
			partner(orgOpmeer), partner(orgPolitie), partner(orgJongerenwerk), partner(orgHalt),
			meelezer(orgOM), meelezer(orgGGD),
		},
	},
	{
		key: "woon", title: "Veilige woon- en leefomgeving", theme: ketenhub.ThemeWoonEnLeefomgeving, regisseur: keyOOVOpmeer,
		description: "Woonoverlast, woninginbraak en overvallen, Keurmerk Veilig Ondernemen en cameratoezicht, in de dorpen en kernen van Opmeer en de wijken van Purmerend.",
		members: []memberSpec{
			partner(orgPurmerend), partner(orgPolitie), partner(orgWoningcorporatie),
			partner(orgJongerenwerk), meelezer(orgGGD),
		},
	},
	{
		key: "driehoek", title: "Driehoek Purmerend", theme: ketenhub.ThemeDriehoek, regisseur: keyOOV,
		description: "De lokale driehoek van burgemeester, teamchef en officier van justitie: agenda, besluiten en acties.",
		members:     []memberSpec{partner(orgPolitie), partner(orgOM)},
	},
}

// goalSpec is a doelstelling; the workspace's regisseur creates it. A zero
// target means the goal has no numeric target.
type goalSpec struct {
	workspace   string
	key         string
	title       string
	description string
	target      float64
	unit        string
}

var goals = []goalSpec{
	{"ondermijning", "controles", "Zes integrale controles en twee hercontroles", "Integrale controles met politie en handhaving; bij criminele activiteiten wordt het pand gesloten.", 8, "controles"},
	{"ondermijning", "bibob", "Bibob-stelsel verbeteren en borgen", "De pilot is in 2025 afgerond; de Bibob-toets wordt vast onderdeel van de vergunningverlening in risicobranches.", 30, "Bibob-toetsen"},
	{"ondermijning", "weerbaarheid", "Aanbevelingen uit de weerbaarheidsscan opvolgen", "Bewustwording en weerbaarheid van de ambtelijke en bestuurlijke organisatie, en een regionale weerbaarheidsnorm voor Noord-Holland.", 10, "aanbevelingen"},
	{"ondermijning", "informatie", "Informatiepositie versterken met Datalab en RIEC", "Fenomeenanalyses en het registratiesysteem, zodat we probleemgericht in plaats van incidentgericht werken.", 3, "analyses"},
	{"ondermijning", "bevoegdheden", "Bestuurlijke bevoegdheden inzetten", "Wet Damocles, last onder dwangsom en sluiting van panden; lachgas valt sinds 2023 onder de Opiumwet.", 0, ""},

	{"jeugd", "signalen", "Vroegsignalering in het Signalenoverleg", "Zorgwekkende signalen over afglijdende jongeren eerder opvangen en sneller op- en afschalen.", 11, "overleggen"},
	{"jeugd", "topx", "Top X- en groepsaanpak", "Maatwerkinterventies om jonge aanwas te voorkomen en doorgroeiers aan te pakken.", 0, ""},
	{"jeugd", "veiligeschool", "Convenant Veilige School uitvoeren", "Samenwerkingsafspraken tussen de Waterlandse scholen, de gemeente en de politie over een veilig klimaat in en om school.", 6, "scholen"},
	{"jeugd", "voorlichting", "Voorlichtingslessen over weerbaarheid", "Bewustwording en weerbaarheid van jongeren, ouders en professionals.", 24, "lessen"},
	{"jeugd", "ambulant", "Ambulant jongerenwerker in Opmeer", "Een stevige eerste lijn van jongerenwerk, wijkteam en wijkagenten in Opmeer.", 0, ""},

	{"zorg", "casusaanpak", "Lokale casusaanpak met een kernteam", "Collega's uit verschillende disciplines schakelen snel in één kernteam.", 12, "casusoverleggen"},
	{"zorg", "regionaal", "Afgestemde aanpak in Zaanstreek-Waterland", "Eén werkwijze voor professionals in de regio, zodat duidelijk is welke hulp wordt ingezet.", 0, ""},
	{"zorg", "geweld", "Bestuurlijke bevoegdheden bij geweldsincidenten", "Tijdelijke sluiting van een woning, verblijfsontzegging en tijdelijk huisverbod.", 0, ""},

	{"digitaal", "hackshield", "Aansluiten bij Hackshield voor kinderen van 8-12 jaar", "Kinderen weerbaar maken tegen cybercriminaliteit, via Noord-Holland Samen Veilig.", 8, "basisscholen"},
	{"digitaal", "bewustwording", "Bewustwording over gedigitaliseerde criminaliteit", "Campagnes en voorlichting over phishing, WhatsApp-fraude en geldezels.", 4, "campagnes"},
	{"digitaal", "cyberincident", "Voorbereid op cyberincidenten", "Werkprocessen en protocollen voor cyberincidenten en -crises, geoefend met de crisisorganisatie.", 2, "oefeningen"},

	{"woon", "woonoverlast", "Aanpak woonoverlast volgens de escalatieladder", "Signalen en meldingen wegen en zo nodig opschalen, zodat repressief optreden zelden nodig is.", 0, ""},
	{"woon", "kvo", "Keurmerk Veilig Ondernemen op bedrijventerreinen", "Publiek-private samenwerking met ondernemers tegen inbraak, vandalisme en ondermijning.", 2, "bedrijventerreinen"},
	{"woon", "hic", "Daling van woninginbraken en overvallen doorzetten", "High impact crimes blijven voorkomen met preventie en zichtbaarheid.", 0, ""},
	{"woon", "camera", "Cameratoezicht (artikel 151c Gemeentewet)", "Beleid en regels voor cameratoezicht, en een nieuwe uitkijklocatie met vier gemeenten.", 0, ""},

	{"driehoek", "ivp", "Nieuw IVP 2027-2030 voorbereiden", "Veiligheidsbeeld, evaluatie en prioriteiten voor het volgende integraal veiligheidsplan.", 0, ""},
	{"driehoek", "explosies", "Gezamenlijke aanpak explosies bij woningen", "Bestuurlijke, strafrechtelijke en zorgmaatregelen in samenhang.", 0, ""},
}

// actionSpec is an actie. The persona "by" creates it, so its organisation
// owns it; lead is the lead persona (by when empty). due is in days from
// today (nil: no due date). ref may contain YYYY for the current year.
// restricted names the organisations of a "beperkt" action.
type actionSpec struct {
	key         string
	workspace   string
	goal        string
	title       string
	description string
	by          string
	lead        string
	status      ketenhub.ActionStatus
	due         *int
	countTarget int64
	countDone   int64
	ref         string
	restricted  []string
}

func days(n int) *int { return &n }

var actions = []actionSpec{
	// Ondermijning
	{key: "controles", workspace: "ondermijning", goal: "controles", by: keyOOV, status: ketenhub.StatusLopend, due: days(38), countTarget: 6, countDone: 4,
		title: "Zes integrale controles bedrijventerreinen en buitengebied", description: "Samen met politie, handhaving en Belastingdienst; planning per kwartaal in het programmaoverleg ondermijning."},
	{key: "hercontroles", workspace: "ondermijning", goal: "controles", by: keyTeamchef, lead: keyRechercheur, status: ketenhub.StatusOpen, due: days(-9), countTarget: 2, countDone: 1, ref: "POL-YYYY-2231",
		title: "Twee hercontroles na sluiting (Wet Damocles)", description: "Controle of gesloten panden gesloten blijven en niet opnieuw in gebruik zijn genomen."},
	{key: "controle-opmeer", workspace: "ondermijning", goal: "controles", by: keyOOVOpmeer, status: ketenhub.StatusOpen, due: days(10),
		title: "Integrale controle recreatiepark Opmeer", description: "Het recreatiepark en het buitengebied zijn kwetsbare gebieden; controle met politie en RIEC-ondersteuning."},
	{key: "riec-casus", workspace: "ondermijning", goal: "informatie", by: keyRIEC, status: ketenhub.StatusLopend, due: days(21), ref: "RIEC-YYYY-014",
		restricted:  []string{orgPurmerend, orgPolitie, orgOM, orgRIEC},
		title:       "RIEC-casus: verwevenheid vastgoed en horeca",
		description: "Integrale casus; de inhoud staat in het RIEC-casusoverleg. Hier alleen de afspraken over de bestuurlijke en strafrechtelijke interventies."},
	{key: "fenomeenanalyse", workspace: "ondermijning", goal: "informatie", by: keyRIEC, status: ketenhub.StatusOpen, due: days(60), countTarget: 1, ref: "RIEC-YYYY-009",
		title: "Fenomeenanalyse arbeidsuitbuiting en mensenhandel", description: "Regionale aandacht voor arbeidsuitbuiting vraagt ook lokaal inzet; de analyse geeft richting aan de controles."},
	{key: "datalab", workspace: "ondermijning", goal: "informatie", by: keyOOV, status: ketenhub.StatusLopend, due: days(-3), countTarget: 1,
		title: "Datalab: dashboard signalen ondermijning", description: "Signalen uit het registratiesysteem en van partners samenbrengen, zodat analyses probleemgericht kunnen."},
	{key: "bibob-borgen", workspace: "ondermijning", goal: "bibob", by: keyOOV, status: ketenhub.StatusLopend, due: days(45), countTarget: 30, countDone: 19,
		title: "Bibob-toets vast in vergunningverlening horeca en vastgoed", description: "Na de pilot: werkinstructie, capaciteit en borging in de begroting."},
	{key: "bibob-advies", workspace: "ondermijning", goal: "bibob", by: keyOOV, status: ketenhub.StatusGeblokkeerd, due: days(-20), ref: "BIBOB-YYYY-006",
		restricted:  []string{orgPurmerend, orgOM, orgRIEC},
		title:       "Bibob-advies bij overname horecapand",
		description: "Wacht op het advies van het Landelijk Bureau Bibob."},
	{key: "integriteit", workspace: "ondermijning", goal: "weerbaarheid", by: keyOOV, status: ketenhub.StatusGereed, due: days(-40), countTarget: 4, countDone: 4,
		title: "Training integriteit en weerbaarheid voor vergunningverleners", description: "Aanbeveling uit de weerbaarheidsscan; vier sessies gegeven."},
	{key: "weerbaarheidsnorm", workspace: "ondermijning", goal: "weerbaarheid", by: keyOOVOpmeer, status: ketenhub.StatusLopend, due: days(90),
		title: "Regionale weerbaarheidsnorm Noord-Holland mee opstellen", description: "Opmeer levert de ervaringen met de weerbaarheidsscan in de regionale werkgroep."},
	{key: "meldpunt", workspace: "ondermijning", goal: "weerbaarheid", by: keyOOVOpmeer, status: ketenhub.StatusGereed, due: days(-60),
		title: "Centraal meldpunt ondermijning Opmeer onder de aandacht", description: "Samen met Meld Misdaad Anoniem; campagne bij ondernemers en in de nieuwsbrief."},
	{key: "hennep", workspace: "ondermijning", goal: "bevoegdheden", by: keyWoningcorporatie, status: ketenhub.StatusLopend, due: days(30), countTarget: 6, countDone: 2,
		title: "Signalen hennepteelt en drugsopslag in huurwoningen", description: "Huismeesters en consulenten melden signalen; afspraken over woningsluiting en huurontbinding."},
	{key: "lachgas", workspace: "ondermijning", goal: "bevoegdheden", by: keyOfficier, status: ketenhub.StatusOpen, due: days(14), ref: "OM-PARKET-YYYY-0381",
		restricted:  []string{orgPurmerend, orgPolitie, orgOM},
		title:       "Afdoening lachgashandel vanuit bedrijfspand (Opiumwet)",
		description: "Afstemming strafrechtelijke afdoening met bestuurlijke sluiting."},
	{key: "dwangsom", workspace: "ondermijning", goal: "bevoegdheden", by: keyOOV, status: ketenhub.StatusVervallen, due: days(-30), ref: "ZAAK-YYYY-0457",
		title: "Last onder dwangsom na vondst drugsopslag", description: "Vervallen: het pand is inmiddels op grond van de Wet Damocles gesloten."},

	// Jeugd en veiligheid
	{key: "signalenoverleg", workspace: "jeugd", goal: "signalen", by: keyOOV, status: ketenhub.StatusLopend, due: days(38), countTarget: 11, countDone: 10,
		title: "Signalenoverleg maandelijks voorbereiden en voorzitten", description: "Agenda, aanmeldingen van partners en terugkoppeling van afspraken."},
	{key: "signalen-politie", workspace: "jeugd", goal: "signalen", by: keyWijkagent, status: ketenhub.StatusLopend, due: days(7),
		title: "Signalen afglijdende jongeren aanleveren", description: "Wijkagenten leveren per wijk signalen aan, met een referentie uit de politiesystemen."},
	{key: "topx", workspace: "jeugd", goal: "topx", by: keyTeamchef, lead: keyWijkagent, status: ketenhub.StatusOpen, due: days(-5), ref: "TOPX-YYYY-Q4",
		restricted:  []string{orgPurmerend, orgPolitie, orgOM, orgHalt},
		title:       "Top X: plannen van aanpak actualiseren",
		description: "Per jongere een actueel plan; bespreking in het casusoverleg, niet hier."},
	{key: "halt-interventies", workspace: "jeugd", goal: "topx", by: keyHalt, status: ketenhub.StatusLopend, due: days(38), countTarget: 40, countDone: 31,
		title: "Halt-afdoeningen na verwijzing door politie en boa's", description: "Doorlooptijd van verwijzing tot intake onder de vier weken houden."},
	{key: "halt-voorlichting", workspace: "jeugd", goal: "voorlichting", by: keyHalt, status: ketenhub.StatusLopend, due: days(30), countTarget: 16, countDone: 9,
		title: "Halt-voorlichting op middelbare scholen (vuurwerk, groepsdruk)", description: "Voor de jaarwisseling op alle Waterlandse scholen voor voortgezet onderwijs."},
	{key: "icoad", workspace: "jeugd", goal: "voorlichting", by: keyGGD, status: ketenhub.StatusOpen, due: days(50), countTarget: 8,
		title: "Ouderavonden alcohol en drugs (In control of alcohol en drugs)", description: "Samen met Brijder Jeugd; bewustwording bij ouders."},
	{key: "veilige-school", workspace: "jeugd", goal: "veiligeschool", by: keyOOV, status: ketenhub.StatusLopend, due: days(-2), countTarget: 6, countDone: 4,
		title: "Convenant Veilige School: jaargesprekken met zes scholen", description: "Afspraken over schoolveiligheid en zorgvragen evalueren met scholen en politie."},
	{key: "ambulant", workspace: "jeugd", goal: "ambulant", by: keyOOVOpmeer, lead: keyOOVOpmeer, status: ketenhub.StatusGeblokkeerd, due: days(-15),
		title: "Ambulant jongerenwerker inzetten in Opmeer", description: "Geblokkeerd: wacht op het besluit over de financiering vanaf 2027."},
	{key: "hotspots", workspace: "jeugd", goal: "signalen", by: keyJongerenwerker, status: ketenhub.StatusLopend, due: days(20),
		title: "Hangplekken en hotspots jeugdoverlast in kaart", description: "Ambulant jongerenwerk loopt avondrondes en deelt het beeld met wijkagent en boa's."},

	// Zorg en veiligheid
	{key: "kernteam", workspace: "zorg", goal: "casusaanpak", by: keyZVH, status: ketenhub.StatusLopend, due: days(38), countTarget: 12, countDone: 10,
		title: "Kernteam casusaanpak: maandelijkse evaluatie", description: "Doorlooptijden en resultaat van de lokale casusaanpak bespreken."},
	{key: "nazorg-explosie", workspace: "zorg", goal: "geweld", by: keyOOV, status: ketenhub.StatusLopend, due: days(5), ref: "ZVH-YYYY-031",
		restricted:  []string{orgPurmerend, orgPolitie, orgZVH, orgWoningcorporatie},
		title:       "Woningsluiting na explosie: nazorg en heropening",
		description: "Afspraken tussen gemeente, politie, Zorg- en Veiligheidshuis en verhuurder over nazorg voor omwonenden en heropening."},
	{key: "huisverbod", workspace: "zorg", goal: "geweld", by: keyVeiligThuis, status: ketenhub.StatusLopend, due: days(14), ref: "VT-YYYY-118",
		restricted:  []string{orgVeiligThuis, orgPolitie, orgPurmerend},
		title:       "Tijdelijk huisverbod: afstemming hulpverlening",
		description: "Hulpverlening binnen de termijn van het huisverbod starten."},
	{key: "oggz", workspace: "zorg", goal: "casusaanpak", by: keyGGD, status: ketenhub.StatusLopend, due: days(30),
		title: "Meldingen verward gedrag binnen 48 uur opvolgen", description: "Werkafspraak tussen GGD, politie en het meldpunt zorg en overlast."},
	{key: "werkafspraken", workspace: "zorg", goal: "regionaal", by: keyZVH, status: ketenhub.StatusOpen, due: days(-12),
		title: "Werkafspraken zorg en veiligheid Zaanstreek-Waterland vastleggen", description: "Eén werkwijze voor de regio; concept ligt bij de partners."},
	{key: "huisbezoeken", workspace: "zorg", goal: "casusaanpak", by: keyWoningcorporatie, status: ketenhub.StatusGereed, due: days(-25), countTarget: 5, countDone: 5,
		title: "Gezamenlijke huisbezoeken bij woonoverlast", description: "Woonconsulent en wijkagent samen op huisbezoek."},

	// Digitale veiligheid
	{key: "hackshield", workspace: "digitaal", goal: "hackshield", by: keyOOV, status: ketenhub.StatusLopend, due: days(38), countTarget: 8, countDone: 5,
		title: "Hackshield: basisscholen in Purmerend aanmelden", description: "Kinderen van 8-12 jaar worden 'Cyber Agent'; de gemeente werft scholen."},
	{key: "hackshield-opmeer", workspace: "digitaal", goal: "hackshield", by: keyOOVOpmeer, status: ketenhub.StatusOpen, due: days(70),
		title: "Hackshield in Opmeer via Noord-Holland Samen Veilig", description: "Aansluiten bij het regionale initiatief."},
	{key: "phishing", workspace: "digitaal", goal: "bewustwording", by: keyWijkagent, status: ketenhub.StatusGereed, due: days(-45), countTarget: 1, countDone: 1,
		title: "Campagne phishing en WhatsApp-fraude voor 65-plussers", description: "Voorlichting in buurthuizen samen met de wijkagenten."},
	{key: "geldezels", workspace: "digitaal", goal: "bewustwording", by: keyJongerenwerker, status: ketenhub.StatusLopend, due: days(25), countTarget: 6, countDone: 2,
		title: "Voorlichting geldezels in jongerencentra", description: "Jongeren weerbaar maken tegen het uitlenen van hun bankrekening."},
	{key: "cyberoefening", workspace: "digitaal", goal: "cyberincident", by: keyOOV, status: ketenhub.StatusOpen, due: days(-7), countTarget: 2,
		title: "Oefening cyberincident met de crisisorganisatie", description: "Draaiboek uitval ICT en datalek oefenen, met de veiligheidsregio."},

	// Veilige woon- en leefomgeving
	{key: "escalatieladder", workspace: "woon", goal: "woonoverlast", by: keyOOVOpmeer, status: ketenhub.StatusLopend, due: days(30),
		title: "Escalatieladder woonoverlast toepassen in de kernen", description: "Van buurtbemiddeling via gesprek tot bestuurlijke maatregel."},
	{key: "kvo", workspace: "woon", goal: "kvo", by: keyOOVOpmeer, status: ketenhub.StatusLopend, due: days(60), countTarget: 2, countDone: 1,
		title: "Gesprekken met ondernemers over Keurmerk Veilig Ondernemen", description: "Behoeften en belangen van de ondernemers in kaart; mogelijk parkmanagement."},
	{key: "wijkschouw", workspace: "woon", goal: "woonoverlast", by: keyWoningcorporatie, status: ketenhub.StatusOpen, due: days(12),
		title: "Wijkschouw met wijkagent en wijkmanager", description: "Rommel, woonoverlast en onveilige plekken samen bekijken."},
	{key: "donkere-dagen", workspace: "woon", goal: "hic", by: keyWijkagent, status: ketenhub.StatusLopend, due: days(20),
		title: "Donkere-dagenoffensief tegen woninginbraak", description: "Extra surveillance en buurtpreventie-acties in november en december."},
	{key: "camerabeleid", workspace: "woon", goal: "camera", by: keyOOV, lead: keyBurgemeester, status: ketenhub.StatusLopend, due: days(-10),
		title: "Beleidsregels cameratoezicht artikel 151c vaststellen", description: "Het beleid is in de afrondende fase; daarna de aanwijzing van gebieden."},
	{key: "uitkijklocatie", workspace: "woon", goal: "camera", by: keyTeamchef, status: ketenhub.StatusOpen, due: days(40),
		title: "Nieuwe uitkijklocatie camera's met vier gemeenten", description: "De politie stoot het huidige pand af; een gezamenlijke locatie zoeken."},

	// Driehoek Purmerend
	{key: "veiligheidsbeeld", workspace: "driehoek", goal: "ivp", by: keyOOV, lead: keyBurgemeester, status: ketenhub.StatusLopend, due: days(30),
		title: "Veiligheidsbeeld 2026 en prioriteiten voor het IVP 2027-2030", description: "Concept voor de driehoek van januari; daarna naar de raad."},
	{key: "explosies-opsporing", workspace: "driehoek", goal: "explosies", by: keyOfficier, status: ketenhub.StatusLopend, due: days(8), ref: "OM-PARKET-YYYY-1207",
		restricted:  []string{orgOM, orgPolitie},
		title:       "Stand van de opsporing explosies",
		description: "Alleen voor politie en OM: voortgang van de onderzoeken."},
	{key: "jaarwisseling", workspace: "driehoek", goal: "explosies", by: keyTeamchef, status: ketenhub.StatusOpen, due: days(25),
		title: "Inzet basisteam rond de jaarwisseling", description: "Capaciteit, vuurwerkoverlast en afspraken met handhaving."},
}

// commentSpec is a reactie on an action by a persona; restricted narrows it
// to the named organisations.
type commentSpec struct {
	action     string
	by         string
	body       string
	restricted []string
}

var comments = []commentSpec{
	{action: "controles", by: keyTeamchef, body: "Politie levert voor elke controle twee collega's; de planning voor december is rond."},
	{action: "controles", by: keyOOV, body: "Dank! De Belastingdienst sluit bij de volgende controle ook aan."},
	{action: "riec-casus", by: keyOfficier, body: "Strafrechtelijk traject loopt; bestuurlijke interventie graag na overleg in de driehoek.", restricted: []string{orgPurmerend, orgPolitie, orgOM, orgRIEC}},
	{action: "riec-casus", by: keyOOV, body: "Bestuurlijke rapportage ontvangen; de Bibob-toets wordt voorbereid.", restricted: []string{orgPurmerend, orgRIEC}},
	{action: "veilige-school", by: keyHalt, body: "Twee scholen willen ook een Halt-voorlichting over vuurwerk; neem ik mee."},
	{action: "ambulant", by: keyJongerenwerker, body: "Wij kunnen vanaf maart zestien uur per week leveren als de financiering rond is."},
	{action: "nazorg-explosie", by: keyWoningcorporatie, body: "Herstel van de woning is gestart; heropening in overleg met de politie.", restricted: []string{orgPurmerend, orgPolitie, orgZVH, orgWoningcorporatie}},
	{action: "camerabeleid", by: keyBurgemeester, body: "Graag afronden voor de driehoek van januari."},
	{action: "hackshield", by: keyJongerenwerker, body: "Jongerenwerk helpt bij de Hackshield-middag in het jongerencentrum."},
	{action: "werkafspraken", by: keyGGD, body: "Reactie van de GGD op het concept volgt deze week."},
}

// meetingSpec is an overleg that a workspace's regisseur plans: in days
// from today at hour (Dutch time), with a chair and minute-taker (persona
// keys, optional), participant organisations and persons, a proposal
// deadline deadlineDays before it, and a repeat every recurWeeks.
type meetingSpec struct {
	workspace    string
	kind         ketenhub.MeetingKind
	title        string
	location     string
	days, hour   int
	minutes      int
	state        ketenhub.MeetingState
	chair        string
	minuteTaker  string
	orgs         []string
	people       []string
	deadlineDays int
	recurWeeks   int
}

var meetings = []meetingSpec{
	{workspace: "driehoek", kind: ketenhub.MeetingDriehoek, title: "Lokale driehoek Purmerend", location: "Stadhuis Purmerend, kamer van de burgemeester",
		days: 14, hour: 10, minutes: 90, state: ketenhub.MeetingAgendaOpen, chair: keyBurgemeester, minuteTaker: keyOOV,
		orgs: []string{orgPurmerend, orgPolitie, orgOM}, people: []string{keyBurgemeester, keyTeamchef, keyOfficier, keyOOV},
		deadlineDays: 7, recurWeeks: 6},
	{workspace: "jeugd", kind: ketenhub.MeetingSignaaloverleg, title: "Signalenoverleg jeugd Purmerend", location: "Politiebureau Purmerend, vergaderzaal 1",
		days: 3, hour: 14, minutes: 60, state: ketenhub.MeetingAgendaOpen, chair: keyOOV,
		orgs: []string{orgPurmerend, orgPolitie, orgHalt, orgJongerenwerk, orgGGD}, people: []string{keyOOV, keyWijkagent, keyHalt, keyJongerenwerker},
		deadlineDays: 1, recurWeeks: 4},
}
