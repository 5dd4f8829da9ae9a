// The actions table's filters, kept in the page's query string so that a
// filtered list can be bookmarked and shared.
import { actionStatuses, type ActionQuery, type ActionStatus } from '../api/types';

export const perPage = 25;
export const sorts = ['due_date', 'title', 'status', 'updated_at', 'created_at'] as const;
export const sortLabels = {
  due_date: 'actions.sortDue', title: 'actions.sortTitle', status: 'actions.sortStatus',
  updated_at: 'actions.sortUpdated', created_at: 'actions.sortCreated',
} as const;

/** queryOf reads the table's filters from the page's query string. */
export function queryOf(search: string): ActionQuery {
  const p = new URLSearchParams(search);
  const q: ActionQuery = { per_page: perPage };
  const status = (p.get('status') ?? '').split(',').filter((s): s is ActionStatus => (actionStatuses as string[]).includes(s));
  if (status.length) q.status = status;
  const num = (k: string) => (/^\d+$/.test(p.get(k) ?? '') ? Number(p.get(k)) : undefined);
  q.owner = num('owner');
  q.goal = num('goal');
  if (p.get('overdue') === 'true') q.overdue = true;
  const sort = p.get('sort');
  q.sort = (sorts as readonly string[]).includes(sort ?? '') ? (sort as ActionQuery['sort']) : 'due_date';
  q.order = p.get('order') === 'desc' ? 'desc' : 'asc';
  q.page = num('page') ?? 1;
  return q;
}

/** searchOf writes the filters back (defaults left out). */
export function searchOf(q: ActionQuery): string {
  const p = new URLSearchParams();
  if (q.status?.length) p.set('status', q.status.join(','));
  if (q.owner) p.set('owner', String(q.owner));
  if (q.goal) p.set('goal', String(q.goal));
  if (q.overdue) p.set('overdue', 'true');
  if (q.sort && q.sort !== 'due_date') p.set('sort', q.sort);
  if (q.order === 'desc') p.set('order', 'desc');
  if (q.page && q.page > 1) p.set('page', String(q.page));
  const s = p.toString();
  return s ? '?' + s : '';
}

