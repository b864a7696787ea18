import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CairnServer, ROOT } from '../support/cairn-server.js';
import { eventually, launchChromium } from '../support/browser.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';

interface StoredEvent {
  type: string;
  path: string;
  name: string | null;
  props: string | null;
  engaged_ms: number | null;
  browser: string | null;
}

describe('the snippet in a real browser, on /demo', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  const stored = () => queryTestDatabase<StoredEvent>(database, 'SELECT type, path, name, props, engaged_ms, browser FROM events ORDER BY id');

  it('records page loads, SPA navigation, custom, outbound and download events, and visible time — with no cookie or storage', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(String(error)));

    await page.goto(`${server.url}/demo`);
    await eventually(async () => (await stored()).some((e) => e.type === 'pageview' && e.path === '/demo'));

    await page.click('text=Pricing (page load)');
    await page.waitForURL('**/demo/pricing');
    await page.click('text=Docs (SPA pushState)');
    await page.waitForURL('**/demo/docs');
    await page.click('text=Sign up (custom event)');
    await page.click('#outbound');
    await page.click('#download');
    await page.click('#track-download');
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect((await context.cookies()).length).toBe(0);
    const shown = await page.locator('#sent li').allTextContents();
    expect(shown.length).toBeGreaterThanOrEqual(6);

    await page.close({ runBeforeUnload: true }); // page hide: the engagement for /demo/docs goes out

    const events = await eventually(async () => {
      const rows = await stored();
      return rows.some((e) => e.type === 'engagement' && e.path === '/demo/docs') && rows.length >= 9 ? rows : null;
    });
    const summary = events.map((e) => [e.type, e.path, e.name, e.props ? JSON.parse(e.props) : null]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['pageview', '/demo', null, null],
        ['pageview', '/demo/pricing', null, null],
        ['pageview', '/demo/docs', null, null],
        ['event', '/demo/docs', 'Signup', { plan: 'pro' }],
        ['event', '/demo/docs', 'Outbound Link: Click', { url: 'https://example.org/' }],
        ['event', '/demo/docs', 'File Download', { url: `${server.url}/demo/files/report.pdf` }],
        ['event', '/demo/docs', 'Download', { format: 'pdf' }],
      ]),
    );
    // One pageview per navigation, no duplicates.
    expect(events.filter((e) => e.type === 'pageview').map((e) => e.path)).toEqual(['/demo', '/demo/pricing', '/demo/docs']);
    // Visible time was reported for each page left: the page load, the SPA navigation and the close.
    const engaged = events.filter((e) => e.type === 'engagement');
    expect(engaged.map((e) => e.path)).toEqual(['/demo', '/demo/pricing', '/demo/docs']);
    for (const e of engaged) expect(Number(e.engaged_ms)).toBeGreaterThan(0);
    expect(events[0].browser).toBe('Chrome');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('reports how far a long page was scrolled: scrolled to the bottom and left, its page row shows a depth of 90 or more', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/article`);
    await eventually(async () => (await stored()).some((e) => e.type === 'pageview' && e.path === '/demo/article'));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeGreaterThan(3 * 700); // several screens
    for (let y = 0; y <= height; y += 500) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(50);
    }
    await page.locator('#article-end').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await page.close({ runBeforeUnload: true }); // page hide: the engagement report goes out with the depth

    await eventually(async () => (await stored()).some((e) => e.type === 'engagement' && e.path === '/demo/article'));
    const token = await server.login();
    const rows = await eventually(async () => {
      const answer = await server.request('GET', '/api/stats/breakdown?site=demo.localhost&period=today&dimension=page&limit=100', { token });
      const row = answer.body.results?.find((r: { value: string }) => r.value === '/demo/article');
      return row?.scrollDepth != null ? row : null;
    });
    expect(rows.scrollDepth).toBeGreaterThanOrEqual(90);
    expect(rows.scrollDepth).toBeLessThanOrEqual(100);
    await context.close();
  });

  it('sends nothing from a page whose owner asked for Do-Not-Track to be respected', async () => {
    const before = (await stored()).length;
    const context = await browser.newContext({ extraHTTPHeaders: { DNT: '1' } });
    const page = await context.newPage();
    await page.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
    await page.route('**/demo', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('data-allow-local', 'data-allow-local data-respect-dnt');
      await route.fulfill({ response, body });
    });
    await page.goto(`${server.url}/demo`);
    await page.click('text=Sign up (custom event)');
    await page.waitForTimeout(500);
    expect((await stored()).length).toBe(before);
    const dir = join(ROOT, 'test', 'artifacts');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'demo.png') });
    await context.close();
  });
});
