import { describe, expect, it } from 'vitest';
import { queryOf } from '../screens/actionQuery';
import { actionsExportURL } from './exports';

describe('actionsExportURL', () => {
  it('carries every filter and the sorting of the table, but not its page', () => {
    const q = queryOf('?status=open,lopend&owner=3&goal=7&overdue=true&sort=title&order=desc&page=4');
    const u = new URL(actionsExportURL(2, 'csv', 'nl', q), 'http://hub');
    expect(u.pathname).toBe('/api/v1/workspaces/2/actions/export');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      format: 'csv', lang: 'nl', status: 'open,lopend', owner: '3', goal: '7', overdue: 'true', sort: 'title', order: 'desc',
    });
  });

  it('sends the due-date range when given, and leaves out filters that are not set', () => {
    const u = new URL(actionsExportURL(5, 'xlsx', 'en', { due_before: '2026-12-31', due_after: '2026-01-01' }), 'http://hub');
    expect(Object.fromEntries(u.searchParams)).toEqual({ format: 'xlsx', lang: 'en', due_before: '2026-12-31', due_after: '2026-01-01' });
  });
});
