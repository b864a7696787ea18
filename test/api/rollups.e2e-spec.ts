import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DIMENSIONS } from '@cairn/contracts';
import { CairnServer, ROOT } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

// Randomised traffic over four days in a zone with a half-hour offset; then every answer the
// rollups give must equal the straight computation from raw events (source=raw).
const SITE = 'random.example';
const ZONE = 'Asia/Kolkata'; // UTC+5:30: local midnight is 18:30 UTC
const DAYS = ['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07'];
const START = Date.parse('2026-05-03T18:30:00Z'); // 4 May, 00:00 in Kolkata

/** Small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const PAGES = ['/', '/pricing', '/blog/one', '/blog/two', '/docs', '/signup'];
const REFERRERS = [undefined, 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1', 'https://github.com/x/y', 'https://blog.example.org/post'];
const IPS = ['81.2.69.142', '8.8.8.8', '8.8.4.4', '203.0.113.1', '203.0.113.2', '203.0.113.3', '2001:4860:4860::8888'];
const AGENTS = [FIREFOX, CHROME_WINDOWS, SAFARI_IPHONE, ANDROID];

type Planned = { at: number; who: Visitor; body: Record<string, unknown> };

function plan(seed: number): Planned[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const people: Visitor[] = [];
  for (const ip of IPS) for (const userAgent of AGENTS) people.push({ ip, userAgent });
  const out: Planned[] = [];
  for (let visit = 0; visit < 90; visit++) {
    const who = pick(people);
    // Some visits start just before a local or a UTC midnight, to cross it.
    const day = Math.floor(next() * DAYS.length);
    const nearMidnight = next() < 0.2;
    let at = START + day * 86_400_000 + (nearMidnight ? 86_400_000 - next() * 1_800_000 : next() * 86_400_000);
    if (next() < 0.1) at = Date.parse(`2026-05-0${4 + day}T23:40:00Z`) + next() * 900_000; // UTC midnight
    const utm = next() < 0.2 ? `?utm_source=newsletter&utm_medium=email&utm_campaign=c${Math.floor(next() * 3)}` : '';
    const referrer = pick(REFERRERS);
    const pages = 1 + Math.floor(next() * 5);
    for (let i = 0; i < pages; i++) {
      const path = pick(PAGES);
      out.push({ at, who, body: { url: `https://${SITE}${path}${i === 0 ? utm : ''}`, ...(i === 0 && referrer ? { referrer } : {}), screen: who.userAgent === FIREFOX ? '1920x1080' : '390x844' } });
      at += 5_000 + next() * 600_000;
      if (next() < 0.3) {
        out.push({ at, who, body: { url: `https://${SITE}${path}`, type: 'event', name: pick(['Signup', 'Download']), props: { plan: pick(['free', 'pro']), seats: Math.floor(next() * 3), annual: next() < 0.5 } } });
        at += 1_000 + next() * 60_000;
      }
      if (next() < 0.6) {
        out.push({ at, who, body: { url: `https://${SITE}${path}`, type: 'engagement', engagedMs: Math.floor(1_000 + next() * 120_000) } });
        at += 1_000;
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

describe('rollups agree with raw events on randomised traffic', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;

  const get = async (path: string, params: Record<string, string>) => {
    const answer = await server.request('GET', `${path}?${new URLSearchParams({ site: SITE, ...params })}`, { token });
    if (answer.status !== 200) throw new Error(`${path} ${JSON.stringify(params)}: ${answer.status} ${answer.text}\n${server.logs.split('\n').filter((line) => /"level":50/.test(line)).slice(-1)}`);
    return answer.body;
  };
  /** The same call answered from rollups and from raw events. */
  const bothWays = async (path: string, params: Record<string, string>) => [await get(path, params), await get(path, { ...params, source: 'raw' })];

  const everyAnswer = async (start: string, end: string) => {
    const slice = { start, end };
    const [summary, rawSummary] = await bothWays('/api/stats/summary', { ...slice, compare: 'previous' });
    expect(summary).toEqual(rawSummary);
    for (const interval of ['day', 'week', 'month']) {
      const [series, rawSeries] = await bothWays('/api/stats/timeseries', { ...slice, interval });
      expect(series).toEqual(rawSeries);
    }
    for (const dimension of [...DIMENSIONS, 'prop:plan', 'prop:seats', 'prop:annual']) {
      const [rows, rawRows] = await bothWays('/api/stats/breakdown', { ...slice, dimension, limit: '1000' });
      expect({ dimension, rows: rows.results }).toEqual({ dimension, rows: rawRows.results });
    }
    return summary;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock(START - 86_400_000);
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ROLLUP_INTERVAL_SECONDS: '1', ...clock.env() });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: ZONE } })).status).toBe(201);
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'rollups test' } })).body.key;
    for (const { at, who, body } of plan(20261125)) {
      clock.set(at);
      const answer = await sendEvent(server, who, { site: SITE, ...body });
      if (answer.status !== 202) throw new Error(`${answer.status} ${answer.text}\n${server.logs.split('\n').filter((line) => /"level":(40|50)/.test(line)).join('\n')}`);
    }
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('answers the days still going on from provisional rollups, equal to raw', async () => {
    // The clock stands in the last day: it and the day before are unfinished.
    const summary = await everyAnswer(DAYS[2], DAYS[3]);
    expect(summary.visits).toBeGreaterThan(0);
  });

  it('rolls up finished days and answers every range, metric and dimension as raw events do', async () => {
    clock.set(Date.parse('2026-05-10T12:00:00Z'));
    const progress = async () =>
      (await queryTestDatabase<{ through_day: string }>(database, `SELECT through_day FROM rollup_progress`))[0]?.through_day ?? '';
    for (let i = 0; i < 100 && (await progress()) < '2026-05-09'; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await progress()).toBe('2026-05-09');
    const rollupRows = Number((await queryTestDatabase<{ n: number }>(database, `SELECT COUNT(*) AS n FROM rollups`))[0].n);
    expect(rollupRows).toBeGreaterThan(100);

    const all = await everyAnswer(DAYS[0], DAYS[3]);
    expect(all.visits).toBeGreaterThan(60); // 90 planned; a visitor's visits less than 30 minutes apart merge
    for (let i = 0; i < DAYS.length; i++) {
      await everyAnswer(DAYS[i], DAYS[i]);
      if (i + 1 < DAYS.length) await everyAnswer(DAYS[i], DAYS[i + 1]);
    }
    // A range mixing stored days and today's (unfinished) day.
    await everyAnswer('2026-05-08', '2026-05-10');
    // Named periods, whose days reach into the future.
    for (const period of ['7d', '30d', 'month', 'year', 'all']) {
      const [summary, rawSummary] = await bothWays('/api/stats/summary', { period, compare: 'previous' });
      expect({ period, summary }).toEqual({ period, summary: rawSummary });
      const [series, rawSeries] = await bothWays('/api/stats/timeseries', { period, interval: 'day' });
      expect({ period, series }).toEqual({ period, series: rawSeries });
    }
  });

  it('counts funnels as in-order matching over the exported events does, with and without a filter', async () => {
    const exported = async (params: Record<string, string>) => {
      const answer = await server.request('GET', `/api/export?${new URLSearchParams({ site: SITE, format: 'ndjson', ...params })}`, { token });
      expect(answer.status).toBe(200);
      return answer.text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    };
    // Every event (export order is time, then arrival), and the visits that started in each slice.
    const events: Array<{ visit_id: number; visitor_id: string; type: string; path: string; name: string | null }> = await exported({ period: 'all', dataset: 'events' });
    type Step = { page?: string; event?: string };
    const matches = (step: Step, event: (typeof events)[number]) =>
      step.page !== undefined
        ? event.type === 'pageview' && (step.page.endsWith('*') ? event.path.startsWith(step.page.slice(0, -1)) : event.path === step.page)
        : event.type === 'event' && event.name === step.event;
    const expected = (steps: Step[], visits: Set<number>) => {
      const progress = new Map<number, number>();
      const visitorOf = new Map<number, string>();
      for (const event of events) {
        if (!visits.has(event.visit_id)) continue;
        visitorOf.set(event.visit_id, event.visitor_id);
        const reached = progress.get(event.visit_id) ?? 0;
        if (reached < steps.length && matches(steps[reached], event)) progress.set(event.visit_id, reached + 1);
      }
      return steps.map((_, k) => new Set([...progress].filter(([, reached]) => reached > k).map(([visit]) => visitorOf.get(visit))).size);
    };
    const funnels: Step[][] = [
      [{ page: '/' }, { page: '/pricing' }],
      [{ page: '/' }, { page: '/' }, { page: '/pricing' }, { event: 'Signup' }],
      [{ page: '/blog/*' }, { page: '/docs' }, { event: 'Download' }],
      [{ event: 'Signup' }, { page: '/signup' }, { event: 'Signup' }],
      [{ page: '/*' }, { page: '/pricing' }, { page: '/signup' }, { page: '/' }, { page: '/docs' }],
    ];
    let nonZero = 0;
    for (const [start, end] of [[DAYS[0], DAYS[3]], [DAYS[1], DAYS[1]]]) {
      const visits: Array<{ id: number; country: string | null }> = await exported({ start, end, dataset: 'visits' });
      for (const country of [null, 'US']) {
        const slice = new Set(visits.filter((visit) => country === null || visit.country === country).map((visit) => visit.id));
        for (const steps of funnels) {
          const body = { site: SITE, start, end, steps, ...(country ? { filters: { country } } : {}) };
          const answer = await server.request('POST', '/api/stats/funnel', { token, body });
          expect(answer.status).toBe(200);
          const counted = answer.body.steps.map((step: { visitors: number }) => step.visitors);
          expect({ start, end, country, steps, counted }).toEqual({ start, end, country, steps, counted: expected(steps, slice) });
          nonZero += counted.filter((count: number) => count > 0).length;
        }
      }
    }
    expect(nonZero).toBeGreaterThan(20);
  });

  it('keeps answering from rollups after RETENTION_DAYS has purged the raw events', async () => {
    const slice = { start: DAYS[0], end: DAYS[3] };
    const before = {
      summary: await get('/api/stats/summary', slice),
      series: await get('/api/stats/timeseries', { ...slice, interval: 'day' }),
      pages: await get('/api/stats/breakdown', { ...slice, dimension: 'page', limit: '1000' }),
    };
    await server.stop();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', ROLLUP_INTERVAL_SECONDS: '1', RETENTION_DAYS: '1', ...clock.env() });
    // Raw rows are kept back to two days before the last rolled-up day (9 May): 4–6 May go.
    const oldEvents = async () => Number((await queryTestDatabase<{ n: number }>(database, `SELECT COUNT(*) AS n FROM events WHERE ts < ${Date.parse('2026-05-06T18:30:00Z')}`))[0].n);
    for (let i = 0; i < 100 && (await oldEvents()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await oldEvents()).toBe(0);
    expect(await get('/api/stats/summary', slice)).toEqual(before.summary);
    expect(await get('/api/stats/timeseries', { ...slice, interval: 'day' })).toEqual(before.series);
    expect(await get('/api/stats/breakdown', { ...slice, dimension: 'page', limit: '1000' })).toEqual(before.pages);
    // The raw tables no longer hold the first days: a straight computation now sees less.
    expect((await get('/api/stats/summary', { ...slice, source: 'raw' })).visits).toBeLessThan(before.summary.visits);
  });

  it('npm run rollups -- --rebuild refuses to lose purged days, and with --force builds from what raw events remain', async () => {
    await server.stop();
    const cli = join(ROOT, 'dist/apps/api/apps/api/src/rollups.js');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url };
    // Retention deleted raw events: a rebuild would lose those days, so it is refused unless forced.
    const refused = await promisify(execFile)(process.execPath, [cli, '--rebuild', '--site', SITE], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('were deleted by RETENTION_DAYS') });
    const { stdout } = await promisify(execFile)(process.execPath, [cli, '--rebuild', '--force', '--site', SITE], { env });
    expect(stdout).toMatch(/^random\.example: \d+ day\(s\) rolled up in [\d.]+ s$/m);
    const wrong = await promisify(execFile)(process.execPath, [cli, '--frobnicate'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run rollups') });
  }, 180_000); // three CLI runs, each opening the database and migrating
});
