// The meetings part of the REST API (docs/openapi.yaml, tags meetings,
// agenda, decisions and exports): overleggen, agendapunten, besluiten,
// escalations into the driehoek and the export addresses.
import { ApiError, confirmHeaders, query, type Api } from './client';
import type { Action, ActionInput, ID } from './types';
import type {
  ActionEscalation, AgendaItem, AgendaItemAllowed, AgendaItemInput, AgendaItemKind, AgendaItemPatch, AgendaItemState, Decision,
  EscalationInput, EscalationTarget, Meeting, MeetingAllowed, MeetingInput, MeetingKind, MeetingPatch, MeetingState,
} from '../../generated/openapi';

// The objects of the spec, under its names (docs/openapi.yaml, components.schemas).
export type {
  ActionEscalation, AgendaItem, AgendaItemAllowed, AgendaItemInput, AgendaItemPatch, Decision, EscalationInput, EscalationTarget,
  Meeting, MeetingAllowed, MeetingInput, MeetingKind, MeetingPatch, MeetingState,
};

export const meetingKinds: readonly MeetingKind[] = ['driehoek', 'signaaloverleg', 'programmaoverleg', 'casusoverleg', 'wijkoverleg', 'overig'];

export type AgendaKind = AgendaItemKind;
export const agendaKinds: readonly AgendaKind[] = ['informerend', 'bespreken', 'besluitvormend'];

export type AgendaState = AgendaItemState;

export type LiveCommand =
  | { move: 'next' | 'previous' }
  | { move: 'item'; item_id: ID }
  | { timer: 'start' | 'stop' }
  | { attendance: { user_id: ID; present: boolean } };

// The personal-data warning is the whole API's; these names stay for the meeting screens.
export type { PersonalDataWarning } from './types';
export { warningsOf } from './client';

// What the viewer may do is the hub's to say: every meeting and agenda item
// the REST API answers carries it (allowed). Events do not (they are encoded
// once for many readers): after one, the screens re-read what they show
// (useLiveMeeting, useLoad), and so learn it again.

/** allowedMoves are the states the viewer may move the meeting to now, as the hub says. */
export function allowedMoves(m: Pick<Meeting, 'allowed'>): MeetingState[] {
  return m.allowed?.transitions ?? [];
}

/** mayMeeting says whether the hub allows the viewer verb on meeting m now. */
export function mayMeeting(m: Pick<Meeting, 'allowed'>, verb: MeetingAllowed['actions'][number]): boolean {
  return m.allowed?.actions.includes(verb) ?? false;
}

/** mayItem says whether the hub allows the viewer verb on agenda item it now. */
export function mayItem(it: Pick<AgendaItem, 'allowed'>, verb: AgendaItemAllowed['actions'][number]): boolean {
  return it.allowed?.actions.includes(verb) ?? false;
}

/** onAgenda: the item is part of the agenda (not a proposal, rejected or deferred). */
export function onAgenda(it: Pick<AgendaItem, 'state'>): boolean {
  return it.state === 'geaccepteerd' || it.state === 'besproken';
}

/** elapsedSeconds is how long the current item's timer has run, at now (ms). */
export function elapsedSeconds(m: Pick<Meeting, 'timer_started_at' | 'timer_elapsed_seconds'>, now: number): number {
  const running = m.timer_started_at ? Math.max(0, Math.floor((now - Date.parse(m.timer_started_at)) / 1000)) : 0;
  return m.timer_elapsed_seconds + running;
}

/** formatDuration shows seconds as m:ss, or h:mm:ss from an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * moveTarget is the number to send to the hub to move item id one place up
 * (-1) or down (+1) among the items on the agenda; undefined at an edge: the
 * neighbour's number, which is the same for everyone in the room.
 */
export function moveTarget(agenda: Pick<AgendaItem, 'id' | 'position'>[], id: ID, dir: -1 | 1): number | undefined {
  const i = agenda.findIndex((it) => it.id === id);
  if (i < 0) return undefined;
  return agenda[i + dir]?.position;
}

/** allowedOf are the states an illegal transition's 409 names. */
export function allowedOf(err: unknown): MeetingState[] {
  if (!(err instanceof ApiError)) return [];
  const a = err.problem.allowed;
  return Array.isArray(a) ? (a as MeetingState[]) : [];
}

/** confirm is sent after the user has seen the personal-data warning and wants the text saved as it is. */
const confirm = confirmHeaders;

/** MeetingsApi is the meetings part of the REST client, on the session's Api. */
export class MeetingsApi {
  constructor(private readonly api: Api) {}

