// The action form's state and how it becomes the API's input: kept apart
// from the component so that it can be tested on its own.
import type { Action, ActionInput, ActionPatch, ActionStatus, Visibility } from '../api/types';
import { visibilityOf as pickerVisibility } from '../ui/visibility';

/** Values is the form's state: what the user typed, kept as typed. */
export interface Values {
  title: string;
  description: string;
  goal_id: string;
  owner_organisation_id: string;
  lead_user_id: string;
  status: ActionStatus;
  due_date: string;
  count_target: string;
  count_done: string;
  external_ref: string;
  scope: 'workspace' | 'restricted';
  organisations: number[];
  /** People named besides the organisations (restricted only). */
  users: number[];
}

export type Field = keyof Values;

export function valuesOf(a: Action): Values {
  return {
    title: a.title,
    description: a.description,
    goal_id: a.goal_id ? String(a.goal_id) : '',
    owner_organisation_id: String(a.owner_organisation_id),
    lead_user_id: a.lead_user_id ? String(a.lead_user_id) : '',
    status: a.status,
    due_date: a.due_date ?? '',
    count_target: a.count_target === null ? '' : String(a.count_target),
    count_done: String(a.count_done),
    external_ref: a.external_ref,
    scope: a.visibility.scope,
    organisations: [...(a.visibility.organisations ?? [])].sort((x, y) => x - y),
    users: [...(a.visibility.users ?? [])].sort((x, y) => x - y),
  };
}

const idOrNull = (s: string) => (s ? Number(s) : null);

/** visibilityOf turns the picker's state into the API's visibility. */
export function visibilityOf(v: Values): Visibility {
  return pickerVisibility({ scope: v.scope, organisations: v.organisations, users: v.users });
}

/** inputOf is a new action from the form. */
export function inputOf(v: Values): ActionInput {
  const input: ActionInput = {
    title: v.title,
    description: v.description,
    goal_id: idOrNull(v.goal_id),
    owner_organisation_id: v.owner_organisation_id ? Number(v.owner_organisation_id) : undefined,
    lead_user_id: idOrNull(v.lead_user_id),
    status: v.status,
    due_date: v.due_date || null,
    count_target: v.count_target === '' ? null : Number(v.count_target),
    count_done: v.count_done === '' ? 0 : Number(v.count_done),
    external_ref: v.external_ref,
    visibility: visibilityOf(v),
  };
  return input;
}

/** patchOf holds only the fields the user changed from base. */
export function patchOf(v: Values, base: Values): ActionPatch {
  const full = inputOf(v);
  const p: ActionPatch = {};
  const changed = (f: Field) => JSON.stringify(v[f]) !== JSON.stringify(base[f]);
  if (changed('title')) p.title = full.title;
  if (changed('description')) p.description = full.description;
  if (changed('goal_id')) p.goal_id = full.goal_id;
  if (changed('owner_organisation_id')) p.owner_organisation_id = full.owner_organisation_id;
  if (changed('lead_user_id')) p.lead_user_id = full.lead_user_id;
  if (changed('status')) p.status = full.status;
  if (changed('due_date')) p.due_date = full.due_date;
  if (changed('count_target') && full.count_target !== null && full.count_target !== undefined) p.count_target = full.count_target;
  if (changed('count_done')) p.count_done = full.count_done;
  if (changed('external_ref')) p.external_ref = full.external_ref;
  if (changed('scope') || changed('organisations') || changed('users')) p.visibility = full.visibility;
  // Taking the last named person away must say so: an absent list would keep them.
  if (changed('users') && v.scope === 'restricted') p.visibility = { ...full.visibility!, users: v.users };
  return p;
}

/** fieldOf maps the server's field name (title, visibility.organisations, ...) to the form's. */
export function fieldOf(serverField: string | undefined): Field | undefined {
  if (!serverField) return undefined;
  const head = serverField.split(/[.[]/)[0]!;
  if (head === 'visibility') return serverField.includes('organisations') ? 'organisations' : serverField.includes('users') ? 'users' : 'scope';
  const known: Field[] = ['title', 'description', 'goal_id', 'owner_organisation_id', 'lead_user_id', 'status', 'due_date', 'count_target', 'count_done', 'external_ref'];
  return known.find((f) => f === head);
}

