// The REST API's objects, as docs/openapi.yaml describes them: the types are
// generated from the spec (npm run types writes generated/openapi.d.ts, and
// make test fails when it is out of date), so the spec, the server and the web
// app cannot drift. Only what the spec does not name is written here.

import type { components } from '../../generated/openapi';

/** The spec's schema of that name. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type ID = number;
/** A calendar date, YYYY-MM-DD. */
export type DateString = string;

export type Role = Schema<'Role'>;
export const roles: readonly Role[] = ['regisseur', 'partner', 'meelezer'];

export type ActionStatus = Schema<'ActionStatus'>;
export const actionStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd', 'gereed', 'vervallen'];
/** Statuses of actions that still need work. */
export const openStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd'];

export type Visibility = Schema<'Visibility'>;

export type Organisation = Schema<'Organisation'>;

export type User = Schema<'User'>;

/** Person is a user as shown to the viewer in a workspace (GET /workspaces/{id}/people). */
export type Person = Schema<'Person'>;

/** Admission is who of a member organisation take part in a workspace. */
export type Admission = Schema<'Admission'>;

export type AdmissionInput = Schema<'AdmissionInput'>;

export type MeMembership = Me['memberships'][number];

export type Me = Schema<'Me'>;

/** When the session ends; reading /me is itself activity and extends it. */
export type MeSession = Me['session'];

export type Workspace = Schema<'Workspace'>;

export type Membership = Schema<'Membership'>;

export type GoalProgress = NonNullable<Goal['progress']>;

export type Goal = Schema<'Goal'>;
/** A goal as GET /workspaces/{id}/goals lists it: always with its progress. */
export type ListedGoal = Goal & { progress: GoalProgress };

/** The fields of a new goal. */
export type GoalInput = Schema<'GoalInput'>;

/** A change to a goal: absent fields stay as they are; a target cannot be removed. */
export type GoalPatch = Schema<'GoalPatch'>;

/** PersonalDataWarning is one piece of text that looks like a citizen's personal data. */
export type PersonalDataWarning = Schema<'PersonalDataWarning'>;

export type Action = Schema<'Action'>;

/** The fields of a new action. */
export type ActionInput = Schema<'ActionInput'>;

/** A change to an action: absent fields stay as they are. */
export type ActionPatch = Schema<'ActionPatch'>;

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

export type ActionSummary = Schema<'ActionSummary'>;

export type Comment = Schema<'Comment'>;

export type HubEvent = Schema<'Event'>;

export interface Provider {
  id: string;
  display_name: string;
  login_url: string;
}

/** The body of an error answer (RFC 9457 with Ketenhub's extensions). */
export type Problem = Omit<Schema<'Problem'>, 'code'> & {
  /** Any string here: the web app makes its own for answers that are not problem+json ("network", "http_502"). */
  code: string;
};
