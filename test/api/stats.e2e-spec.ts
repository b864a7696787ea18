import { CairnServer } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

// The same scripted traffic goes to two sites in different zones; every figure below follows from it.
const BERLIN = 'berlin.example'; // UTC+1 in March
const NEW_YORK = 'newyork.example'; // UTC-4 from 8 March 2026 (daylight saving)

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
const carol: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS }; // US
const dave: Visitor = { ip: '203.0.113.7', userAgent: FIREFOX }; // no country (documentation range)
const erin: Visitor = { ip: '203.0.113.8', userAgent: CHROME_WINDOWS };

type Step = [at: string, who: Visitor, event: Record<string, unknown>];
const page = (path: string, referrer?: string) => ({ url: `https://site.example${path}`, ...(referrer ? { referrer } : {}) });

// (UTC instants)
const SCRIPT: Step[] = [
  // Alice's first visit: from Google, three pages, a signup, 20 s on the last page → 180 s, not a bounce.
  ['2026-03-10T09:00:00Z', alice, page('/', 'https://www.google.com/')],
  ['2026-03-10T09:01:00Z', alice, page('/pricing')],
  ['2026-03-10T09:02:00Z', alice, { ...page('/pricing'), type: 'event', name: 'Signup', props: { plan: 'pro' } }],
  ['2026-03-10T09:02:30Z', alice, page('/signup')],
  ['2026-03-10T09:03:00Z', alice, { ...page('/signup'), type: 'engagement', engagedMs: 20_000 }],
  // Bob: one page from Hacker News, 30 s on it → a bounce of 30 s.
  ['2026-03-10T09:30:00Z', bob, page('/blog/a', 'https://news.ycombinator.com/item?id=1')],
  ['2026-03-10T09:30:30Z', bob, { ...page('/blog/a'), type: 'engagement', engagedMs: 30_000 }],
  // Carol: /pricing before / (out of order for a / → /pricing funnel), across an hour boundary → 720 s.
  ['2026-03-10T10:55:00Z', carol, page('/pricing')],
  ['2026-03-10T11:05:00Z', carol, page('/')],
  ['2026-03-10T11:06:00Z', carol, { ...page('/'), type: 'event', name: 'Signup', props: { plan: 'free' } }],
  ['2026-03-10T11:07:00Z', carol, page('/signup')],
  // Alice again after the 30-minute timeout: a second visit, a bounce of 0 s.
  ['2026-03-10T15:00:00Z', alice, page('/')],
  // Dave: starts 23:50 in Berlin, crosses Berlin midnight and then UTC midnight → one visit of 4,500 s.
  ['2026-03-10T22:50:00Z', dave, page('/')],
  ['2026-03-10T23:15:00Z', dave, page('/pricing')],
  ['2026-03-10T23:40:00Z', dave, page('/pricing')],
  ['2026-03-11T00:05:00Z', dave, page('/signup')],
  // Erin: 04:30 on the 11th in Berlin, but 23:30 on the 10th in New York.
  ['2026-03-11T03:30:00Z', erin, page('/docs', 'https://github.com/cairn/cairn')],
];

