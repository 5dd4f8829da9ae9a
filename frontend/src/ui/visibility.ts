// The visibility picker's state and how it becomes the API's visibility:
// kept apart from the component so that forms and tests can use it alone.
import type { ID, Person, Visibility } from '../api/types';

/** VisibilityValue is the picker's state: the whole workspace, or chosen organisations and people. */
export interface VisibilityValue {
  scope: 'workspace' | 'restricted';
  organisations: ID[];
  /** People who may see it besides those organisations; the creator is added by the hub. */
  users: ID[];
}

/** visibilityOf turns the picker's state into the API's visibility (users only when some are named). */
export function visibilityOf(v: VisibilityValue): Visibility {
  if (v.scope !== 'restricted') return { scope: 'workspace' };
  return v.users.length > 0 ? { scope: 'restricted', organisations: v.organisations, users: v.users } : { scope: 'restricted', organisations: v.organisations };
}

/** toggled adds id to (checked) or removes it from a sorted list of ids. */
export function toggled(ids: ID[], id: ID, checked: boolean): ID[] {
  const rest = ids.filter((x) => x !== id);
  return checked ? [...rest, id].sort((x, y) => x - y) : rest;
}

/**
 * choosable are the people a restricted item may name: those who take part
 * in the workspace, less the creator (always included, shown apart).
 */
export function choosable(people: Person[], creatorUser: ID): Person[] {
  return people.filter((p) => p.admitted && p.id !== creatorUser);
}

