// Voortgang (progress per theme) in the real browser against the real hub:
// charts for the demo region as the OOV-adviseur and as the GGD (only its
// own workspaces), axe on the screen, live updates of the charts; the
// actions table's export links carrying its filters; and a change to a
// meeting's plan by the regisseur appearing live in a second browser, with
// the conflict dialog when someone changed the meeting meanwhile.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectQuietConsole, launch, personas, publish, screenshot, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const within = { timeout: 1000, interval: 25 };
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const themeHeadings = (page: Page) => page.locator('.kh-progress-theme h2').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));

/** hub calls the REST API as the page's signed-in user (its cookie, its CSRF token). */
async function hub(page: Page) {
  const me = (await (await page.request.get('/api/v1/me')).json()) as {
    csrf_token: string;
    user: { id: number };
    memberships: { workspace_id: number; workspace_title: string; theme: string }[];
  };
  const call = async <T>(method: 'get' | 'post' | 'patch', path: string, data?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const r = await page.request[method](path, { data, headers: { 'X-CSRF-Token': me.csrf_token, ...headers } });
    if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const workspace = (title: string) => me.memberships.find((m) => m.workspace_title === title)!.workspace_id;
  return { me, call, workspace };
}

/** legendCount is the number the status legend of workspace ws shows for status. */
const legendCount = (page: Page, ws: number, status: string) =>
  page.locator(`section[data-workspace-id="${ws}"] .kh-legend li[data-status="${status}"] strong`).textContent();

describe('Voortgang', () => {
  it('charts every theme of the OOV-adviseur, accessibly, live, with the report for the period', async () => {
    const { context, page } = await signIn(browser, personas.oov, '/');
    const api = await hub(page);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Voortgang' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Voortgang per thema');
    expect(new URL(page.url()).pathname).toBe('/voortgang');
    await page.locator('[data-testid="goal-chart"]').first().waitFor();

    // Every workspace of the period the municipality is in, each with its charts.
    expect(await page.getByLabel('IVP-periode').inputValue()).toBe('IVP 2023-2026');
    expect((await themeHeadings(page)).sort()).toEqual([
      'Digitale veiligheid', 'Driehoek Purmerend', 'Jeugd en veiligheid', 'Ondermijning', 'Veilige woon- en leefomgeving', 'Zorg en veiligheid',
    ]);
    const ondermijning = page.locator(`section[data-workspace-id="${api.workspace('Ondermijning')}"]`);
    const goals = ondermijning.locator('svg[role="img"][data-testid="goal-chart"]');
    expect(await goals.locator('title').textContent()).toBe('Voortgang van de doelen van Ondermijning');
    // The description says it in words, in Dutch numbers.
    expect(await goals.locator('desc').textContent()).toMatch(/Zes integrale controles en twee hercontroles: \d+ van 8 controles \(\d+%\)/);
    expect(await goals.locator('rect.kh-chart__fill').count()).toBeGreaterThan(0);
    const status = ondermijning.locator('svg[role="img"][data-testid="status-chart"]');
    expect(await status.locator('title').textContent()).toBe('Acties van Ondermijning per status');
    expect(await status.locator('desc').textContent()).toMatch(/^\d+ acties: .*\d+ over de einddatum\.$/);
    expect(await status.locator('rect.kh-chart__seg').count()).toBeGreaterThan(0);
    // Overdue actions are highlighted where there are any, with a link to them.
    const overdue = page.locator('[data-testid^="theme-overdue-"]');
    expect(await overdue.count()).toBeGreaterThan(0);
    expect(await overdue.first().locator('.kh-overdue').textContent()).toMatch(/^\d+ over de einddatum$/);
    expect(await overdue.first().getByRole('link').getAttribute('href')).toMatch(/^\/werkruimtes\/\d+\/acties\?overdue=true$/);

    // The progress report of the chosen period, as a page and as a PDF.
    const report = await page.getByTestId('report-html').getAttribute('href');
    expect(report).toBe('/api/v1/reports/progress?format=html&lang=nl&period=IVP+2023-2026');
    expect(await page.getByTestId('report-pdf').getAttribute('href')).toBe('/api/v1/reports/progress?format=pdf&lang=nl&period=IVP+2023-2026');
    const answer = await page.request.get(report!);
    expect(answer.status()).toBe(200);
    expect(await answer.text()).toContain('Ondermijning');

    await expectAccessible(page, 'voortgang');
    await screenshot(page, 'progress');
    publish('progress');

    // The same figures as tables, behind a disclosure; still no axe violation when opened.
    await ondermijning.getByText('Toon de cijfers als tabel').first().click();
    await ondermijning.getByRole('table', { name: 'Doelen van Ondermijning' }).waitFor();
    expect(await ondermijning.getByRole('row', { name: /Zes integrale controles en twee hercontroles/ }).textContent()).toMatch(/van 8 controles/);
    await expectAccessible(page, 'voortgang with a data table open');

    // A new action appears in the chart at once, without reload.
    const zorg = api.workspace('Zorg en veiligheid');
    const before = Number(await legendCount(page, zorg, 'lopend'));
    await api.call('post', `/api/v1/workspaces/${zorg}/actions`, { title: 'Voortgang e2e: nazorg na ontslag uit detentie', status: 'lopend' });
    await expect.poll(() => legendCount(page, zorg, 'lopend'), within).toBe(String(before + 1));

    // In English the numbers stay Dutch-formatted and the labels switch.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Progress per theme');
    expect(await goals.locator('title').textContent()).toBe('Progress of the goals of Ondermijning');
    expect(await goals.locator('desc').textContent()).toMatch(/\d+ of 8 controles \(\d+%\)/);
    await expectAccessible(page, 'voortgang in English');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Voortgang per thema');
    expectQuietConsole(page);
    await context.close();
  });

  it('shows the GGD only its own workspaces, and counts only what it may see', async () => {
    const { context, page } = await signIn(browser, personas.ggd, '/voortgang');
    await expect.poll(() => h1(page).textContent()).toBe('Voortgang per thema');
    await page.locator('[data-testid="status-chart"]').first().waitFor();
    const seen = await themeHeadings(page);
    expect(seen.sort()).toEqual(['Digitale veiligheid', 'Jeugd en veiligheid', 'Ondermijning', 'Veilige woon- en leefomgeving', 'Zorg en veiligheid']);
    expect(await page.locator('main').textContent()).not.toContain('Driehoek Purmerend');
    await expectAccessible(page, 'voortgang as the GGD');

    // A change the GGD may not see (restricted to gemeente and politie) moves no count of theirs.
    const ggd = await hub(page);
    const zorg = ggd.workspace('Zorg en veiligheid');
    const oov = await signIn(browser, personas.oov, '/voortgang');
    await oov.page.locator(`section[data-workspace-id="${zorg}"] .kh-legend`).waitFor();
    const gemeente = await hub(oov.page);
    const orgs = (await gemeente.call<{ items: { id: number; name: string }[] }>('get', '/api/v1/organisations')).items;
    const politie = orgs.find((o) => o.name === 'Politie Noord-Holland')!.id;
    const ggdBefore = await legendCount(page, zorg, 'geblokkeerd');
    const oovBefore = Number(await legendCount(oov.page, zorg, 'geblokkeerd'));
    await gemeente.call('post', `/api/v1/workspaces/${zorg}/actions`, {
      title: 'Voortgang e2e: beperkt zichtbare casus', status: 'geblokkeerd', visibility: { scope: 'restricted', organisations: [politie] },
    });
    await expect.poll(() => legendCount(oov.page, zorg, 'geblokkeerd'), within).toBe(String(oovBefore + 1));
    // A public change made after it does reach the GGD; by then the restricted one would have too.
    const openBefore = Number(await legendCount(page, zorg, 'open'));
    await gemeente.call('post', `/api/v1/workspaces/${zorg}/actions`, { title: 'Voortgang e2e: openbare actie', status: 'open' });
    await expect.poll(() => legendCount(page, zorg, 'open'), within).toBe(String(openBefore + 1));
    expect(await legendCount(page, zorg, 'geblokkeerd')).toBe(ggdBefore);
    await oov.context.close();
    await context.close();
  });
});