describe('stats: summary, timeseries, breakdown and funnel over scripted traffic', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;

  const get = async (path: string, params: Record<string, string | string[]>) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v);
    return server.request('GET', `${path}?${query}`, { token });
  };
  const stats = async (path: string, params: Record<string, string | string[]>) => {
    const answer = await get(path, params);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const berlinDay = { site: BERLIN, start: '2026-03-10', end: '2026-03-10' };

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-01T00:00:00Z');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ...clock.env() });
    token = await server.login();
    for (const [domain, timezone] of [[BERLIN, 'Europe/Berlin'], [NEW_YORK, 'America/New_York']]) {
      expect((await server.request('POST', '/api/sites', { token, body: { domain, timezone } })).status).toBe(201);
    }
    // A key, not a login session: the clock moves on by days and sessions expire.
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'stats test' } })).body.key;
    for (const [at, who, event] of SCRIPT) {
      clock.set(at);
      // The same page on each site's own host: a site counts its domain and subdomains (contract §12).
      for (const site of [BERLIN, NEW_YORK]) expect((await sendEvent(server, who, { site, ...event, url: String(event.url).replace('//site.example', `//${site}`) })).status).toBe(202);
    }
    clock.set('2026-03-20T12:00:00Z');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('summary', () => {
    it('gives every metric of a Berlin day exactly', async () => {
      expect(await stats('/api/stats/summary', berlinDay)).toEqual({
        visitors: 4, // alice, bob, carol, dave
        visits: 5, // alice twice; erin's visit is on the 11th in Berlin
        pageviews: 9, // dave's last three pageviews are on the 11th in Berlin
        viewsPerVisit: 1.8,
        bounceRate: 40, // bob, alice's second
        visitDuration: 1086, // (180 + 30 + 720 + 0 + 4500) / 5
        events: 2,
      });
    });

    it('counts the same traffic by New York days', async () => {
      expect(await stats('/api/stats/summary', { site: NEW_YORK, start: '2026-03-10', end: '2026-03-10' })).toMatchObject({
        visitors: 5,
        visits: 6,
        pageviews: 13,
        events: 2,
      });
    });

    it('takes UNIX seconds and instants as well as dates (an instant end is exclusive)', async () => {
      const expected = await stats('/api/stats/summary', berlinDay);
      const from = Date.parse('2026-03-09T23:00:00Z') / 1000;
      const to = Date.parse('2026-03-10T23:00:00Z') / 1000;
      expect(await stats('/api/stats/summary', { site: BERLIN, start: String(from), end: String(to) })).toEqual(expected);
      expect(await stats('/api/stats/summary', { site: BERLIN, start: '2026-03-10T00:00:00+01:00', end: '2026-03-10T23:00:00Z' })).toEqual(expected);
      // Without an offset an instant is read in the site's zone.
      expect(await stats('/api/stats/summary', { site: BERLIN, start: '2026-03-10T00:00', end: '2026-03-11T00:00' })).toEqual(expected);
    });

    it('compares with the slice before, of equal length', async () => {
      const body = await stats('/api/stats/summary', { site: BERLIN, start: '2026-03-11', end: '2026-03-11', compare: 'previous' });
      expect(body).toMatchObject({ visitors: 1, visits: 1, pageviews: 4, bounceRate: 100, events: 0 });
      expect(body.previous).toEqual(await stats('/api/stats/summary', berlinDay));
    });

    it('reads named periods in the site’s zone', async () => {
      expect((await stats('/api/stats/summary', { site: BERLIN, period: '30d' })).visits).toBe(6);
      expect((await stats('/api/stats/summary', { site: BERLIN, period: 'today' })).visits).toBe(0);
      expect((await stats('/api/stats/summary', { site: BERLIN, period: 'all' })).pageviews).toBe(13);
    });
  });

  describe('filters', () => {
    const summary = (filters: Record<string, string | string[]>) => stats('/api/stats/summary', { ...berlinDay, ...filters });

    it('keeps the visits of a source, with their pageviews and events', async () => {
      expect(await summary({ 'filter.source': 'Google' })).toMatchObject({ visitors: 1, visits: 1, pageviews: 3, events: 1, visitDuration: 180 });
    });

    it('ORs repeated values and ANDs dimensions', async () => {
      expect(await summary({ 'filter.source': ['Google', 'Hacker News'] })).toMatchObject({ visits: 2, pageviews: 4 });
      expect(await summary({ 'filter.country': 'US' })).toMatchObject({ visitors: 2, visits: 2, pageviews: 4 });
      expect(await summary({ 'filter.source': 'Google', 'filter.country': 'US' })).toMatchObject({ visitors: 0, visits: 0, pageviews: 0 });
    });

    it('filters by page: visits that saw it, and only its pageviews; * is a wildcard', async () => {
      // dave saw /signup too, after Berlin midnight: his visit counts, that pageview is on the 11th
      expect(await summary({ 'filter.page': '/signup' })).toMatchObject({ visitors: 3, visits: 3, pageviews: 2, events: 2 });
      expect(await summary({ 'filter.page': '/blog/*' })).toMatchObject({ visitors: 1, visits: 1, pageviews: 1, bounceRate: 100 });
    });

    it('filters by custom event and property', async () => {
      expect(await summary({ 'filter.event': 'Signup' })).toMatchObject({ visits: 2, events: 2, pageviews: 6 });
      expect(await summary({ 'filter.prop:plan': 'pro' })).toMatchObject({ visitors: 1, visits: 1, events: 1, pageviews: 3 });
    });
  });

  describe('timeseries', () => {
    it('has every hour of the day, zeros included, in the site’s zone; a visit counts in the hour it started', async () => {
      const { interval, results } = await stats('/api/stats/timeseries', { ...berlinDay, interval: 'hour' });
      expect(interval).toBe('hour');
      expect(results).toHaveLength(24);
      expect(results[0].time).toBe('2026-03-10T00:00:00+01:00');
      const at = (time: string) => results.find((r: { time: string }) => r.time === time);
      expect(at('2026-03-10T10:00:00+01:00')).toEqual({ time: '2026-03-10T10:00:00+01:00', visitors: 2, visits: 2, pageviews: 4, bounceRate: 50, visitDuration: 105 });
      expect(at('2026-03-10T11:00:00+01:00')).toMatchObject({ visitors: 1, visits: 1, pageviews: 1, visitDuration: 720 });
      expect(at('2026-03-10T12:00:00+01:00')).toMatchObject({ visitors: 0, visits: 0, pageviews: 2 }); // carol's later pages
      expect(at('2026-03-10T03:00:00+01:00')).toMatchObject({ visitors: 0, visits: 0, pageviews: 0, bounceRate: 0, visitDuration: 0 });
      expect(results.reduce((sum: number, r: { pageviews: number }) => sum + r.pageviews, 0)).toBe(9);
    });

    it('applies visit-level and page filters to the series', async () => {
      const series = async (filters: Record<string, string>) =>
        (await stats('/api/stats/timeseries', { ...berlinDay, interval: 'day', ...filters })).results.map((r: { visits: number; pageviews: number }) => [r.visits, r.pageviews]);
      expect(await series({ 'filter.source': 'Google' })).toEqual([[1, 3]]);
      expect(await series({ 'filter.country': 'US' })).toEqual([[2, 4]]);
      expect(await series({ 'filter.page': '/signup' })).toEqual([[3, 2]]);
    });

    it('puts the same visits on different days in two zones', async () => {
      const days = async (site: string) =>
        (await stats('/api/stats/timeseries', { site, start: '2026-03-10', end: '2026-03-11', interval: 'day' })).results.map(
          (r: { time: string; visits: number; pageviews: number }) => [r.time, r.visits, r.pageviews],
        );
      expect(await days(BERLIN)).toEqual([
        ['2026-03-10T00:00:00+01:00', 5, 9],
        ['2026-03-11T00:00:00+01:00', 1, 4],
      ]);
      expect(await days(NEW_YORK)).toEqual([
        ['2026-03-10T00:00:00-04:00', 6, 13],
        ['2026-03-11T00:00:00-04:00', 0, 0],
      ]);
    });

    it('follows daylight saving: New York days change offset, the changeover day has 23 hours', async () => {
      const { results } = await stats('/api/stats/timeseries', { site: NEW_YORK, start: '2026-03-07', end: '2026-03-09', interval: 'day' });
      expect(results.map((r: { time: string }) => r.time)).toEqual(['2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
      const hours = await stats('/api/stats/timeseries', { site: NEW_YORK, start: '2026-03-08', end: '2026-03-08', interval: 'hour' });
      expect(hours.results).toHaveLength(23);
      const berlinAutumn = await stats('/api/stats/timeseries', { site: BERLIN, start: '2026-10-25', end: '2026-10-25', interval: 'hour' });
      expect(berlinAutumn.results).toHaveLength(25);
    });

    it('has week and month buckets on the calendar, and minute buckets', async () => {
      const weeks = await stats('/api/stats/timeseries', { site: BERLIN, start: '2026-03-01', end: '2026-03-15', interval: 'week' });
      expect(weeks.results.map((r: { time: string; visits: number }) => [r.time, r.visits])).toEqual([
        ['2026-02-23T00:00:00+01:00', 0],
        ['2026-03-02T00:00:00+01:00', 0],
        ['2026-03-09T00:00:00+01:00', 6],
      ]);
      const months = await stats('/api/stats/timeseries', { site: BERLIN, period: 'year', interval: 'month' });
      expect(months.results).toHaveLength(12);
      expect(months.results[2]).toMatchObject({ time: '2026-03-01T00:00:00+01:00', visits: 6, pageviews: 13 });
      const minutes = await stats('/api/stats/timeseries', { site: BERLIN, start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T10:05:00+01:00', interval: 'minute' });
      expect(minutes.results.map((r: { pageviews: number }) => r.pageviews)).toEqual([1, 1, 1, 0, 0]); // /, /pricing, /signup at 2:30
    });
  });

  describe('breakdown', () => {
    const breakdown = (dimension: string, extra: Record<string, string> = {}) => stats('/api/stats/breakdown', { ...berlinDay, dimension, ...extra });

    it('ranks sources by visitors', async () => {
      expect((await breakdown('source')).results).toEqual([
        { value: 'Direct / None', visitors: 3, visits: 3, pageviews: 5, bounceRate: 33.3, visitDuration: 1740 },
        { value: 'Google', visitors: 1, visits: 1, pageviews: 3, bounceRate: 0, visitDuration: 180 },
        { value: 'Hacker News', visitors: 1, visits: 1, pageviews: 1, bounceRate: 100, visitDuration: 30 },
      ]);
    });

    it('pages: pageviews, landing bounce rate and time on page', async () => {
      const { results } = await breakdown('page');
      expect(results[0]).toEqual({ value: '/', visitors: 3, visits: 4, pageviews: 4, bounceRate: 33.3, timeOnPage: null, scrollDepth: null });
      expect(results.find((r: { value: string }) => r.value === '/signup')).toMatchObject({ visitors: 2, pageviews: 2, timeOnPage: 20 });
      expect(results.find((r: { value: string }) => r.value === '/blog/a')).toMatchObject({ visitors: 1, pageviews: 1, timeOnPage: 30, bounceRate: 100 });
    });

    it('pages with limit and offset', async () => {
      const all = (await breakdown('page', { limit: '100' })).results.map((r: { value: string }) => r.value);
      expect(all).toEqual(['/', '/pricing', '/signup', '/blog/a']);
      expect((await breakdown('page', { limit: '2', offset: '1' })).results.map((r: { value: string }) => r.value)).toEqual(['/pricing', '/signup']);
    });

    it('entry and exit pages, countries, browsers with versions, devices', async () => {
      expect((await breakdown('entry_page')).results.map((r: { value: string; visits: number }) => [r.value, r.visits])).toEqual([
        ['/', 3],
        ['/blog/a', 1],
        ['/pricing', 1],
      ]);
      expect((await breakdown('country')).results.map((r: { value: string | null; visitors: number }) => [r.value, r.visitors])).toEqual([
        ['US', 2],
        ['GB', 1], // two visits
        [null, 1],
      ]);
      expect((await breakdown('browser_version')).results.map((r: { value: string }) => r.value)).toEqual(['Firefox 128', 'Chrome 126', 'Mobile Safari 17']);
      expect((await breakdown('device')).results.map((r: { value: string }) => r.value)).toEqual(['desktop', 'mobile']);
    });

    it('custom events and their properties', async () => {
      expect((await breakdown('event')).results).toEqual([{ value: 'Signup', visitors: 2, visits: 2, events: 2 }]);
      expect((await breakdown('prop:plan')).results).toEqual([
        { value: 'free', visitors: 1, visits: 1, events: 1 },
        { value: 'pro', visitors: 1, visits: 1, events: 1 },
      ]);
    });

    it('applies filters to breakdowns', async () => {
      expect((await breakdown('page', { 'filter.country': 'GB' })).results.map((r: { value: string; pageviews: number }) => [r.value, r.pageviews])).toEqual([
        ['/', 2],
        ['/pricing', 1],
        ['/signup', 1],
      ]);
    });
  });

  describe('funnel', () => {
    const funnel = async (steps: unknown[], extra: Record<string, unknown> = {}) => {
      const answer = await server.request('POST', '/api/stats/funnel', { token, body: { ...berlinDay, steps, ...extra } });
      expect(answer.status).toBe(200);
      return answer.body.steps;
    };

    it('counts a step only after the steps before it, within one visit', async () => {
      expect(await funnel([{ page: '/' }, { page: '/pricing' }])).toEqual([
        { label: '/', visitors: 3, conversionRate: 100, dropoff: 0, dropoffRate: 0 },
        // carol saw /pricing before /: she has not done step 2
        { label: '/pricing', visitors: 2, conversionRate: 66.7, dropoff: 1, dropoffRate: 33.3 },
      ]);
    });

    it('mixes pages and events', async () => {
      expect((await funnel([{ page: '/pricing' }, { event: 'Signup' }, { page: '/signup' }])).map((s: { visitors: number }) => s.visitors)).toEqual([3, 2, 2]);
      expect((await funnel([{ page: '/pricing' }, { page: '/signup' }, { event: 'Signup' }])).map((s: { visitors: number }) => s.visitors)).toEqual([3, 3, 0]);
      expect((await funnel([{ page: '/*' }, { page: '/signup' }], { filters: { country: 'US' } })).map((s: { visitors: number }) => s.visitors)).toEqual([2, 1]);
    });

    it('reads a slice that reaches past the site\'s latest event up to that event', async () => {
      // The 10th and 11th in Berlin end after Erin's visit, the last event: the other way to the window's end.
      const steps = [{ page: '/' }, { page: '/pricing' }, { page: '/signup' }];
      const twoDays = await funnel(steps, { start: '2026-03-10', end: '2026-03-11' });
      expect(twoDays.map((s: { visitors: number }) => s.visitors)).toEqual([3, 2, 2]);
      // Dave's /signup comes after Berlin's midnight: the one-day slice reads on past its end for it.
      expect((await funnel(steps)).map((s: { visitors: number }) => s.visitors)).toEqual([3, 2, 2]);
    });

    it('refuses fewer than 2 or more than 8 steps, and a step that is neither or both', async () => {
      for (const steps of [[{ page: '/' }], Array.from({ length: 9 }, () => ({ page: '/' })), [{ page: '/' }, {}], [{ page: '/' }, { page: '/a', event: 'x' }]]) {
        const answer = await server.request('POST', '/api/stats/funnel', { token, body: { ...berlinDay, steps } });
        expect(answer.status).toBe(400);
        expect(answer.body.error).toBe('Invalid request');
      }
    });
  });

  describe('bad requests are 4xx with details, and change nothing', () => {
    it.each([
      ['/api/stats/summary', { period: 'fortnight' }, 'period'],
      ['/api/stats/summary', { start: '2026-13-45', end: '2026-03-10' }, 'start'],
      ['/api/stats/summary', { start: '2026-03-10' }, 'end'],
      ['/api/stats/summary', { start: '2026-03-10', end: '2026-03-09' }, 'end'],
      ['/api/stats/summary', { compare: 'yesterday' }, 'compare'],
      ['/api/stats/summary', { 'filter.colour': 'red' }, 'filter.colour'],
      ['/api/stats/summary', { perod: '7d' }, 'perod'],
      ['/api/stats/timeseries', { interval: 'fortnight' }, 'interval'],
      ['/api/stats/timeseries', { period: 'all', interval: 'minute' }, 'interval'],
      ['/api/stats/breakdown', { dimension: 'colour' }, 'dimension'],
      ['/api/stats/breakdown', {}, 'dimension'],
      ['/api/stats/breakdown', { dimension: 'page', limit: '0' }, 'limit'],
      ['/api/stats/breakdown', { dimension: 'page', offset: '-1' }, 'offset'],
    ])('%s %j → 400 naming %s', async (path, params, field) => {
      const answer = await get(path, { site: BERLIN, ...params });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('Invalid request');
      expect(answer.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('404 for an unknown site, 400 without one, 401 without a token', async () => {
      expect((await get('/api/stats/summary', { site: 'nobody.example' })).status).toBe(404);
      expect((await get('/api/stats/summary', {})).status).toBe(400);
      expect((await server.request('GET', `/api/stats/summary?site=${BERLIN}`)).status).toBe(401);
      expect((await server.request('POST', '/api/stats/funnel', { body: { site: BERLIN, steps: [{ page: '/' }, { page: '/a' }] } })).status).toBe(401);
    });
  });
});
