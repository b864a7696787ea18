import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DIMENSIONS } from '@cairn/contracts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, ROOT } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent } from '../support/traffic.js';

// The DuckDB read mirror (READ_STORE=duckdb, SQLite only) must answer every stats call exactly as
// the primary database's raw tables do (source=sql), with any filters, and must come back equal to
// them after a kill -9 in the middle of catching up, holding no event twice.
const SITE = 'mirror.example';
const END = '2026-05-14';
const NOW = Date.parse('2026-05-14T15:00:00Z');
const SEED = join(ROOT, 'dist/apps/api/apps/api/src/seed.js');

/** Small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `npm run seed`: randomised traffic written through the ingest store, as the bench seeds it. */
async function seed(database: TestDatabase, events: number, days: number, seedNumber: number, clock: TestClock): Promise<void> {
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...clock.env() };
  await promisify(execFile)(process.execPath, [SEED, '--site', SITE, '--days', String(days), '--events', String(events), '--seed', String(seedNumber), '--end', END], { env });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000, everyMs = 100): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Counts in the mirror's file, read while no server holds it. */
async function mirrorCounts(file: string): Promise<{ horizon: number; events: number; eventIds: number; visits: number; visitIds: number; pageviews: number }> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const [row] = (
      await connection.runAndReadAll(
        `SELECT (SELECT horizon FROM mirror_state) AS horizon, (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(DISTINCT id) FROM events) AS event_ids,
                (SELECT COUNT(*) FROM visits) AS visits, (SELECT COUNT(DISTINCT id) FROM visits) AS visit_ids, (SELECT SUM(pageviews) FROM visits) AS pageviews`,
      )
    ).getRowObjectsJS();
    return {
      horizon: Number(row.horizon),
      events: Number(row.events),
      eventIds: Number(row.event_ids),
      visits: Number(row.visits),
      visitIds: Number(row.visit_ids),
      pageviews: Number(row.pageviews),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function primaryCounts(database: TestDatabase): Promise<{ latest: number; events: number; visits: number; pageviews: number }> {
  const [row] = await queryTestDatabase<Record<string, number>>(
    database,
    `SELECT (SELECT MAX(id) FROM events) AS latest, (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM visits) AS visits, (SELECT SUM(pageviews) FROM visits) AS pageviews`,
  );
  return { latest: Number(row.latest), events: Number(row.events), visits: Number(row.visits), pageviews: Number(row.pageviews) };
}

/** Every stats call for a slice and filters, through the read store (the mirror) and through the primary's tables. */
async function compareEverything(server: CairnServer, token: string, slice: Record<string, string>, filters: Record<string, string>, dimensions: readonly string[]): Promise<number> {
  const both = async (path: string, params: Record<string, string>) => {
    const answers = [];
    for (const source of ['raw', 'sql']) {
      const answer = await server.request('GET', `${path}?${new URLSearchParams({ site: SITE, ...slice, ...filters, ...params, source })}`, { token });
      if (answer.status !== 200) throw new Error(`${path} ${JSON.stringify({ ...slice, ...filters, ...params })}: ${answer.status} ${answer.text}`);
      answers.push(answer.body);
    }
    expect({ path, slice, filters, params, answer: answers[0] }).toEqual({ path, slice, filters, params, answer: answers[1] });
    return answers[0];
  };
  const summary = await both('/api/stats/summary', { compare: 'previous' });
  for (const interval of slice.start === slice.end ? ['hour', 'day'] : ['day', 'week']) await both('/api/stats/timeseries', { interval });
  for (const dimension of dimensions) await both('/api/stats/breakdown', { dimension, limit: '1000' });
  await both('/api/stats/prop-keys', {});
  await both('/api/stats/prop-keys', { event: 'Signup' });
  const funnelFilters = Object.fromEntries(Object.entries(filters).map(([key, value]) => [key.slice('filter.'.length), value]));
  for (const steps of [
    [{ page: '/' }, { page: '/pricing' }, { page: '/signup' }, { event: 'Signup' }],
    [{ page: '/blog/*' }, { page: '/pricing' }],
  ]) {
    const answers = [];
    for (const source of ['raw', 'sql']) {
      const answer = await server.request('POST', '/api/stats/funnel', { token, body: { site: SITE, ...slice, steps, source, ...(filters && Object.keys(filters).length ? { filters: funnelFilters } : {}) } });
      expect(answer.status).toBe(200);
      answers.push(answer.body);
    }
    expect({ steps, slice, filters, funnel: answers[0] }).toEqual({ steps, slice, filters, funnel: answers[1] });
  }
  return summary.visits;
}

const describeOnSqlite = TEST_ENGINE === 'sqlite' ? describe : describe.skip;

describeOnSqlite('the DuckDB read mirror answers as the raw tables do, on randomised traffic', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock(NOW);
    await seed(database, 12_000, 14, 7, clock);
    server = await CairnServer.start({ DATABASE_URL: database.url, READ_STORE: 'duckdb', LOG_LEVEL: 'debug', TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ...clock.env() });
    await until('the mirror to catch up', () => /DuckDB read mirror: caught up/.test(server.logs));
    token = await server.login();
    // Events acknowledged after the start: the mirror holds them before it answers.
    const next = random(11);
    const people = [FIREFOX, CHROME_WINDOWS, SAFARI_IPHONE].flatMap((userAgent) => ['81.2.69.142', '8.8.8.8', '203.0.113.7'].map((ip) => ({ ip, userAgent })));
    for (let i = 0; i < 60; i++) {
      clock.set(NOW - 3_600_000 + i * 30_000);
      const who = people[Math.floor(next() * people.length)];
      const path = ['/', '/pricing', '/blog/new', '/signup'][Math.floor(next() * 4)];
      const body =
        next() < 0.25
          ? { site: SITE, url: `https://${SITE}${path}`, type: 'event', name: 'Signup', props: { plan: next() < 0.5 ? 'free' : 'pro' } }
          : { site: SITE, url: `https://${SITE}${path}?utm_source=newsletter`, referrer: next() < 0.5 ? 'https://www.google.com/' : undefined };
      expect((await sendEvent(server, who, body)).status).toBe(202);
    }
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('gives every call, with 0, 1 and 2 filters, the answer of a straight computation from raw events', async () => {
    const next = random(20261204);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const week = { start: '2026-05-08', end: END };
    // Filter values that occur: the top values of each dimension in the primary's raw tables.
    const valuesOf = async (dimension: string): Promise<string[]> => {
      const answer = await server.request('GET', `/api/stats/breakdown?${new URLSearchParams({ site: SITE, ...week, dimension, limit: '5', source: 'sql' })}`, { token });
      return answer.body.results.map((row: { value: string | null }) => row.value).filter((value: string | null): value is string => value !== null);
    };
    const filterable = ['country', 'source', 'page', 'entry_page', 'device', 'browser', 'utm_source', 'event', 'prop:plan'];
    const values = new Map<string, string[]>();
    for (const dimension of filterable) values.set(dimension, await valuesOf(dimension));
    values.get('page')!.push('/blog/*');
    const one = (): [string, string] => {
      const dimension = pick(filterable.filter((d) => values.get(d)!.length > 0));
      return [`filter.${dimension}`, pick(values.get(dimension)!)];
    };

    const slices = [week, { start: END, end: END }];
    const everyDimension = [...DIMENSIONS, 'prop:plan'];
    const filterSets: Array<Record<string, string>> = [{}];
    for (const dimension of filterable) if (values.get(dimension)!.length) filterSets.push({ [`filter.${dimension}`]: values.get(dimension)![0] });
    filterSets.push({ 'filter.page': '/blog/*' });
    for (let i = 0; i < 8; i++) {
      const [a, b] = [one(), one()];
      filterSets.push(a[0] === b[0] ? { [a[0]]: a[1] } : Object.fromEntries([a, b]));
    }
    let nonEmpty = 0;
    for (const slice of slices) {
      for (const filters of filterSets) {
        const dimensions = Object.keys(filters).length < 2 ? everyDimension : ['page', 'source', 'country', 'event', 'prop:plan'];
        if ((await compareEverything(server, token, slice, filters, dimensions)) > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(filterSets.length); // the comparisons were of real numbers
    // Every one of those questions was answered by the mirror, none by falling back.
    expect(server.logs).toContain('answered by duckdb');
    expect(server.logs).not.toContain('answered by sql');
  }, 600_000);

  it('holds every event and visit once, as the primary database does', async () => {
    await server.stop();
    const mirror = await mirrorCounts(`${database.file}.duckdb`);
    const primary = await primaryCounts(database);
    expect(mirror).toEqual({ horizon: primary.latest, events: primary.events, eventIds: primary.events, visits: primary.visits, visitIds: primary.visits, pageviews: primary.pageviews });
  });
});

describeOnSqlite('the DuckDB read mirror after kill -9 during catch-up', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock(NOW);
    await seed(database, 150_000, 20, 3, clock);
  }, 300_000);
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
    clock?.remove();
  });

  it('comes back equal to the raw truth, with nothing twice', async () => {
    const env = { DATABASE_URL: database.url, READ_STORE: 'duckdb', ...clock.env() };
    server = await CairnServer.start(env);
    await until('the first catch-up step', () => /DuckDB read mirror: at event \d+/.test(server.logs), 120_000, 10);
    await server.kill();
    const primary = await primaryCounts(database);
    const crashed = await mirrorCounts(`${database.file}.duckdb`);
    // Killed part way: the file holds exactly the events up to its horizon, each once.
    expect(crashed.horizon).toBeGreaterThan(0);
    expect(crashed.horizon).toBeLessThan(primary.latest);
    const [{ upTo }] = await queryTestDatabase<{ upTo: number }>(database, `SELECT COUNT(*) AS upTo FROM events WHERE id <= ${crashed.horizon}`);
    expect({ events: crashed.events, eventIds: crashed.eventIds, visitIds: crashed.visitIds }).toEqual({ events: Number(upTo), eventIds: Number(upTo), visitIds: crashed.visits });

    server = await CairnServer.start({ ...env, LOG_LEVEL: 'debug' });
    await until('the mirror to catch up', () => /DuckDB read mirror: caught up/.test(server.logs), 240_000);
    const token = await server.login();
    const visits = await compareEverything(server, token, { start: '2026-04-25', end: END }, {}, ['page', 'source', 'country', 'event']);
    expect(visits).toBeGreaterThan(500);
    await compareEverything(server, token, { start: '2026-05-01', end: '2026-05-07' }, { 'filter.country': 'US', 'filter.page': '/pricing' }, ['page', 'source']);
    expect(server.logs).not.toContain('answered by sql');
    await server.stop();

    const after = await mirrorCounts(`${database.file}.duckdb`);
    expect(after).toEqual({ horizon: primary.latest, events: primary.events, eventIds: primary.events, visits: primary.visits, visitIds: primary.visits, pageviews: primary.pageviews });
  }, 600_000);
});
