// The room view and paired displays (docs/openapi.yaml, tag displays): what
// the projector and a room's screen show, only what every organisation
// present may see, and the pairing of a screen by a short code.
import type { Api } from './client';
import type { Display, DisplayCode, RoomView } from '../../generated/openapi';
import type { ID } from './types';

// The objects of the spec, under its names (docs/openapi.yaml, components.schemas). A hidden RoomItem has no id or title.
export type { Display, DisplayCode, RoomDecision, RoomItem, RoomView } from '../../generated/openapi';

/** What a screen learns of itself: the spec's DisplayState, with what each status carries. */
export type DisplayState =
  | { status: 'waiting'; code_expires_at: string }
  | { status: 'paired'; meeting_title: string; room: RoomView }
  | { status: 'ended'; meeting_title: string };

/** RoomApi is the signed-in part: the room view and the chair's pairing. */
export class RoomApi {
  constructor(private readonly api: Api) {}

  room(meetingID: ID): Promise<RoomView> {
    return this.api.request('GET', `/api/v1/meetings/${meetingID}/room`);
  }
  async displays(meetingID: ID): Promise<Display[]> {
    const r = await this.api.request<{ items: Display[] }>('GET', `/api/v1/meetings/${meetingID}/displays`);
    return r.items;
  }
  /** pair pairs the screen showing code; a wrong or expired code is a 400 on the field "code". */
  pair(meetingID: ID, code: string): Promise<Display> {
    return this.api.request('POST', `/api/v1/meetings/${meetingID}/displays`, { code });
  }
  revoke(meetingID: ID, displayID: ID): Promise<void> {
    return this.api.request('DELETE', `/api/v1/meetings/${meetingID}/displays/${displayID}`);
  }
}

/** ScreenApi is the screen's own part: no session, only its display cookie. */
export class ScreenApi {
  constructor(private readonly api: Api) {}

  /** state is what the screen shows now; 404 when it is not (or no longer) paired. */
  state(): Promise<DisplayState> {
    return this.api.request('GET', '/api/v1/display');
  }
  /** requestCode gives the screen a new secret (cookie) and a code to show. */
  requestCode(): Promise<DisplayCode> {
    return this.api.request('POST', '/api/v1/display/code');
  }
}

/** displaySocketURL is the screens' websocket address for the page's origin. */
export function displaySocketURL(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/display/ws`;
}

/** roomHidden is the set of item ids the chair sees but the room does not. */
export function roomHidden(chairItems: { id: ID; hidden?: boolean }[], room: RoomView | undefined): Set<ID> {
  const out = new Set<ID>();
  if (!room) return out;
  const shown = new Set(room.items.filter((it) => !it.hidden).map((it) => it.id));
  for (const it of chairItems) if (!it.hidden && !shown.has(it.id)) out.add(it.id);
  return out;
}

/** groupCode shows a code in two groups of three, as the screen does ("K7M Q4W"). */
export function groupCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
