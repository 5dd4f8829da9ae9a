// The REST API's objects, as docs/openapi.yaml describes them.

export type ID = number;
/** A calendar date, YYYY-MM-DD. */
export type DateString = string;

export type Role = 'regisseur' | 'partner' | 'meelezer';
export const roles: readonly Role[] = ['regisseur', 'partner', 'meelezer'];

export type ActionStatus = 'open' | 'lopend' | 'gereed' | 'geblokkeerd' | 'vervallen';
export const actionStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd', 'gereed', 'vervallen'];
/** Statuses of actions that still need work. */
export const openStatuses: readonly ActionStatus[] = ['open', 'lopend', 'geblokkeerd'];

export interface Visibility {
  scope: 'workspace' | 'restricted';
  organisations?: ID[];
  /** For restricted: people who may see it besides those organisations (the creator always among them). */
  users?: ID[];
}

export interface Organisation {
  id: ID;
  name: string;
  kind: string;
  version: number;
}

export interface User {
  id: ID;
  /** Absent (or empty) for a shielded officer of another organisation: show function and organisation. */
  name?: string;
  email?: string;
  /** The function, from the identity provider ("Rechercheur"). */
  function?: string;
  organisation_id: ID;
  platform_role: '' | 'beheerder';
  organisation_role?: '' | 'organisatiebeheerder';
  /** The identity provider's groups (only for oneself and one's own organisation). */
  groups?: string[];
  /** A shielded officer (afgeschermde medewerker). */
  shielded?: boolean;
}

/** Person is a user as shown to the viewer in a workspace (GET /workspaces/{id}/people). */
export interface Person {
  id: ID;
  /** Absent for a shielded officer of another organisation than the viewer's. */
  name?: string;
  function?: string;
  organisation_id: ID;
  email?: string;
  shielded: boolean;
  /** Takes part in the workspace the list is about. */
  admitted: boolean;
}

/** Admission is who of a member organisation take part in a workspace. */
export interface Admission {
  workspace_id: ID;
  organisation_id: ID;
  users: ID[];
  groups: string[];
  /** Names nobody, so every person of the organisation takes part. */
  open: boolean;
}

export interface AdmissionInput {
  users: ID[];
  groups: string[];
}

export interface MeMembership {
  workspace_id: ID;
  workspace_title: string;
  theme: string;
  archived: boolean;
  role: Role;
}

export interface Me {
  user: User;
  organisation: Organisation;
  csrf_token: string;
  memberships: MeMembership[];
  session: MeSession;
}

/** When the session ends; reading /me is itself activity and extends it. */
export interface MeSession {
  /** When the session ends if nothing more is asked (RFC 3339). */
  idle_expires_at: string;
  /** The absolute end, however active the user is. */
  expires_at: string;
  idle_timeout_seconds: number;
}

export interface Workspace {
  id: ID;
  title: string;
  description: string;
  theme: string;
  period: string;
  archived: boolean;
  last_seq: number;
  version: number;
  my_role: '' | Role;
}

export interface Membership {
  workspace_id: ID;
  organisation_id: ID;
  role: Role;
  /** The organisation names nobody, so all its people take part (a warning to its beheerder and the regisseur). */
  admission_open?: boolean;
  organisation: Organisation;
}

export interface GoalProgress {
  actions: number;
  done: number;
  count_target: number;
  count_done: number;
}

export interface Goal {
  id: ID;
  workspace_id: ID;
  title: string;
  description: string;
  target: number | null;
  unit: string;
  version: number;
  progress: GoalProgress;
}

/** The fields of a new goal. */
export interface GoalInput {
  title: string;
  description?: string;
  target?: number | null;
  unit?: string;
}

/** A change to a goal: absent fields stay as they are; a target cannot be removed. */
export type GoalPatch = Partial<Omit<GoalInput, 'target'>> & { target?: number };

/** PersonalDataWarning is one piece of text that looks like a citizen's personal data. */
export interface PersonalDataWarning {
  /** The request's field, such as "description" or "body". */
  field: string;
  kind: 'bsn' | 'phone' | 'email' | 'licence_plate';
  message: string;
  message_nl: string;
}

export interface Action {
  id: ID;
  workspace_id: ID;
  goal_id: ID | null;
  title: string;
  description: string;
  owner_organisation_id: ID;
  lead_user_id: ID | null;
  status: ActionStatus;
  due_date: DateString | null;
  count_target: number | null;
  count_done: number;
  external_ref: string;
  visibility: Visibility;
  created_by_user_id: ID;
  created_by_organisation_id: ID;
  version: number;
  created_at: string;
  updated_at: string;
  /** What the viewer may do with the action now, as the hub decides; absent in event payloads. */
  allowed?: ActionAllowed;
}

/** ActionAllowed is what the viewer may do with an action now (docs/openapi.yaml ActionAllowed). */
export interface ActionAllowed {
  actions: ('edit' | 'comment' | 'escalate')[];
}

/** The fields of a new action. */
export interface ActionInput {
  title: string;
  description?: string;
  goal_id?: ID | null;
  owner_organisation_id?: ID;
  lead_user_id?: ID | null;
  status?: ActionStatus;
  due_date?: DateString | null;
  count_target?: number | null;
  count_done?: number;
  external_ref?: string;
  visibility?: Visibility;
}

/** A change to an action: absent fields stay as they are. */
export type ActionPatch = Partial<Omit<ActionInput, 'count_target'>> & { count_target?: number };

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

export interface ActionSummary {
  total: number;
  by_status: Partial<Record<ActionStatus, number>>;
  overdue: number;
}

export interface Comment {
  id: ID;
  workspace_id: ID;
  subject: 'action';
  subject_id: ID;
  body: string;
  author_user_id: ID;
  author_organisation_id: ID;
  /** Empty for a shielded officer of another organisation than the viewer's. */
  author_name: string;
  /** The author's function, shown instead of a withheld name. */
  author_function?: string;
  /** The author is a shielded officer (afgeschermde medewerker). */
  author_shielded?: boolean;
  visibility: Visibility;
  created_at: string;
}

export interface HubEvent {
  id: ID;
  workspace_id: ID;
  seq: number;
  type: string;
  subject: string;
  subject_id: ID;
  actor_user_id: ID;
  actor_organisation_id: ID;
  payload: unknown;
  visibility: Visibility;
  created_at: string;
}

export interface Provider {
  id: string;
  display_name: string;
  login_url: string;
}

/** The body of an error answer (RFC 9457 with Ketenhub's extensions). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  detail_nl: string;
  detail_en: string;
  field?: string;
  current?: unknown;
  allowed?: string[];
  request_id?: string;
}
