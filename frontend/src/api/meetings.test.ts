import { describe, expect, it } from 'vitest';
import { Api } from './client';
import {
  allowedMoves, allowedOf, elapsedSeconds, formatDuration, mayItem, mayMeeting, MeetingsApi, moveTarget, onAgenda, warningsOf,
} from './meetings';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

// The network is the boundary: the test answers as the Go server would.
function hub(answer: (c: Call) => Response) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const c: Call = { url: String(input), method: init?.method ?? 'GET', headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body as string | undefined };
    calls.push(c);
    return answer(c);
  };
  return { calls, api: new Api({ fetch: fetch as typeof globalThis.fetch }) };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });

const problem = (code: string, extra: object) => ({
  type: 'x', title: 'x', status: 0, code, detail: 'x', detail_nl: 'nl', detail_en: 'en', ...extra,
});

describe('what the viewer may do', () => {
  it('is exactly what the hub says, and nothing without its word', () => {
    const m = { allowed: { transitions: ['live' as const], actions: ['run' as const] } };
    expect(allowedMoves(m)).toEqual(['live']);
    expect(allowedMoves({})).toEqual([]);
    expect(mayMeeting(m, 'run')).toBe(true);
    expect(mayMeeting(m, 'run_live')).toBe(false);
    expect(mayMeeting({}, 'run')).toBe(false);
    expect(mayItem({ allowed: { actions: ['edit'] } }, 'edit')).toBe(true);
    expect(mayItem({ allowed: { actions: ['edit'] } }, 'defer')).toBe(false);
    expect(mayItem({}, 'edit')).toBe(false);
  });
});

describe('agenda order', () => {
  // Positions count every item of the meeting, proposals too: 2 and 4 are not on the agenda.
  const agenda = [{ id: 10, position: 1 }, { id: 11, position: 3 }, { id: 12, position: 5 }];

  it('moves to the neighbour on the agenda, not to the next number', () => {
    expect(moveTarget(agenda, 11, -1)).toBe(1);
    expect(moveTarget(agenda, 11, 1)).toBe(5);
    expect(moveTarget(agenda, 10, -1)).toBeUndefined();
    expect(moveTarget(agenda, 12, 1)).toBeUndefined();
    expect(moveTarget(agenda, 99, 1)).toBeUndefined();
  });

  it('counts accepted and discussed items as on the agenda', () => {
    expect(['voorgesteld', 'geaccepteerd', 'afgewezen', 'besproken', 'doorgeschoven'].filter((state) => onAgenda({ state: state as never })))
      .toEqual(['geaccepteerd', 'besproken']);
  });
});

describe('item timer', () => {
  it('adds the running time to the earlier runs', () => {
    const started = Date.parse('2026-03-02T10:00:00Z');
    expect(elapsedSeconds({ timer_started_at: null, timer_elapsed_seconds: 95 }, started)).toBe(95);
    expect(elapsedSeconds({ timer_started_at: '2026-03-02T10:00:00Z', timer_elapsed_seconds: 95 }, started + 30_500)).toBe(125);
    // A clock slightly behind the server's never shows negative time.
    expect(elapsedSeconds({ timer_started_at: '2026-03-02T10:00:00Z', timer_elapsed_seconds: 0 }, started - 2000)).toBe(0);
  });

  it('reads as minutes and seconds, or hours from an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('MeetingsApi', () => {
  it('re-sends with the confirmation header only when asked, and reads the personal-data warnings', async () => {
    const warnings = [{ field: 'notes', kind: 'bsn', message: 'A BSN', message_nl: 'Een BSN' }];
    const h = hub((c) =>
      c.headers['Ketenhub-Confirm-Personal-Data'] === 'true'
        ? json(201, { id: 3, title: 'Casus', version: 1 })
        : json(422, problem('personal_data', { warnings })),
    );
    const m = new MeetingsApi(h.api);
    const err = await m.propose(5, { title: 'Casus', notes: 'BSN 111222333' }).catch((e: unknown) => e);
    expect(warningsOf(err)).toEqual(warnings);
    expect(allowedOf(err)).toEqual([]);
    const it = await m.propose(5, { title: 'Casus', notes: 'BSN 111222333' }, true);
    expect(it.id).toBe(3);
    expect(h.calls.map((c) => [c.method, c.url, c.headers['Ketenhub-Confirm-Personal-Data']])).toEqual([
      ['POST', '/api/v1/meetings/5/agenda', undefined],
      ['POST', '/api/v1/meetings/5/agenda', 'true'],
    ]);
  });

  it('sends the version with a transition and reads the allowed states of a refusal', async () => {
    const h = hub(() => json(409, problem('conflict', { allowed: ['afgerond'] })));
    const err = await new MeetingsApi(h.api).transition({ id: 9, version: 4 }, 'gearchiveerd').catch((e: unknown) => e);
    expect(allowedOf(err)).toEqual(['afgerond']);
    expect(warningsOf(err)).toEqual([]);
    expect(JSON.parse(h.calls[0]!.body!)).toEqual({ state: 'gearchiveerd', version: 4 });
  });

  it('moves an item with its version and answers the whole agenda', async () => {
    const h = hub(() => json(200, { items: [{ id: 2, position: 1 }, { id: 1, position: 2 }] }));
    const items = await new MeetingsApi(h.api).moveItem({ id: 2, version: 3 }, 1);
    expect(items.map((x) => x.id)).toEqual([2, 1]);
    expect(h.calls[0]!.url).toBe('/api/v1/agenda-items/2/move');
    expect(JSON.parse(h.calls[0]!.body!)).toEqual({ position: 1, version: 3 });
  });
});
