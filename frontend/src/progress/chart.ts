// The data behind the Voortgang charts, kept apart from the components so
// that unit tests need no browser: which IVP periods the viewer has, which
// workspaces fall in one, and how goals and action counts become bars.
import { actionStatuses, type ActionStatus, type ActionSummary, type ListedGoal, type Workspace } from '../api/types';

/**
 * periodKey compares periods as the hub's progress report does: without
 * case, spaces and an "IVP" prefix, so "2023-2026" and "IVP 2023-2026" are
 * one period.
 */
export function periodKey(period: string): string {
  return period.toLowerCase().replace(/\s+/g, '').replace(/^ivp/, '');
}

/** mine are the workspaces the viewer's organisation is a member of (a beheerder may list others). */
function mine(spaces: Workspace[]): Workspace[] {
  return spaces.filter((w) => w.my_role !== '' && w.period.trim() !== '');
}

/**
 * periodsOf lists the periods of the viewer's workspaces, one name per
 * period (the most used spelling), newest first.
 */
export function periodsOf(spaces: Workspace[]): string[] {
  const names = new Map<string, Map<string, number>>();
  for (const w of mine(spaces)) {
    const key = periodKey(w.period);
    const spellings = names.get(key) ?? new Map<string, number>();
    spellings.set(w.period.trim(), (spellings.get(w.period.trim()) ?? 0) + 1);
    names.set(key, spellings);
  }
  return [...names.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([, spellings]) => [...spellings.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]![0]);
}

/**
 * defaultPeriod is the period to show first: the one most current (not
 * archived) workspaces are in, the newest on a tie; "" when there is none.
 */
export function defaultPeriod(spaces: Workspace[]): string {
  const periods = periodsOf(spaces);
  const current = (p: string) => mine(spaces).filter((w) => !w.archived && periodKey(w.period) === periodKey(p)).length;
  let best = '';
  let most = -1;
  for (const p of periods) {
    const n = current(p);
    if (n > most) [best, most] = [p, n];
  }
  return best;
}

/** inPeriod are the viewer's workspaces of period, current ones first, then by title. */
export function inPeriod(spaces: Workspace[], period: string): Workspace[] {
  const key = periodKey(period);
  return mine(spaces)
    .filter((w) => periodKey(w.period) === key)
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.title.localeCompare(b.title, 'nl'));
}

/** GoalBar is one goal's progress as a bar: a count against its target, or actions done against actions. */
export interface GoalBar {
  id: number;
  title: string;
  unit: string;
  /** count: count_done of count_target; actions: done of actions; none: no actions yet. */
  kind: 'count' | 'actions' | 'none';
  value: number;
  max: number;
  /** The filled part of the bar, 0 to 1 (a count past its target fills it). */
  share: number;
  /** Actions of the goal the viewer may see, and how many are done. */
  actions: number;
  done: number;
}

/** goalBars shapes each goal's progress into a bar, in the order the hub lists them. */
export function goalBars(goals: ListedGoal[]): GoalBar[] {
  return goals.map((g) => {
    const p = g.progress;
    const base = { id: g.id, title: g.title, unit: g.unit, actions: p.actions, done: p.done };
    if (p.count_target > 0) {
      return { ...base, kind: 'count', value: p.count_done, max: p.count_target, share: clamp(p.count_done / p.count_target) };
    }
    if (p.actions > 0) return { ...base, kind: 'actions', value: p.done, max: p.actions, share: clamp(p.done / p.actions) };
    return { ...base, kind: 'none', value: 0, max: 0, share: 0 };
  });
}

/** Segment is one status's part of the stacked bar: start and width as shares of the whole, 0 to 1. */
export interface Segment {
  status: ActionStatus;
  count: number;
  start: number;
  width: number;
}

/** StatusBar is a workspace's actions by status, and how many of them are overdue. */
export interface StatusBar {
  total: number;
  overdue: number;
  /** The overdue actions as a share of all, 0 to 1. */
  overdueShare: number;
  /** Every status in the app's order, with zero counts too (for the legend and the table). */
  rows: { status: ActionStatus; count: number }[];
  /** The statuses that have actions, as consecutive parts of one bar. */
  segments: Segment[];
}

/** statusBar shapes a workspace's action summary into a stacked bar. */
export function statusBar(s: ActionSummary): StatusBar {
  const rows = actionStatuses.map((status) => ({ status, count: Math.max(0, s.by_status[status] ?? 0) }));
  const total = rows.reduce((n, r) => n + r.count, 0);
  const segments: Segment[] = [];
  let start = 0;
  for (const r of rows) {
    if (r.count === 0) continue;
    const width = r.count / total;
    segments.push({ status: r.status, count: r.count, start, width });
    start += width;
  }
  const overdue = Math.min(Math.max(0, s.overdue), total);
  return { total, overdue, overdueShare: total ? overdue / total : 0, rows, segments };
}

/** Totals adds up the bars of several workspaces, for the period's summary line. */
export function totals(bars: StatusBar[]): { total: number; overdue: number; done: number } {
  return bars.reduce(
    (acc, b) => ({
      total: acc.total + b.total,
      overdue: acc.overdue + b.overdue,
      done: acc.done + (b.rows.find((r) => r.status === 'gereed')?.count ?? 0),
    }),
    { total: 0, overdue: 0, done: 0 },
  );
}

const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 });

/** formatShare shows a share (0 to 1) as a Dutch percentage: "38%". */
export function formatShare(share: number): string {
  return percent.format(share);
}

/** truncate shortens a label for the chart; the full text is in the description and the table. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1).trimEnd() + '…';
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
