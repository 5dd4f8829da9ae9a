import { describe, expect, it } from 'vitest';
import type { Action } from '../api/types';
import { fieldOf, inputOf, patchOf, valuesOf } from './actionForm';
import { queryOf, searchOf } from './actionQuery';

const action: Action = {
  id: 5, workspace_id: 1, goal_id: 3, title: 'Zes integrale controles', description: 'Met politie.',
  owner_organisation_id: 2, lead_user_id: 7, status: 'lopend', due_date: '2026-12-31', count_target: 6, count_done: 4,
  external_ref: '', visibility: { scope: 'restricted', organisations: [5, 2] }, decision_id: null, created_by_user_id: 7,
  created_by_organisation_id: 2, version: 3, created_at: '', updated_at: '',
};

describe('the action form', () => {
  it('sends nothing that was not changed', () => {
    const v = valuesOf(action);
    expect(patchOf(v, valuesOf(action))).toEqual({});
    // The same organisations in another order are no change.
    expect(patchOf({ ...v, organisations: [2, 5] }, valuesOf({ ...action, visibility: { scope: 'restricted', organisations: [2, 5] } }))).toEqual({});
  });

  it('sends what was changed, clearing with null', () => {
    const v = { ...valuesOf(action), status: 'gereed' as const, count_done: '6', due_date: '', lead_user_id: '', scope: 'workspace' as const };
    expect(patchOf(v, valuesOf(action))).toEqual({
      status: 'gereed', count_done: 6, due_date: null, lead_user_id: null, visibility: { scope: 'workspace' },
    });
  });

  it('makes a new action of what was typed', () => {
    const v = { ...valuesOf(action), goal_id: '', count_target: '', external_ref: 'PV-2026-001' };
    expect(inputOf(v)).toEqual({
      title: 'Zes integrale controles', description: 'Met politie.', goal_id: null, owner_organisation_id: 2, lead_user_id: 7,
      status: 'lopend', due_date: '2026-12-31', count_target: null, count_done: 4, external_ref: 'PV-2026-001',
      visibility: { scope: 'restricted', organisations: [2, 5] },
    });
  });

  it('names people in a restricted visibility, and says so when the last one is taken away', () => {
    const named = { ...action, visibility: { scope: 'restricted' as const, organisations: [2], users: [12, 9] } };
    expect(valuesOf(named).users).toEqual([9, 12]);
    expect(inputOf(valuesOf(named)).visibility).toEqual({ scope: 'restricted', organisations: [2], users: [9, 12] });
    expect(patchOf({ ...valuesOf(named), users: [9] }, valuesOf(named))).toEqual({ visibility: { scope: 'restricted', organisations: [2], users: [9] } });
    expect(patchOf({ ...valuesOf(named), users: [] }, valuesOf(named))).toEqual({ visibility: { scope: 'restricted', organisations: [2], users: [] } });
    // Whole-workspace visibility names nobody, whatever was ticked before.
    expect(patchOf({ ...valuesOf(named), scope: 'workspace' }, valuesOf(named))).toEqual({ visibility: { scope: 'workspace' } });
  });

  it("puts the hub's error next to the field it names", () => {
    expect(fieldOf('title')).toBe('title');
    expect(fieldOf('visibility')).toBe('scope');
    expect(fieldOf('visibility.organisations[1]')).toBe('organisations');
    expect(fieldOf('visibility.users[0]')).toBe('users');
    expect(fieldOf('due_date')).toBe('due_date');
    expect(fieldOf('version')).toBeUndefined();
    expect(fieldOf(undefined)).toBeUndefined();
  });
});

describe("the actions table's query string", () => {
  it('round-trips the filters and leaves defaults out', () => {
    const q = queryOf('?status=open,geblokkeerd&owner=4&overdue=true&sort=title&order=desc&page=2');
    expect(q).toEqual({ per_page: 25, status: ['open', 'geblokkeerd'], owner: 4, goal: undefined, overdue: true, sort: 'title', order: 'desc', page: 2 });
    expect(searchOf(q)).toBe('?status=open%2Cgeblokkeerd&owner=4&overdue=true&sort=title&order=desc&page=2');
    expect(searchOf(queryOf(''))).toBe('');
  });

  it('ignores what it does not know', () => {
    expect(queryOf('?status=kapot,open&owner=x&sort=drop&page=-1')).toEqual({
      per_page: 25, status: ['open'], owner: undefined, goal: undefined, sort: 'due_date', order: 'asc', page: 1,
    });
  });
});
