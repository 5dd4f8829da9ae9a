// A driehoek meeting in three browsers (gemeente, politie, OM) against the
// real hub: agenda proposed by two partners, one item restricted, ordered
// with the keyboard, fixed, run live with a decision that makes an action;
// each change reaching the others within a second; a dropped connection
// catching up; axe on the meeting screens; screenshots of the board.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNeverReceived, launch, personas, publish, screenshot, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const within = { timeout: 1000, interval: 25 };
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const state = (page: Page) => page.locator('.kh-detail-badges .kh-mstate').getAttribute('data-state');
const agendaOrder = (page: Page) => page.locator('section[aria-labelledby="m-agenda"] li[data-item-id] .kh-agenda__name').allTextContents();
const currentTitle = (page: Page) => page.getByTestId('current-title').textContent();
const mainText = (page: Page) => page.evaluate(() => document.body.innerText);

/** tomorrow is the local date of tomorrow, YYYY-MM-DD (a meeting still to come). */
function tomorrow(): string {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** hub calls the REST API as the page's signed-in user (its cookie, its CSRF token). */
async function hub(page: Page) {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrf_token: string; user: { id: number } };
  const call = async <T>(method: 'get' | 'post' | 'patch', path: string, data?: unknown): Promise<T> => {
    const r = await page.request[method](path, { data, headers: { 'X-CSRF-Token': me.csrf_token } });
    if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { me, call };
}

/** driehoekID finds the driehoek workspace of the demo region. */
async function driehoekID(page: Page): Promise<number> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { memberships: { workspace_id: number; theme: string }[] };
  return me.memberships.find((m) => m.theme === 'driehoek')!.workspace_id;
}

