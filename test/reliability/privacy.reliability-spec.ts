import { dirname } from 'node:path';
import { CairnServer, type HttpAnswer } from '../support/cairn-server.js';
import { LoadRun, probeUserAgent, SiteTraffic, visitorPool } from '../support/load.js';
import { describeTally, serverErrors } from '../support/load-audit.js';
import { findProbeMarks, findProbeMarksInFolder, type Leak } from '../support/privacy-probe.js';
import { recordReliability } from '../support/reliability-summary.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'private.example';
const LOAD_MS = 15_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Contract §2: neither the IP nor the User-Agent is ever written to disk or to a log. Traffic from
 * marked addresses and browsers (see privacy-probe.ts), at the most talkative log level, with the
 * requests that make servers log the most — refusals of every kind, the pixel, failed logins, a
 * rate limit hit — then every byte the server wrote is searched for any of them.
 */
describe('privacy: after traffic, no address or User-Agent anywhere', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;
  // Hand-picked addresses from the documentation range 203.0.113.0/24, and the load's pool.
  const handPicked: Visitor[] = Array.from({ length: 256 }, (_, i) => ({ ip: `203.0.113.${i}`, userAgent: probeUserAgent(i) }));
  const visitors = [...handPicked, ...visitorPool(4000)];
  const odd: Array<{ what: string; status: number }> = [];
  let acknowledged = 0;
  let sent = 0;
  let errors = 0;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', LOG_LEVEL: 'trace' });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    const load = new LoadRun(new SiteTraffic(SITE, visitors), { target: () => server.url, connections: 32, durationMs: LOAD_MS });
    const tally = await load.done;
    console.log(`privacy load: ${describeTally(tally)} from ${visitors.length} visitors`);
    sent += tally.sent;
    acknowledged += tally.acknowledged.size;
    errors += serverErrors(tally);

    // Requests that are refused, go through other routes, or hit a limit, each from a marked visitor.
    const as = (visitor: Visitor) => ({ 'x-forwarded-for': visitor.ip, 'user-agent': visitor.userAgent });
    const note = (what: string, answer: HttpAnswer) => {
      sent += 1;
      if (answer.status >= 500) errors += 1;
      odd.push({ what, status: answer.status });
    };
    const [a, b, c] = handPicked;
    note('event, broken JSON', await server.request('POST', '/api/event', { rawBody: '{"site":', headers: as(a) }));
    note('event, unknown site', await sendEvent(server, a, { site: 'nobody.example', url: 'https://nobody.example/' }));
    note('event, no url', await sendEvent(server, a, { site: SITE }));
    note('event, too large', await sendEvent(server, b, { site: SITE, url: `https://${SITE}/`, title: 'x'.repeat(9000) }));
    note('pixel', await server.request('GET', `/pixel.gif?site=${SITE}&path=%2Fnoscript`, { headers: as(b) }));
    acknowledged += 1; // the pixel's pageview is recorded
    note('pixel, unknown site', await server.request('GET', '/pixel.gif?site=nobody.example&path=%2F', { headers: as(b) }));
    note('login, wrong password', await server.request('POST', '/api/auth/login', { body: { email: 'owner@example.org', password: 'not the password' }, headers: as(c) }));
    note('stats, no token', await server.request('GET', `/api/stats/summary?site=${SITE}`, { headers: as(c) }));
    note('stats, bad parameter', await server.request('GET', `/api/stats/summary?site=${SITE}&period=forever`, { token, headers: as(c) }));
    note('tracker', await server.request('GET', '/tracker.js', { headers: as(c) }));
    note('dashboard', await server.request('GET', '/', { headers: as(c) }));
    note('not found', await server.request('GET', '/api/wp-login.php', { headers: as(c) }));
    // Past the limit of 600 events a minute from one address: 429s.
    const limited = await Promise.all(Array.from({ length: 650 }, (_, i) => sendEvent(server, handPicked[9], { site: SITE, url: `https://${SITE}/burst/${i}`, title: `burst-${i}` })));
    sent += limited.length;
    acknowledged += limited.filter((answer) => answer.status === 202).length;
    odd.push({ what: 'burst past the rate limit', status: Math.max(...limited.map((answer) => answer.status)) });
  }, LOAD_MS + 60_000);

  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it('met the requests it meant to: refusals of every kind, and the rate limit', () => {
    expect(odd).toEqual([
      { what: 'event, broken JSON', status: 400 },
      { what: 'event, unknown site', status: 404 },
      { what: 'event, no url', status: 400 },
      { what: 'event, too large', status: 413 },
      { what: 'pixel', status: 200 },
      { what: 'pixel, unknown site', status: 200 },
      { what: 'login, wrong password', status: 401 },
      { what: 'stats, no token', status: 401 },
      { what: 'stats, bad parameter', status: 400 },
      { what: 'tracker', status: 200 },
      { what: 'dashboard', status: 200 },
      { what: 'not found', status: 404 },
      { what: 'burst past the rate limit', status: 429 },
    ]);
  });

  it('holds none of them in the database files (the database, its -wal and -shm), read as bytes', async () => {
    const [{ n }] = await queryTestDatabase<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM events');
    expect(Number(n)).toBeGreaterThan(1000);
    const { files, bytes, leaks } = findProbeMarksInFolder(dirname(database.file!));
    // SQLite's three files, and the read mirror's when it has opened (READ_STORE=duckdb, the default), all read.
    const names = files.map((file) => file.slice(dirname(file).length + 1)).sort();
    expect(names).toEqual(expect.arrayContaining(['cairn.sqlite', 'cairn.sqlite-shm', 'cairn.sqlite-wal']));
    expect(names.filter((name) => !['cairn.sqlite', 'cairn.sqlite-shm', 'cairn.sqlite-wal', 'cairn.sqlite.duckdb', 'cairn.sqlite.duckdb.wal'].includes(name))).toEqual([]);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(leaks).toEqual([]);
  });

  it('printed none of them, at log level trace, on stdout or stderr', () => {
    // It did log those requests (method, path, status): just not who sent them.
    expect(server.logs).toContain('"req":{"method":"POST","path":"/api/auth/login"},"res":{"statusCode":401}');
    expect(findProbeMarks('server output', server.logs)).toEqual([]);
  });

  it('exports none of them: events and visits, as CSV and as NDJSON, everything there is', async () => {
    const [{ events }] = await queryTestDatabase<{ events: number }>(database, 'SELECT COUNT(*) AS events FROM events');
    const leaks: Leak[] = [];
    for (const dataset of ['events', 'visits']) {
      for (const format of ['csv', 'ndjson']) {
        const answer = await server.request('GET', `/api/export?site=${SITE}&period=all&dataset=${dataset}&format=${format}`, { token });
        expect(answer.status).toBe(200);
        const lines = answer.text.split('\n').filter(Boolean).length;
        if (dataset === 'events') expect(lines).toBe(Number(events) + (format === 'csv' ? 1 : 0));
        leaks.push(...findProbeMarks(`${dataset}.${format}`, answer.text));
      }
    }
    expect(leaks).toEqual([]);
    recordReliability('privacy: traffic, logs, files, exports', { requestsSent: sent, acknowledged, stored: Number(events), serverErrors: errors, crashes: server.running ? 0 : 1 });
  });
});

