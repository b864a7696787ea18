import { CairnServer } from '../support/cairn-server.js';
import { MailCatcher } from '../support/mail-catcher.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { dropRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/test-redis.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const SITE = 'reports-scale.example';
const RECIPIENTS = Array.from({ length: 8 }, (_, i) => `r${i}@example.org`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two processes sharing PostgreSQL, both with a scheduler pass every second, both at "Monday 08:05
 * in New York": every recipient gets the week's report once, and the report webhook is POSTed once
 * — the claim in the database, not a timer per process, decides who sends.
 */
describe('reports across two processes sharing PostgreSQL', () => {
  let database: TestDatabase;
  let catcher: MailCatcher;
  let receiver: WebhookReceiver;
  let clock: TestClock;
  let prefix: string;
  let a: CairnServer;
  let b: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    catcher = await MailCatcher.start();
    receiver = await WebhookReceiver.start();
    prefix = uniqueRedisPrefix();
    clock = new TestClock('2026-11-18T12:00:00-05:00');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      TRUST_PROXY: 'true',
      SMTP_URL: catcher.url,
      MAIL_FROM: 'cairn@example.org',
      PUBLIC_URL: 'https://cairn.example.org',
      NOTIFY_INTERVAL_SECONDS: '1',
      ...clock.env(),
    };
    [a, b] = await Promise.all([CairnServer.start(env), CairnServer.start(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await catcher?.stop();
    await receiver?.stop();
    await database?.drop();
    clock?.remove();
    if (prefix) await dropRedisKeys(prefix);
  });

  it('sends each recipient one mail for the week, and the webhook one POST', async () => {
    const token = await a.login();
    expect((await a.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'America/New_York' } })).status).toBe(201);
    for (const email of RECIPIENTS) expect((await a.request('POST', `/api/sites/${SITE}/reports`, { token, body: { email, frequency: 'weekly' } })).status).toBe(201);
    expect((await b.request('POST', `/api/sites/${SITE}/webhooks`, { token, body: { url: `${receiver.url}/report`, events: ['report'] } })).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      expect((await sendEvent(i % 2 ? a : b, { ip: `10.5.0.${i + 1}`, userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/p${i}` })).status).toBe(202);
    }

    clock.set('2026-11-23T08:05:00-05:00');
    await catcher.waitFor((messages) => messages.length >= RECIPIENTS.length);
    await receiver.waitFor(() => receiver.at('/report').length >= 1);
    // Both processes keep passing over the same due period for a while.
    await sleep(5000);
    expect(catcher.messages.map((mail) => mail.envelopeTo.join(',')).sort()).toEqual([...RECIPIENTS].sort());
    for (const mail of catcher.messages) expect(mail.subject).toBe('Weekly report for reports-scale.example: 5 visitors (new) · Nov 16 – Nov 22, 2026');
    expect(receiver.at('/report')).toHaveLength(1);
    expect(JSON.parse(receiver.at('/report')[0].body)).toMatchObject({ event: 'report', site: SITE, period: { start: '2026-11-16', end: '2026-11-22' }, summary: { visitors: 5, pageviews: 5 } });
    const [claims] = await queryTestDatabase<{ n: string }>(database, "SELECT COUNT(*) AS n FROM report_sends WHERE status = 'sent'");
    expect(Number(claims.n)).toBe(RECIPIENTS.length);
  });
});
