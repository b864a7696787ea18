import { CairnServer } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

// What the dashboard asks besides the figures stats.e2e-spec.ts checks: the chart's previous period
// (timeseries with compare=previous) and the property keys to break custom events down by.
const SITE = 'charts.example';

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
const carol: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS }; // US

type Step = [at: string, who: Visitor, path: string, extra?: Record<string, unknown>];
const custom = (name: string, props?: Record<string, unknown>) => ({ type: 'event', name, ...(props ? { props } : {}) });

const SCRIPT: Step[] = [
  ['2026-03-08T10:00:00Z', alice, '/'],
  ['2026-03-09T10:00:00Z', bob, '/'],
  ['2026-03-09T11:00:00Z', carol, '/pricing'],
  ['2026-03-10T10:00:00Z', alice, '/'],
  ['2026-03-10T10:01:00Z', alice, '/pricing', custom('Signup', { plan: 'pro', seats: 3 })],
  ['2026-03-10T12:00:00Z', bob, '/pricing', custom('Signup', { plan: 'free' })],
  ['2026-03-10T12:05:00Z', bob, '/docs', custom('File Download', { url: 'https://charts.example/a.pdf' })],
  ['2026-03-10T13:00:00Z', carol, '/', custom('Newsletter')],
];

describe('stats for the dashboard: the previous period’s series and the property keys', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;

  const get = (path: string, params: Record<string, string>) => server.request('GET', `${path}?${new URLSearchParams({ site: SITE, ...params })}`, { token });
  const ok = async (path: string, params: Record<string, string>) => {
    const answer = await get(path, params);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-01T00:00:00Z');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', DEMO_DATA: 'false', ...clock.env() });
    token = await server.login();
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'dashboard stats test' } })).body.key;
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    for (const [at, who, path, extra] of SCRIPT) {
      clock.set(at);
      expect((await sendEvent(server, who, { site: SITE, url: `https://${SITE}${path}`, ...extra })).status).toBe(202);
    }
    clock.set('2026-03-12T12:00:00Z');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('GET /api/stats/timeseries?compare=previous', () => {
    it('adds the slice before at the same interval, bucket for bucket: the series that slice has on its own', async () => {
      const slice = { start: '2026-03-10', end: '2026-03-11', interval: 'day' };
      const compared = await ok('/api/stats/timeseries', { ...slice, compare: 'previous' });
      expect(compared.results).toEqual((await ok('/api/stats/timeseries', slice)).results);
      expect(compared.results.map((p: { visitors: number }) => p.visitors)).toEqual([3, 0]);
      expect(compared.previous).toEqual((await ok('/api/stats/timeseries', { start: '2026-03-08', end: '2026-03-09', interval: 'day' })).results);
      expect(compared.previous.map((p: { visitors: number }) => p.visitors)).toEqual([1, 2]);
      // Raw events and rollups agree (the 8th–11th are finished days by now).
      expect((await ok('/api/stats/timeseries', { ...slice, compare: 'previous', source: 'raw' })).previous).toEqual(compared.previous);
    });

    it('compares a named period with as many buckets before it, at the interval chosen for the slice', async () => {
      const week = await ok('/api/stats/timeseries', { period: '7d', compare: 'previous' });
      expect(week.interval).toBe('day');
      expect(week.results).toHaveLength(7);
      expect(week.previous).toHaveLength(7);
      expect(week.previous[6].time.slice(0, 10)).toBe('2026-03-05');
      const today = await ok('/api/stats/timeseries', { period: 'today', compare: 'previous' });
      expect(today.interval).toBe('hour');
      expect(today.previous).toHaveLength(24);
      expect(today.previous[0].time.slice(0, 13)).toBe('2026-03-11T00');
      expect((await ok('/api/stats/timeseries', { period: '30d' })).previous).toBeUndefined();
    });

    it('refuses any other comparison', async () => {
      const answer = await get('/api/stats/timeseries', { period: '7d', compare: 'last-year' });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([{ field: 'compare', problems: ['compare may only be "previous" (got "last-year")'] }]);
    });
  });

  describe('GET /api/stats/prop-keys', () => {
    const slice = { start: '2026-03-10', end: '2026-03-10' };

    it('lists the keys custom events carried, by visitors then events then key', async () => {
      expect(await ok('/api/stats/prop-keys', slice)).toEqual({
        event: null,
        results: [
          { key: 'plan', visitors: 2, events: 2 },
          { key: 'seats', visitors: 1, events: 1 },
          { key: 'url', visitors: 1, events: 1 },
        ],
      });
    });

    it('lists those of one event, and follows the slice’s filters', async () => {
      expect(await ok('/api/stats/prop-keys', { ...slice, event: 'Signup' })).toEqual({
        event: 'Signup',
        results: [
          { key: 'plan', visitors: 2, events: 2 },
          { key: 'seats', visitors: 1, events: 1 },
        ],
      });
      expect((await ok('/api/stats/prop-keys', { ...slice, event: 'File Download' })).results).toEqual([{ key: 'url', visitors: 1, events: 1 }]);
      expect((await ok('/api/stats/prop-keys', { ...slice, event: 'Newsletter' })).results).toEqual([]);
      expect((await ok('/api/stats/prop-keys', { ...slice, 'filter.country': 'GB' })).results).toEqual([
        { key: 'plan', visitors: 1, events: 1 },
        { key: 'seats', visitors: 1, events: 1 },
      ]);
      expect((await ok('/api/stats/prop-keys', { ...slice, limit: '1' })).results).toEqual([{ key: 'plan', visitors: 2, events: 2 }]);
      expect((await ok('/api/stats/prop-keys', { start: '2026-03-09', end: '2026-03-09' })).results).toEqual([]);
      // Each key is a breakdown the dashboard can ask for.
      expect((await ok('/api/stats/breakdown', { ...slice, dimension: 'prop:plan', 'filter.event': 'Signup' })).results).toEqual([
        { value: 'free', visitors: 1, visits: 1, events: 1 },
        { value: 'pro', visitors: 1, visits: 1, events: 1 },
      ]);
    });

    it('answers 401 without a token, 400 for a bad parameter, 404 for a site that is not there', async () => {
      expect((await server.request('GET', `/api/stats/prop-keys?site=${SITE}`)).status).toBe(401);
      const bad = await get('/api/stats/prop-keys', { ...slice, limit: '0', dimension: 'page' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['dimension']);
      expect((await get('/api/stats/prop-keys', { ...slice, limit: '0' })).body.details).toEqual([{ field: 'limit', problems: ['limit must be a whole number from 1 to 1000 (got "0")'] }]);
      expect((await server.request('GET', `/api/stats/prop-keys?site=nowhere.example`, { token })).status).toBe(404);
    });

    it('is in the OpenAPI document, and so is the timeseries comparison', async () => {
      const document = (await server.request('GET', '/api/docs/openapi.json')).body;
      const names = (path: string) => document.paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(names('/api/stats/prop-keys')).toEqual(expect.arrayContaining(['site', 'period', 'start', 'end', 'event', 'limit']));
      expect(names('/api/stats/timeseries')).toContain('compare');
    });
  });
});
