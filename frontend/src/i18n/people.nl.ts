// Dutch messages about people: admission to a workspace, items visible to
// named people, and shielded officers; merged into nl.ts. English in
// people.en.ts, with the same keys (TypeScript checks that).
export const peopleNl = {
  'person.unnamed': 'Medewerker',
  'person.and': 'en',
  'person.withOrg': '{name} ({organisation})',
  'person.you': '{name} (u, altijd)',
  'person.always': '{name} (altijd)',

  'admission.openWarning': 'Open voor de hele organisatie: iedereen van {organisation} die zich aanmeldt, ziet deze werkruimte.',
  'admission.openWarningHint': 'Alleen de organisatiebeheerder van {organisation} kan dat beperken tot genoemde personen of teams.',
  'admission.heading': 'Wie van {organisation} neemt deel?',
  'admission.intro': 'Kies de personen en de groepen uit de identiteitsvoorziening van {organisation} die aan deze werkruimte deelnemen. Wie niet deelneemt, ziet de werkruimte niet. Kiest u niemand, dan is de werkruimte open voor de hele organisatie.',
  'admission.people': 'Personen van {organisation}',
  'admission.noPeople': 'Nog niemand van uw organisatie heeft zich bij Ketenhub aangemeld.',
  'admission.groups': 'Groepen uit de identiteitsvoorziening',
  'admission.noGroups': 'Nog geen groepen bekend: typ de naam hieronder.',
  'admission.addGroup': 'Andere groep',
  'admission.addGroupHint': 'De naam precies zoals de identiteitsvoorziening van uw organisatie hem meegeeft, bijvoorbeeld "Team Ondermijning".',
  'admission.addGroupButton': 'Groep toevoegen',
  'admission.save': 'Deelname opslaan',
  'admission.saving': 'Bezig met opslaan…',
  'admission.group': 'groep {name}',
  'admission.nowOpen': 'Nu: open voor de hele organisatie.',
  'admission.now': 'Nu neemt deel: {who}.',
  'admission.savedOpen': 'Opgeslagen. U koos niemand: de werkruimte is open voor de hele organisatie.',
  'admission.saved': 'Opgeslagen. Neemt deel: {who}.',
  'admission.loading': 'Deelname laden…',

  'form.visPeople': 'Alleen zichtbaar voor deze personen (naast de gekozen organisaties)',
  'form.visPeopleHint': 'Kiest u personen, dan ziet alleen wie u kiest het, plus de organisaties die u hierboven aanvinkt.',
  'form.visPeopleLoading': 'Personen laden…',
  'form.visNoPeople': 'Nog geen personen bekend in deze werkruimte.',
  'form.visOwnOrg': '{organisation} (uw organisatie)',
  'visibility.onlyFor': 'alleen zichtbaar voor {names}',
} as const;
