import { describe, expect, it } from 'vitest';
import { canCreate, canEdit, isOverdue } from './actions';
import type { Me } from './api/types';

const me = { organisation: { id: 2 } } as Me;

describe('actions', () => {
  it('may be edited by a regisseur, by a partner when its organisation owns them, never by a meelezer', () => {
    expect(canEdit('regisseur', me, { owner_organisation_id: 9 })).toBe(true);
    expect(canEdit('partner', me, { owner_organisation_id: 2 })).toBe(true);
    expect(canEdit('partner', me, { owner_organisation_id: 9 })).toBe(false);
    expect(canEdit('meelezer', me, { owner_organisation_id: 2 })).toBe(false);
    expect(canEdit('', me, { owner_organisation_id: 2 })).toBe(false);
    expect([canCreate('regisseur'), canCreate('partner'), canCreate('meelezer')]).toEqual([true, true, false]);
  });

  it('are overdue when due before today and not closed', () => {
    expect(isOverdue({ due_date: '2026-01-01', status: 'open' }, '2026-01-02')).toBe(true);
    expect(isOverdue({ due_date: '2026-01-02', status: 'lopend' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ due_date: '2026-01-01', status: 'gereed' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ due_date: '2026-01-01', status: 'vervallen' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ due_date: null, status: 'open' }, '2026-01-02')).toBe(false);
  });
});
