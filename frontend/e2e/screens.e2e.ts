import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, expectAccessible, expectQuietConsole, launch, personas, publish, row, screenshot, signIn, watchConsole } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

describe('every screen', () => {
  it('is accessible (axe, WCAG 2.1 A and AA), in Dutch and in English', async () => {
    const anon = await browser.newContext({ baseURL: baseURL(), locale: 'nl-NL' });
    const start = await anon.newPage();
    watchConsole(start);
    await start.goto('/werkruimtes/1/acties');
    await expect.poll(() => h1(start).textContent()).toBe('Aanmelden');
    await expectAccessible(start, 'sign-in');
    expectQuietConsole(start);
    await anon.close();

    const { context, page } = await signIn(browser, personas.oov, '/werkruimtes/1/acties');
    // The sign-in came back to the page it started from.
    await expect.poll(() => h1(page).textContent()).toBe('Acties: Ondermijning');
    await page.getByRole('link', { name: 'Mijn overzicht' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Mijn overzicht');
    await page.locator('[data-testid="ws-counts-1"]').waitFor();
    await expectAccessible(page, 'overview');
    await screenshot(page, 'overview');

    await page.getByRole('link', { name: 'Ondermijning', exact: true }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Acties: Ondermijning');
    await row(page, 'Bibob-advies bij overname horecapand').waitFor();
    await expectAccessible(page, 'workspace actions');
    await screenshot(page, 'workspace-actions');

    const tabs = page.getByRole('navigation', { name: 'Onderdelen van de werkruimte' });
    await tabs.getByRole('link', { name: 'Bord' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Bord: Ondermijning');
    await page.getByRole('heading', { name: /^Lopend/ }).waitFor();
    await expectAccessible(page, 'board');
    await screenshot(page, 'action-board');
    publish('overview', 'workspace-actions', 'action-board');

    await tabs.getByRole('link', { name: 'Doelen' }).click();
    await page.locator('.kh-goal').first().waitFor();
    await expectAccessible(page, 'goals');

    await tabs.getByRole('link', { name: 'Activiteit' }).click();
    await page.locator('.kh-timeline__item').first().waitFor();
    await expectAccessible(page, 'activity');

    await tabs.getByRole('link', { name: 'Leden en rollen' }).click();
    await page.getByRole('cell', { name: 'regisseur' }).or(page.getByRole('combobox', { name: /Rol van Gemeente Purmerend/ })).first().waitFor();
    await expectAccessible(page, 'members');

    await tabs.getByRole('link', { name: 'Acties' }).click();
    await page.getByRole('link', { name: 'Zes integrale controles bedrijventerreinen en buitengebied' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Zes integrale controles bedrijventerreinen en buitengebied');
    await page.locator('.kh-timeline__item').first().waitFor();
    await expectAccessible(page, 'action detail');

    await page.getByRole('link', { name: 'Bewerken' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Actie bewerken');
    await expectAccessible(page, 'edit action');

    await page.goto('/werkruimtes/1/acties/nieuw');
    await expect.poll(() => h1(page).textContent()).toBe('Nieuwe actie');
    await page.getByLabel('Alleen gekozen organisaties (beperkt)').check();
    await expectAccessible(page, 'new action with the visibility picker');

    // An error from the API appears in Dutch next to its field, and what was typed stays.
    await page.getByLabel('Omschrijving').fill('Eerst de omschrijving, de titel vergeten.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const titleError = page.locator('#f-title-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/verplicht/); // the hub's Dutch message
    expect(await page.getByLabel('Titel').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Omschrijving').inputValue()).toBe('Eerst de omschrijving, de titel vergeten.');
    await expectAccessible(page, 'new action with an error');

    // English is one click away and is remembered.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('New action');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto('/');
    await expect.poll(() => h1(page).textContent()).toBe('My overview');
    await expectAccessible(page, 'overview in English');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Mijn overzicht');
    expectQuietConsole(page);

    // Signing out ends the session: the app asks to sign in again.
    // (The hub ends the session at the dev provider too, which sends the browser back to /.)
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
    await context.close();
  });

  it('can be used with the keyboard alone: create an action and move it on the board', async () => {
    const { context, page } = await signIn(browser, personas.oov, '/werkruimtes/1/acties');
    await expect.poll(() => h1(page).textContent()).toBe('Acties: Ondermijning');
    const focusOn = async (name: string, role: 'link' | 'button' | 'textbox' | 'combobox') => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const hit = await page.evaluate(
          ([n, r]) => {
            const el = document.activeElement as HTMLElement | null;
            if (!el) return false;
            const label = (el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '').trim();
            const tag = el.tagName.toLowerCase();
            const roleOf = tag === 'a' ? 'link' : tag === 'button' ? 'button' : tag === 'select' ? 'combobox' : 'textbox';
            return roleOf === r && label.startsWith(n!);
          },
          [name, role],
        );
        if (hit) return;
      }
      throw new Error(`no ${role} "${name}" reached with Tab`);
    };
    await focusOn('Nieuwe actie', 'link');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page).textContent()).toBe('Nieuwe actie');
    await focusOn('Titel', 'textbox');
    await page.keyboard.type('Toetsenbordactie: keurmerk veilig ondernemen');
    await focusOn('Opslaan', 'button');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page).textContent()).toBe('Toetsenbordactie: keurmerk veilig ondernemen');

    await page.goto('/werkruimtes/1/bord');
    await page.getByRole('heading', { name: /^Open/ }).waitFor();
    await focusOn('Status van Toetsenbordactie', 'combobox');
    await page.keyboard.press('ArrowDown'); // open → lopend
    const lopend = page.locator('.kh-board__col--lopend');
    await lopend.getByRole('link', { name: 'Toetsenbordactie: keurmerk veilig ondernemen' }).waitFor();
    await context.close();
  });
});
