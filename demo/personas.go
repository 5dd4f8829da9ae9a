package demo

import "github.com/ketenhub/ketenhub"

// Issuer is the issuer of the demo personas' identities: the development
// identity provider that the embedded default starts signs them in under it.
const Issuer = "ketenhub-dev"

// Persona is a demo user, one per partner role, that the development identity
// provider offers at sign-in. Names are invented and e-mail addresses use the
// reserved .example domain, so that no real person is named.
type Persona struct {
	Key              string                // short stable name, used in URLs and tests
	Subject          string                // the OIDC subject under Issuer
	Name             string                // display name
	Email            string                // an address under .example
	Title            string                // job title, e.g. "OOV-adviseur": the user's function
	OrganisationName string                // the organisation the persona works for
	PlatformRole     ketenhub.PlatformRole // beheerder or none
	// OrganisationRole: organisatiebeheerder of their own organisation, or none.
	OrganisationRole ketenhub.OrganisationRole
	// Teams are the persona's teams at the identity provider, by which their
	// organisation admits them to workspaces (such as TeamOndermijning).
	Teams []string
	// Shielded: an afgeschermde medewerker, shown to other organisations by
	// function only.
	Shielded bool
}

// The groups at the identity provider that grant a role, as the
// development provider sends them in the groups claim (and the Keycloak
// realm in deploy/ has them).
const (
	BeheerderGroup            = "ketenhub-beheerders"
	OrganisatiebeheerderGroup = "ketenhub-organisatiebeheerders"
)

// The police teams of the demo: Team Ondermijning takes part in the
// Ondermijning workspace; Basisteam Purmerend does not.
const (
	TeamOndermijning   = "Team Ondermijning"
	BasisteamPurmerend = "Basisteam Purmerend"
)

// Groups are all the persona's groups at the identity provider: their
// teams and the groups that grant their roles.
func (p Persona) Groups() []string {
	groups := append([]string{}, p.Teams...)
	if p.PlatformRole == ketenhub.PlatformRoleBeheerder {
		groups = append(groups, BeheerderGroup)
	}
	if p.OrganisationRole == ketenhub.OrganisationRoleBeheerder {
		groups = append(groups, OrganisatiebeheerderGroup)
	}
	return groups
}

// The organisations of the demo region (Noord-Holland: Purmerend in
// Zaanstreek-Waterland and Opmeer in West-Friesland, with their partners).
const (
	orgPurmerend        = "Gemeente Purmerend"
	orgOpmeer           = "Gemeente Opmeer"
	orgPolitie          = "Politie Noord-Holland"
	orgOM               = "Openbaar Ministerie Noord-Holland"
	orgRIEC             = "RIEC Noord-Holland"
	orgGGD              = "GGD Zaanstreek-Waterland"
	orgHalt             = "Halt Noord-Holland"
	orgVeiligThuis      = "Veilig Thuis Zaanstreek-Waterland"
	orgZVH              = "Zorg- en Veiligheidshuis Zaanstreek-Waterland"
	orgJongerenwerk     = "Jongerenwerk Purmerend"
	orgWoningcorporatie = "Woningcorporatie Waterland Wonen"
	orgVeiligheidsregio = "Veiligheidsregio Zaanstreek-Waterland"
)

// The persona keys that the seed data refers to.
const (
	keyBeheerder          = "beheerder"
	keyBurgemeester       = "burgemeester"
	keyOOV                = "oov-adviseur"
	keyBurgemeesterOpmeer = "burgemeester-opmeer"
	keyOOVOpmeer          = "oov-adviseur-opmeer"
	keyTeamchef           = "teamchef"
	keyWijkagent          = "wijkagent"
	keyOfficier           = "officier"
	keyRIEC               = "riec-analist"
	keyGGD                = "ggd"
	keyHalt               = "halt"
	keyVeiligThuis        = "veilig-thuis"
	keyZVH                = "zorg-en-veiligheidshuis"
	keyJongerenwerker     = "jongerenwerker"
	keyWoningcorporatie   = "woningcorporatie"
	keyRechercheur        = "rechercheur"
	keyPolitieBeheerder   = "organisatiebeheerder-politie"
	keyGemeenteBeheerder  = "organisatiebeheerder-purmerend"
)