describe('the actions table’s exports', () => {
  it('carry the table’s current filters and sorting, not its page', async () => {
    const { context, page } = await signIn(browser, personas.oov, '/');
    const api = await hub(page);
    const ws = api.workspace('Ondermijning');
    await page.goto(`/werkruimtes/${ws}/acties`);
    await expect.poll(() => h1(page).textContent()).toBe('Acties: Ondermijning');
    const csv = page.getByRole('link', { name: 'Deze acties als CSV' });
    const xlsx = page.getByRole('link', { name: 'Deze acties als Excel (XLSX)' });
    expect(await csv.getAttribute('href')).toBe(`/api/v1/workspaces/${ws}/actions/export?format=csv&lang=nl&sort=due_date&order=asc`);

    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Open', { exact: true }).check();
    await filters.getByLabel('Lopend', { exact: true }).check();
    await filters.getByLabel('Eigenaar').selectOption({ label: 'Gemeente Purmerend' });
    await filters.getByLabel('Alleen over de einddatum').check();
    await filters.getByLabel('Sorteren op').selectOption('title');
    await filters.getByLabel('Volgorde').selectOption('desc');
    const owner = await filters.getByLabel('Eigenaar').inputValue();
    const want = `?format=csv&lang=nl&status=open%2Clopend&owner=${owner}&overdue=true&sort=title&order=desc`;
    await expect.poll(() => csv.getAttribute('href')).toBe(`/api/v1/workspaces/${ws}/actions/export${want}`);
    expect(await xlsx.getAttribute('href')).toBe(`/api/v1/workspaces/${ws}/actions/export${want.replace('format=csv', 'format=xlsx')}`);
    expect(new URL(page.url()).search).not.toBe(''); // the table's own filters are in its address too

    // The hub takes the address as it is: a CSV of the filtered actions.
    const answer = await page.request.get((await csv.getAttribute('href'))!);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toContain('text/csv');
    await expectAccessible(page, 'actions with export links');
    await context.close();
  });
});

