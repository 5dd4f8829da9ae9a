import { describe, expect, it } from 'vitest';
import type { Person } from '../api/types';
import { choosable, toggled, visibilityOf } from './visibility';

describe('the visibility picker', () => {
  it('sends people only for a restricted item that names some', () => {
    expect(visibilityOf({ scope: 'workspace', organisations: [3], users: [7] })).toEqual({ scope: 'workspace' });
    expect(visibilityOf({ scope: 'restricted', organisations: [3], users: [] })).toEqual({ scope: 'restricted', organisations: [3] });
    expect(visibilityOf({ scope: 'restricted', organisations: [], users: [7] })).toEqual({ scope: 'restricted', organisations: [], users: [7] });
  });

  it('keeps the chosen ids sorted and once each', () => {
    expect(toggled([3, 9], 5, true)).toEqual([3, 5, 9]);
    expect(toggled([3, 5], 5, true)).toEqual([3, 5]);
    expect(toggled([3, 5], 5, false)).toEqual([3]);
  });

  it('offers the people who take part, less the creator', () => {
    const people: Person[] = [
      { id: 1, name: 'Yasmina El Idrissi', organisation_id: 1, shielded: false, admitted: true },
      { id: 2, name: 'Pieter van Leeuwen', organisation_id: 5, shielded: false, admitted: true },
      { id: 3, function: 'Rechercheur', organisation_id: 3, shielded: true, admitted: true },
      { id: 4, name: 'Niet toegelaten', organisation_id: 3, shielded: false, admitted: false },
    ];
    expect(choosable(people, 1).map((p) => p.id)).toEqual([2, 3]);
  });
});
