import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchChromium } from '../support/browser.js';
import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, sendEvent } from '../support/traffic.js';

const SITE = 'export.example';

describe('the dashboard downloads exports with the login token', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true' });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    const send = (ip: string, userAgent: string, path: string) => sendEvent(server, { ip, userAgent }, { site: SITE, url: `https://${SITE}${path}` });
    expect((await send('81.2.69.142', FIREFOX, '/')).status).toBe(202);
    expect((await send('8.8.8.8', CHROME_WINDOWS, '/pricing')).status).toBe(202);
    expect((await send('8.8.8.8', CHROME_WINDOWS, '/docs')).status).toBe(202);

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await context.addInitScript((session) => localStorage.setItem('cairn.session', session), JSON.stringify({ token, expiresAt }));
    page = await context.newPage();
    await page.goto(`${server.url}/sites/${SITE}?period=today`);
    await eventually(async () => (await page.locator('[data-metric=visitors] .value').textContent())?.trim() === '2');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
  }

  it('saves the raw events of the slice as CSV, named by the server', async () => {
    const { name, text } = await download(() => page.getByRole('button', { name: 'Raw events (CSV)' }).click());
    expect(name).toMatch(/^export\.example-events-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = text.trim().split(/\r\n/);
    expect(lines).toHaveLength(4); // header and three pageviews
    expect(text).toContain('/pricing');
    expect(text).toContain('/docs');
    await page.getByText('Downloaded the CSV of raw events.').waitFor();
  });

  it("saves a panel's breakdown with the filters on screen", async () => {
    await page.goto(`${server.url}/sites/${SITE}?period=today&filter.page=%2Fpricing`);
    await eventually(async () => (await page.locator('[data-metric=visitors] .value').textContent())?.trim() === '1');
    const { text } = await download(() => page.getByRole('button', { name: 'Download Top pages as CSV' }).click());
    const rows = text.trim().split(/\r\n/);
    expect(rows).toHaveLength(2); // header, and /pricing alone: the filter went with the request
    expect(rows[1]).toContain('/pricing');
  });
});
