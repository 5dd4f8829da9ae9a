// The REST API's objects, as docs/openapi.yaml describes them: the types are
// generated from the spec (npm run types writes generated/openapi.d.ts, and
// make test fails when it is out of date), so the spec, the server and the web
// app cannot drift. Only what the spec does not name is written here.
import type { ActionStatus, Event, Goal, Me, Problem as SpecProblem, Role } from '../../generated/openapi';

// The objects of the spec, under its names (docs/openapi.yaml, components.schemas).
export type {
  Action, ActionAllowed, ActionInput, ActionPatch, ActionStatus, ActionSummary, Admission, AdmissionInput, Comment, Goal, GoalInput,
  GoalPatch, Me, Membership, Organisation, Person, PersonalDataWarning, Role, User, Visibility, Workspace,
} from '../../generated/openapi';

export type ID = number;
/** A calendar date, YYYY-MM-DD. */
export type DateString = string;

export const roles: readonly Role[] = ['regisseur', 'partner', 'meelezer'];

export const actionStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd', 'gereed', 'vervallen'];
/** Statuses of actions that still need work. */
export const openStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd'];

export type MeMembership = Me['memberships'][number];
/** When the session ends; reading /me is itself activity and extends it. */
export type MeSession = Me['session'];

export type GoalProgress = NonNullable<Goal['progress']>;
/** A goal as GET /workspaces/{id}/goals lists it: always with its progress. */
export type ListedGoal = Goal & { progress: GoalProgress };

/** An event of a workspace's log (the spec's Event; Event is the DOM's name). */
export type HubEvent = Event;

export interface ActionQuery {
  status?: ActionStatus[];
  owner?: ID;
  goal?: ID;
  overdue?: boolean;
  sort?: 'title' | 'status' | 'due_date' | 'created_at' | 'updated_at';
  order?: 'asc' | 'desc';
  page?: number;
  per_page?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface Provider {
  id: string;
  display_name: string;
  login_url: string;
}

/** The body of an error answer (RFC 9457 with Ketenhub's extensions). */
export type Problem = Omit<SpecProblem, 'code'> & {
  /** Any string here: the web app makes its own for answers that are not problem+json ("network", "http_502"). */
  code: string;
};
