// The personal-data warning on actions and comments: the hub refuses text
// that looks like a citizen's personal data (422 personal_data) until the
// user confirms; the app asks, keeps what was typed, and re-sends.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectQuietConsole, launch, personas, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Lijkt dit op persoonsgegevens?' });
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** description is the action detail's Omschrijving. */
const description = (page: Page) => page.locator('.kh-dl dt', { hasText: /^Omschrijving$/ }).locator('xpath=following-sibling::dd[1]');

async function newAction(page: Page, title: string, text: string): Promise<void> {
  await page.goto('/werkruimtes/1/acties/nieuw');
  await expect.poll(() => h1(page).textContent()).toBe('Nieuwe actie');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Omschrijving').fill(text);
  await page.getByRole('button', { name: 'Opslaan' }).click();
}

describe('personal data', () => {
  it('asks before saving an action or a comment that holds it, and saves plain text at once', async () => {
    const { context, page } = await signIn(browser, personas.oov, '/werkruimtes/1/acties');
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/v1/')) requests.push(`${r.method()} ${new URL(r.url()).pathname} ${r.headers()['ketenhub-confirm-personal-data'] ?? '-'}`);
    });

    // An action whose description holds a phone number: the dialog names the
    // field and the kind; "Tekst aanpassen" goes back to the field, text kept.
    const title = 'Terugbellen melder bedrijventerrein';
    await newAction(page, title, 'bel 06-12345678');
    const pd = dialog(page);
    await pd.waitFor();
    expect(await pd.locator('li').allTextContents()).toEqual(['Omschrijving: een telefoonnummer']);
    await expectAccessible(page, 'personal-data warning on a new action');
    await pd.getByRole('button', { name: 'Tekst aanpassen' }).click();
    await pd.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('f-description');
    expect(await page.getByLabel('Omschrijving').inputValue()).toBe('bel 06-12345678');
    expect(await page.getByLabel('Titel').inputValue()).toBe(title);

    // Saving again asks again; "Toch opslaan" saves the text as it is.
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await pd.waitFor();
    await pd.getByRole('button', { name: 'Toch opslaan' }).click();
    await expect.poll(() => h1(page).textContent()).toBe(title);
    await page.reload();
    await expect.poll(() => h1(page).textContent()).toBe(title);
    expect(await description(page).textContent()).toBe('bel 06-12345678');

    // A comment with an e-mail address, the same way.
    const body = 'Mail de stukken naar j.jansen@voorbeeld.nl';
    await page.getByLabel('Uw reactie').fill(body);
    await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
    await pd.waitFor();
    expect(await pd.locator('li').allTextContents()).toEqual(['Uw reactie: een e-mailadres']);
    await expectAccessible(page, 'personal-data warning on a comment');
    await pd.getByRole('button', { name: 'Tekst aanpassen' }).click();
    await expect.poll(() => focused(page)).toBe('comment-body');
    expect(await page.getByLabel('Uw reactie').inputValue()).toBe(body);
    await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
    await pd.getByRole('button', { name: 'Toch opslaan' }).click();
    await page.locator('.kh-comment__body', { hasText: body }).waitFor();
    expect(await page.getByLabel('Uw reactie').inputValue()).toBe('');
    await page.reload();
    expect(await page.locator('.kh-comment__body').last().textContent()).toBe(body);

    // A case number and a date are no personal data: saved without a dialog.
    const plain = 'Dossier zaak 2024-123456';
    await newAction(page, plain, 'zaak 2024-123456 op 12-03-2024');
    await expect.poll(() => h1(page).textContent()).toBe(plain);
    expect(await description(page).textContent()).toBe('zaak 2024-123456 op 12-03-2024');
    expect(await dialog(page).count()).toBe(0);

    // The confirmation header went only with the confirmed re-sends.
    expect(requests).toEqual([
      'POST /api/v1/workspaces/1/actions -',
      'POST /api/v1/workspaces/1/actions -',
      'POST /api/v1/workspaces/1/actions true',
      expect.stringMatching(/^POST \/api\/v1\/actions\/\d+\/comments -$/),
      expect.stringMatching(/^POST \/api\/v1\/actions\/\d+\/comments -$/),
      expect.stringMatching(/^POST \/api\/v1\/actions\/\d+\/comments true$/),
      'POST /api/v1/workspaces/1/actions -',
    ]);
    expectQuietConsole(page);
    await context.close();
  });

  it('asks before saving a goal that holds it, new or changed', async () => {
    const { context, page } = await signIn(browser, personas.oov, '/werkruimtes/1/doelen');
    await page.locator('.kh-goal').first().waitFor();
    const form = page.getByRole('region', { name: 'Nieuw doel' });
    const title = 'Terugkoppeling aan melders';
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Omschrijving').fill('Melders terugbellen, bijvoorbeeld 06-12345678');
    await form.getByLabel(/^Streefwaarde/).fill('12');
    await form.getByLabel(/^Eenheid/).fill('meldingen');
    await expectAccessible(page, 'goals with the new-goal form');
    await form.getByRole('button', { name: 'Doel toevoegen' }).click();
    const pd = dialog(page);
    await pd.waitFor();
    expect(await pd.locator('li').allTextContents()).toEqual(['Omschrijving: een telefoonnummer']);
    await expectAccessible(page, 'personal-data warning on a new goal');
    await pd.getByRole('button', { name: 'Tekst aanpassen' }).click();
    await expect.poll(() => focused(page)).toBe('goal-new-description');
    await form.getByRole('button', { name: 'Doel toevoegen' }).click();
    await pd.getByRole('button', { name: 'Toch opslaan' }).click();
    const goal = page.locator('.kh-goal', { has: page.getByRole('heading', { name: title }) });
    await goal.waitFor();
    expect(await goal.textContent()).toContain('Melders terugbellen, bijvoorbeeld 06-12345678');
    expect(await form.getByLabel('Titel').inputValue()).toBe(''); // saved, the form is clear again

    // Changing it: an e-mail address in the title, then confirmed.
    await page.getByRole('button', { name: `Doel ${title} bewerken` }).click();
    const edit = page.getByRole('form', { name: `Doel ${title} bewerken` });
    await expect.poll(() => focused(page)).toMatch(/^goal-\d+-title$/);
    await edit.getByLabel('Titel').fill(title + ' via melden@purmerend.nl');
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await pd.waitFor();
    expect(await pd.locator('li').allTextContents()).toEqual(['Titel: een e-mailadres']);
    await pd.getByRole('button', { name: 'Toch opslaan' }).click();
    await page.getByRole('heading', { name: title + ' via melden@purmerend.nl' }).waitFor();
    await expect.poll(() => focused(page)).toMatch(/^goal-edit-\d+$/);
    expectQuietConsole(page);
    await context.close();
  });
});
