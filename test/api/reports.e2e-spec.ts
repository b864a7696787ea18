import { CairnServer } from '../support/cairn-server.js';
import { MailCatcher } from '../support/mail-catcher.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'reports.example';
const PUBLIC_URL = 'https://cairn.example.org';
const WEEKLY = 'weekly@example.org';
const MONTHLY = 'monthly@example.org';

// Behind TRUST_PROXY the address comes from X-Forwarded-For: a UK, a US and an Australian visitor.
const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX };
const bob: Visitor = { ip: '8.8.8.8', userAgent: CHROME_WINDOWS };
const carol: Visitor = { ip: '1.1.1.1', userAgent: FIREFOX };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Several passes of the scheduler (NOTIFY_INTERVAL_SECONDS=1): long enough for a mail that should not come to have come. */
const SEVERAL_PASSES = 3500;

/**
 * Weekly and monthly reports through a real SMTP server (the catcher), with the server's clock
 * moved to "Monday 08:05 in New York": the mail arrives once with the figures of scripted traffic,
 * not again after a restart, late after a downtime, never after unsubscribing.
 */
describe('reports: one mail per recipient and period, with the period’s figures', () => {
  let database: TestDatabase;
  let catcher: MailCatcher;
  let clock: TestClock;
  let server: CairnServer;
  let token: string;
  let env: Record<string, string>;
  let weeklyId: string;

  /** As the owner; the login expires when the test moves the server's clock by days, so log in again then. */
  const ask = async (method: string, path: string, body?: unknown) => {
    const answer = await server.request(method, path, { token, body });
    if (answer.status !== 401) return answer;
    token = await server.login();
    return server.request(method, path, { token, body });
  };
  const send = (who: Visitor, path: string, referrer?: string) =>
    sendEvent(server, who, { site: SITE, url: `https://${SITE}${path}`, referrer }).then((answer) => expect(answer.status).toBe(202));
  const weeklyMails = () => catcher.to(WEEKLY);

  beforeAll(async () => {
    database = await createTestDatabase();
    catcher = await MailCatcher.start();
    // Tuesday 10 November 2026, noon in New York.
    clock = new TestClock('2026-11-10T12:00:00-05:00');
    env = {
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      SMTP_URL: catcher.url,
      MAIL_FROM: 'Cairn <cairn@example.org>',
      PUBLIC_URL,
      NOTIFY_INTERVAL_SECONDS: '1',
      ...clock.env(),
    };
    server = await CairnServer.start(env);
    token = await server.login();
    expect((await ask('POST', '/api/sites', { domain: SITE, timezone: 'America/New_York' })).status).toBe(201);

    // The week before (9–15 November): two visitors, one pageview each.
    await send(alice, '/');
    await send(bob, '/');
    // The reported week (16–22 November): three visitors, four pageviews.
    clock.set('2026-11-17T09:00:00-05:00');
    await send(alice, '/');
    await send(alice, '/pricing');
    await send(bob, '/');
    await send(carol, '/blog', 'https://www.google.com/');
    clock.set('2026-11-18T12:00:00-05:00');
  });
  afterAll(async () => {
    if (process.env.CAIRN_TEST_SHOW_LOGS) console.log(server?.logs);
    await server?.stop();
    await catcher?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('refuses a report that is no report: 400, and 409 for the same address twice', async () => {
    for (const body of [{ email: 'not an address', frequency: 'weekly' }, { email: WEEKLY, frequency: 'daily' }, { email: WEEKLY }, { email: WEEKLY, frequency: 'weekly', extra: 1 }]) {
      const answer = await ask('POST', `/api/sites/${SITE}/reports`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    const created = await ask('POST', `/api/sites/${SITE}/reports`, { email: 'Weekly@Example.org', frequency: 'weekly' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: WEEKLY, frequency: 'weekly', unsubscribedAt: null, lastSentPeriod: null });
    weeklyId = created.body.id;
    const again = await ask('POST', `/api/sites/${SITE}/reports`, { email: WEEKLY, frequency: 'weekly' });
    expect(again.status).toBe(409);
    expect((await ask('GET', `/api/sites/${SITE}/reports`)).body).toEqual([expect.objectContaining({ id: weeklyId })]);
    expect((await ask('GET', `/api/sites/nowhere.example/reports`)).status).toBe(404);
  });

  it('sends nothing before Monday 08:00 site time, then the week’s report once, with its figures', async () => {
    clock.set('2026-11-23T07:55:00-05:00');
    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toEqual([]);

    clock.set('2026-11-23T08:05:00-05:00');
    const [mail] = await catcher.waitFor(() => weeklyMails().length === 1).then(weeklyMails);
    // The figures the stats API gives for that week, and the week before.
    const slice = `site=${SITE}&start=2026-11-16&end=2026-11-22`;
    const summary = (await ask('GET', `/api/stats/summary?${slice}&compare=previous`)).body;
    expect(summary).toMatchObject({ visitors: 3, pageviews: 4, previous: { visitors: 2, pageviews: 2 } });
    const pages = (await ask('GET', `/api/stats/breakdown?${slice}&dimension=page`)).body.results;
    expect(pages.map((row: { value: string }) => row.value).sort()).toEqual(['/', '/blog', '/pricing']);

    expect(mail.subject).toBe('Weekly report for reports.example: 3 visitors (+50%) · Nov 16 – Nov 22, 2026');
    expect(mail.from).toBe('"Cairn" <cairn@example.org>');
    expect(mail.text).toMatch(/Visitors:\s+3 \(\+50%\)/);
    expect(mail.text).toMatch(/Pageviews:\s+4 \(\+100%\)/);
    expect(mail.text).toMatch(/Visits:\s+3 \(\+50%\)/);
    expect(mail.text).toMatch(/Top pages\n\s+2 {2}\/\n\s+1 {2}\/blog\n\s+1 {2}\/pricing/);
    expect(mail.text).toMatch(/Top sources\n\s+2 {2}Direct \/ None\n\s+1 {2}Google/);
    expect(mail.text).toContain('United Kingdom');
    expect(mail.text).toContain('United States');
    expect(mail.text).toContain(`${PUBLIC_URL}/sites/${SITE}?start=2026-11-16&end=2026-11-22`);
    expect(mail.html).toContain('<h2 style="font-size:16px;margin-top:24px">Top pages</h2>');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/sites/${SITE}?start=2026-11-16&amp;end=2026-11-22"`);
    expect(mail.html).toMatch(/Visitors<\/td><td[^>]*>3<\/td><td[^>]*>\+50%/);
    expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${PUBLIC_URL}/api/reports/unsubscribe/[\\w-]{32}>$`));
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toHaveLength(1);
    expect((await ask('GET', `/api/sites/${SITE}/reports`)).body[0].lastSentPeriod).toBe('2026-11-16');
  });

  it('does not send it again after a restart', async () => {
    await server.stop();
    server = await CairnServer.start(env);
    token = await server.login();
    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toHaveLength(1);
  });

  it('sends the one missed while the server was down when it is back, retrying a mail server that refused it', async () => {
    await server.stop();
    // Down over Monday 30 November 08:00; back at 10:00, and the mail server turns the first try away.
    clock.set('2026-11-30T10:00:00-05:00');
    catcher.refuseNext(1);
    server = await CairnServer.start(env);
    token = await server.login();
    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toHaveLength(1);
    // The retry waits a minute (server time).
    clock.set('2026-11-30T10:01:30-05:00');
    const mails = await catcher.waitFor(() => weeklyMails().length === 2).then(weeklyMails);
    expect(mails[1].subject).toBe('Weekly report for reports.example: 0 visitors (−100%) · Nov 23 – Nov 29, 2026');
    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toHaveLength(2);
  });

  it('unsubscribes from the mail’s link without logging in, and sends nothing more', async () => {
    const link = /Stop these mails: (\S+)/.exec(weeklyMails()[1].text)![1];
    const path = new URL(link).pathname;
    const page = await server.request('GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain(`Stop mailing the weekly report of ${SITE} to ${WEEKLY}?`);
    // Opening the page (as a link scanner would) unsubscribes nobody; the button does.
    expect((await ask('GET', `/api/sites/${SITE}/reports`)).body[0].unsubscribedAt).toBeNull();
    const done = await server.request('POST', path);
    expect(done.status).toBe(200);
    expect(done.text).toContain('You are unsubscribed');
    expect((await ask('GET', `/api/sites/${SITE}/reports`)).body[0].unsubscribedAt).toEqual(expect.any(String));
    expect((await server.request('GET', path)).text).toContain('You are unsubscribed');
    const unknown = await server.request('GET', '/api/reports/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.stringMatching(/not \(or no longer\) valid/) });
    expect((await server.request('POST', '/api/reports/unsubscribe/short')).status).toBe(400);

    clock.set('2026-12-07T08:05:00-05:00');
    await sleep(SEVERAL_PASSES);
    expect(weeklyMails()).toHaveLength(2);
    expect((await ask('POST', `/api/sites/${SITE}/reports/${weeklyId}/send`)).status).toBe(409);
  });

  it('“send now” mails the last finished month at once', async () => {
    const created = await ask('POST', `/api/sites/${SITE}/reports`, { email: MONTHLY, frequency: 'monthly' });
    expect(created.status).toBe(201);
    const sent = await ask('POST', `/api/sites/${SITE}/reports/${created.body.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ period: { start: '2026-11-01', end: '2026-11-30' }, sentAt: expect.any(String) });
    const [mail] = await catcher.waitFor(() => catcher.to(MONTHLY).length === 1).then(() => catcher.to(MONTHLY));
    // November: alice, bob (week of the 9th: new hashes each day) and alice, bob, carol (the 17th).
    const november = (await ask('GET', `/api/stats/summary?site=${SITE}&start=2026-11-01&end=2026-11-30`)).body;
    expect(mail.subject).toBe(`Monthly report for reports.example: ${november.visitors} visitors (new) · November 2026`);
    expect(mail.text).toMatch(new RegExp(`Pageviews:\\s+${november.pageviews} \\(new\\)`));
    expect(november.pageviews).toBe(6);
    expect((await ask('POST', `/api/sites/${SITE}/reports/00000000-0000-4000-8000-000000000000/send`)).status).toBe(404);
    expect((await ask('DELETE', `/api/sites/${SITE}/reports/${created.body.id}`)).status).toBe(204);
    expect((await ask('GET', `/api/sites/${SITE}/reports`)).body.map((r: { email: string }) => r.email)).toEqual([WEEKLY]);
  });
});

describe('reports without SMTP_URL', () => {
  it('answers 409 saying what the operator has to set', async () => {
    const database = await createTestDatabase();
    const server = await CairnServer.start({ DATABASE_URL: database.url });
    try {
      const token = await server.login();
      expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
      const answer = await server.request('POST', `/api/sites/${SITE}/reports`, { token, body: { email: WEEKLY, frequency: 'weekly' } });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatch(/SMTP_URL/);
      expect((await server.request('GET', `/api/sites/${SITE}/reports`, { token })).body).toEqual([]);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});

