// What the screens need to know about actions, in one place.
import type { Action, ActionAllowed, ActionStatus, Role } from './api/types';
import { today } from './i18n/i18n';

/** mayOn says whether the hub allows the viewer verb on action a now (its allowed field). */
export function mayOn(a: Pick<Action, 'allowed'>, verb: ActionAllowed['actions'][number]): boolean {
  return a.allowed?.actions.includes(verb) ?? false;
}

/** canCreate: regisseurs and partners add actions; meelezers only read. */
export function canCreate(role: '' | Role): boolean {
  return role === 'regisseur' || role === 'partner';
}

const closed: ReadonlySet<ActionStatus> = new Set(['gereed', 'vervallen']);

/** isOverdue: due before today and not closed, as the hub's overdue filter. */
export function isOverdue(a: Pick<Action, 'due_date' | 'status'>, now = today()): boolean {
  return !!a.due_date && a.due_date < now && !closed.has(a.status);
}
