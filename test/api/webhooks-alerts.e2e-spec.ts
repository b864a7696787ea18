import { createHmac } from 'node:crypto';
import { CairnServer } from '../support/cairn-server.js';
import { MailCatcher } from '../support/mail-catcher.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const SITE = 'spikes.example';
const ALERTS = 'alerts@example.org';
const START = Date.parse('2026-11-18T12:00:00Z');
const MINUTE = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A few passes of the scheduler (NOTIFY_INTERVAL_SECONDS=1). */
const PASSES = 3500;

/**
 * Spike alerts and webhooks against a real SMTP server and a real local HTTP receiver, with the
 * server's clock moved by the test: one notification per spike, quiet until the live count has been
 * below the threshold for 15 minutes; each POST signed; a 500 retried with backoff, also across a
 * restart; the deliveries list shows every attempt.
 */
describe('spike alerts and webhooks', () => {
  let database: TestDatabase;
  let catcher: MailCatcher;
  let receiver: WebhookReceiver;
  let clock: TestClock;
  let server: CairnServer;
  let env: Record<string, string>;
  let token: string;
  let jsonHook: { id: string; secret: string };
  let now = START;
  let visitorNumber = 0;

  const ask = async (method: string, path: string, body?: unknown) => {
    const answer = await server.request(method, path, { token, body });
    if (answer.status !== 401) return answer;
    token = await server.login();
    return server.request(method, path, { token, body });
  };
  const at = (ms: number) => {
    now = ms;
    clock.set(ms);
  };
  /** `count` new visitors, one pageview each, at the server's current time. */
  const visitors = async (count: number) => {
    for (let i = 0; i < count; i++) {
      visitorNumber += 1;
      const answer = await sendEvent(server, { ip: `10.9.${visitorNumber >> 8}.${visitorNumber & 255}`, userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/` });
      expect(answer.status).toBe(202);
    }
  };
  const live = async () => (await ask('GET', `/api/live?site=${SITE}`)).body.visitors as number;
  const alertMails = () => catcher.to(ALERTS);

  beforeAll(async () => {
    database = await createTestDatabase();
    catcher = await MailCatcher.start();
    receiver = await WebhookReceiver.start();
    clock = new TestClock(START);
    env = {
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      SMTP_URL: catcher.url,
      MAIL_FROM: 'cairn@example.org',
      PUBLIC_URL: 'https://cairn.example.org',
      NOTIFY_INTERVAL_SECONDS: '1',
      ...clock.env(),
    };
    server = await CairnServer.start(env);
    token = await server.login();
    expect((await ask('POST', '/api/sites', { domain: SITE, timezone: 'UTC' })).status).toBe(201);
  });
  afterAll(async () => {
    if (process.env.CAIRN_TEST_SHOW_LOGS) console.log(server?.logs);
    await server?.stop();
    await receiver?.stop();
    await catcher?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('makes webhooks with a secret shown once, and refuses what is not one', async () => {
    const created = await ask('POST', `/api/sites/${SITE}/webhooks`, { url: `${receiver.url}/json`, events: ['spike', 'report'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), url: `${receiver.url}/json`, events: ['report', 'spike'], format: 'json', createdAt: expect.any(String), secret: expect.stringMatching(/^whsec_[\w-]{32}$/) });
    jsonHook = created.body;
    expect((await ask('POST', `/api/sites/${SITE}/webhooks`, { url: `${receiver.url}/slack`, events: ['spike'], format: 'slack' })).status).toBe(201);
    expect((await ask('POST', `/api/sites/${SITE}/webhooks`, { url: `${receiver.url}/down`, events: ['spike'] })).status).toBe(201);
    const listed = (await ask('GET', `/api/sites/${SITE}/webhooks`)).body;
    expect(listed.map((hook: { url: string }) => hook.url).sort()).toEqual([`${receiver.url}/down`, `${receiver.url}/json`, `${receiver.url}/slack`]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    for (const body of [{ url: 'ftp://x.example', events: ['spike'] }, { url: `${receiver.url}/x`, events: [] }, { url: `${receiver.url}/x`, events: ['pageview'] }, { url: `${receiver.url}/x`, events: ['spike'], format: 'xml' }]) {
      expect({ body, status: (await ask('POST', `/api/sites/${SITE}/webhooks`, body)).status }).toEqual({ body, status: 400 });
    }
    expect((await ask('GET', `/api/sites/${SITE}/webhooks`)).body).toHaveLength(3);
  });

  it('makes a spike alert, refusing one with nowhere to notify or a webhook of another site', async () => {
    expect((await ask('POST', `/api/sites/${SITE}/alerts`, { kind: 'spike', threshold: 3 })).status).toBe(400);
    expect((await ask('POST', `/api/sites/${SITE}/alerts`, { kind: 'spike', threshold: 3, webhook: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await ask('POST', `/api/sites/${SITE}/alerts`, { kind: 'spike', threshold: 0, email: ALERTS })).status).toBe(400);
    const created = await ask('POST', `/api/sites/${SITE}/alerts`, { kind: 'spike', threshold: 3, email: ALERTS });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'spike', threshold: 3, email: ALERTS, webhook: null, lastFiredAt: null });
    expect((await ask('GET', `/api/sites/${SITE}/alerts`)).body).toHaveLength(1);
  });

  it('notifies once when live visitors reach the threshold: a mail, a Slack message, a signed POST retried after a 500', async () => {
    receiver.failNext('/json', 500);
    receiver.alwaysFail('/down', 503);
    await visitors(2);
    await sleep(PASSES);
    expect(await live()).toBe(2);
    expect(alertMails()).toEqual([]);
    expect(receiver.received).toEqual([]);

    await visitors(1);
    await catcher.waitFor(() => alertMails().length === 1);
    expect(alertMails()[0].subject).toBe(`Traffic spike on ${SITE}: 3 visitors right now`);
    expect(alertMails()[0].text).toContain('https://cairn.example.org/sites/spikes.example/live');
    await receiver.waitFor(() => receiver.at('/slack').length === 1 && receiver.at('/json').length === 1 && receiver.at('/down').length === 1);
    expect(JSON.parse(receiver.at('/slack')[0].body)).toEqual({ text: expect.stringContaining(`3 visitors on ${SITE} right now (alert at 3)`) });

    // The 500 is retried after 30 s (server time), and the retry carries the same signed body.
    at(now + 31_000);
    await receiver.waitFor(() => receiver.at('/json').length === 2);
    const [first, retry] = receiver.at('/json');
    expect([first.answered, retry.answered]).toEqual([500, 200]);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['x-cairn-signature']).toBe(`sha256=${createHmac('sha256', jsonHook.secret).update(retry.body).digest('hex')}`);
    expect(retry.headers['x-cairn-event']).toBe('spike');
    expect(JSON.parse(retry.body)).toMatchObject({ event: 'spike', site: SITE, visitors: 3, alert: { threshold: 3 }, url: 'https://cairn.example.org/sites/spikes.example/live' });

    const deliveries = (await ask('GET', `/api/sites/${SITE}/webhooks/${jsonHook.id}/deliveries`)).body;
    expect(deliveries).toEqual([
      expect.objectContaining({ event: 'spike', status: 'delivered', nextAttemptAt: null, attempts: [expect.objectContaining({ statusCode: 500, error: 'answered 500' }), expect.objectContaining({ statusCode: 200, error: null })] }),
    ]);

    // More visitors while it is up: nothing more.
    await visitors(2);
    await sleep(PASSES);
    expect(alertMails()).toHaveLength(1);
    expect(receiver.at('/slack')).toHaveLength(1);
  });

  it('stays quiet until live visitors have been below the threshold for 15 minutes', async () => {
    // Everyone leaves the 5-minute live window.
    at(now + 6 * MINUTE);
    await sleep(PASSES);
    expect(await live()).toBe(0);
    // Ten minutes below, then a spike: not re-armed yet.
    at(now + 10 * MINUTE);
    await sleep(PASSES);
    await visitors(3);
    await sleep(PASSES);
    expect(await live()).toBe(3);
    expect(alertMails()).toHaveLength(1);
    // That spike restarted the wait: 6 min later they are gone, 14 more minutes below is not enough…
    at(now + 6 * MINUTE);
    await sleep(PASSES);
    at(now + 14 * MINUTE);
    await sleep(PASSES);
    await visitors(3);
    await sleep(PASSES);
    expect(alertMails()).toHaveLength(1);
    // …15 minutes below is.
    at(now + 6 * MINUTE);
    await sleep(PASSES);
    at(now + 15 * MINUTE + 5_000);
    await sleep(PASSES);
    receiver.failNext('/json', 500);
    await visitors(3);
    await catcher.waitFor(() => alertMails().length === 2);
    await receiver.waitFor(() => receiver.at('/slack').length === 2 && receiver.at('/json').length === 3);
  });

  it('keeps a failed delivery through a restart and delivers it when its retry is due', async () => {
    expect(receiver.at('/json')[2].answered).toBe(500);
    await server.stop();
    at(now + 31_000);
    server = await CairnServer.start(env);
    await receiver.waitFor(() => receiver.at('/json').length === 4);
    expect(receiver.at('/json')[3].answered).toBe(200);
    const deliveries = (await ask('GET', `/api/sites/${SITE}/webhooks/${jsonHook.id}/deliveries`)).body;
    expect(deliveries.map((d: { status: string; attempts: unknown[] }) => [d.status, d.attempts.length])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
  });

  it('gives up on a receiver that failed for 24 hours, and says so in the list', async () => {
    const down = (await ask('GET', `/api/sites/${SITE}/webhooks`)).body.find((hook: { url: string }) => hook.url.endsWith('/down'));
    const before = (await ask('GET', `/api/sites/${SITE}/webhooks/${down.id}/deliveries`)).body;
    expect(before.map((d: { status: string }) => d.status)).toEqual(['pending', 'pending']);
    at(now + 25 * 60 * MINUTE);
    await sleep(PASSES);
    const after = (await ask('GET', `/api/sites/${SITE}/webhooks/${down.id}/deliveries`)).body;
    expect(after.map((d: { status: string }) => d.status)).toEqual(['failed', 'failed']);
    for (const delivery of after) expect(delivery.attempts.every((a: { statusCode: number }) => a.statusCode === 503)).toBe(true);
  });

  it('removes webhooks and alerts', async () => {
    const alert = (await ask('GET', `/api/sites/${SITE}/alerts`)).body[0];
    expect((await ask('DELETE', `/api/sites/${SITE}/alerts/${alert.id}`)).status).toBe(204);
    expect((await ask('DELETE', `/api/sites/${SITE}/alerts/${alert.id}`)).status).toBe(404);
    expect((await ask('DELETE', `/api/sites/${SITE}/webhooks/${jsonHook.id}`)).status).toBe(204);
    expect((await ask('GET', `/api/sites/${SITE}/webhooks/${jsonHook.id}/deliveries`)).status).toBe(404);
  });
});
