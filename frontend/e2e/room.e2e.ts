// The room view against the real hub: a driehoek meeting with an item for
// the gemeente and the OM only, a screen in the room paired by its code in
// a browser without sign-in, and the police walking in and out of the room.
// The screen never shows the closed item while the police are present, and
// shows it again as soon as they are marked absent; the chair sees what the
// room does not; axe on the screen; no CSP refusal.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, expectAccessible, expectQuietConsole, launch, personas, signIn, watchConsole } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const soon = { timeout: 3000, interval: 50 };
const secret = 'Zaaltest: Bibob-dossier Wormerplein';
const open = 'Zaaltest: jaarplan veiligheid';
const screenText = (page: Page) => page.evaluate(() => document.body.innerText);

/** api calls the REST API as the page's signed-in user. */
async function api(page: Page) {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrf_token: string; user: { id: number }; memberships: { workspace_id: number; theme: string }[] };
  const call = async <T>(method: 'get' | 'post', path: string, data?: unknown): Promise<T> => {
    const r = await page.request[method](path, { data, headers: { 'X-CSRF-Token': me.csrf_token } });
    if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { me, call };
}

describe('the room view', () => {
  it('shows on a paired screen only what everyone present may see, following attendance live', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;
    const { me, call } = await api(g);
    type M = { id: number; version: number };
    type Named = { id: number; name: string };
    const ws = me.memberships.find((m) => m.theme === 'driehoek')!.workspace_id;
    const orgs = await call<{ items: (Named & { kind: string })[] }>('get', '/api/v1/organisations');
    const users = await call<{ items: Named[] }>('get', '/api/v1/users');
    const userID = (name: string) => users.items.find((u) => u.name === name)!.id;
    const omOrg = orgs.items.find((o) => o.kind === 'om')!.id;

    // Two days ahead: the other files plan their driehoek meetings elsewhere.
    let m = await call<M>('post', `/api/v1/workspaces/${ws}/meetings`, {
      kind: 'driehoek', title: 'Driehoek, zaalscherm', starts_at: new Date(Date.now() + 2 * 86_400_000).toISOString(), state: 'agenda_open',
    });
    await call('post', `/api/v1/meetings/${m.id}/agenda`, { title: open });
    await call('post', `/api/v1/meetings/${m.id}/agenda`, { title: secret, visibility: { scope: 'restricted', organisations: [omOrg] } });
    for (const to of ['agenda_vastgesteld', 'live']) m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: to, version: m.version });
    const attend = async (name: string, present: boolean) => {
      const cur = await call<M>('get', `/api/v1/meetings/${m.id}`);
      await call('post', `/api/v1/meetings/${m.id}/live`, { attendance: { user_id: userID(name), present }, version: cur.version });
    };

    // The screen in the room: no sign-in, a code.
    const room = await browser.newContext({ baseURL: baseURL(), locale: 'nl-NL', viewport: { width: 1920, height: 1080 } });
    const screen = await room.newPage();
    watchConsole(screen);
    await screen.goto('/display');
    const code = (await screen.getByTestId('display-code').textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await expectAccessible(screen, 'display showing its code');
    // The address alone opens nothing: another browser gets a code of its own.
    const stranger = await browser.newContext({ baseURL: baseURL() });
    const other = await stranger.newPage();
    await other.goto('/display');
    expect((await other.getByTestId('display-code').textContent())!.replace(/\s/g, '')).not.toBe(code);
    await stranger.close();

    // The chair pairs it from the live board.
    await g.goto(`/overleggen/${m.id}/live`);
    await g.getByLabel('Code van het scherm').fill('zzzzzz');
    await g.getByRole('button', { name: 'Koppelen' }).click();
    await g.getByText('Een koppelcode bestaat uit 6 letters en cijfers', { exact: false }).waitFor();
    await g.getByLabel('Code van het scherm').fill(code.toLowerCase());
    await g.getByRole('button', { name: 'Koppelen' }).click();
    await expect.poll(() => g.getByTestId('displays').getByRole('status').textContent(), soon).toBe('Scherm gekoppeld.');
    await g.getByTestId('display-list').getByText('Scherm 1', { exact: false }).waitFor();

    // Nobody recorded present: nothing closed is shown.
    await screen.getByTestId('room-view').waitFor(soon);
    await expect.poll(() => screenText(screen), soon).toContain(open);
    expect(await screenText(screen)).not.toContain(secret);
    await screen.getByTestId('no-attendance').waitFor();

    // Gemeente and OM present: the item is theirs, the screen shows it.
    await attend(personas.oov, true);
    await attend(personas.officier, true);
    await expect.poll(() => screenText(screen), soon).toContain(secret);

    // The police come in: at once a closed item on the screen, marked for the chair.
    const politie = await signIn(browser, personas.teamchef, `/overleggen/${m.id}/live`);
    await attend(personas.teamchef, true);
    await expect.poll(() => screenText(screen), soon).not.toContain(secret);
    expect(await screen.getByTestId('room-agenda').textContent()).toContain('Besloten agendapunt');
    await g.getByTestId('room-hidden').first().waitFor(soon);
    await g.getByTestId('room-legend').waitFor();
    expect(await screenText(politie.page)).not.toContain(secret);
    await expectAccessible(screen, 'display showing the room view');
    await expectAccessible(g, 'live board with the room marker and pairing');

    // The police leave: the item is back on the screen.
    await attend(personas.teamchef, false);
    await expect.poll(() => screenText(screen), soon).toContain(secret);
    expect(await g.getByTestId('room-hidden').count()).toBe(0);

    // The chair unpairs the screen: it shows a new code and nothing of the meeting.
    await g.getByRole('button', { name: 'Scherm 1 ontkoppelen' }).click();
    await screen.getByTestId('display-code').waitFor(soon);
    expect(await screenText(screen)).not.toContain(secret);
    expectQuietConsole(screen);
    expectQuietConsole(g);
    for (const c of [gemeente, politie]) await c.context.close();
    await room.close();
  });
});