/**
 * Contract §3: one random salt per UTC day; salts older than 48 h are deleted, so a hash can never
 * be recomputed later, and the same person on two days is two visitors. Time is the server's test
 * clock (CAIRN_TEST_CLOCK_FILE).
 */
describe('privacy: daily salts', () => {
  const DAY_ONE = Date.UTC(2026, 2, 10, 10);
  const person: Visitor = { ip: '203.0.113.77', userAgent: probeUserAgent(0) };
  let database: TestDatabase;
  let clock: TestClock;
  let server: CairnServer;

  const salts = async () => (await queryTestDatabase<{ day: string; created_at: number }>(database, 'SELECT day, created_at FROM daily_salts ORDER BY day')).map((row) => row.day);
  const visitIds = async () => (await queryTestDatabase<{ visitor_id: string }>(database, 'SELECT visitor_id FROM visits ORDER BY started_at')).map((row) => row.visitor_id);
  const visitAt = async (at: number, path: string) => {
    clock.set(at);
    expect((await sendEvent(server, person, { site: SITE, url: `https://${SITE}${path}` })).status).toBe(202);
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    clock = new TestClock(DAY_ONE);
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', ...clock.env() });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
    clock?.remove();
  });

  it('keeps today’s and yesterday’s salt only, and hashes the same person differently each day', async () => {
    await visitAt(DAY_ONE, '/one');
    expect(await salts()).toEqual(['2026-03-10']);
    await visitAt(DAY_ONE + DAY, '/two');
    expect(await salts()).toEqual(['2026-03-10', '2026-03-11']);
    await visitAt(DAY_ONE + 2 * DAY, '/three'); // the first day's salt is 48 h old: gone
    expect(await salts()).toEqual(['2026-03-11', '2026-03-12']);
    const ids = await visitIds();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    const [{ visitors }] = await queryTestDatabase<{ visitors: number }>(database, 'SELECT COUNT(DISTINCT visitor_id) AS visitors FROM visits');
    expect(Number(visitors)).toBe(3);
  });

  it('deletes salts past 48 h on a quiet site too, with no event to prompt it', async () => {
    // Two days later and nobody came: the salts of the 11th and 12th are past 48 h (the 12th's since midnight).
    clock.set(DAY_ONE + 4 * DAY + 2 * HOUR);
    const deadline = Date.now() + 75_000;
    let left = await salts();
    while (left.some((day) => day < '2026-03-13') && Date.now() < deadline) {
      await sleep(1000);
      left = await salts();
    }
    expect(left.filter((day) => day < '2026-03-13')).toEqual([]);
    recordReliability('privacy: daily salts', { requestsSent: 3, acknowledged: 3, stored: (await visitIds()).length, crashes: server.running ? 0 : 1 });
  }, 90_000);
});
