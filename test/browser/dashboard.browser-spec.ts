import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, launchChromium } from '../support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, ROOT } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'shop.example';
const XSS = '<img src=x onerror=alert(1)>';
const DAY = 86_400_000;

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX };
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE };
const mallory: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS };
const dave: Visitor = { ip: '203.0.113.7', userAgent: FIREFOX };
const erin: Visitor = { ip: '203.0.113.8', userAgent: CHROME_WINDOWS };

type Step = [msAgo: number, who: Visitor, event: Record<string, unknown>];
const view = (path: string, extra: Record<string, unknown> = {}) => ({ site: SITE, url: `https://${SITE}${path}`, ...extra });

// Today: alice (Google → / → /pricing → Signup), bob (/pricing), mallory (a path, title and event
// name that are HTML). Twelve days ago — in 30 days, not in 7: dave and erin.
const SCRIPT: Step[] = [
  [12 * DAY, dave, view('/', { referrer: 'https://github.com/' })],
  [12 * DAY - 60_000, dave, view('/docs')],
  [12 * DAY - 30_000, erin, view('/docs')],
  [120_000, alice, view('/', { referrer: 'https://www.google.com/' })],
  [100_000, alice, view('/pricing')],
  [90_000, alice, view('/pricing', { type: 'event', name: 'Signup', props: { plan: 'pro' } })],
  [80_000, bob, view('/pricing')],
  [60_000, mallory, view(`/${XSS}`, { title: XSS })],
  [50_000, mallory, view(`/${XSS}`, { type: 'event', name: XSS, props: { [XSS.replace(/[^a-z]/g, '')]: XSS } })],
];

