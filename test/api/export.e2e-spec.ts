import type { ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import pg from 'pg';
import { CairnServer } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'shop.example'; // Europe/Berlin: 10 March 2026 is 2026-03-09T23:00Z to 2026-03-10T23:00Z
const OTHER = 'other.example';
const BULK = 'bulk.example';
const BULK_EVENTS = 25_000;

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
const carol: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS }; // US

const HYPERLINK = '=HYPERLINK("http://x")';
type Step = [at: string, who: Visitor, event: Record<string, unknown>];
const page = (path: string, extra: Record<string, unknown> = {}) => ({ url: `https://shop.example${path}`, ...extra });

// (UTC instants) 12 events in 4 visits on 10 March in Berlin, and one event the next day.
const SCRIPT: Step[] = [
  ['2026-03-10T09:00:00Z', alice, page('/', { referrer: 'https://www.google.com/', title: 'Home' })],
  ['2026-03-10T09:01:00Z', alice, page('/pricing', { title: HYPERLINK })],
  ['2026-03-10T09:02:00Z', alice, page('/pricing', { type: 'event', name: 'Signup', props: { plan: 'pro', note: '=1+2' } })],
  ['2026-03-10T09:03:00Z', alice, page('/pricing', { type: 'engagement', engagedMs: 20_000 })],
  ['2026-03-10T09:30:00Z', bob, page('/blog/a', { referrer: 'https://news.ycombinator.com/item?id=1', title: 'Blog, "quoted"' })],
  ['2026-03-10T09:30:30Z', bob, page('/blog/a', { type: 'engagement', engagedMs: 30_500 })],
  ['2026-03-10T10:55:00Z', carol, page('/pricing')],
  ['2026-03-10T11:05:00Z', carol, page('/')],
  ['2026-03-10T11:06:00Z', carol, page('/', { type: 'event', name: 'Signup', props: { plan: 'free' } })],
  ['2026-03-10T11:06:30Z', carol, page('/', { type: 'event', name: '@mention' })],
  ['2026-03-10T11:07:00Z', carol, page('/signup')],
  ['2026-03-10T15:00:00Z', alice, page('/')], // after the 30-minute timeout: a second visit
  ['2026-03-11T10:00:00Z', bob, page('/next-day')],
];

const EVENT_COLUMNS = 'time,type,path,title,name,props,engaged_seconds,visit_id,visitor_id,referrer,source,utm_source,utm_medium,utm_campaign,utm_term,utm_content,country,region,city,browser,browser_version,os,os_version,device,screen';
const VISIT_COLUMNS = 'id,visitor_id,started_at,ended_at,entry_page,exit_page,pageviews,events,duration_seconds,engaged_seconds,referrer,source,utm_source,utm_medium,utm_campaign,utm_term,utm_content,country,region,city,browser,browser_version,os,os_version,device,screen';

/** RFC 4180, strictly: CRLF between records, quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else if (i < text.length) {
      throw new Error(`expected a comma or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 10))}`);
    }
  }
  if (record.length) throw new Error('last record without CRLF');
  return records;
}

/** A CSV export as objects, cells as text (empty for null). */
function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

const ndjson = (text: string) => (text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line)));

/** A value of an NDJSON row as the CSV writes it: text with a formula's first character gets a quote, numbers as they are. */
const asCell = (value: unknown) => (value === null ? '' : typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value));
const asCells = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asCell(value)]));