// Personas are the demo users, in the order the sign-in page offers them.
// Treat the slice as read-only.
var Personas = []Persona{
	persona(keyOOV, "Yasmina El Idrissi", "y.elidrissi@purmerend.example", "OOV-adviseur", orgPurmerend),
	persona(keyBurgemeester, "Hanneke Zwart", "burgemeester@purmerend.example", "Burgemeester", orgPurmerend),
	persona(keyTeamchef, "Erik Brouwer", "erik.brouwer@politie.example", "Teamchef basisteam Purmerend", orgPolitie).in(TeamOndermijning),
	persona(keyWijkagent, "Samira Haddou", "samira.haddou@politie.example", "Wijkagent Purmerend-Centrum", orgPolitie).in(BasisteamPurmerend),
	persona(keyRechercheur, "Thijs Verhoeven", "t.verhoeven@politie.example", "Rechercheur Team Ondermijning", orgPolitie).in(TeamOndermijning).shielded(),
	persona(keyOfficier, "Pieter van Leeuwen", "p.van.leeuwen@om.example", "Officier van justitie", orgOM),
	persona(keyRIEC, "Noor Hendriks", "n.hendriks@riec-nh.example", "RIEC-analist", orgRIEC),
	persona(keyGGD, "Anouk Visser", "a.visser@ggdzw.example", "GGD-medewerker OGGZ", orgGGD),
	persona(keyHalt, "Daan Mulder", "d.mulder@halt.example", "Halt-medewerker", orgHalt),
	persona(keyOOVOpmeer, "Lotte Kramer", "l.kramer@opmeer.example", "OOV-adviseur", orgOpmeer),
	persona(keyBurgemeesterOpmeer, "Jeroen Schouten", "burgemeester@opmeer.example", "Burgemeester", orgOpmeer),
	persona(keyVeiligThuis, "Ingrid Smit", "i.smit@veiligthuiszw.example", "Medewerker Veilig Thuis", orgVeiligThuis),
	persona(keyZVH, "Ruben de Vries", "r.devries@zvhzw.example", "Procesregisseur", orgZVH),
	persona(keyJongerenwerker, "Kevin Pinas", "kevin@jongerenwerkpurmerend.example", "Ambulant jongerenwerker", orgJongerenwerk),
	persona(keyWoningcorporatie, "Marloes Peters", "m.peters@waterlandwonen.example", "Woonconsulent", orgWoningcorporatie),
	persona(keyPolitieBeheerder, "Karin Bos", "k.bos@politie.example", "Functioneel beheerder informatievoorziening", orgPolitie).organisatiebeheerder(),
	persona(keyGemeenteBeheerder, "Femke de Wit", "f.dewit@purmerend.example", "Informatiebeveiligingsadviseur", orgPurmerend).organisatiebeheerder(),
	{
		Key: keyBeheerder, Subject: subject(keyBeheerder), Name: "Sanne Vermeulen",
		Email: "s.vermeulen@vrzw.example", Title: "Functioneel beheerder Ketenhub",
		OrganisationName: orgVeiligheidsregio, PlatformRole: ketenhub.PlatformRoleBeheerder,
	},
}

func persona(key, name, email, title, org string) Persona {
	return Persona{Key: key, Subject: subject(key), Name: name, Email: email, Title: title, OrganisationName: org}
}

// in puts the persona in teams at the identity provider.
func (p Persona) in(teams ...string) Persona {
	p.Teams = append(p.Teams, teams...)
	return p
}

// shielded makes the persona an afgeschermde medewerker.
func (p Persona) shielded() Persona {
	p.Shielded = true
	return p
}

// organisatiebeheerder makes the persona the beheerder of their organisation.
func (p Persona) organisatiebeheerder() Persona {
	p.OrganisationRole = ketenhub.OrganisationRoleBeheerder
	return p
}

func subject(key string) string { return "demo-" + key }

// PersonaByKey returns the persona with the given key.
func PersonaByKey(key string) (Persona, bool) {
	for _, p := range Personas {
		if p.Key == key {
			return p, true
		}
	}
	return Persona{}, false
}
