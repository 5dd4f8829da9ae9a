import { describe, expect, it } from 'vitest';
import { canCreate, isOverdue, mayOn } from './actions';

describe('actions', () => {
  it('allow exactly what the hub says the viewer may do, and nothing without its word', () => {
    expect(mayOn({ allowed: { actions: ['edit', 'comment'] } }, 'edit')).toBe(true);
    expect(mayOn({ allowed: { actions: ['comment'] } }, 'edit')).toBe(false);
    expect(mayOn({ allowed: { actions: [] } }, 'comment')).toBe(false);
    expect(mayOn({}, 'edit')).toBe(false);
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