  myMeetings(q: { from?: string; limit?: number } = {}): Promise<Meeting[]> {
    return this.items<Meeting>('/api/v1/meetings' + query(q));
  }
  meetings(workspaceID: ID): Promise<Meeting[]> {
    return this.items<Meeting>(`/api/v1/workspaces/${workspaceID}/meetings?limit=200`);
  }
  meeting(id: ID): Promise<Meeting> {
    return this.api.request('GET', `/api/v1/meetings/${id}`);
  }
  createMeeting(workspaceID: ID, input: MeetingInput): Promise<Meeting> {
    return this.api.request('POST', `/api/v1/workspaces/${workspaceID}/meetings`, input);
  }
  /** transition moves the meeting; an illegal move is a 409 whose allowedOf names the legal ones. */
  transition(m: Pick<Meeting, 'id' | 'version'>, state: MeetingState): Promise<Meeting> {
    return this.api.request('POST', `/api/v1/meetings/${m.id}/transition`, { state, version: m.version });
  }
  /** updateMeeting changes the plan based on m's version (If-Match); a stale one is a 409 with current. */
  updateMeeting(m: Pick<Meeting, 'id' | 'version'>, patch: MeetingPatch): Promise<Meeting> {
    return this.api.request('PATCH', `/api/v1/meetings/${m.id}`, patch, { 'If-Match': `"${m.version}"` });
  }
  live(m: Pick<Meeting, 'id' | 'version'>, cmd: LiveCommand): Promise<Meeting> {
    return this.api.request('POST', `/api/v1/meetings/${m.id}/live`, { ...cmd, version: m.version });
  }

  agenda(meetingID: ID): Promise<AgendaItem[]> {
    return this.items<AgendaItem>(`/api/v1/meetings/${meetingID}/agenda`);
  }
  propose(meetingID: ID, input: AgendaItemInput, confirmed?: boolean): Promise<AgendaItem> {
    return this.api.request('POST', `/api/v1/meetings/${meetingID}/agenda`, input, confirm(confirmed));
  }
  updateItem(it: Pick<AgendaItem, 'id' | 'version'>, patch: AgendaItemPatch, confirmed?: boolean): Promise<AgendaItem> {
    return this.api.request('PATCH', `/api/v1/agenda-items/${it.id}`, { ...patch, version: it.version }, confirm(confirmed));
  }
  /** moveItem puts an item at a position; it answers the whole agenda. */
  async moveItem(it: Pick<AgendaItem, 'id' | 'version'>, position: number): Promise<AgendaItem[]> {
    const r = await this.api.request<{ items: AgendaItem[] }>('POST', `/api/v1/agenda-items/${it.id}/move`, { position, version: it.version });
    return r.items;
  }

  /** defer moves an item to the workspace's next meeting; it answers the new item there. */
  defer(it: Pick<AgendaItem, 'id' | 'version'>): Promise<AgendaItem> {
    return this.api.request('POST', `/api/v1/agenda-items/${it.id}/defer`, { version: it.version });
  }

  /** escalateAction puts an action forward with the user's question to the driehoek (and a title, or none). */
  escalateAction(actionID: ID, input: EscalationInput, confirmed?: boolean): Promise<AgendaItem> {
    return this.api.request('POST', `/api/v1/actions/${actionID}/escalate`, input, confirm(confirmed));
  }
  escalations(actionID: ID): Promise<ActionEscalation[]> {
    return this.items<ActionEscalation>(`/api/v1/actions/${actionID}/escalations`);
  }
  /** escalationTargets are the driehoeken a workspace may put items forward to; partners need not be members of them. */
  escalationTargets(workspaceID: ID): Promise<EscalationTarget[]> {
    return this.items<EscalationTarget>(`/api/v1/workspaces/${workspaceID}/escalation-targets`);
  }

  decisions(meetingID: ID): Promise<Decision[]> {
    return this.items<Decision>(`/api/v1/meetings/${meetingID}/decisions`);
  }
  recordDecision(meetingID: ID, text: string, agendaItemID?: ID, confirmed?: boolean): Promise<Decision> {
    const body = agendaItemID ? { text, agenda_item_id: agendaItemID } : { text };
    return this.api.request('POST', `/api/v1/meetings/${meetingID}/decisions`, body, confirm(confirmed));
  }
  /** updateDecision corrects a decision's text based on d's version (If-Match). */
  updateDecision(d: Pick<Decision, 'id' | 'version'>, text: string, confirmed?: boolean): Promise<Decision> {
    return this.api.request('PATCH', `/api/v1/decisions/${d.id}`, { text }, { 'If-Match': `"${d.version}"`, ...confirm(confirmed) });
  }
  actionFromDecision(decisionID: ID, input: ActionInput, confirmed?: boolean): Promise<Action> {
    return this.api.request('POST', `/api/v1/decisions/${decisionID}/actions`, input, confirm(confirmed));
  }

  /** createFeed makes the personal calendar feed; its address is shown once. */
  createFeed(): Promise<{ url: string; path: string }> {
    return this.api.request('POST', '/api/v1/me/calendar-feed');
  }
  revokeFeed(): Promise<void> {
    return this.api.request('DELETE', '/api/v1/me/calendar-feed');
  }

  private async items<T>(path: string): Promise<T[]> {
    const r = await this.api.request<{ items: T[] }>('GET', path);
    return r.items;
  }
}

/** Export addresses: plain links, opened by the browser with the session cookie. */
export const exportsURL = {
  decisionList: (meetingID: ID, format: 'html' | 'pdf', lang: string) => `/api/v1/meetings/${meetingID}/decision-list${query({ format, lang })}`,
  actions: (workspaceID: ID, format: 'csv' | 'xlsx', lang: string) => `/api/v1/workspaces/${workspaceID}/actions/export${query({ format, lang })}`,
  progress: (format: 'html' | 'pdf', lang: string, period?: string) => `/api/v1/reports/progress${query({ format, lang, period })}`,
};
