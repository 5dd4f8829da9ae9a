// English messages about people (see people.nl.ts); merged into en.ts.
import type { peopleNl } from './people.nl';

export const peopleEn: Record<keyof typeof peopleNl, string> = {
  'person.unnamed': 'Staff member',
  'person.and': 'and',
  'person.withOrg': '{name} ({organisation})',
  'person.you': '{name} (you, always)',
  'person.always': '{name} (always)',

  'admission.openWarning': 'Open to the whole organisation: everyone of {organisation} who signs in sees this workspace.',
  'admission.openWarningHint': 'Only the organisation administrator of {organisation} can limit this to named people or teams.',
  'admission.heading': 'Who of {organisation} take part?',
  'admission.intro': 'Choose the people and the identity-provider groups of {organisation} who take part in this workspace. Whoever does not take part does not see the workspace. If you choose nobody, the workspace is open to the whole organisation.',
  'admission.people': 'People of {organisation}',
  'admission.noPeople': 'Nobody of your organisation has signed in to Ketenhub yet.',
  'admission.groups': 'Groups from the identity provider',
  'admission.noGroups': 'No groups known yet: type the name below.',
  'admission.addGroup': 'Another group',
  'admission.addGroupHint': 'The name exactly as your organisation\'s identity provider gives it, for example "Team Ondermijning".',
  'admission.addGroupButton': 'Add group',
  'admission.save': 'Save admission',
  'admission.saving': 'Saving…',
  'admission.group': 'group {name}',
  'admission.nowOpen': 'Now: open to the whole organisation.',
  'admission.now': 'Taking part now: {who}.',
  'admission.savedOpen': 'Saved. You chose nobody: the workspace is open to the whole organisation.',
  'admission.saved': 'Saved. Taking part: {who}.',
  'admission.loading': 'Loading admission…',

  'form.visPeople': 'Only visible to these people (besides the chosen organisations)',
  'form.visPeopleHint': 'If you choose people, only those you choose see it, plus the organisations you tick above.',
  'form.visPeopleLoading': 'Loading people…',
  'form.visNoPeople': 'No people known in this workspace yet.',
  'form.visOwnOrg': '{organisation} (your organisation)',
  'visibility.onlyFor': 'only visible to {names}',
};
