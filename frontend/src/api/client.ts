// A typed client for the hub's REST API under /api/v1 (docs/openapi.yaml).
// It sends the session's CSRF token on unsafe requests, asks for answers in
// the UI's language, and turns problem+json answers into ApiError.
import type {
  Action, ActionInput, ActionPatch, ActionQuery, ActionSummary, Admission, AdmissionInput, Comment, Goal, GoalInput, GoalPatch, ListedGoal,
  HubEvent, ID, Me, Membership, Organisation, Page, Person, PersonalDataWarning, Problem, Provider, Role, User, Visibility, Workspace,
} from './types';
import { idleExpiresHeader, sessionDeadline } from '../idle';

export type Lang = 'nl' | 'en';

/** ApiError is a refused or failed request, with the server's reason in both languages. */
export class ApiError extends Error {
  /** The HTTP status; 0 when the hub could not be reached. */
  readonly status: number;
  /** The problem's code (invalid, conflict, not_found, ...), or "network". */
  readonly code: string;
  /** The field, parameter or header at fault, if the server named one. */
  readonly field: string | undefined;
  readonly messageNL: string;
  readonly messageEN: string;
  /** On a version conflict (409), the object as it is now. */
  readonly current: unknown;
  /** The whole problem body, for extensions such as `allowed` and `warnings` (meetings). */
  readonly problem: Partial<Problem> & Record<string, unknown>;

  constructor(status: number, p: Partial<Problem> & { code: string }) {
    super(p.detail_en || p.detail || p.code);
    this.name = 'ApiError';
    this.status = status;
    this.code = p.code;
    this.field = p.field || undefined;
    this.messageNL = p.detail_nl ?? '';
    this.messageEN = p.detail_en ?? '';
    this.current = p.current;
    this.problem = p;
  }

  /** The server's message in lang; empty when it gave none (network errors). */
  text(lang: Lang): string {
    return lang === 'en' ? this.messageEN || this.messageNL : this.messageNL || this.messageEN;
  }

  /** A stale-version conflict that carries the current object. */
  get isStale(): boolean {
    return this.status === 409 && this.current !== undefined && this.current !== null;
  }
}

export interface ApiOptions {
  /** The fetch to use (the browser's by default). */
  fetch?: typeof fetch;
  /** Prefix of every path, such as "" (same origin) or "http://127.0.0.1:8080". */
  base?: string;
  /** The UI language, sent as Accept-Language so that `detail` comes in it. */
  lang?: () => Lang;
  /** Called when the hub says the session is gone (401), so that the app can ask to sign in again. */
  onUnauthorized?: () => void;
  /** The clock, in ms since the epoch (Date.now by default). */
  now?: () => number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Api is the REST client; one per signed-in tab. */
export class Api {
  private readonly doFetch: typeof fetch;
  private readonly base: string;
  private readonly lang: () => Lang;
  private readonly onUnauthorized: () => void;
  private readonly now: () => number;
  private csrf = '';
  private deadline: number | undefined;
  private readonly deadlineListeners = new Set<(deadline: number) => void>();

  constructor(opts: ApiOptions = {}) {
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.base = opts.base ?? '';
    this.lang = opts.lang ?? (() => 'nl');
    this.onUnauthorized = opts.onUnauthorized ?? (() => {});
    this.now = opts.now ?? Date.now;
  }

  /**
   * sessionDeadline is when, on this browser's clock, the session ends if
   * nothing more is asked: told by the last answer (undefined before one).
   */
  get sessionDeadline(): number | undefined {
    return this.deadline;
  }

  /** onSessionDeadline calls fn with every new deadline; it returns the unsubscribe. */
  onSessionDeadline(fn: (deadline: number) => void): () => void {
    this.deadlineListeners.add(fn);
    return () => this.deadlineListeners.delete(fn);
  }