describe('the dashboard in a real browser: overview of a site', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const problems: string[] = [];
  const dialogs: string[] = [];
  const statsRequests: string[] = [];

  const api = async (path: string, params: Record<string, string>) => {
    const answer = await server.request('GET', `${path}?${new URLSearchParams({ site: SITE, ...params })}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
  const card = (metric: string) => page.locator(`[data-metric=${metric}] .value`);
  const panel = (title: string) => page.locator('cairn-breakdown-panel section', { has: page.getByRole('heading', { name: title }) });
  const pagesRows = () => panel('Pages').locator('.rows li .value').allTextContents();

  beforeAll(async () => {
    database = await createTestDatabase();
    const now = Date.now();
    clock = new TestClock(now - 12 * DAY - 60_000);
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ...clock.env() });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    for (const [ago, who, event] of SCRIPT) {
      clock.set(now - ago);
      expect((await sendEvent(server, who, event)).status).toBe(202);
    }
    clock.set(now);
    token = await server.login(); // a session issued at "now", like the browser's

    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => request.url().includes('/api/stats/') && statsRequests.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('signs in through the login page and opens the overview from the sites list', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL('**/login**');
    await page.fill('#login-email', ADMIN_EMAIL);
    await page.fill('#login-password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/sites');
    await page.getByRole('link', { name: SITE }).click();
    await page.waitForURL(`**/sites/${SITE}`);
    await page.getByRole('heading', { name: SITE }).waitFor();
  });

  it('shows on the cards the figures the API gives for the last 30 days', async () => {
    const summary = await api('/api/stats/summary', { period: '30d' });
    expect(summary.visitors).toBe(5);
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(summary.visitors));
    expect((await card('visits').textContent())?.trim()).toBe(count(summary.visits));
    expect((await card('pageviews').textContent())?.trim()).toBe(count(summary.pageviews));
    // The panels load beside the cards, each its own call: wait for the rows as a user would.
    await eventually(async () => (await panel('Pages').locator('.rows li').count()) >= 4);
    await page.locator('cairn-timeseries-chart canvas').first().waitFor();
  });

  it("shows visitors' HTML as text and runs none of it", async () => {
    await eventually(async () => (await pagesRows()).includes(`/${XSS}`));
    await panel('Custom events').getByRole('button', { name: 'Events', exact: true }).waitFor();
    await eventually(async () => (await panel('Custom events').locator('.rows li .value').allTextContents()).includes(XSS));
    expect(await page.locator('img[src=x], img[onerror]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('breaks custom events down by a property picked from the keys each event carried, shown as text', async () => {
    const events = panel('Custom events');
    await events.getByRole('button', { name: 'Properties', exact: true }).click();
    const eventList = events.getByLabel('Event', { exact: true });
    const keyList = events.getByLabel('Property', { exact: true });
    await eventually(async () => (await eventList.locator('option').allTextContents()).length === 3);
    expect((await eventList.locator('option').allTextContents()).sort()).toEqual(['Every custom event', 'Signup', XSS].sort());

    await eventList.selectOption('Signup');
    await eventually(async () => (await keyList.locator('option').allTextContents()).join() === 'plan');
    await eventually(async () => (await events.locator('.rows li .value').allTextContents()).join() === 'pro');

    await eventList.selectOption(XSS);
    await eventually(async () => (await keyList.locator('option').allTextContents()).join() === 'imgsrcxonerroralert');
    await eventually(async () => (await events.locator('.rows li .value').allTextContents()).join() === XSS);
    expect(await page.locator('img[src=x], img[onerror]').count()).toBe(0);
    await events.getByRole('button', { name: 'Events', exact: true }).click();
  });

  it('saves a screenshot of the overview', async () => {
    const dir = join(ROOT, 'test', 'artifacts');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'overview.png'), fullPage: true });
  });

  it('filters every panel by a page clicked in the Pages panel, with the filter in the URL', async () => {
    const filtered = await api('/api/stats/summary', { period: '30d', 'filter.page': '/pricing' });
    statsRequests.length = 0;
    await panel('Pages').getByRole('button', { name: /^\/pricing:/ }).click();
    await page.waitForURL((url) => url.searchParams.get('filter.page') === '/pricing');
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(filtered.visitors));
    expect(filtered.visitors).toBe(2);
    await page.getByRole('list', { name: 'Active filters' }).getByText('/pricing').waitFor();
    // Every panel and the cards asked again, filtered.
    await eventually(async () => statsRequests.filter((u) => u.includes('/breakdown')).length >= 6);
    for (const url of statsRequests) expect(new URL(url).searchParams.get('filter.page')).toBe('/pricing');
    // The sources of the visits that saw /pricing only: alice's Google, bob's direct visit.
    const sources = async () => (await panel('Sources').locator('.rows li .value').allTextContents()).sort().join(' | ');
    await eventually(async () => (await sources()) === 'Direct / None | Google');

    await page.getByRole('button', { name: /^Remove filter Page is \/pricing/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('filter.page'));
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(5));
  });

  it('switches to the last 7 days: the URL and the figures change, and back returns to 30 days', async () => {
    const week = await api('/api/stats/summary', { period: '7d' });
    expect(week.visitors).toBe(3);
    await page.selectOption('#time-slice', '7d');
    await page.waitForURL((url) => url.searchParams.get('period') === '7d');
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(week.visitors));
    await eventually(async () => !(await pagesRows()).includes('/docs'));

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('period') !== '7d');
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(5));
    await page.goForward();
    await eventually(async () => (await card('visitors').textContent())?.trim() === count(week.visitors));
  });

  it('compares with the previous period: the change on the cards, and the chart’s second line with both values on hover', async () => {
    const series = await api('/api/stats/timeseries', { period: '7d', compare: 'previous' });
    const summary = await api('/api/stats/summary', { period: '7d', compare: 'previous' });
    expect(summary.previous.visitors).toBe(2); // dave and erin, twelve days ago
    await page.getByLabel('Compare with previous period').check();
    await page.waitForURL((url) => url.searchParams.get('compare') === 'previous' && url.searchParams.get('period') === '7d');
    await eventually(async () => (await page.locator('[data-metric=visitors] .change').textContent())?.includes('+50%'));

    const legend = page.locator('cairn-timeseries-chart .u-legend');
    await eventually(async () => (await legend.textContent())?.includes('Previous period'));
    // Hover the second day: this week's figure, and twelve days ago (dave and erin) beside it.
    const plot = (await page.locator('cairn-timeseries-chart .u-over').boundingBox())!;
    const n = series.results.length;
    for (const i of [1, n - 1]) {
      await page.mouse.move(plot.x + Math.min(plot.width - 2, (plot.width * i) / (n - 1)), plot.y + plot.height / 2);
      // Time, this period's value, the previous period's value with its own day.
      const [, now, before] = await legend.locator('.u-series .u-value').allTextContents();
      expect(now).toBe(count(series.results[i].visitors));
      expect(before).toMatch(new RegExp(`^${count(series.previous[i].visitors)} \\(\\w{3} \\d{1,2}, \\d{4}\\)$`));
    }
    expect(series.previous[1].visitors).toBe(2);
    await page.mouse.move(0, 0);
    await page.getByLabel('Compare with previous period').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('compare'));
    await eventually(async () => !(await legend.textContent())?.includes('Previous period'));
  });

  it('opens a bookmarked view as it was, on a phone-sized screen in dark mode', async () => {
    const phone = await browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    const session = await page.evaluate(() => localStorage.getItem('cairn.session'));
    await phone.addInitScript((value) => value && localStorage.setItem('cairn.session', value), session);
    const small = await phone.newPage();
    small.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    small.on('pageerror', (error) => problems.push(String(error)));
    await small.goto(`${server.url}/sites/${SITE}?period=7d&filter.page=%2Fpricing`);
    const visitors = small.locator('[data-metric=visitors] .value');
    await eventually(async () => (await visitors.textContent())?.trim() === '2');
    await small.locator('cairn-timeseries-chart canvas').first().waitFor();
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Every panel full, the long HTML-looking path among them, and the comparison line: still no sideways scrolling.
    await small.goto(`${server.url}/sites/${SITE}?period=30d&compare=previous`);
    await eventually(async () => (await visitors.textContent())?.trim() === '5');
    expect(await small.getByLabel('Compare with previous period').isChecked()).toBe(true);
    await eventually(async () => (await small.locator('cairn-breakdown-panel .rows li').allTextContents()).some((row) => row.includes(XSS)));
    await small.locator('cairn-timeseries-chart canvas').first().waitFor();
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await small.screenshot({ path: join(ROOT, 'test', 'artifacts', 'overview-375-dark.png'), fullPage: true });
    await phone.close();
  });

  it('builds a funnel of pages and an event, shows each step as the API counts it, and keeps it on the server for the site', async () => {
    const steps = [{ page: '/' }, { page: '/pricing' }, { event: 'Signup' }];
    const expected = await server.request('POST', '/api/stats/funnel', { token, body: { site: SITE, period: '7d', steps } });
    expect(expected.body.steps.map((s: { visitors: number }) => s.visitors)).toEqual([1, 1, 1]);

    await page.getByRole('link', { name: 'Funnels' }).click();
    await page.waitForURL((url) => url.pathname === `/sites/${SITE}/funnels` && url.searchParams.get('period') === '7d');
    await page.getByLabel('Step 1 page path').fill('/');
    await page.getByLabel('Step 2 page path').fill('/pricing');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 3 kind').selectOption('event');
    await page.getByLabel('Step 3 event name').fill('Signup');
    await page.locator('#funnel-name').fill('Signup path');
    await page.getByRole('button', { name: 'Save for the site' }).click();

    const figures = page.locator('.funnel-step .figures');
    await eventually(async () => (await figures.count()) === 3);
    const texts = await figures.allTextContents();
    expected.body.steps.forEach((step: { visitors: number; conversionRate: number }, i: number) => {
      expect(texts[i]).toContain(`${count(step.visitors)} visitors`);
      expect(texts[i]).toContain(`${step.conversionRate}% conversion`);
    });

    await page.reload();
    await page.getByRole('button', { name: 'Signup path', exact: true }).waitFor();
    // On the server, for every member; nothing of it in the browser's storage.
    const saved = await server.request('GET', `/api/sites/${SITE}/funnels`, { token });
    expect(saved.body.map((f: { name: string; steps: unknown }) => [f.name, f.steps])).toEqual([['Signup path', steps]]);
    expect(await page.evaluate((key) => localStorage.getItem(key), `cairn.funnels.${SITE}`)).toBeNull();
    await page.screenshot({ path: join(ROOT, 'test', 'artifacts', 'funnels.png'), fullPage: true });
  });

  it('logged no console errors and opened no dialogs', () => {
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
