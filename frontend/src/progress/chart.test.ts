import { describe, expect, it } from 'vitest';
import type { GoalProgress, ListedGoal, Workspace } from '../api/types';
import { defaultPeriod, formatShare, goalBars, inPeriod, periodKey, periodsOf, statusBar, totals, truncate } from './chart';

function ws(id: number, title: string, period: string, extra: Partial<Workspace> = {}): Workspace {
  return { id, title, description: '', theme: 'overig', period, archived: false, last_seq: 0, version: 1, created_at: '', updated_at: '', my_role: 'partner', ...extra };
}

function goal(id: number, progress: GoalProgress, extra: Partial<ListedGoal> = {}): ListedGoal {
  return { id, workspace_id: 1, title: `Doel ${id}`, description: '', target: null, unit: 'controles', version: 1, created_at: '', updated_at: '', progress, ...extra };
}

describe('periods', () => {
  it('compares without case, spaces and the IVP prefix, as the hub does', () => {
    expect(periodKey('IVP 2023-2026')).toBe('2023-2026');
    expect(periodKey(' ivp2023 - 2026 ')).toBe('2023-2026');
    expect(periodKey('2019-2022')).toBe('2019-2022');
  });

  it('lists each period once, newest first, in its most used spelling, only of member workspaces', () => {
    const spaces = [
      ws(1, 'Ondermijning', 'IVP 2023-2026'),
      ws(2, 'Jeugd', 'IVP 2023-2026'),
      ws(3, 'Zorg', '2023-2026'),
      ws(4, 'Oud', 'IVP 2019-2022', { archived: true }),
      ws(5, 'Niet van mij', 'IVP 2027-2030', { my_role: '' }),
      ws(6, 'Zonder periode', ''),
    ];
    expect(periodsOf(spaces)).toEqual(['IVP 2023-2026', 'IVP 2019-2022']);
  });

  it('starts at the period with the most current workspaces', () => {
    const spaces = [
      ws(1, 'A', 'IVP 2027-2030', { archived: true }),
      ws(2, 'B', 'IVP 2023-2026'),
      ws(3, 'C', 'IVP 2019-2022', { archived: true }),
      ws(4, 'D', 'IVP 2019-2022', { archived: true }),
    ];
    expect(defaultPeriod(spaces)).toBe('IVP 2023-2026');
    expect(defaultPeriod([])).toBe('');
  });

  it('picks the workspaces of a period, current first, then by title', () => {
    const spaces = [
      ws(1, 'Zorg', 'IVP 2023-2026'),
      ws(2, 'archief', '2023-2026', { archived: true }),
      ws(3, 'Jeugd', 'ivp 2023-2026'),
      ws(4, 'Ander', 'IVP 2019-2022'),
      ws(5, 'Geen lid', 'IVP 2023-2026', { my_role: '' }),
    ];
    expect(inPeriod(spaces, '2023-2026').map((w) => w.id)).toEqual([3, 1, 2]);
    expect(inPeriod(spaces, 'IVP 2031-2034')).toEqual([]);
  });
});

describe('goal bars', () => {
  it('measures a count target by the count, an action list by actions done, and says when there is nothing yet', () => {
    const bars = goalBars([
      goal(1, { actions: 2, done: 1, count_target: 8, count_done: 3 }),
      goal(2, { actions: 4, done: 1, count_target: 0, count_done: 0 }),
      goal(3, { actions: 0, done: 0, count_target: 0, count_done: 0 }),
    ]);
    expect(bars.map((b) => [b.id, b.kind, b.value, b.max, b.share])).toEqual([
      [1, 'count', 3, 8, 0.375],
      [2, 'actions', 1, 4, 0.25],
      [3, 'none', 0, 0, 0],
    ]);
    expect(bars[0]).toMatchObject({ title: 'Doel 1', unit: 'controles', actions: 2, done: 1 });
  });

  it('fills the bar, no further, when a count passes its target', () => {
    const [b] = goalBars([goal(1, { actions: 1, done: 1, count_target: 6, count_done: 9 })]);
    expect(b).toMatchObject({ value: 9, max: 6, share: 1 });
  });
});

describe('status bar', () => {
  it('lays the statuses end to end in the app’s order, leaving out empty ones', () => {
    const b = statusBar({ total: 8, by_status: { gereed: 2, open: 4, geblokkeerd: 2 }, overdue: 3 });
    expect(b.total).toBe(8);
    expect(b.segments).toEqual([
      { status: 'open', count: 4, start: 0, width: 0.5 },
      { status: 'geblokkeerd', count: 2, start: 0.5, width: 0.25 },
      { status: 'gereed', count: 2, start: 0.75, width: 0.25 },
    ]);
    expect(b.rows.map((r) => `${r.status}:${r.count}`)).toEqual(['open:4', 'lopend:0', 'geblokkeerd:2', 'gereed:2', 'vervallen:0']);
    expect(b.overdue).toBe(3);
    expect(b.overdueShare).toBe(0.375);
  });

  it('has no segments and no overdue share for a workspace without actions', () => {
    const b = statusBar({ total: 0, by_status: {}, overdue: 0 });
    expect(b).toMatchObject({ total: 0, overdue: 0, overdueShare: 0, segments: [] });
  });

  it('never draws more overdue than there are actions', () => {
    expect(statusBar({ total: 1, by_status: { open: 1 }, overdue: 5 }).overdueShare).toBe(1);
  });

  it('adds up a period', () => {
    const t = totals([
      statusBar({ total: 3, by_status: { open: 1, gereed: 2 }, overdue: 1 }),
      statusBar({ total: 2, by_status: { lopend: 1, gereed: 1 }, overdue: 0 }),
    ]);
    expect(t).toEqual({ total: 5, overdue: 1, done: 3 });
  });
});

describe('labels', () => {
  it('formats shares as Dutch percentages and shortens long titles', () => {
    expect(formatShare(0.375)).toBe('38%');
    expect(formatShare(1)).toBe('100%');
    expect(truncate('Kort', 10)).toBe('Kort');
    expect(truncate('Aanbevelingen uit de weerbaarheidsscan opvolgen', 20)).toBe('Aanbevelingen uit d…');
  });
});