  /** request sends one request and decodes the JSON answer (undefined for 204). */
  async request<T>(method: Method, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
    const headers: Record<string, string> = {
      ...extraHeaders,
      Accept: 'application/json, application/problem+json',
      'Accept-Language': this.lang() === 'en' ? 'en, nl;q=0.5' : 'nl, en;q=0.5',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    let resp: Response;
    try {
      resp = await this.doFetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, { code: 'network' });
    }
    const deadline = sessionDeadline(resp.headers.get(idleExpiresHeader), resp.headers.get('Date'), this.now());
    if (deadline !== undefined) {
      this.deadline = deadline;
      for (const fn of this.deadlineListeners) fn(deadline);
    }
    if (resp.status === 204) return undefined as T;
    const text = await resp.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (resp.status === 401) this.onUnauthorized();
    if (!resp.ok) throw problemOf(resp.status, data);
    return data as T;
  }

  /** me loads the signed-in user and keeps the session's CSRF token for later writes. */
  async me(): Promise<Me> {
    const me = await this.request<Me>('GET', '/api/v1/me');
    this.csrf = me.csrf_token;
    return me;
  }

  /** providers lists the identity providers one may sign in with (no session needed). */
  providers(): Promise<Provider[]> {
    return this.request<Provider[]>('GET', '/auth/providers');
  }

  /** logout ends the session; it answers where the browser should go next. */
  async logout(): Promise<string> {
    const resp = await this.doFetch(this.base + '/auth/logout', {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-Token': this.csrf },
      credentials: 'same-origin',
    });
    const data = (await resp.json().catch(() => ({}))) as { redirect?: string };
    return data.redirect ?? '/';
  }

  organisations(): Promise<Organisation[]> {
    return this.items<Organisation>('/api/v1/organisations');
  }
  users(organisationID?: ID): Promise<User[]> {
    return this.items<User>('/api/v1/users' + query({ organisation_id: organisationID }));
  }
  workspace(id: ID): Promise<Workspace> {
    return this.request('GET', `/api/v1/workspaces/${id}`);
  }
  members(workspaceID: ID): Promise<Membership[]> {
    return this.items<Membership>(`/api/v1/workspaces/${workspaceID}/members`);
  }
  setMember(workspaceID: ID, organisationID: ID, role: Role): Promise<Membership> {
    return this.request('PUT', `/api/v1/workspaces/${workspaceID}/members/${organisationID}`, { role });
  }
  removeMember(workspaceID: ID, organisationID: ID): Promise<void> {
    return this.request('DELETE', `/api/v1/workspaces/${workspaceID}/members/${organisationID}`);
  }
  /** admission is who of a member organisation take part (its own people only; 404 for anyone else). */
  admission(workspaceID: ID, organisationID: ID): Promise<Admission> {
    return this.request('GET', `/api/v1/workspaces/${workspaceID}/members/${organisationID}/admission`);
  }
  /** setAdmission replaces who of the organisation take part (its organisatiebeheerder only). */
  setAdmission(workspaceID: ID, organisationID: ID, input: AdmissionInput): Promise<Admission> {
    return this.request('PUT', `/api/v1/workspaces/${workspaceID}/members/${organisationID}/admission`, input);
  }
  /** people are those who take part in the workspace: whom a restricted item may name. */
  people(workspaceID: ID): Promise<Person[]> {
    return this.items<Person>(`/api/v1/workspaces/${workspaceID}/people`);
  }
  goals(workspaceID: ID): Promise<ListedGoal[]> {
    return this.items<ListedGoal>(`/api/v1/workspaces/${workspaceID}/goals`);
  }
  actions(workspaceID: ID, q: ActionQuery = {}): Promise<Page<Action>> {
    return this.request('GET', `/api/v1/workspaces/${workspaceID}/actions` + actionQuery(q));
  }
  summary(workspaceID: ID): Promise<ActionSummary> {
    return this.request('GET', `/api/v1/workspaces/${workspaceID}/actions/summary`);
  }
  action(id: ID): Promise<Action> {
    return this.request('GET', `/api/v1/actions/${id}`);
  }
  /** createAction adds an action; confirmed saves text that looks like personal data (see warningsOf). */
  createAction(workspaceID: ID, input: ActionInput, confirmed = false): Promise<Action> {
    return this.request('POST', `/api/v1/workspaces/${workspaceID}/actions`, input, confirmHeaders(confirmed));
  }
  /** updateAction changes an action based on version; a stale version is a 409 ApiError with current. */
  updateAction(id: ID, version: number, patch: ActionPatch, confirmed = false): Promise<Action> {
    return this.request('PATCH', `/api/v1/actions/${id}`, { ...patch, version }, confirmHeaders(confirmed));
  }
  /** createGoal adds a goal to a workspace (regisseur). */
  createGoal(workspaceID: ID, input: GoalInput, confirmed = false): Promise<Goal> {
    return this.request('POST', `/api/v1/workspaces/${workspaceID}/goals`, input, confirmHeaders(confirmed));
  }
  /** updateGoal changes a goal based on version; a stale version is a 409 ApiError with current. */
  updateGoal(goal: Pick<Goal, 'id' | 'version'>, patch: GoalPatch, confirmed = false): Promise<Goal> {
    return this.request('PATCH', `/api/v1/goals/${goal.id}`, patch, { 'If-Match': `"${goal.version}"`, ...confirmHeaders(confirmed) });
  }
  comments(actionID: ID): Promise<Comment[]> {
    return this.items<Comment>(`/api/v1/actions/${actionID}/comments`);
  }
  createComment(actionID: ID, body: string, visibility?: Visibility, confirmed = false): Promise<Comment> {
    return this.request('POST', `/api/v1/actions/${actionID}/comments`, visibility ? { body, visibility } : { body }, confirmHeaders(confirmed));
  }
  /** events reads the workspace's log after a sequence number (regisseurs only). */
  events(workspaceID: ID, after = 0, limit = 1000): Promise<HubEvent[]> {
    return this.items<HubEvent>(`/api/v1/workspaces/${workspaceID}/events` + query({ after, limit }));
  }