describe('export: raw events, visits and breakdowns, streamed as CSV and NDJSON', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;

  const query = (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
    return search.toString();
  };
  const download = async (params: Record<string, string | string[]>, auth = true) => {
    const answer = await fetch(`${server.url}/api/export?${query(params)}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  };
  const exported = async (params: Record<string, string | string[]>) => {
    const answer = await download(params);
    if (answer.status !== 200) throw new Error(`export ${JSON.stringify(params)}: ${answer.status} ${answer.text}`);
    return answer;
  };
  const stats = async (path: string, params: Record<string, string | string[]>) => {
    const answer = await server.request('GET', `${path}?${query(params)}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const berlinDay = { site: SITE, start: '2026-03-10', end: '2026-03-10' };
  /** How many files of the SQLite database the server holds open (0 on PostgreSQL). */
  const openDatabaseFiles = () => {
    if (!database.file) return 0;
    const pid = (server as unknown as { child: ChildProcess }).child.pid;
    const fds = `/proc/${pid}/fd`;
    return readdirSync(fds).filter((fd) => {
      try {
        return readlinkSync(`${fds}/${fd}`).startsWith(database.file!);
      } catch {
        return false; // closed meanwhile
      }
    }).length;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-01T00:00:00Z');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ...clock.env() });
    token = await server.login();
    for (const domain of [SITE, OTHER, BULK]) {
      expect((await server.request('POST', '/api/sites', { token, body: { domain, timezone: 'Europe/Berlin' } })).status).toBe(201);
    }
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'export test' } })).body.key;
    clock.set('2026-03-10T08:00:00Z');
    expect((await sendEvent(server, alice, { site: OTHER, url: 'https://other.example/' })).status).toBe(202);
    expect((await sendEvent(server, alice, { site: BULK, url: 'https://bulk.example/' })).status).toBe(202);
    await insertBulkEvents(database);
    for (const [at, who, event] of SCRIPT) {
      clock.set(at);
      expect((await sendEvent(server, who, { site: SITE, ...event })).status).toBe(202);
    }
    clock.set('2026-03-20T12:00:00Z');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('events', () => {
    it('exports every event of the slice, in time order, as RFC 4180 CSV with a header', async () => {
      const answer = await exported(berlinDay);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(answer.text.startsWith(`${EVENT_COLUMNS}\r\n`)).toBe(true);
      const rows = csvObjects(answer.text);
      expect(rows).toHaveLength(12);
      expect(rows.map((row) => row.time)).toEqual(SCRIPT.slice(0, 12).map(([at]) => new Date(at).toISOString()));
      expect(rows.map((row) => row.type)).toEqual(['pageview', 'pageview', 'event', 'engagement', 'pageview', 'engagement', 'pageview', 'pageview', 'event', 'event', 'pageview', 'pageview']);
      expect(rows[0]).toMatchObject({ path: '/', title: 'Home', source: 'Google', country: 'GB', browser: 'Firefox', browser_version: '128', device: 'desktop' });
      expect(rows[4]).toMatchObject({ title: 'Blog, "quoted"', source: 'Hacker News', country: 'US', device: 'mobile' });
      expect(rows[5]).toMatchObject({ type: 'engagement', engaged_seconds: '30.5' });
      expect(rows[2]).toMatchObject({ name: 'Signup', props: '{"plan":"pro","note":"=1+2"}', engaged_seconds: '' });
      // Alice's two visits, and Bob's, are different visits; a visitor id is 16 hex characters.
      expect(new Set(rows.map((row) => row.visit_id)).size).toBe(4);
      expect(rows[0].visitor_id).toMatch(/^[0-9a-f]{16}$/);
    });

    it('makes formula cells inert in CSV — and only in CSV', async () => {
      const rows = csvObjects((await exported(berlinDay)).text);
      expect(rows[1].title).toBe(`'${HYPERLINK}`);
      expect(rows[9].name).toBe("'@mention");
      const lines = ndjson((await exported({ ...berlinDay, format: 'ndjson' })).text);
      expect(lines[1].title).toBe(HYPERLINK);
      expect(lines[9].name).toBe('@mention');
    });

    it('gives the same rows as NDJSON, one object per line, numbers as numbers', async () => {
      const answer = await exported({ ...berlinDay, format: 'ndjson' });
      expect(answer.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = ndjson(answer.text);
      expect(lines).toHaveLength(12);
      expect(Object.keys(lines[0]).join(',')).toBe(EVENT_COLUMNS);
      expect(lines[3]).toMatchObject({ type: 'engagement', engaged_seconds: 20, title: null });
      expect(typeof lines[3].visit_id).toBe('number');
      expect(csvObjects((await exported(berlinDay)).text)).toEqual(lines.map(asCells));
    });

    it('takes a period, and names the download after site, dataset and days', async () => {
      const answer = await exported({ site: SITE, period: '30d' });
      expect(csvObjects(answer.text)).toHaveLength(13);
      expect(answer.headers.get('content-disposition')).toBe('attachment; filename="shop.example-events-2026-02-19-2026-03-20.csv"');
      expect((await exported(berlinDay)).headers.get('content-disposition')).toBe('attachment; filename="shop.example-events-2026-03-10-2026-03-10.csv"');
      const prop = await exported({ ...berlinDay, dataset: 'prop:plan', format: 'ndjson' });
      expect(prop.headers.get('content-disposition')).toBe('attachment; filename="shop.example-prop-plan-2026-03-10-2026-03-10.ndjson"');
    });

    it('has a header and nothing else for an empty slice', async () => {
      expect((await exported({ site: SITE, start: '2026-03-01', end: '2026-03-02' })).text).toBe(`${EVENT_COLUMNS}\r\n`);
      expect((await exported({ site: SITE, start: '2026-03-01', end: '2026-03-02', format: 'ndjson' })).text).toBe('');
    });
  });

  describe('visits', () => {
    it('exports the visits started in the slice, with their totals', async () => {
      const answer = await exported({ ...berlinDay, dataset: 'visits' });
      expect(answer.text.startsWith(`${VISIT_COLUMNS}\r\n`)).toBe(true);
      const rows = csvObjects(answer.text);
      expect(rows).toHaveLength(4);
      expect(rows[0]).toMatchObject({
        started_at: '2026-03-10T09:00:00.000Z',
        ended_at: '2026-03-10T09:03:00.000Z',
        entry_page: '/',
        exit_page: '/pricing',
        pageviews: '2',
        events: '1',
        duration_seconds: '180',
        engaged_seconds: '20',
        source: 'Google',
        country: 'GB',
      });
      expect(rows.map((row) => row.started_at)).toEqual(['2026-03-10T09:00:00.000Z', '2026-03-10T09:30:00.000Z', '2026-03-10T10:55:00.000Z', '2026-03-10T15:00:00.000Z']);
      const lines = ndjson((await exported({ ...berlinDay, dataset: 'visits', format: 'ndjson' })).text);
      expect(lines.map((line) => line.id)).toEqual(rows.map((row) => Number(row.id)));
      expect(lines[2]).toMatchObject({ entry_page: '/pricing', exit_page: '/signup', pageviews: 3, events: 2, duration_seconds: 720 });
    });
  });

  describe('filters, as the stats apply them', () => {
    it.each([
      [{ 'filter.source': 'Google' }, 4, 1],
      [{ 'filter.country': 'US' }, 7, 2],
      [{ 'filter.source': ['Google', 'Hacker News'] }, 6, 2],
      [{ 'filter.country': 'US', 'filter.source': 'Google' }, 0, 0],
      [{ 'filter.page': '/pricing' }, 6, 2], // matching pageviews, and the other events of visits that saw it
      [{ 'filter.event': 'Signup' }, 8, 2],
      [{ 'filter.prop:plan': 'pro' }, 4, 1],
    ])('%j: %i events, %i visits, matching the summary', async (filters, events, visits) => {
      const rows = ndjson((await exported({ ...berlinDay, ...filters, format: 'ndjson' })).text);
      expect(rows).toHaveLength(events);
      const visitRows = ndjson((await exported({ ...berlinDay, ...filters, dataset: 'visits', format: 'ndjson' })).text);
      expect(visitRows).toHaveLength(visits);
      const summary = await stats('/api/stats/summary', { ...berlinDay, ...filters });
      expect(rows.filter((row) => row.type === 'pageview')).toHaveLength(summary.pageviews);
      expect(rows.filter((row) => row.type === 'event')).toHaveLength(summary.events);
      expect(visitRows).toHaveLength(summary.visits);
    });
  });

  describe('breakdowns', () => {
    it.each(['source', 'page', 'country', 'browser_version', 'event', 'prop:plan'])('%s: the rows of /api/stats/breakdown, in CSV and NDJSON', async (dimension) => {
      const { results } = await stats('/api/stats/breakdown', { ...berlinDay, dimension, limit: '1000' });
      expect(results.length).toBeGreaterThan(0);
      expect(ndjson((await exported({ ...berlinDay, dataset: dimension, format: 'ndjson' })).text)).toEqual(results);
      const csv = csvObjects((await exported({ ...berlinDay, dataset: dimension })).text);
      expect(csv).toEqual(results.map(asCells));
    });

    it('applies filters to a breakdown', async () => {
      const filtered = { ...berlinDay, 'filter.country': 'US' };
      const { results } = await stats('/api/stats/breakdown', { ...filtered, dimension: 'page', limit: '1000' });
      expect(ndjson((await exported({ ...filtered, dataset: 'page', format: 'ndjson' })).text)).toEqual(results);
      expect(results.map((row: { value: string }) => row.value)).toEqual(['/', '/blog/a', '/pricing', '/signup']);
    });
  });

  describe('refusals come before any byte', () => {
    it.each([
      [{ format: 'xml' }, 'format'],
      [{ dataset: 'colour' }, 'dataset'],
      [{ dataset: 'prop:' }, 'dataset'],
      [{ sort: 'time' }, 'sort'],
      [{ period: 'fortnight' }, 'period'],
      [{ start: '2026-03-10' }, 'end'],
      [{ 'filter.colour': 'red' }, 'filter.colour'],
    ])('%j → 400 naming %s', async (params, field) => {
      const answer = await download({ site: SITE, ...params });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(answer.headers.get('content-disposition')).toBeNull();
      const body = JSON.parse(answer.text);
      expect(body.error).toBe('Invalid request');
      expect(body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('404 for an unknown site, 401 without a token', async () => {
      const unknown = await download({ site: 'nobody.example' });
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.text).error).toEqual(expect.any(String));
      const anonymous = await download({ site: SITE }, false);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-disposition')).toBeNull();
    });
  });

  describe('large exports', () => {
    const bulkSlice = { site: BULK, start: '2026-03-10', end: '2026-03-10' };

    it('streams every row exactly once across pages, rows sharing a millisecond included', async () => {
      const rows = ndjson((await exported({ ...bulkSlice, format: 'ndjson' })).text);
      expect(rows).toHaveLength(BULK_EVENTS + 1);
      expect(new Set(rows.map((row) => row.path)).size).toBe(BULK_EVENTS + 1);
      for (let i = 1; i < rows.length; i++) if (rows[i].time < rows[i - 1].time) throw new Error(`row ${i} out of order`);
      expect(csvObjects((await exported(bulkSlice)).text)).toHaveLength(BULK_EVENTS + 1);
    });

    it('survives clients that go away mid-download, and keeps answering', async () => {
      const abandon = async () => {
        const controller = new AbortController();
        const answer = await fetch(`${server.url}/api/export?${query(bulkSlice)}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
        expect(answer.status).toBe(200);
        const reader = answer.body!.getReader();
        const first = await reader.read();
        expect(first.value!.length).toBeGreaterThan(0);
        controller.abort();
        await reader.read().catch(() => undefined);
      };
      await abandon();
      await Promise.all(Array.from({ length: 5 }, abandon));
      expect((await server.request('GET', '/health')).status).toBe(200);
      // On SQLite each export reads on a connection of its own, closed when the client goes. (SQLite keeps
      // a closed connection's file descriptor while the process holds locks on the file, and gives it to
      // the next connection: the count settles after concurrent exports, and must not grow after that.)
      const settled = openDatabaseFiles();
      for (let i = 0; i < 5; i++) await abandon();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(openDatabaseFiles()).toBeLessThanOrEqual(settled);
      expect(csvObjects((await exported(bulkSlice)).text)).toHaveLength(BULK_EVENTS + 1);
      expect(csvObjects((await exported(berlinDay)).text)).toHaveLength(12);
      expect(server.logs).not.toMatch(/cut off after/);
    });
  });
});

/**
 * Many events for the bulk site, written straight into its table (sending them one by one would take
 * minutes): copies of its one pageview, seven per millisecond, so pages end inside runs of equal times.
 */
async function insertBulkEvents(database: TestDatabase): Promise<void> {
  const [first] = await queryTestDatabase<{ id: number }>(database, `SELECT e.id AS id FROM events e JOIN sites s ON s.id = e.site_id WHERE s.domain = '${BULK}'`);
  const columns = 'site_id, visit_id, visitor_id, ts, type, path, title, source, country, browser, browser_version, os, device';
  const copy = (n: string) => `e.site_id, e.visit_id, e.visitor_id, e.ts + ${n} / 7, 'pageview', '/bulk/' || ${n}, e.title, e.source, e.country, e.browser, e.browser_version, e.os, e.device`;
  if (TEST_ENGINE === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.file!);
    try {
      db.pragma('busy_timeout = 5000');
      db.exec(`INSERT INTO events (${columns})
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BULK_EVENTS})
        SELECT ${copy('n.i')} FROM n, events e WHERE e.id = ${first.id}`);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`INSERT INTO events (${columns}) SELECT ${copy('n.i')} FROM generate_series(1, ${BULK_EVENTS}) AS n(i), events e WHERE e.id = ${first.id}`);
  } finally {
    await client.end();
  }
}
