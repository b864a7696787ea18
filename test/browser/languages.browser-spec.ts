import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, launchChromium } from '../support/browser.js';
import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, SAFARI_IPHONE, sendEvent } from '../support/traffic.js';

const SITE = 'sprachen.example';

describe('the dashboard in four languages, in a real browser', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let browser: Browser;
  let token: string;
  const problems: string[] = [];

  /** A browser whose languages are `locale`, signed in as the login page would leave it. */
  async function open(locale: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await context.addInitScript((session) => localStorage.setItem('cairn.session', session), JSON.stringify({ token, expiresAt }));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(`${server.url}${path}`);
    return { context, page };
  }
  const locations = (page: Page) => page.locator('section', { has: page.locator('h2#panel-locations') }).locator('.rows');
  const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true' });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    // Two visits today from Britain: one of two pages, one that bounced — a bounce rate of 50 %.
    const alice = { ip: '81.2.69.142', userAgent: FIREFOX };
    const bob = { ip: '81.2.69.160', userAgent: SAFARI_IPHONE };
    for (const [who, path] of [[alice, '/'], [alice, '/pricing'], [bob, '/']] as const) {
      expect((await sendEvent(server, who, { site: SITE, url: `https://${SITE}${path}` })).status).toBe(202);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('switches an English overview to German: labels, figures, country names, the tab title and <html lang>', async () => {
    const { context, page } = await open('en-US', `/sites/${SITE}?period=today`);
    const language = page.getByRole('combobox', { name: 'Language' });
    await eventually(async () => (await text(page, '[data-metric=bounceRate] .value')) === '50%');
    expect(await text(page, '[data-metric=visitors] dt')).toBe('Visitors');
    expect(await language.inputValue()).toBe('en');
    await eventually(async () => (await page.title()) === 'Overview · Cairn');
    await page.getByRole('heading', { name: 'Locations' }).waitFor();
    await eventually(async () => (await locations(page).textContent())?.includes('United Kingdom'));

    await language.selectOption('de');
    await eventually(async () => (await text(page, '[data-metric=visitors] dt')) === 'Besucher');
    // Everything at once, not half one language: the header, the tabs, the picker, the panels.
    expect(await page.getByRole('button', { name: 'Abmelden' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Übersicht' }).count()).toBe(1);
    expect(await page.getByLabel('Mit vorherigem Zeitraum vergleichen').count()).toBe(1);
    expect(await page.locator('#time-slice option:checked').textContent()).toBe('Heute');
    await page.getByRole('heading', { name: 'Orte' }).waitFor();
    // Figures in German: a space before the percent sign; country names in German.
    expect((await text(page, '[data-metric=bounceRate] .value'))?.replace(/\s/gu, ' ')).toBe('50 %');
    await eventually(async () => (await locations(page).textContent())?.includes('Vereinigtes Königreich'));
    await eventually(async () => (await page.title()) === 'Übersicht · Cairn');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');

    // The choice is kept in this browser, and the other screens load in it.
    await page.reload();
    await eventually(async () => (await text(page, '[data-metric=visitors] dt')) === 'Besucher');
    await page.getByRole('link', { name: 'Live' }).click();
    await eventually(async () => (await page.getByRole('heading', { name: 'Letzte Ereignisse' }).count()) === 1);
    await page.getByRole('link', { name: '← Websites' }).click();
    await page.getByRole('heading', { name: 'Ihre Websites' }).waitFor();
    await context.close();
  });

  it("opens in the browser's own language when none was chosen, and switches back to English", async () => {
    const { context, page } = await open('fr-FR', `/sites/${SITE}?period=today`);
    await eventually(async () => (await text(page, '[data-metric=visitors] dt')) === 'Visiteurs');
    expect(await page.getByRole('combobox', { name: 'Langue' }).inputValue()).toBe('fr');
    expect(await text(page, '[data-metric=pageviews] dt')).toBe('Pages vues');
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('es');
    await eventually(async () => (await text(page, '[data-metric=visitors] dt')) === 'Visitantes');
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
    await eventually(async () => (await text(page, '[data-metric=visitors] dt')) === 'Visitors');
    expect(await page.evaluate(() => localStorage.getItem('cairn.language'))).toBe('en');
    await context.close();
  });

  it('offers the switch on the login page too', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('fr');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getByLabel('Mot de passe').count()).toBe(1);
    await context.close();
  });

  it('logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