  private async items<T>(path: string): Promise<T[]> {
    const r = await this.request<{ items: T[] }>('GET', path);
    return r.items;
  }
}

/**
 * confirmHeaders is the header of a write the user confirmed after the
 * personal-data warning: the hub then saves the text as it is.
 */
export function confirmHeaders(confirmed: boolean | undefined): Record<string, string> | undefined {
  return confirmed ? { 'Ketenhub-Confirm-Personal-Data': 'true' } : undefined;
}

/** warningsOf are the personal-data warnings of a 422 answer (none for other errors). */
export function warningsOf(err: unknown): PersonalDataWarning[] {
  if (!(err instanceof ApiError) || err.code !== 'personal_data') return [];
  const w = err.problem.warnings;
  return Array.isArray(w) ? (w as PersonalDataWarning[]) : [];
}

/** problemOf makes an ApiError of an error answer, problem+json or not. */
export function problemOf(status: number, data: unknown): ApiError {
  if (data && typeof data === 'object' && typeof (data as Problem).code === 'string') {
    return new ApiError(status, data as Problem);
  }
  return new ApiError(status, { code: status >= 500 ? 'internal' : 'http_' + status });
}

/** query encodes the defined values as a query string ("" when there are none). */
export function query(values: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

/** actionQuery encodes the filters of the action list as the API wants them. */
export function actionQuery(q: ActionQuery): string {
  return query({
    status: q.status && q.status.length > 0 ? q.status.join(',') : undefined,
    owner: q.owner,
    goal: q.goal,
    overdue: q.overdue ? true : undefined,
    sort: q.sort,
    order: q.sort ? q.order : undefined,
    page: q.page && q.page > 1 ? q.page : undefined,
    per_page: q.per_page,
  });
}