/** localDate is the local date days from today, YYYY-MM-DD. */
function localDate(days: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** tomorrowAt is an instant tomorrow at hour (local), RFC 3339. */
function tomorrowAt(hour: number): string {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  d.setHours(hour, 0, 0, 0);
  return d.toISOString();
}

describe('a meeting’s plan', () => {
  it('is changed by the regisseur and shows up live for a partner; a change made meanwhile asks what to keep', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;
    const api = await hub(g);
    const driehoek = api.me.memberships.find((m) => m.theme === 'driehoek')!.workspace_id;
    const m = await api.call<{ id: number; version: number }>('post', `/api/v1/workspaces/${driehoek}/meetings`, {
      kind: 'driehoek', title: 'Driehoek voortgang e2e', starts_at: tomorrowAt(9), duration_minutes: 60, state: 'agenda_open',
    });
    await g.goto(`/overleggen/${m.id}`);
    await expect.poll(() => h1(g).textContent()).toBe('Driehoek voortgang e2e');
    const politie = await signIn(browser, personas.teamchef, `/overleggen/${m.id}`);
    const p = politie.page;
    await expect.poll(() => h1(p).textContent()).toBe('Driehoek voortgang e2e');
    // Only the regisseur may change the plan.
    expect(await p.getByRole('button', { name: 'Gegevens wijzigen' }).count()).toBe(0);

    await g.getByRole('button', { name: 'Gegevens wijzigen' }).click();
    await g.getByLabel('Titel', { exact: true }).first().waitFor();
    await expectAccessible(g, 'meeting plan form');
    const plan = g.locator('section[aria-labelledby="m-plan"]');
    await plan.getByLabel('Titel', { exact: true }).fill('Driehoek voortgang e2e, verzet');
    await plan.getByLabel('Begintijd').fill('15:30');
    await plan.getByLabel('Locatie of vergaderlink').fill('Politiebureau Purmerend');
    await plan.getByLabel('Notulist').selectOption({ label: 'Erik Brouwer (Politie Noord-Holland)' });
    await plan.getByLabel('Gemeente Purmerend').check();
    await plan.getByLabel('Politie Noord-Holland').check();
    await plan.getByLabel('Uiterste datum voor voorstellen').fill(localDate(1));
    await plan.getByLabel('Herhaling').selectOption({ label: 'Elke 4 weken' });
    await plan.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    // A deadline after the start is refused, in Dutch, next to its field; nothing typed is lost.
    const deadlineError = plan.locator('#pe-deadline-error');
    await deadlineError.waitFor();
    expect(await deadlineError.textContent()).toMatch(/voor het begin van het overleg/);
    expect(await plan.getByLabel('Locatie of vergaderlink').inputValue()).toBe('Politiebureau Purmerend');
    await plan.getByLabel('Uiterste datum voor voorstellen').fill(localDate(0));
    await plan.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await g.getByRole('status').filter({ hasText: 'De gegevens van het overleg zijn opgeslagen.' }).waitFor();

    // The police see it at once, without reload.
    await expect.poll(() => h1(p).textContent(), within).toBe('Driehoek voortgang e2e, verzet');
    const extra = p.getByTestId('plan-extra');
    await expect.poll(() => extra.textContent(), within).toContain('Erik Brouwer');
    expect(await extra.textContent()).toContain('Gemeente Purmerend, Politie Noord-Holland');
    expect(await p.locator('main').textContent()).toContain('Politiebureau Purmerend');
    expect(await p.locator('main').textContent()).toContain('Elke 4 weken');
    // The start moved to 15:30, tomorrow.
    expect(await p.locator('.kh-dl time').first().textContent()).toContain('15:30');

    // The regisseur opens the form again; meanwhile the location changes elsewhere.
    await g.getByRole('button', { name: 'Gegevens wijzigen' }).click();
    await plan.getByLabel('Titel', { exact: true }).fill('Driehoek voortgang e2e, definitief');
    const now = await api.call<{ version: number }>('get', `/api/v1/meetings/${m.id}`);
    await api.call('patch', `/api/v1/meetings/${m.id}`, { location: 'Stadhuis, raadzaal' }, { 'If-Match': `"${now.version}"` });
    await expect.poll(() => p.locator('main').textContent(), within).toContain('Stadhuis, raadzaal');
    await plan.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    const dialog = g.getByRole('dialog', { name: 'Iemand anders heeft dit overleg intussen gewijzigd' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-theirs').first().textContent()).toBe('Driehoek voortgang e2e, verzet');
    await expectAccessible(g, 'meeting plan conflict');
    await dialog.getByRole('button', { name: 'Mijn wijziging opslaan' }).click();
    // Both changes stand: the title typed here, the location changed elsewhere.
    await expect.poll(() => h1(p).textContent(), within).toBe('Driehoek voortgang e2e, definitief');
    const final = await api.call<{ title: string; location: string }>('get', `/api/v1/meetings/${m.id}`);
    expect(final).toMatchObject({ title: 'Driehoek voortgang e2e, definitief', location: 'Stadhuis, raadzaal' });
    expectQuietConsole(g);
    await politie.context.close();
    await gemeente.context.close();
  });
});

describe('corrections', () => {
  it('the proposer changes its proposal, and the chair corrects a decision on the live board, each seen live by the other', async () => {
    const gemeente = await signIn(browser, personas.oov, '/');
    const g = gemeente.page;
    const gapi = await hub(g);
    const driehoek = gapi.me.memberships.find((m) => m.theme === 'driehoek')!.workspace_id;
    let m = await gapi.call<{ id: number; version: number }>('post', `/api/v1/workspaces/${driehoek}/meetings`, {
      kind: 'driehoek', title: 'Driehoek correcties e2e', starts_at: tomorrowAt(11), duration_minutes: 60, state: 'agenda_open',
    });
    const politie = await signIn(browser, personas.teamchef, `/overleggen/${m.id}`);
    const p = politie.page;
    const papi = await hub(p);
    const proposed = await papi.call<{ id: number; version: number }>('post', `/api/v1/meetings/${m.id}/agenda`, { title: 'Overlast scooters centrum', notes: 'Toelichting volgt.' });
    await g.goto(`/overleggen/${m.id}`);
    await g.getByText('Overlast scooters centrum').waitFor();
    // The gemeente (regisseur) may change any proposal; the OM none of the police's.
    const om = await signIn(browser, personas.officier, `/overleggen/${m.id}`);
    await om.page.getByText('Overlast scooters centrum').waitFor();
    expect(await om.page.getByRole('button', { name: 'Voorstel “Overlast scooters centrum” wijzigen' }).count()).toBe(0);
    expect(await g.getByRole('button', { name: 'Voorstel “Overlast scooters centrum” wijzigen' }).count()).toBe(1);
    await om.context.close();

    // The police change their proposal; notes with a phone number are saved only after a warning.
    await p.getByRole('button', { name: 'Voorstel “Overlast scooters centrum” wijzigen' }).click();
    await p.getByLabel('Titel van het voorstel').fill('Overlast scooters en fatbikes centrum');
    await p.getByLabel('Toelichting bij het voorstel').fill('Melder bereikbaar via 06-12345678.');
    await p.getByRole('button', { name: 'Voorstel opslaan' }).click();
    const pd = p.getByRole('dialog', { name: 'Lijkt dit op persoonsgegevens?' });
    await pd.waitFor();
    await pd.getByRole('button', { name: 'Tekst aanpassen' }).click();
    expect(await p.getByLabel('Toelichting bij het voorstel').inputValue()).toBe('Melder bereikbaar via 06-12345678.');
    await p.getByLabel('Toelichting bij het voorstel').fill('Melding via het meldpunt, kenmerk M-2026-118.');
    await p.getByRole('button', { name: 'Voorstel opslaan' }).click();
    await g.getByText('Overlast scooters en fatbikes centrum').waitFor(within);
    await g.getByText('Melding via het meldpunt, kenmerk M-2026-118.').waitFor(within);

    // Accepted, fixed and live, with a decision on the item.
    const item = await gapi.call<{ version: number }>('get', `/api/v1/agenda-items/${proposed.id}`);
    await gapi.call('patch', `/api/v1/agenda-items/${proposed.id}`, { state: 'geaccepteerd', version: item.version });
    m = await gapi.call('get', `/api/v1/meetings/${m.id}`);
    m = await gapi.call('post', `/api/v1/meetings/${m.id}/transition`, { state: 'agenda_vastgesteld', version: m.version });
    m = await gapi.call('post', `/api/v1/meetings/${m.id}/transition`, { state: 'live', version: m.version });
    await gapi.call('post', `/api/v1/meetings/${m.id}/decisions`, { text: 'Handhaving zet extra boa’s in op vrijdag.', agenda_item_id: proposed.id });
    await g.goto(`/overleggen/${m.id}/live`);
    await p.goto(`/overleggen/${m.id}/live`);
    const decisions = (page: Page) => page.getByTestId('all-decisions').textContent();
    await expect.poll(() => decisions(p)).toContain('Handhaving zet extra boa’s in op vrijdag.');
    // The police follow the meeting but do not run it: no correction for them.
    expect(await p.getByRole('button', { name: /^Tekst van het besluit/ }).count()).toBe(0);

    await g.getByRole('button', { name: 'Tekst van het besluit “Handhaving zet extra boa’s in op vrijdag.” corrigeren' }).click();
    await expectAccessible(g, 'decision correction');
    await g.getByLabel('Gecorrigeerde tekst van het besluit').fill('Handhaving zet extra boa’s in op vrijdag en zaterdag.');
    await g.getByRole('button', { name: 'Correctie opslaan' }).click();
    await expect.poll(() => decisions(p), within).toContain('Handhaving zet extra boa’s in op vrijdag en zaterdag.');
    expectQuietConsole(g);
    expectQuietConsole(p);
    await politie.context.close();
    await gemeente.context.close();
  });
});
