// Need-to-know per person in the browser, against the real hub and the dev
// identity provider: the police's own organisatiebeheerder admits only
// "Team Ondermijning" to a workspace, so that a "Basisteam Purmerend"
// officer loses it, while the regisseur is warned about organisations open
// to all their people; an action restricted to one police officer reaches
// that officer and not an admitted colleague; and a shielded police officer appears to
// the municipality on the live board by function and organisation only.
// The tests make their own workspace, so that the demo's admissions (and
// the other browser tests) stay as they are.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNeverReceived, expectQuietConsole, launch, personas, row, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const within = { timeout: 1000, interval: 25 };
const politie = 'Politie Noord-Holland';
const gemeente = 'Gemeente Purmerend';
const om = 'Openbaar Ministerie Noord-Holland';
const openWarning = (org: string) => `Open voor de hele organisatie: iedereen van ${org} die zich aanmeldt, ziet deze werkruimte.`;

/** api calls the REST API as the page's signed-in user (its cookie, its CSRF token). */
async function api(page: Page) {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrf_token: string };
  return async <T>(method: 'get' | 'post' | 'put' | 'patch', path: string, data?: unknown): Promise<T> => {
    const r = await page.request[method](path, { data, headers: { 'X-CSRF-Token': me.csrf_token } });
    if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/**
 * workspace makes a workspace as the platform beheerder, with the
 * municipality as regisseur and the police and the OM as partners, each
 * open to all its people (they name nobody yet).
 */
async function workspace(title: string): Promise<number> {
  const { context, page } = await signIn(browser, personas.beheerder);
  const call = await api(page);
  const orgs = (await call<{ items: { id: number; name: string }[] }>('get', '/api/v1/organisations')).items;
  const id = (name: string) => orgs.find((o) => o.name === name)!.id;
  const ws = await call<{ id: number }>('post', '/api/v1/workspaces', { title, theme: 'ondermijning' });
  await call('put', `/api/v1/workspaces/${ws.id}/members/${id(gemeente)}`, { role: 'regisseur' });
  await call('put', `/api/v1/workspaces/${ws.id}/members/${id(politie)}`, { role: 'partner' });
  await call('put', `/api/v1/workspaces/${ws.id}/members/${id(om)}`, { role: 'partner' });
  await context.close();
  return ws.id;
}

/** focused describes the focused element: its tag and test id or accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName.toLowerCase()}:${el?.getAttribute('data-testid') ?? el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? ''}`;
  });

/** tabTo presses Tab until the focused element is a button named name. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)) === `button:${name}`) return;
  }
  throw new Error(`no button "${name}" reached with Tab`);
}

const title = 'Ondermijning Purmerend-Noord (toelating per persoon)';
let made: number | undefined;
/** ws is the tests' workspace, made by the first test that needs it (signing in needs a test). */
const ws = async () => (made ??= await workspace(title));

describe('need-to-know per person', () => {
  it('lets the police’s own beheerder admit only Team Ondermijning, so that a Basisteam Purmerend officer loses the workspace; the regisseur and each organisation’s own beheerder are warned while it is open', async () => {
    const members = `/werkruimtes/${await ws()}/leden`;
    // The regisseur sees the warning for each organisation open to all its people.
    const regisseur = await signIn(browser, personas.oov, members);
    const r = regisseur.page;
    await r.getByText(openWarning(politie)).waitFor();
    await r.getByText(openWarning(om)).waitFor();
    // The regisseur does not decide who of the police take part.
    expect(await r.getByRole('heading', { name: `Wie van ${politie} neemt deel?` }).count()).toBe(0);
    await expectAccessible(r, 'members with open organisations (regisseur)');

    // Before: an officer of Basisteam Purmerend sees the workspace.
    const basis = await signIn(browser, personas.basisteam, '/');
    await basis.page.getByRole('link', { name: title }).waitFor();

    // The police's organisatiebeheerder sees the warning for the police only, and the editor.
    const beheer = await signIn(browser, personas.politieBeheerder, members);
    const b = beheer.page;
    await b.getByText(openWarning(politie)).waitFor();
    expect(await b.getByText(openWarning(om)).count()).toBe(0);
    await b.getByRole('heading', { name: `Wie van ${politie} neemt deel?` }).waitFor();
    expect(await b.getByTestId('admission-now').textContent()).toBe('Nu: open voor de hele organisatie.');
    await b.getByRole('group', { name: `Personen van ${politie}` }).waitFor();
    await expectAccessible(b, 'admission editor');

    // Keyboard only: the group's name typed (Enter adds it, not saves), then saved.
    await b.getByLabel('Andere groep').focus();
    await b.keyboard.type('Team Ondermijning');
    await b.keyboard.press('Enter');
    const groups = b.getByRole('group', { name: 'Groepen uit de identiteitsvoorziening' });
    await expect.poll(() => groups.getByRole('checkbox', { name: 'Team Ondermijning', exact: true }).isChecked()).toBe(true);
    expect(await b.getByLabel('Andere groep').inputValue()).toBe('');
    expect(await b.getByTestId('admission-saved').textContent()).toBe(''); // not saved yet
    await tabTo(b, 'Deelname opslaan');
    await b.keyboard.press('Enter');
    // The result is shown, and the keyboard's focus moves to it.
    await expect.poll(() => b.getByTestId('admission-saved').textContent()).toBe('Opgeslagen. Neemt deel: groep Team Ondermijning.');
    await expect.poll(() => focused(b)).toBe('p:admission-saved');
    await expect.poll(() => b.getByText(openWarning(politie)).count()).toBe(0);
    expect(await b.getByTestId('admission-now').textContent()).toBe('Nu neemt deel: groep Team Ondermijning.');
    await expectAccessible(b, 'admission saved');
    expectQuietConsole(b);

    // The Basisteam officer no longer sees the workspace: not listed, and its page is absent.
    await basis.page.reload();
    await basis.page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor();
    await expect.poll(() => basis.page.getByRole('link', { name: title }).count()).toBe(0);
    await basis.page.goto(members);
    await basis.page.getByText('Deze werkruimte is niet (meer) zichtbaar voor uw organisatie.').waitFor();
    // Signed in afresh, nothing of the workspace reaches their browser at all.
    await basis.context.close();
    const again = await signIn(browser, personas.basisteam, '/');
    await again.page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor();
    await again.page.goto(members);
    await again.page.getByText('Deze werkruimte is niet (meer) zichtbaar voor uw organisatie.').waitFor();
    await expectNeverReceived(again.context, [title]);

    // The regisseur's warning for the police is gone; the OM is still open.
    await r.reload();
    await r.getByText(openWarning(om)).waitFor();
    expect(await r.getByText(openWarning(politie)).count()).toBe(0);

    // The municipality's own beheerder (of the regisseur's organisation) manages the municipality's admission only.
    const gb = await signIn(browser, personas.gemeenteBeheerder, members);
    await gb.page.getByText(openWarning(gemeente)).waitFor();
    await gb.page.getByRole('heading', { name: `Wie van ${gemeente} neemt deel?` }).waitFor();
    expect(await gb.page.getByRole('heading', { name: `Wie van ${politie} neemt deel?` }).count()).toBe(0);
    await gb.context.close();

    // In English too.
    await b.getByRole('button', { name: 'Switch to English' }).click();
    await b.getByRole('heading', { name: `Who of ${politie} take part?` }).waitFor();
    expect(await b.getByTestId('admission-now').textContent()).toBe('Taking part now: group Team Ondermijning.');
    await b.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    for (const c of [regisseur, beheer, again]) await c.context.close();
  });

  it('shows an action restricted to one person to that person, never to an admitted colleague of the same organisation', async () => {
    // The demo has one person at the OM; the police have two in Team Ondermijning, both admitted
    // (after the test above, or while the police are open): the teamchef and the rechercheur.
    const actions = `/werkruimtes/${await ws()}/acties`;
    // Both have signed in, so that they are among the workspace's people.
    const teamchef = await signIn(browser, personas.teamchef, actions);
    const collega = await signIn(browser, personas.rechercheur, actions);
    const regisseur = await signIn(browser, personas.oov, `${actions}/nieuw`);
    const r = regisseur.page;
    const secret = 'Vertrouwelijk: ondermijningsbeeld vakantiepark (alleen teamchef)';
    await r.getByLabel('Titel').fill(secret);
    await r.getByLabel('Alleen gekozen organisaties (beperkt)').check();
    const people = r.getByRole('group', { name: /^Alleen zichtbaar voor deze personen/ });
    const chosen = people.getByRole('checkbox', { name: `${personas.teamchef} (${politie})` });
    await chosen.waitFor();
    // The creator is always included; the shielded rechercheur is offered by function only.
    expect(await people.getByRole('checkbox', { name: `${personas.oov} (${gemeente}) (u, altijd)` }).isChecked()).toBe(true);
    await people.getByRole('checkbox', { name: `${personas.rechercheurFunction}, ${politie}` }).waitFor();
    expect(await people.textContent()).not.toContain(personas.rechercheur);
    // Keyboard: Space ticks the person.
    await chosen.focus();
    await r.keyboard.press('Space');
    expect(await chosen.isChecked()).toBe(true);
    await expectAccessible(r, 'visibility picker with people');
    await r.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => r.getByRole('heading', { level: 1 }).textContent()).toBe(secret);
    const marker = await r.locator('.kh-restricted').first().textContent();
    expect(marker).toContain('alleen zichtbaar voor');
    expect(marker).toContain(`${personas.teamchef} (${politie})`);
    expect(marker).toContain(`${personas.oov} (${gemeente})`);
    const secretURL = new URL(r.url()).pathname;

    // The teamchef sees it at once; the colleague neither in the list nor at its address.
    await row(teamchef.page, secret).waitFor({ timeout: 2000 });
    expect(await row(teamchef.page, secret).locator('.kh-restricted').textContent()).toContain('alleen zichtbaar voor');
    await collega.page.reload();
    await collega.page.locator('table').first().waitFor();
    expect(await collega.page.locator('main').textContent()).not.toContain(secret);
    await collega.page.goto(secretURL);
    await collega.page.getByText('Deze actie bestaat niet of is niet (meer) zichtbaar voor uw organisatie.').waitFor();
    await expectNeverReceived(collega.context, [secret]);
    // Nor does the OM, which the item does not name.
    const officier = await signIn(browser, personas.officier, actions);
    await officier.page.locator('table').first().waitFor();
    await expectNeverReceived(officier.context, [secret]);
    for (const c of [teamchef, collega, regisseur, officier]) await c.context.close();
  });

  it('shows a shielded police officer to the municipality on the live board by function and organisation only', async () => {
    const regisseur = await signIn(browser, personas.oov, '/');
    const r = regisseur.page;
    const call = await api(r);
    type M = { id: number; version: number };
    let m = await call<M>('post', `/api/v1/workspaces/${await ws()}/meetings`, {
      kind: 'programmaoverleg', title: 'Programmaoverleg met de recherche', starts_at: new Date(Date.now() + 86_400_000).toISOString(), state: 'agenda_open',
    });
    await call('post', `/api/v1/meetings/${m.id}/agenda`, { title: 'Stand van het onderzoek' });
    m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: 'agenda_vastgesteld', version: m.version });
    m = await call<M>('post', `/api/v1/meetings/${m.id}/transition`, { state: 'live', version: m.version });
    const board = `/overleggen/${m.id}/live`;

    const shielded = await signIn(browser, personas.rechercheur, board);
    const officier = await signIn(browser, personas.officier, board);
    await r.goto(board);
    const label = `${personas.rechercheurFunction}, ${politie}`;
    // Presence: the officer is watching, shown by function and organisation.
    await expect.poll(() => r.getByTestId('presence').textContent(), { timeout: 3000 }).toContain(label);
    // Attendance: the regisseur marks them present by the same label.
    const box = r.getByRole('checkbox', { name: label, exact: true });
    await box.check();
    await expect.poll(() => officier.page.getByTestId('attendance').textContent(), within).toContain(label);
    await expect.poll(() => officier.page.getByTestId('presence').textContent()).toContain(label);
    // Their own colleagues' view is not asked here; the officer sees themselves by name.
    await expect.poll(() => shielded.page.getByTestId('presence').textContent()).toContain(personas.rechercheur);
    await expectAccessible(r, 'live board with a shielded officer');

    // Never the name, nor the e-mail address, in anything the municipality's or the OM's browser received.
    for (const c of [regisseur, officier]) {
      expect(await c.page.locator('body').textContent()).not.toContain(personas.rechercheur);
      await expectNeverReceived(c.context, [personas.rechercheur, personas.rechercheurEmail]);
    }
    for (const c of [regisseur, officier, shielded]) await c.context.close();
  });
});
