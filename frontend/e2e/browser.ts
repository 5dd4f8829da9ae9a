// Browser helpers for the end-to-end tests.
import AxeBuilder from '@axe-core/playwright';
import { appendFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const baseURL = () => inject('baseURL');

/** The folder the run writes screenshots to (gitignored). */
export const outputDir = join(import.meta.dirname, '..', 'e2e-output');

/** launch starts Debian's chromium; never a browser a test tool downloads. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** The demo personas the tests sign in as (demo/personas.go). */
export const personas = {
  oov: 'Yasmina El Idrissi', // OOV-adviseur, Gemeente Purmerend: regisseur of Ondermijning
  teamchef: 'Erik Brouwer', // teamchef, Politie Noord-Holland: partner, in the IdP group "Team Ondermijning"
  officier: 'Pieter van Leeuwen', // officier van justitie, OM: partner
  ggd: 'Anouk Visser', // GGD: meelezer in Ondermijning
  beheerder: 'Sanne Vermeulen', // platform beheerder (Veiligheidsregio)
  basisteam: 'Samira Haddou', // wijkagent, Politie Noord-Holland, in the IdP group "Basisteam Purmerend"
  rechercheur: 'Thijs Verhoeven', // shielded officer of the police, in "Team Ondermijning"
  rechercheurFunction: 'Rechercheur Team Ondermijning',
  rechercheurEmail: 't.verhoeven@politie.example',
  politieBeheerder: 'Karin Bos', // organisatiebeheerder of Politie Noord-Holland
  gemeenteBeheerder: 'Femke de Wit', // organisatiebeheerder of Gemeente Purmerend
} as const;

/**
 * signIn opens the app in a new context and signs in through the sign-in
 * page, the hub's OpenID Connect flow and the dev provider's persona picker.
 */
export async function signIn(browser: Browser, persona: string, path = '/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  record(context, persona);
  const page = await context.newPage();
  watchConsole(page);
  await page.goto(path);
  await page.getByRole('link', { name: "Demo-persona's (ontwikkelmodus)" }).click();
  await page.getByRole('button', { name: new RegExp(persona) }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dev-idp') && !u.pathname.startsWith('/auth'));
  await expect.poll(() => page.locator('.kh-conn').getAttribute('data-state')).toBe('live');
  return { context, page };
}

/** What each browser context received from the hub, for the leak checks. */
const received = new WeakMap<BrowserContext, { texts: string[]; pending: Promise<void>[] }>();

/**
 * record keeps everything a context receives from the hub: every response
 * body (API, exports, pages) and every websocket frame, so that a test can
 * ask whether anything of an item reached a browser that may not see it,
 * whether or not the app showed it.
 */
export function record(context: BrowserContext, persona: string): void {
  const got = { texts: [] as string[], pending: [] as Promise<void>[] };
  received.set(context, got);
  const file = recordingFile(persona);
  const keep = (text: string) => {
    got.texts.push(text);
    appendFileSync(file, JSON.stringify({ persona, text }) + '\n');
  };
  context.on('response', (r) => {
    if (!r.url().startsWith(baseURL())) return;
    got.pending.push(r.text().then((t) => keep(`${r.url()}\n${t}`), () => undefined)); // redirects have no body
  });
  const watch = (page: Page) => page.on('websocket', (ws) => ws.on('framereceived', (f) => keep(`ws ${ws.url()}\n${String(f.payload)}`)));
  context.on('page', watch);
  context.pages().forEach(watch);
}

/**
 * recordingFile is where a context's recording goes (e2e-output/recordings),
 * one JSON line a response or frame, for the leak oracle's scan of what the
 * browsers received (oracle/browser_test.go, run by make test after these tests).
 */
function recordingFile(persona: string): string {
  const dir = join(outputDir, 'recordings');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${persona.replace(/[^A-Za-z]+/g, '-')}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
}

/**
 * expectNeverReceived wants none of the markers (titles, notes of items the
 * context's organisation may not see) in anything the context received.
 */
export async function expectNeverReceived(context: BrowserContext, markers: string[]): Promise<void> {
  const got = received.get(context);
  expect(got, 'the context is recorded').toBeDefined();
  await Promise.all(got!.pending);
  expect(got!.texts.length, 'responses and frames recorded').toBeGreaterThan(0);
  // The development identity provider's persona picker names every persona:
  // it is the sign-in page of the provider, not something the hub sent.
  const fromHub = got!.texts.filter((t) => !t.startsWith(`${baseURL()}/dev-idp/`));
  const leaks = fromHub.flatMap((t) => markers.filter((m) => t.includes(m)).map((m) => `${m} in ${t.slice(0, 300)}`));
  expect(leaks).toEqual([]);
}

const problems = new WeakMap<Page, string[]>();

/**
 * watchConsole records what the browser complains about on a page: script
 * errors and content-security-policy refusals (the hub allows no inline
 * script or style).
 */
export function watchConsole(page: Page): void {
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (e) => seen.push('page error: ' + e.message));
  page.on('console', (m) => {
    // 4xx answers (401 before sign-in, 400 on bad input, 404 of a hidden item,
    // 409 on a conflict) are ones the app handles; 5xx are not.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d /.test(m.text())) seen.push(m.text());
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push('CSP: ' + m.text());
  });
}

/** expectQuietConsole wants no script error and no CSP refusal so far. */
export function expectQuietConsole(page: Page): void {
  expect(problems.get(page) ?? [], 'console of ' + page.url()).toEqual([]);
}

/** expectAccessible runs axe-core with the WCAG 2.1 A and AA rules and wants no violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(found, `axe on ${what}`).toEqual([]);
}

/** screenshot writes a full-page screenshot into e2e-output/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name + '.png'), fullPage: true });
}

/**
 * publish copies screenshots of this run into docs/screenshots, which the
 * README shows, when UPDATE_SCREENSHOTS=1 (`make screenshots`); a plain test
 * run leaves the tracked files alone.
 */
export function publish(...names: string[]): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const docs = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  for (const name of names) copyFileSync(join(outputDir, 'screenshots', `${name}.png`), join(docs, `${name}.png`));
}

/** row is the actions table's row of the action with this title. */
export function row(page: Page, title: string) {
  return page.locator('tr', { has: page.getByRole('link', { name: title, exact: true }) });
}
