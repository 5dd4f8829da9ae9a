import { describe, expect, it } from 'vitest';
import { addGroup, byOrgAndLabel, groupsSeen, joinNames, personLabel, personWithOrg, withheld } from './people';

const orgs: Record<number, string> = { 1: 'Gemeente Purmerend', 3: 'Politie Noord-Holland', 5: 'Openbaar Ministerie Noord-Holland' };
const orgName = (id: number) => orgs[id] ?? `#${id}`;
const unnamed = 'Medewerker';

describe('people', () => {
  it('show a named person by name', () => {
    expect(personLabel({ name: 'Erik Brouwer', organisation_id: 3 }, orgName, unnamed)).toBe('Erik Brouwer');
    expect(withheld({ name: 'Erik Brouwer', organisation_id: 3 })).toBe(false);
  });

  it('show a shielded officer without a name by function and organisation, never empty', () => {
    const officer = { function: 'Rechercheur', shielded: true, organisation_id: 3 };
    expect(withheld(officer)).toBe(true);
    expect(personLabel(officer, orgName, unnamed)).toBe('Rechercheur, Politie Noord-Holland');
    expect(personLabel({ name: '', function: '', shielded: true, organisation_id: 3 }, orgName, unnamed)).toBe('Medewerker, Politie Noord-Holland');
    expect(personLabel({ name: '  ', organisation_id: 3 }, orgName, unnamed)).toBe('Medewerker, Politie Noord-Holland');
  });

  it('show a shielded officer of the viewer\'s own organisation, who comes with a name, by name', () => {
    expect(personLabel({ name: 'Rob de Wit', function: 'Rechercheur', shielded: true, organisation_id: 3 }, orgName, unnamed)).toBe('Rob de Wit');
  });

  it('name the organisation once', () => {
    const withOrg = (n: string, o: string) => `${n} (${o})`;
    expect(personWithOrg({ name: 'Erik Brouwer', organisation_id: 3 }, orgName, unnamed, withOrg)).toBe('Erik Brouwer (Politie Noord-Holland)');
    expect(personWithOrg({ function: 'Rechercheur', shielded: true, organisation_id: 3 }, orgName, unnamed, withOrg)).toBe('Rechercheur, Politie Noord-Holland');
  });

  it('order by organisation, then as shown', () => {
    const got = byOrgAndLabel([
      { id: 1, name: 'Samira Haddou', organisation_id: 3 },
      { id: 2, function: 'Rechercheur', shielded: true, organisation_id: 3 },
      { id: 3, name: 'Yasmina El Idrissi', organisation_id: 1 },
    ], orgName, unnamed).map((p) => p.id);
    expect(got).toEqual([3, 2, 1]);
  });

  it('list names as prose', () => {
    expect(joinNames([], 'en')).toBe('');
    expect(joinNames(['a'], 'en')).toBe('a');
    expect(joinNames(['a', 'b'], 'en')).toBe('a en b');
    expect(joinNames(['a', 'b', 'c'], 'and')).toBe('a, b and c');
  });

  it('suggest the groups seen on the organisation\'s users, once each', () => {
    expect(groupsSeen([{ groups: ['Team Ondermijning', 'Basisteam Purmerend'] }, { groups: ['Team Ondermijning', ' '] }, {}], ['Recherche']))
      .toEqual(['Basisteam Purmerend', 'Recherche', 'Team Ondermijning']);
  });

  it('add a typed group once, tidied', () => {
    expect(addGroup([], '  Team   Ondermijning ')).toEqual(['Team Ondermijning']);
    expect(addGroup(['Team Ondermijning'], 'Team Ondermijning')).toEqual(['Team Ondermijning']);
    expect(addGroup(['a'], '   ')).toEqual(['a']);
    expect(addGroup(['Team X'], 'team x')).toEqual(['Team X', 'team x']);
  });
});