/** tabTo presses Tab until the focused element is a button whose accessible name is name. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.tagName === 'BUTTON' ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
    });
    if (label === name) return;
  }
  throw new Error(`no button "${name}" reached with Tab`);
}

const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

describe('a driehoek meeting', () => {
  it('is prepared and run live by gemeente, politie and OM, each seeing the others at once, the police never the OM’s restricted item', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;

    // The gemeente (regisseur of the driehoek) plans the meeting from the workspace's Overleggen tab.
    await g.getByRole('link', { name: 'Driehoek Purmerend', exact: true }).click();
    await g.getByRole('navigation', { name: 'Onderdelen van de werkruimte' }).getByRole('link', { name: 'Overleggen' }).click();
    await expect.poll(() => h1(g).textContent()).toBe('Overleggen: Driehoek Purmerend');
    await g.getByRole('link', { name: 'Overleg plannen' }).click();
    await expect.poll(() => h1(g).textContent()).toBe('Overleg plannen');
    await expectAccessible(g, 'plan a meeting');
    await g.getByLabel('Titel', { exact: true }).fill('Driehoek Purmerend, e2e');
    await g.getByLabel('Datum').fill(tomorrow());
    await g.getByLabel('Begintijd').fill('14:00');
    await g.getByLabel('Duur in minuten').fill('90');
    await g.getByLabel('Locatie of vergaderlink').fill('Stadhuis, kamer van de burgemeester');
    await g.getByLabel('Voorzitter').selectOption({ label: 'Hanneke Zwart' });
    await g.getByLabel('Herhaling').selectOption({ label: 'Elke 4 weken' });
    await g.getByRole('button', { name: 'Overleg plannen' }).click();
    await expect.poll(() => h1(g).textContent()).toBe('Driehoek Purmerend, e2e');
    await expect.poll(() => state(g)).toBe('agenda_open');
    const prep = new URL(g.url()).pathname;
    expect(prep).toMatch(/^\/overleggen\/\d+$/);

    const politie = await signIn(browser, personas.teamchef, prep);
    const om = await signIn(browser, personas.officier, prep);
    const p = politie.page;
    const o = om.page;
    for (const page of [p, o]) await expect.poll(() => h1(page).textContent()).toBe('Driehoek Purmerend, e2e');

    // The police propose an item for everyone in the driehoek.
    const public1 = 'Overlast jongeren Wheermolen';
    await p.getByLabel('Titel', { exact: true }).fill(public1);
    await p.getByLabel('Soort agendapunt').selectOption('besluitvormend');
    await p.getByLabel('Benodigde minuten').fill('15');
    await p.getByLabel('Wie brengt het in?').selectOption({ label: 'Erik Brouwer (Politie Noord-Holland)' });
    await p.getByRole('button', { name: 'Voorstellen', exact: true }).click();
    await g.getByRole('button', { name: `“${public1}” accepteren` }).waitFor(within);
    await o.getByText(public1).waitFor(within);

    // The OM proposes an item only the gemeente and the OM may see; its notes
    // hold a phone number, so the app asks before saving it.
    const secret = 'Strafrechtelijke aanpak explosies Gors';
    await o.getByLabel('Titel', { exact: true }).fill(secret);
    await o.getByLabel(/^Toelichting/).fill('Contact via 06-12345678.');
    await o.getByLabel('Alleen gekozen organisaties (beperkt)').check();
    await o.getByLabel('Gemeente Purmerend', { exact: true }).check();
    await expectAccessible(o, 'meeting preparation with the visibility picker (OM)');
    await o.getByRole('button', { name: 'Voorstellen', exact: true }).click();
    const pd = o.getByRole('dialog', { name: 'Lijkt dit op persoonsgegevens?' });
    await pd.waitFor();
    expect(await pd.textContent()).toContain('telefoonnummer');
    await expectAccessible(o, 'personal-data warning');
    await pd.getByRole('button', { name: 'Toch opslaan' }).click();
    await g.getByRole('button', { name: `“${secret}” accepteren` }).waitFor(within);
    expect(await o.getByLabel('Titel', { exact: true }).inputValue()).toBe(''); // saved, the form is clear again

    // The gemeente accepts both; the police see their item and a placeholder, never the title.
    await g.getByRole('button', { name: `“${public1}” accepteren` }).click();
    await expect.poll(() => agendaOrder(p), within).toEqual([public1]);
    await g.getByRole('button', { name: `“${secret}” accepteren` }).click();
    await expect.poll(() => agendaOrder(p), within).toEqual([public1, 'Besloten agendapunt']);
    await expect.poll(() => agendaOrder(o), within).toEqual([public1, secret]);
    expect(await mainText(p)).not.toContain(secret);

    // The gemeente adds an item of its own and moves it to the top with the keyboard alone.
    const own = 'Evaluatie jaarwisseling';
    await g.getByLabel('Titel', { exact: true }).fill(own);
    await g.getByRole('button', { name: 'Toevoegen aan de agenda' }).click();
    await expect.poll(() => agendaOrder(g), within).toEqual([public1, secret, own]);
    await expect.poll(() => agendaOrder(p), within).toEqual([public1, 'Besloten agendapunt', own]);
    await g.getByRole('heading', { level: 1 }).focus();
    await tabTo(g, `“${own}” omhoog verplaatsen`);
    await g.keyboard.press('Enter');
    await expect.poll(() => agendaOrder(g), within).toEqual([public1, own, secret]);
    await expect.poll(() => g.getByTestId('agenda-announce').textContent()).toBe(`“${own}” staat nu op plaats 2 van 3.`);
    expect(await focusedLabel(g)).toBe(`“${own}” omhoog verplaatsen`); // the focus stays with the moved item
    await g.keyboard.press('Space');
    await expect.poll(() => agendaOrder(g), within).toEqual([own, public1, secret]);
    await expect.poll(() => g.getByTestId('agenda-announce').textContent()).toBe(`“${own}” staat nu op plaats 1 van 3.`);
    expect(await focusedLabel(g)).toBe(`“${own}” omhoog verplaatsen`);
    await expect.poll(() => agendaOrder(p), within).toEqual([own, public1, 'Besloten agendapunt']);
    await expect.poll(() => agendaOrder(o), within).toEqual([own, public1, secret]);
    await g.keyboard.press('Shift+Tab'); // back to the minutes field, then on to Omlaag and back down once
    await g.keyboard.press('Tab');
    await g.keyboard.press('Tab');
    expect(await focusedLabel(g)).toBe(`“${own}” omlaag verplaatsen`);
    await g.keyboard.press('Enter');
    await expect.poll(() => agendaOrder(p), within).toEqual([public1, own, 'Besloten agendapunt']);
    expect(await focusedLabel(g)).toBe(`“${own}” omlaag verplaatsen`);
    // Dragging works too: the OM's item onto the first place.
    const item = (title: string) => g.locator('section[aria-labelledby="m-agenda"] li[data-item-id]', { hasText: title });
    await item(secret).dragTo(item(public1));
    await expect.poll(() => agendaOrder(g), within).toEqual([secret, public1, own]);
    await expect.poll(() => agendaOrder(p), within).toEqual(['Besloten agendapunt', public1, own]);
    await item(secret).dragTo(item(own));
    await expect.poll(() => agendaOrder(p), within).toEqual([public1, own, 'Besloten agendapunt']);
    // The regisseur times the items; the total follows.
    await g.getByLabel(`Minuten voor “${public1}”`).fill('20');
    await g.getByLabel(`Minuten voor “${public1}”`).press('Enter');
    await p.getByText('Besluitvormend · 20 min.').waitFor(within);
    await expect.poll(() => g.getByText(/^Totaal gepland: /).textContent()).toBe('Totaal gepland: 40 minuten');
    await expectAccessible(g, 'meeting preparation (gemeente)');
    await screenshot(g, 'meeting-preparation');

    // Only the moves the gemeente may make now are offered; the police get none.
    const stateButtons = (page: Page) => page.locator('.kh-mstate-panel .kh-buttons button').allTextContents();
    expect(await stateButtons(g)).toEqual(['Terug naar concept', 'Agenda vaststellen']);
    expect(await stateButtons(p)).toEqual([]);
    await g.getByRole('button', { name: 'Agenda vaststellen' }).click();
    await expect.poll(() => state(p), within).toBe('agenda_vastgesteld');
    await expect.poll(() => state(o), within).toBe('agenda_vastgesteld');
    await expect.poll(() => stateButtons(g)).toEqual(['Agenda heropenen', 'Overleg starten']);
    await p.getByText('Voorstellen kan alleen terwijl de agenda open is.').waitFor(within);
    await expectAccessible(p, 'meeting preparation (politie, fixed agenda)');
    expect(await mainText(p)).not.toContain(secret);

    // Live: the board opens for everyone as soon as the gemeente starts.
    await g.getByRole('button', { name: 'Overleg starten' }).click();
    await p.getByRole('link', { name: 'Naar het live bord' }).waitFor(within);
    await o.getByRole('link', { name: 'Naar het live bord' }).waitFor(within);
    for (const page of [g, p, o]) {
      await page.getByRole('link', { name: 'Naar het live bord' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('Live: Driehoek Purmerend, e2e');
    }
    for (const page of [g, p, o]) await expect.poll(() => currentTitle(page)).toBe(public1);
    await g.getByRole('heading', { name: 'Kijkt nu mee (3)' }).waitFor({ timeout: 5000 });
    expect(await g.getByTestId('presence').textContent()).toContain('Pieter van Leeuwen');

    // The timer, attendance, a decision and an action from it, each at the others within a second.
    await g.getByRole('button', { name: 'Timer starten' }).click();
    await expect.poll(() => p.locator('.kh-timer').getAttribute('data-running'), within).toBe('true');
    await g.getByLabel('Erik Brouwer (Politie Noord-Holland)').check();
    await expect.poll(() => p.getByTestId('attendance').textContent(), within).toContain('Erik Brouwer');
    const decision = 'Extra inzet jongerenwerk en politie in Wheermolen tot de zomer.';
    await g.getByLabel('Nieuw besluit bij dit punt').fill(decision);
    await g.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await expect.poll(() => p.getByTestId('all-decisions').textContent(), within).toContain(decision);
    await expect.poll(() => o.getByTestId('all-decisions').textContent(), within).toContain(decision);
    // Screen-reader users following remotely hear it too.
    expect(await p.getByTestId('live-announce').textContent()).toBe(`Nieuw besluit bij “${public1}”: ${decision}`);
    await g.getByRole('button', { name: 'Actie maken bij dit besluit' }).click();
    const actionTitle = 'Plan extra inzet Wheermolen';
    await g.getByLabel('Titel van de actie').fill(actionTitle);
    await g.getByLabel('Eigenaar (organisatie)').selectOption({ label: 'Politie Noord-Holland' });
    await g.getByLabel('Trekker').selectOption({ label: 'Erik Brouwer' });
    await g.getByLabel('Einddatum').fill(tomorrow());
    await g.getByRole('button', { name: 'Actie maken', exact: true }).click();
    const linked = (page: Page) => page.getByTestId('all-decisions').getByTestId('linked-action');
    await expect.poll(() => linked(p).textContent(), within).toContain(actionTitle);
    await expect.poll(() => linked(o).textContent(), within).toContain(actionTitle);
    expect(await linked(p).textContent()).toContain('Open');

    // The police take the action up elsewhere; its status changes on every board.
    const href = await linked(p).getByRole('link').getAttribute('href');
    const actionID = Number(href!.split('/').pop());
    const police = await hub(p);
    const a = await police.call<{ version: number }>('get', `/api/v1/actions/${actionID}`);
    await police.call('patch', `/api/v1/actions/${actionID}`, { status: 'lopend', version: a.version });
    await expect.poll(() => linked(g).textContent(), within).toContain('Lopend');

    // On to the next items: the restricted one is a placeholder for the police only.
    await g.getByRole('button', { name: 'Volgend punt' }).click();
    await expect.poll(() => currentTitle(p), within).toBe(own);
    await g.getByRole('button', { name: 'Volgend punt' }).click();
    await expect.poll(() => currentTitle(o), within).toBe(secret);
    await expect.poll(() => currentTitle(p), within).toBe('Besloten agendapunt');
    expect(await mainText(p)).not.toContain(secret);
    await g.getByRole('button', { name: 'Vorig punt' }).click();
    await expect.poll(() => currentTitle(p), within).toBe(own);
    await g.getByRole('button', { name: 'Timer starten' }).click();
    await expect.poll(() => p.locator('.kh-timer').getAttribute('data-running'), within).toBe('true');
    await expect.poll(() => g.getByTestId('timer').textContent(), { timeout: 3000 }).not.toBe('0:00'); // it counts

    await expectAccessible(g, 'live board (gemeente)');
    await expectAccessible(p, 'live board (politie)');
    await screenshot(g, 'live-board');

    // Projector mode: large, read-only, left with Escape.
    await p.getByRole('link', { name: 'Projectormodus' }).click();
    await p.locator('.kh-projector').waitFor();
    await expect.poll(() => currentTitle(p)).toBe(own);
    expect(await p.locator('.kh-projector button').allTextContents()).toEqual(['Projectormodus verlaten (Esc)']);
    await g.getByRole('button', { name: 'Volgend punt' }).click();
    await expect.poll(() => currentTitle(p), within).toBe('Besloten agendapunt');
    const fontSize = await p.getByTestId('current-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(48);
    await expectAccessible(p, 'projector mode');
    await screenshot(p, 'projector');
    await p.keyboard.press('Escape');
    await expect.poll(() => new URL(p.url()).pathname).toBe(`${prep}/live`);
    expect(await mainText(p)).not.toContain(secret);
    // The OM's restricted item never reached the police's browser: not in a
    // response, not in a websocket frame, shown or not.
    await expectNeverReceived(politie.context, [secret, '06-12345678']);

    for (const c of [gemeente, politie, om]) await c.context.close();
    publish('live-board', 'projector');
  }, 120_000); // a whole meeting in three browsers: twice the default

  it('catches up on a board whose connection dropped mid-meeting', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;
    const ws = await driehoekID(g);
    const { call } = await hub(g);
    type M = { id: number; version: number };
    let m = await call<M>('post', `/api/v1/workspaces/${ws}/meetings`, {
      kind: 'driehoek', title: 'Driehoek, verbinding weg', starts_at: new Date(Date.now() + 86_400_000).toISOString(), state: 'agenda_open',
    });
    for (const title of ['Eerste punt', 'Tweede punt']) await call('post', `/api/v1/meetings/${m.id}/agenda`, { title });
    m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: 'agenda_vastgesteld', version: m.version });
    m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: 'live', version: m.version });
    const board = `/overleggen/${m.id}/live`;

    const politie = await signIn(browser, personas.teamchef, board);
    const om = await signIn(browser, personas.officier, board);
    const p = politie.page;
    const o = om.page;
    await g.goto(board);
    for (const page of [g, p, o]) await expect.poll(() => currentTitle(page)).toBe('Eerste punt');

    await politie.context.setOffline(true);
    await expect.poll(() => p.locator('.kh-conn').getAttribute('data-state')).toBe('offline');
    await g.getByLabel('Nieuw besluit bij dit punt').fill('Besluit terwijl de politie offline is.');
    await g.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await expect.poll(() => o.getByTestId('all-decisions').textContent(), within).toContain('Besluit terwijl de politie offline is.');
    await g.getByRole('button', { name: 'Volgend punt' }).click();
    await expect.poll(() => currentTitle(o), within).toBe('Tweede punt');
    expect(await currentTitle(p)).toBe('Eerste punt'); // really cut off
    expect(await p.getByTestId('all-decisions').textContent()).not.toContain('Besluit terwijl');

    await politie.context.setOffline(false);
    await expect.poll(() => p.locator('.kh-conn').getAttribute('data-state'), { timeout: 5000 }).toBe('live');
    await expect.poll(() => currentTitle(p), { timeout: 5000 }).toBe('Tweede punt');
    await expect.poll(() => p.getByTestId('all-decisions').textContent()).toContain('Besluit terwijl de politie offline is.');
    // And it stays live afterwards, up to the end of the meeting.
    await g.getByRole('button', { name: 'Vorig punt' }).click();
    await expect.poll(() => currentTitle(p), within).toBe('Eerste punt');
    // An item that needs more time moves on to the next meeting.
    await g.getByRole('button', { name: 'Doorschuiven naar het volgende overleg' }).click();
    await g.getByText(/^“Eerste punt” is doorgeschoven naar “.+”\.$/).waitFor(within);
    await expect.poll(() => p.locator('.kh-live__agenda').textContent(), within).not.toContain('Eerste punt');
    await g.getByRole('button', { name: 'Overleg afronden' }).click();
    await expect.poll(() => state(p), within).toBe('afgerond');
    await p.getByText('Dit overleg is niet live (status: Afgerond).').waitFor(within);

    // The besluiten- en actielijst is linked from the meeting's page.
    await p.getByRole('link', { name: 'Naar de voorbereiding' }).click();
    const list = await p.getByRole('link', { name: 'Besluiten- en actielijst (printbare pagina)' }).getAttribute('href');
    const page = await p.request.get(list!);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('Besluit terwijl de politie offline is.');
    const pdf = await p.request.get((await p.getByRole('link', { name: 'Besluiten- en actielijst (PDF)' }).getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    // In English too.
    await p.getByRole('button', { name: 'Switch to English' }).click();
    await p.getByRole('heading', { name: 'Where the meeting stands' }).waitFor();
    expect(await p.getByRole('link', { name: 'Decisions and actions list (PDF)' }).count()).toBe(1);
    await expectAccessible(p, 'meeting page in English');
    for (const c of [gemeente, politie, om]) await c.context.close();
  });

  it('puts an action forward to the driehoek from its page and shows the decisions on it there', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;
    const ws = await driehoekID(g);
    const { call } = await hub(g);
    type M = { id: number; version: number };
    // Within the hour: an action goes forward to the next open meeting, and
    // other test files plan driehoek meetings from tomorrow on.
    let m = await call<M>('post', `/api/v1/workspaces/${ws}/meetings`, {
      kind: 'driehoek', title: 'Driehoek, escalaties', starts_at: new Date(Date.now() + 3_600_000).toISOString(), state: 'agenda_open',
    });
    await g.goto('/werkruimtes/1/acties');
    const title = 'Integrale controle recreatiepark Opmeer';
    await g.getByRole('link', { name: title, exact: true }).click();
    await expect.poll(() => h1(g).textContent()).toBe(title);
    await g.getByText('Deze actie is nog niet geagendeerd in de driehoek.').waitFor();
    // Only the question (and the title the user gives) goes forward.
    await g.getByRole('button', { name: 'Agenderen voor de driehoek: Driehoek Purmerend' }).click();
    expect(await g.locator('#esc-question').getAttribute('aria-invalid')).toBe('true');
    await g.getByLabel('Vraag aan de driehoek').fill('Steunt de driehoek een vervolgcontrole met bestuurlijke handhaving?');
    await g.getByLabel('Titel van het agendapunt (niet verplicht)').fill(title);
    await g.getByRole('button', { name: 'Agenderen voor de driehoek: Driehoek Purmerend' }).click();
    await g.getByText('Geagendeerd als voorstel voor “Driehoek, escalaties”', { exact: false }).waitFor();
    await g.getByRole('link', { name: 'Driehoek, escalaties' }).waitFor();
    await expectAccessible(g, 'action detail with its escalation');
    await g.getByRole('link', { name: 'Driehoek, escalaties' }).click();
    await expect.poll(() => h1(g).textContent()).toBe('Driehoek, escalaties');
    await g.getByRole('button', { name: `“${title}” accepteren` }).waitFor();
    expect(await g.locator('section[aria-labelledby="m-proposals"]').textContent()).toContain('Geagendeerd vanuit een actie');

    // The driehoek's preparation view gathers what the themes put forward, and their overdue actions.
    await g.getByRole('link', { name: 'Terug naar de overleggen van Driehoek Purmerend' }).click();
    const prep = g.locator('section[aria-labelledby="dh-prep"]');
    await expect.poll(() => prep.getByTestId('dh-forward').textContent()).toContain(title);
    expect(await prep.getByTestId('dh-forward').textContent()).toContain('Uit Ondermijning, door Gemeente Purmerend');
    expect(await prep.textContent()).toContain('Volgend overleg: Driehoek, escalaties');
    await prep.getByText(/^Ondermijning: \d+ over de einddatum$/).click();
    await expectAccessible(g, 'the driehoek’s meetings tab with its preparation view');

    // The driehoek decides on it; the decision shows on the action's page in its theme.
    const { items } = await call<{ items: { id: number; version: number; title: string }[] }>('get', `/api/v1/meetings/${m.id}/agenda`);
    const item = items.find((it) => it.title === title)!;
    await call('patch', `/api/v1/agenda-items/${item.id}`, { state: 'geaccepteerd', version: item.version });
    for (const to of ['agenda_vastgesteld', 'live']) m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: to, version: m.version });
    await call('post', `/api/v1/meetings/${m.id}/decisions`, { text: 'Bestuurlijke rapportage na de controle naar de driehoek.', agenda_item_id: item.id });
    await g.goBack();
    await g.goBack();
    await expect.poll(() => h1(g).textContent()).toBe(title);
    await g.getByText('Bestuurlijke rapportage na de controle naar de driehoek.').waitFor();
    await gemeente.context.close();
  });

  it('gives a personal calendar address once, and revokes it', async () => {
    const { context, page } = await signIn(browser, personas.teamchef, '/');
    await page.getByRole('heading', { name: 'Komende overleggen' }).waitFor();
    await page.getByRole('link', { name: 'Driehoek Purmerend, e2e' }).waitFor(); // planned in the first test
    await page.getByRole('button', { name: 'Agenda-adres maken' }).click();
    const field = page.getByLabel('Uw agenda-adres');
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(/\/calendar\/[^/]+\.ics$/);
    await expectAccessible(page, 'overview with a calendar address');
    await page.getByRole('button', { name: 'Adres kopiëren' }).click();
    await page.getByText('Het adres is gekopieerd.').waitFor();
    const ics = await page.request.get(url);
    expect(ics.status()).toBe(200);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    // iCalendar folds long lines and escapes commas: read it unfolded.
    const calendar = (await ics.text()).replace(/\r?\n[ \t]/g, '').replaceAll('\\,', ',');
    expect(calendar).toContain('SUMMARY:Driehoek Purmerend, e2e');

    await page.getByRole('button', { name: 'Agenda-adres intrekken' }).click();
    await page.getByText('Het agenda-adres is ingetrokken; het oude adres werkt niet meer.').waitFor();
    expect(await page.getByLabel('Uw agenda-adres').count()).toBe(0); // shown once, gone now
    expect((await page.request.get(url)).status()).toBe(404);
    await context.close();
  });
});
