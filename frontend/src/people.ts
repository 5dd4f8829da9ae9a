// How a person is named on screen. A shielded officer (afgeschermde
// medewerker) of another organisation reaches this browser without a name:
// the hub leaves it out of every payload, and the app then shows the
// function and the organisation ("Rechercheur, Politie Noord-Holland"),
// never an empty name. Kept apart from React so that it can be tested.
import type { ID } from './api/types';

/** Shown is what the app knows of a person: a User, a Person or a presence entry. */
export interface Shown {
  name?: string | undefined;
  function?: string | undefined;
  shielded?: boolean | undefined;
  organisation_id: ID;
}

/** withheld reports whether the person's name is not given to this viewer. */
export function withheld(p: Shown): boolean {
  return !p.name?.trim();
}

/**
 * personLabel is the person's name; for one whose name is withheld it is
 * "<function>, <organisation>", with unnamed ("Medewerker", as the hub's exports say)
 * standing in for a missing function.
 */
export function personLabel(p: Shown, orgName: (id: ID) => string, unnamed: string): string {
  const name = p.name?.trim();
  if (name) return name;
  const org = orgName(p.organisation_id);
  return [p.function?.trim() || unnamed, org].filter(Boolean).join(', ');
}

/**
 * personWithOrg names the person with their organisation: withOrg(name, org)
 * for a named person ("Erik Brouwer (Politie Noord-Holland)"), and the
 * shielded label as it is, which names the organisation already.
 */
export function personWithOrg(p: Shown, orgName: (id: ID) => string, unnamed: string, withOrg: (name: string, org: string) => string): string {
  if (withheld(p)) return personLabel(p, orgName, unnamed);
  return withOrg(p.name!.trim(), orgName(p.organisation_id));
}

/** byOrgAndLabel orders people by organisation, then by how they are shown. */
export function byOrgAndLabel<P extends Shown>(people: P[], orgName: (id: ID) => string, unnamed: string): P[] {
  const key = (p: P) => [orgName(p.organisation_id), personLabel(p, orgName, unnamed)] as const;
  return [...people].sort((a, b) => {
    const [ao, al] = key(a);
    const [bo, bl] = key(b);
    return ao.localeCompare(bo, 'nl') || al.localeCompare(bl, 'nl');
  });
}

/** byLabel orders people by how they are shown. */
export function byLabel<P extends Shown>(people: P[], orgName: (id: ID) => string, unnamed: string): P[] {
  return [...people].sort((a, b) => personLabel(a, orgName, unnamed).localeCompare(personLabel(b, orgName, unnamed), 'nl'));
}

/** joinNames lists names as Dutch or English prose: "a, b en c" / "a, b and c". */
export function joinNames(names: string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

/**
 * groupsSeen are the identity provider's group names seen on these users,
 * sorted and without duplicates: the suggestions of the admission editor.
 */
export function groupsSeen(users: { groups?: string[] | undefined }[], extra: string[] = []): string[] {
  const all = new Set<string>();
  for (const u of users) for (const g of u.groups ?? []) if (g.trim()) all.add(g.trim());
  for (const g of extra) if (g.trim()) all.add(g.trim());
  return [...all].sort((a, b) => a.localeCompare(b, 'nl'));
}

/**
 * addGroup adds a typed group name to the chosen ones: trimmed, inner
 * spaces collapsed, and not twice (the identity provider's names are
 * compared as written, so "team x" and "Team X" stay two groups).
 */
export function addGroup(chosen: string[], typed: string): string[] {
  const g = typed.trim().replace(/\s+/g, ' ');
  if (!g || chosen.includes(g)) return chosen;
  return [...chosen, g];
}
