// What the screens need to know about actions, in one place.
import type { Action, ActionStatus, Me, Role } from './api/types';
import { today } from './i18n/i18n';

/** canEdit mirrors the hub's rule: a regisseur changes any action, a partner its own organisation's. */
export function canEdit(role: '' | Role, me: Me, a: Pick<Action, 'owner_organisation_id'>): boolean {
  return role === 'regisseur' || (role === 'partner' && a.owner_organisation_id === me.organisation.id);
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
