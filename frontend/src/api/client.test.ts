import { describe, expect, it } from 'vitest';
import { actionQuery, Api, ApiError, warningsOf } from './client';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

// hub answers requests like the Go server would; fetch is the browser's
// boundary, not our code, so the test stands in for the network there.
function hub(answer: (c: Call) => Response) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const c: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body as string | undefined,
    };
    calls.push(c);
    return answer(c);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const me = {
  user: { id: 2, name: 'Yasmina', email: '', organisation_id: 2, platform_role: '' },
  organisation: { id: 2, name: 'Gemeente Purmerend', kind: 'gemeente', version: 1 },
  csrf_token: 'tok-123',
  memberships: [],
};

describe('Api', () => {
  it('tells when the session ends by the answers\' idle expiry, on the browser\'s clock', async () => {
    const browserNow = Date.parse('2026-12-03T10:02:00Z'); // two minutes ahead of the hub
    const h = hub(() => new Response('{"items":[]}', {
      status: 200,
      headers: {
        'Content-Type': 'application/json',
        Date: 'Thu, 03 Dec 2026 10:00:00 GMT',
        'Ketenhub-Session-Idle-Expires': '2026-12-03T10:30:00Z',
      },
    }));
    const api = new Api({ fetch: h.fetch, now: () => browserNow });
    const told: number[] = [];
    const stop = api.onSessionDeadline((d) => told.push(d));
    expect(api.sessionDeadline).toBeUndefined();
    await api.organisations();
    expect(told).toEqual([browserNow + 30 * 60_000]);
    expect(api.sessionDeadline).toBe(browserNow + 30 * 60_000);
    stop();
    await api.organisations();
    expect(told).toHaveLength(1);
  });

  it('sends the CSRF token of /me on writes, never on reads', async () => {
    const h = hub((c) => (c.url.endsWith('/me') ? json(200, me) : json(200, { id: 5, version: 4 })));
    const api = new Api({ fetch: h.fetch });
    await api.me();
    await api.action(5);
    await api.updateAction(5, 3, { status: 'gereed' });
    expect(h.calls[1]!.headers['X-CSRF-Token']).toBeUndefined();
    const patch = h.calls[2]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.url).toBe('/api/v1/actions/5');
    expect(patch.headers['X-CSRF-Token']).toBe('tok-123');
    expect(patch.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(patch.body!)).toEqual({ status: 'gereed', version: 3 });
  });

  it('asks for answers in the UI language', async () => {
    let lang: 'nl' | 'en' = 'nl';
    const h = hub(() => json(200, { items: [] }));
    const api = new Api({ fetch: h.fetch, lang: () => lang });
    await api.goals(1);
    lang = 'en';
    await api.goals(1);
    expect(h.calls.map((c) => c.headers['Accept-Language'])).toEqual(['nl, en;q=0.5', 'en, nl;q=0.5']);
  });

  it('turns a problem into an ApiError with the field and both messages', async () => {
    const h = hub(() =>
      json(400, {
        type: 'https://ketenhub.nl/problems/invalid', title: 'Ongeldige invoer', status: 400, code: 'invalid',
        detail: 'De titel is leeg.', detail_nl: 'De titel is leeg.', detail_en: 'The title is empty.', field: 'title',
      }, 'application/problem+json'),
    );
    const api = new Api({ fetch: h.fetch });
    const err = await api.createAction(1, { title: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.field]).toEqual([400, 'invalid', 'title']);
    expect(e.text('nl')).toBe('De titel is leeg.');
    expect(e.text('en')).toBe('The title is empty.');
    expect(e.isStale).toBe(false);
  });

  it('keeps the current object of a stale-version conflict', async () => {
    const current = { id: 5, status: 'lopend', version: 7 };
    const h = hub(() => json(409, { status: 409, code: 'conflict', detail_nl: 'Verouderd.', detail_en: 'Stale.', current }));
    const err = (await new Api({ fetch: h.fetch }).updateAction(5, 6, { status: 'gereed' }).catch((e: unknown) => e)) as ApiError;
    expect(err.isStale).toBe(true);
    expect(err.current).toEqual(current);
  });

  it('reports an unreachable hub and a non-problem error answer', async () => {
    const down = new Api({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch });
    const e1 = (await down.me().catch((e: unknown) => e)) as ApiError;
    expect([e1.status, e1.code, e1.text('nl')]).toEqual([0, 'network', '']);
    const proxy = new Api({ fetch: (async () => new Response('<h1>Bad gateway</h1>', { status: 502 })) as typeof fetch });
    const e2 = (await proxy.me().catch((e: unknown) => e)) as ApiError;
    expect([e2.status, e2.code]).toEqual([502, 'internal']);
  });

  it('tells the app when the session is gone', async () => {
    let told = 0;
    const h = hub(() => json(401, { status: 401, code: 'unauthorized', detail_nl: 'Niet aangemeld.', detail_en: 'Not signed in.' }));
    const api = new Api({ fetch: h.fetch, onUnauthorized: () => told++ });
    const err = (await api.goals(1).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code, told]).toEqual([401, 'unauthorized', 1]);
  });

  it('confirms personal data on action, comment and goal writes only when asked', async () => {
    const warnings = [{ field: 'description', kind: 'phone', message: 'A phone number', message_nl: 'Een telefoonnummer' }];
    const h = hub((c) =>
      c.headers['Ketenhub-Confirm-Personal-Data'] === 'true'
        ? json(200, { id: 5, version: 2 })
        : json(422, { status: 422, code: 'personal_data', detail_nl: 'Persoonsgegevens?', detail_en: 'Personal data?', warnings }, 'application/problem+json'),
    );
    const api = new Api({ fetch: h.fetch });
    const err = await api.createAction(1, { title: 'Bel', description: 'bel 06-12345678' }).catch((e: unknown) => e);
    expect(warningsOf(err)).toEqual(warnings);
    await api.createAction(1, { title: 'Bel', description: 'bel 06-12345678' }, true);
    await api.updateAction(5, 1, { description: 'bel 06-12345678' }, true);
    await api.createComment(5, 'mail a@b.nl', undefined, true);
    await api.createGoal(1, { title: 'Doel' }, true);
    await api.updateGoal({ id: 7, version: 3 }, { description: 'mail a@b.nl' }, true);
    expect(h.calls.map((c) => [c.method, c.url, c.headers['Ketenhub-Confirm-Personal-Data']])).toEqual([
      ['POST', '/api/v1/workspaces/1/actions', undefined],
      ['POST', '/api/v1/workspaces/1/actions', 'true'],
      ['PATCH', '/api/v1/actions/5', 'true'],
      ['POST', '/api/v1/actions/5/comments', 'true'],
      ['POST', '/api/v1/workspaces/1/goals', 'true'],
      ['PATCH', '/api/v1/goals/7', 'true'],
    ]);
    expect(h.calls[5]!.headers['If-Match']).toBe('"3"');
    // The text goes as typed, confirmed or not.
    expect(JSON.parse(h.calls[1]!.body!)).toEqual({ title: 'Bel', description: 'bel 06-12345678' });
    expect(warningsOf(new ApiError(422, { code: 'invalid' }))).toEqual([]);
  });

  it('answers undefined for 204', async () => {
    const h = hub(() => new Response(null, { status: 204 }));
    await expect(new Api({ fetch: h.fetch }).removeMember(1, 3)).resolves.toBeUndefined();
    expect(h.calls[0]!.method).toBe('DELETE');
  });
});

describe('actionQuery', () => {
  it('encodes only what is set', () => {
    expect(actionQuery({})).toBe('');
    expect(actionQuery({ status: ['open', 'lopend'], owner: 3, overdue: true, sort: 'due_date', order: 'desc', page: 2, per_page: 50 }))
      .toBe('?status=open%2Clopend&owner=3&overdue=true&sort=due_date&order=desc&page=2&per_page=50');
    expect(actionQuery({ status: [], order: 'desc', page: 1, overdue: false })).toBe('');
  });
});
