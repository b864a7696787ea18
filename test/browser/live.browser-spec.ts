import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchChromium } from '../support/browser.js';
import { CairnServer, ROOT } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'live.example';
const XSS = '<img src=x onerror=alert(1)>';

/** A port free now, so the server can be started again at the same address (the page reconnects to it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('the live view in a real browser', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let env: Record<string, string>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const dialogs: string[] = [];

  const visit = (who: Visitor, path: string, referrer?: string) =>
    sendEvent(server, who, { site: SITE, url: `https://${SITE}${path}`, ...(referrer ? { referrer } : {}) });
  const number = async () => (await page.locator('[data-live=visitors]').textContent())?.trim();
  const status = async () => (await page.getByRole('status').first().textContent())?.replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, TRUST_PROXY: 'true', PORT: String(await freePort()) };
    server = await CairnServer.start(env);
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    expect((await visit({ ip: '81.2.69.142', userAgent: FIREFOX }, '/', 'https://www.google.com/')).status).toBe(202);

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US' });
    // Signed in as the login page would leave it.
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await context.addInitScript((session) => localStorage.setItem('cairn.session', session), JSON.stringify({ token, expiresAt }));
    page = await context.newPage();
    // Page errors only: while the server is down on purpose, Chromium logs each failed reconnection.
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('shows the current visitors, and the number changes within 2 s of new events', async () => {
    await page.goto(`${server.url}/sites/${SITE}/live`);
    await eventually(async () => (await number()) === '1');
    expect(await status()).toBe('Live');
    expect(await page.getByRole('region', { name: 'Sources' }).textContent()).toContain('Google');

    const sent = Date.now();
    expect((await visit({ ip: '8.8.8.8', userAgent: SAFARI_IPHONE }, '/pricing')).status).toBe(202);
    expect((await visit({ ip: '8.8.4.4', userAgent: CHROME_WINDOWS }, `/${XSS}`)).status).toBe(202);
    await eventually(async () => (await number()) === '3', 2000);
    expect(Date.now() - sent).toBeLessThan(2000);

    const pages = page.getByRole('region', { name: 'Pages' });
    await eventually(async () => (await pages.textContent())?.includes(XSS));
    // The feed: newest first, the HTML-looking path as text, with where the visit came from.
    const feed = page.getByRole('region', { name: 'Recent events' }).locator('li');
    await eventually(async () => (await feed.count()) === 3);
    expect(await feed.locator('.page').allTextContents()).toEqual([`/${XSS}`, '/pricing', '/']);
    expect(await feed.locator('.what').allTextContents()).toEqual(['Pageview', 'Pageview', 'Pageview']);
    expect(await feed.nth(2).locator('.where').textContent()).toBe('Google · United Kingdom · Desktop');
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Countries' }).textContent()).toContain('United States');

    const dir = join(ROOT, 'test', 'artifacts');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'live.png'), fullPage: true });
  });

  it('fits a phone in dark mode, a long path and all', async () => {
    const long = `/docs/${'a-rather-long-section-name/'.repeat(5)}page`;
    expect((await visit({ ip: '203.0.113.20', userAgent: SAFARI_IPHONE }, long)).status).toBe(202);
    const phone = await browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    const session = await page.evaluate(() => localStorage.getItem('cairn.session'));
    await phone.addInitScript((value) => value && localStorage.setItem('cairn.session', value), session);
    const small = await phone.newPage();
    small.on('pageerror', (error) => problems.push(String(error)));
    await small.goto(`${server.url}/sites/${SITE}/live`);
    await eventually(async () => (await small.getByRole('region', { name: 'Recent events' }).locator('.page').first().textContent()) === long);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await small.screenshot({ path: join(ROOT, 'test', 'artifacts', 'live-375-dark.png'), fullPage: true });
    await phone.close();
  });

  it('says it is reconnecting while the server is down, and goes live again by itself', async () => {
    await server.stop();
    await eventually(async () => (await status())?.includes('reconnecting'), 5000);
    server = await CairnServer.start(env);
    await eventually(async () => (await status()) === 'Live', 10_000);
    expect((await visit({ ip: '203.0.113.9', userAgent: FIREFOX }, '/again')).status).toBe(202);
    // Presence lives in the process: after the restart only the new visitor is there.
    await eventually(async () => (await number()) === '1', 3000);
  });

  it('ran nothing from visitors and threw no errors', () => {
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
