import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNeverReceived, launch, personas, row, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const actions = '/werkruimtes/1/acties'; // Ondermijning: gemeente regisseur; politie and OM partners
const status = (page: Page, title: string) =>
  row(page, title).locator('td').nth(3).evaluate((td) => (td.querySelector('select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent ?? td.textContent);
const within = { timeout: 1000, interval: 25 };

describe('live updates', () => {
  it('reach the other organisations within a second, never those outside a restricted item, and catch up after a drop', async () => {
    const gemeente = await signIn(browser, personas.oov, actions);
    const politie = await signIn(browser, personas.teamchef, actions);
    const om = await signIn(browser, personas.officier, actions);
    for (const p of [gemeente.page, politie.page, om.page]) await row(p, 'Integrale controle recreatiepark Opmeer').waitFor();
    const politieText = () => politie.page.locator('main').textContent();

    // The restricted action of gemeente, OM and RIEC is not there for the police.
    expect(await row(gemeente.page, 'Bibob-advies bij overname horecapand').count()).toBe(1);
    expect(await politieText()).not.toContain('Bibob-advies bij overname horecapand');

    // A status change by the municipality appears at the police within a second, without reload.
    const title = 'Integrale controle recreatiepark Opmeer';
    expect(await status(politie.page, title)).toBe('Open');
    await gemeente.page.getByLabel(`Status van ${title}`).selectOption('lopend');
    await expect.poll(() => status(politie.page, title), within).toBe('Lopend');
    await expect.poll(() => status(om.page, title), within).toBe('Lopend');

    // So does a count.
    const counted = 'Zes integrale controles bedrijventerreinen en buitengebied';
    await gemeente.page.getByLabel(`Aantal gedaan van ${counted}`).fill('5');
    await gemeente.page.getByLabel(`Aantal gedaan van ${counted}`).press('Enter');
    await expect.poll(() => row(politie.page, counted).locator('td').nth(5).textContent(), within).toBe('5 van 6');

    // A new action restricted to gemeente and OM reaches OM live, and never the police,
    // not even when a later public change does reach them.
    const secret = 'Vertrouwelijk: Bibob-signaal cafetaria Purmerend';
    await gemeente.page.getByRole('link', { name: 'Nieuwe actie' }).click();
    await gemeente.page.getByLabel('Titel').fill(secret);
    await gemeente.page.getByLabel('Alleen gekozen organisaties (beperkt)').check();
    await gemeente.page.getByLabel('Openbaar Ministerie Noord-Holland', { exact: true }).check();
    await expectAccessible(gemeente.page, 'visibility picker');
    await gemeente.page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => gemeente.page.getByRole('heading', { level: 1 }).textContent()).toBe(secret);
    expect(await gemeente.page.locator('.kh-restricted').first().textContent()).toContain('Beperkt zichtbaar');
    const secretURL = new URL(gemeente.page.url()).pathname;
    await row(om.page, secret).waitFor({ timeout: 1000 });
    expect(await row(om.page, secret).locator('.kh-restricted').count()).toBe(1);
    await gemeente.page.goto(actions);
    await gemeente.page.getByLabel(`Status van ${title}`).selectOption('geblokkeerd');
    await expect.poll(() => status(politie.page, title), within).toBe('Geblokkeerd');
    expect(await politieText()).not.toContain(secret);
    await politie.page.goto(secretURL);
    await politie.page.getByText('Deze actie bestaat niet of is niet (meer) zichtbaar voor uw organisatie.').waitFor();
    expect(await politieText()).not.toContain(secret);
    await politie.page.goto(actions);
    await row(politie.page, title).waitFor();

    // The police lose their connection; changes made meanwhile arrive once it is back.
    const analysis = 'Fenomeenanalyse arbeidsuitbuiting en mensenhandel';
    expect(await status(politie.page, analysis)).toBe('Open');
    await politie.context.setOffline(true);
    await expect.poll(() => politie.page.locator('.kh-conn').getAttribute('data-state')).toBe('offline');
    await gemeente.page.getByLabel(`Status van ${analysis}`).selectOption('geblokkeerd');
    await expect.poll(() => status(om.page, analysis), within).toBe('Geblokkeerd');
    await gemeente.page.getByLabel(`Status van ${title}`).selectOption('lopend');
    await expect.poll(() => status(om.page, title), within).toBe('Lopend');
    expect(await status(politie.page, analysis)).toBe('Open'); // really cut off
    await politie.context.setOffline(false);
    await expect.poll(() => politie.page.locator('.kh-conn').getAttribute('data-state'), { timeout: 5000 }).toBe('live');
    await expect.poll(() => status(politie.page, analysis), { timeout: 5000 }).toBe('Geblokkeerd');
    await expect.poll(() => status(politie.page, title)).toBe('Lopend');
    expect(await politieText()).not.toContain(secret);
    // Nothing of either restricted action reached the police's browser at all:
    // no response body and no websocket frame, shown or not.
    await expectNeverReceived(politie.context, [secret, 'Bibob-advies bij overname horecapand']);

    for (const c of [gemeente, politie, om]) await c.context.close();
  });

  it('shows a stale-version conflict with the newer value and keeps what the user chooses', async () => {
    const own = 'Twee hercontroles na sluiting (Wet Damocles)'; // owned by the police
    const gemeente = await signIn(browser, personas.oov, actions);
    const politie = await signIn(browser, personas.teamchef, actions);
    await row(gemeente.page, own).getByRole('link', { name: own }).click();
    await gemeente.page.getByRole('link', { name: 'Bewerken' }).click();
    await expect.poll(() => gemeente.page.getByLabel('Titel').inputValue()).toBe(own);

    // Meanwhile the police set it to lopend.
    await politie.page.getByLabel(`Status van ${own}`).selectOption('lopend');
    await gemeente.page.getByText('Deze actie is intussen gewijzigd door iemand anders.', { exact: false }).waitFor();

    // The municipality's edit, based on the old version, is not lost.
    await gemeente.page.getByLabel('Status').selectOption('gereed');
    await gemeente.page.getByLabel('Aantal gedaan').fill('2');
    await gemeente.page.getByRole('button', { name: 'Opslaan' }).click();
    const dialog = gemeente.page.getByRole('dialog', { name: 'Iemand anders heeft deze actie intussen gewijzigd' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-theirs').allTextContents()).toEqual(['Lopend', '1']);
    await expectAccessible(gemeente.page, 'conflict dialog');
    await dialog.getByRole('button', { name: 'Mijn wijziging opslaan' }).click();
    await expect.poll(() => gemeente.page.getByRole('heading', { level: 1 }).textContent()).toBe(own);
    await expect.poll(() => status(politie.page, own), within).toBe('Gereed');
    await expect.poll(() => politie.page.getByLabel(`Aantal gedaan van ${own}`).inputValue()).toBe('2'); // the police may edit it
    for (const c of [gemeente, politie]) await c.context.close();
  });
});
