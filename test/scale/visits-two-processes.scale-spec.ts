import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { dropRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/test-redis.js';
import { FIREFOX, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'visits-scale.example';
const VISITORS = 120;

const visitor = (n: number): Visitor => ({ ip: `10.77.${(n >> 8) & 255}.${n & 255}`, userAgent: FIREFOX });

/**
 * Behind a load balancer without sticky sessions, one visitor's events reach both processes, often
 * at the same moment (the engagement report of the page being left and the next page's view). Their
 * visit must come out as if one process had taken them all: one visit, every pageview and every
 * second of engagement counted.
 */
describe('visits across two processes sharing PostgreSQL (no sticky sessions)', () => {
  let database: TestDatabase;
  let a: CairnServer;
  let b: CairnServer;
  let token: string;
  let prefix: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    prefix = uniqueRedisPrefix();
    // With REDIS_URL, each process reads open visits from the database rather than its own memory.
    const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', DEMO_DATA: 'false' };
    [a, b] = await Promise.all([CairnServer.start(env), CairnServer.start(env)]);
    token = await a.login();
    expect((await a.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (prefix) await dropRedisKeys(prefix);
  });

  it('a visitor whose events reach both processes at once has one visit with all of them', async () => {
    const send = (server: CairnServer, n: number, body: Record<string, unknown>) =>
      sendEvent(server, visitor(n), { site: SITE, ...body }).then((answer) => expect(answer.status).toBe(202));
    const everyone = Array.from({ length: VISITORS }, (_, n) => n);
    // Round 1: each visitor's first two pageviews, one to each process, at the same moment.
    await Promise.all(everyone.flatMap((n) => [send(a, n, { url: `https://${SITE}/first` }), send(b, n, { url: `https://${SITE}/second` })]));
    // Round 2: an engagement report of 1 s and a third pageview, again one to each process at once.
    await Promise.all(everyone.flatMap((n) => [send(b, n, { type: 'engagement', url: `https://${SITE}/second`, engagedMs: 1000 }), send(a, n, { url: `https://${SITE}/third` })]));
    // Round 3: one more pageview and a custom event, at once.
    await Promise.all(everyone.flatMap((n) => [send(a, n, { url: `https://${SITE}/fourth` }), send(b, n, { type: 'event', name: 'Signup', url: `https://${SITE}/fourth` })]));

    // Every acknowledged event is committed before its 202: the rows are there now.
    const [events] = await queryTestDatabase<{ pageviews: string; customs: string }>(
      database,
      `SELECT COUNT(*) FILTER (WHERE type = 'pageview') AS pageviews, COUNT(*) FILTER (WHERE type = 'event') AS customs FROM events`,
    );
    expect({ pageviews: Number(events.pageviews), customs: Number(events.customs) }).toEqual({ pageviews: 4 * VISITORS, customs: VISITORS });
    const visits = await queryTestDatabase<{ visitors: string; visits: string; pageviews: string; events: string; engaged: string; split: string; mismatched: string }>(
      database,
      `SELECT COUNT(DISTINCT v.visitor_id) AS visitors, COUNT(*) AS visits, SUM(v.pageviews) AS pageviews, SUM(v.events) AS events,
              SUM(v.engaged_ms) AS engaged,
              COUNT(*) - COUNT(DISTINCT v.visitor_id) AS split,
              SUM(CASE WHEN v.pageviews <> (SELECT COUNT(*) FROM events e WHERE e.visit_id = v.id AND e.type = 'pageview') THEN 1 ELSE 0 END) AS mismatched
       FROM visits v`,
    );
    expect(Object.fromEntries(Object.entries(visits[0]).map(([k, v]) => [k, Number(v)]))).toEqual({
      visitors: VISITORS,
      visits: VISITORS,
      pageviews: 4 * VISITORS,
      events: VISITORS,
      engaged: 1000 * VISITORS,
      split: 0,
      mismatched: 0,
    });
    // And the stats API agrees, from either process.
    for (const server of [a, b]) {
      const summary = (await server.request('GET', `/api/stats/summary?site=${SITE}&period=today`, { token })).body;
      expect(summary).toMatchObject({ visitors: VISITORS, visits: VISITORS, pageviews: 4 * VISITORS, bounceRate: 0 });
    }
  });
});
