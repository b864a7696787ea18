import { dirname } from 'node:path';
import { CairnServer } from '../support/cairn-server.js';
import { LoadRun, residentKb, SiteTraffic, visitorPool, type LoadTally } from '../support/load.js';
import { collectGarbage, INSPECTOR_ENV } from '../support/inspector.js';
import { findProbeMarks, findProbeMarksInFolder } from '../support/privacy-probe.js';
import { recordReliability } from '../support/reliability-summary.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';

const SITE = 'load.example';
/** The issue asks for a minute of load: a minute it is. */
const DURATION_MS = 60_000;
/** Keep-alive connections, one request in flight on each: far more than two cores can serve at once. */
const CONNECTIONS = 96;
/** Distinct people (an address each, 2,000 User-Agents among them): each sends a few events a minute, well under the 600/min limit. */
const VISITORS = 20_000;
/**
 * How far above its memory at start the server may stay once the load is over. What it keeps on
 * purpose after a minute of 20,000 visitors: their open visits (one row each in the session cache),
 * their live presence (until the 5-minute window passes), the rate limiter's counters (until their
 * minute is up) and the parsed User-Agent caches (5,000 entries each): 30–35 MB of JavaScript heap,
 * measured, about 1.7 KB a visitor. Add the allocator's and SQLite's share outside the heap (another
 * 35–45 MB here) and a margin. Both readings come after a full garbage collection (through the
 * inspector): left alone, V8 sits on the load's garbage (300–450 MB of RSS here) until something
 * allocates again and hands it back 1–2 minutes later, which says nothing about what the server
 * holds. A leak of 2 KB a request (over ~50,000 requests) would not fit under this bound.
 */
const RSS_GROWTH_BOUND_MB = 128;
/** Quiet time after the load before memory is read: the last batches, timers and V8's own work settle. */
const QUIET_MS = 10_000;

describe('load: a minute of traffic from 20,000 visitors on SQLite', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let tally: LoadTally;
  const visitors = visitorPool(VISITORS);
  const traffic = new SiteTraffic(SITE, visitors);
  const ackedByType = { pageview: 0, event: 0, engagement: 0 };
  const memory = { beforeKb: 0, peakKb: 0, quietKb: 0, afterKb: 0 };
  let sameUtcDay = true;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', ...INSPECTOR_ENV });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    memory.beforeKb = await collectedRss(server);

    const startDay = new Date().toISOString().slice(0, 10);
    const load = new LoadRun(traffic, { target: () => server.url, connections: CONNECTIONS, durationMs: DURATION_MS });
    load.onAnswer((status, event) => {
      if (status === 202) ackedByType[(event.body.type as keyof typeof ackedByType | undefined) ?? 'pageview'] += 1;
    });
    const sampler = setInterval(() => {
      residentKb(server.pid).then(
        (kb) => (memory.peakKb = Math.max(memory.peakKb, kb)),
        () => undefined,
      );
    }, 1000);
    tally = await load.done;
    clearInterval(sampler);
    sameUtcDay = new Date().toISOString().slice(0, 10) === startDay;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    memory.quietKb = await residentKb(server.pid);
    memory.afterKb = await collectedRss(server);
    const stored = await queryTestDatabase<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM events');
    recordReliability('load: 60 s, SQLite', {
      requestsSent: tally.sent,
      acknowledged: tally.acknowledged.size,
      stored: Number(stored[0].n),
      serverErrors: [...tally.statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0),
      crashes: server.running ? 0 : 1,
    });
    console.log(
      `load: ${tally.sent} requests in ${(tally.elapsedMs / 1000).toFixed(1)} s (${Math.round(tally.sent / (tally.elapsedMs / 1000))}/s) from ${VISITORS} visitors on ${CONNECTIONS} connections; ` +
        `statuses ${JSON.stringify(Object.fromEntries(tally.statuses))}, ${tally.unanswered.size} unanswered; ` +
        `RSS at start ${mb(memory.beforeKb)} MB, peak ${mb(memory.peakKb)} MB, ${QUIET_MS / 1000} s after ${mb(memory.quietKb)} MB, after a full collection ${mb(memory.afterKb)} MB`,
    );
  }, DURATION_MS + QUIET_MS + 90_000);

  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it('answers every request with a 202: no 5xx, no other refusal, no request left unanswered, no crash', () => {
    expect(tally.sent).toBeGreaterThan(0);
    expect(Object.fromEntries(tally.statuses)).toEqual({ 202: tally.sent });
    expect(tally.unanswered.size).toBe(0);
    expect(server.running).toBe(true);
  });

  it('stores exactly what it acknowledged: every acknowledged event once, nothing else', async () => {
    const rows = await queryTestDatabase<{ title: string }>(database, 'SELECT title FROM events');
    const titles = rows.map((row) => row.title);
    expect(titles.length).toBe(tally.acknowledged.size);
    const stored = new Set(titles);
    expect(stored.size).toBe(titles.length); // no event twice
    expect([...tally.acknowledged].filter((key) => !stored.has(key))).toEqual([]);
  });

  it('counts them in the stats as they are stored, from raw events and from rollups alike', async () => {
    const token = await server.login();
    const [visits] = await queryTestDatabase<{ visits: number; visitors: number }>(database, 'SELECT COUNT(*) AS visits, COUNT(DISTINCT visitor_id) AS visitors FROM visits');
    for (const source of ['&source=raw', '']) {
      const answer = await server.request('GET', `/api/stats/summary?site=${SITE}&period=all${source}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ pageviews: ackedByType.pageview, events: ackedByType.event, visits: Number(visits.visits), visitors: Number(visits.visitors) });
    }
    // Each person's first event is a pageview; one visitor hash per person per UTC day, so once
    // every person has been round, 20,000 people are 20,000 visitors (unless the minute straddled midnight).
    if (sameUtcDay && tally.sent >= VISITORS) expect(Number(visits.visitors)).toBe(VISITORS);
  });

  it(`keeps its memory within ${RSS_GROWTH_BOUND_MB} MB of where it started once the load is over`, () => {
    expect(memory.afterKb).toBeGreaterThan(0);
    expect(mb(memory.afterKb - memory.beforeKb)).toBeLessThanOrEqual(RSS_GROWTH_BOUND_MB);
  });

  it('writes no address and no User-Agent it was sent: not in the database files, not in its output', () => {
    const files = findProbeMarksInFolder(dirname(database.file!));
    expect(files.files.some((file) => file.endsWith('-wal'))).toBe(true);
    expect(files.leaks).toEqual([]);
    expect(findProbeMarks('server output', server.logs)).toEqual([]);
  });
});

function mb(kb: number): number {
  return Math.round(kb / 1024);
}

/** RSS after two full collections a moment apart, as V8's memory reducer does them: the second shrinks the heap the first emptied. */
async function collectedRss(server: CairnServer): Promise<number> {
  await collectGarbage(server);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await collectGarbage(server);
  return residentKb(server.pid);
}
