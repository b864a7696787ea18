import { CairnServer } from '../support/cairn-server.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { tableCounts } from '../support/table-counts.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

// Scripted traffic on one UTC site; every figure below follows from it.
const SITE = 'goals.example';

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
const carol: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS }; // US
const dave: Visitor = { ip: '203.0.113.7', userAgent: FIREFOX }; // no country
const erin: Visitor = { ip: '203.0.113.8', userAgent: CHROME_WINDOWS };

type Step = [at: string, who: Visitor, event: Record<string, unknown>];
const page = (path: string) => ({ url: `https://${SITE}${path}` });
const custom = (path: string, name: string, props?: Record<string, unknown>, revenue?: Record<string, unknown>) => ({
  ...page(path),
  type: 'event',
  name,
  ...(props ? { props } : {}),
  ...(revenue ? { revenue } : {}),
});

const SCRIPT: Step[] = [
  // The day before: erin sees pricing and signs up for pro.
  ['2026-03-09T12:00:00Z', erin, page('/pricing')],
  ['2026-03-09T12:01:00Z', erin, custom('/pricing', 'Signup', { plan: 'pro' })],
  // Alice's first visit converts twice on /pricing* (two pages), signs up for pro and pays 29.90 EUR.
  ['2026-03-10T09:00:00Z', alice, page('/')],
  ['2026-03-10T09:01:00Z', alice, page('/pricing')],
  ['2026-03-10T09:02:00Z', alice, page('/pricing/team')],
  ['2026-03-10T09:03:00Z', alice, custom('/pricing/team', 'Signup', { plan: 'pro' })],
  ['2026-03-10T09:04:00Z', alice, custom('/checkout', 'Purchase', { plan: 'pro' }, { amount: 29.9, currency: 'EUR' })],
  // Bob reads the blog and signs up for free.
  ['2026-03-10T10:00:00Z', bob, page('/blog/a')],
  ['2026-03-10T10:01:00Z', bob, custom('/blog/a', 'Signup', { plan: 'free' })],
  // Carol sees pricing and pays in dollars: a completion of the EUR goal that adds no revenue.
  ['2026-03-10T11:00:00Z', carol, page('/')],
  ['2026-03-10T11:01:00Z', carol, page('/pricing')],
  ['2026-03-10T11:02:00Z', carol, custom('/checkout', 'Purchase', {}, { amount: '5.50', currency: 'USD' })],
  // Dave only looks at the front page.
  ['2026-03-10T12:00:00Z', dave, page('/')],
  // Alice comes back after the session timeout: a second visit that converts again, and pays 10 EUR.
  ['2026-03-10T15:00:00Z', alice, page('/pricing')],
  ['2026-03-10T15:01:00Z', alice, custom('/checkout', 'Purchase', { plan: 'team' }, { amount: '10', currency: 'EUR' })],
];

const GOALS = [
  { name: 'Pricing', page: '/pricing*' },
  { event: 'Signup' },
  { name: 'Pro signup', event: 'Signup', props: { plan: 'pro' } },
  { event: 'Purchase', currency: 'EUR' },
  { page: '/nothing' },
];

describe('goals: definitions, the goal breakdown, filter.goal and revenue', () => {
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
    expect({ status: answer.status, body: answer.status === 200 ? null : answer.body }).toEqual({ status: 200, body: null });
    return answer.body;
  };
  const day = { site: SITE, start: '2026-03-10', end: '2026-03-10' };
  const goalRows = async (params: Record<string, string | string[]> = {}) => (await stats('/api/stats/breakdown', { ...day, dimension: 'goal', ...params })).results;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-01T00:00:00Z');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000', ...clock.env() });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'goals test' } })).body.key;
    for (const [at, who, event] of SCRIPT) {
      clock.set(at);
      const answer = await sendEvent(server, who, { site: SITE, ...event });
      expect({ at, status: answer.status }).toEqual({ at, status: 202 });
    }
    // Goals are added after the traffic: they count past days too.
    clock.set('2026-03-20T12:00:00Z');
    for (const goal of GOALS) expect((await server.request('POST', `/api/sites/${SITE}/goals`, { token, body: goal })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('definitions', () => {
    it('lists the goals by name, names defaulting to the page pattern or the event', async () => {
      const answer = await server.request('GET', `/api/sites/${SITE}/goals`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body.map((goal: { name: string }) => goal.name)).toEqual(['/nothing', 'Pricing', 'Pro signup', 'Purchase', 'Signup']);
      expect(answer.body.find((goal: { name: string }) => goal.name === 'Pro signup')).toEqual({
        id: expect.any(Number),
        name: 'Pro signup',
        page: null,
        event: 'Signup',
        props: { plan: 'pro' },
        currency: null,
        createdAt: '2026-03-20T12:00:00.000Z',
      });
    });

    it('refuses bad goals with 400 and stores nothing', async () => {
      const before = await tableCounts(database);
      for (const body of [
        { page: '/a', colour: 'red' }, // unknown field
        { page: 'pricing' }, // no leading /
        { page: '/a', event: 'Signup' },
        { page: '/a', currency: 'EUR' },
        { event: 'Purchase', currency: 'EURO' },
        { event: 'Purchase', currency: 'eur' },
        { event: 'Signup', props: { plan: { nested: true } } },
        { name: 'nothing to match' },
        {},
      ]) {
        const answer = await server.request('POST', `/api/sites/${SITE}/goals`, { token, body });
        expect({ body, status: answer.status, error: answer.body.error }).toEqual({ body, status: 400, error: expect.any(String) });
      }
      expect((await server.request('POST', `/api/sites/${SITE}/goals`, { token, body: { name: 'Pricing', page: '/other' } })).status).toBe(409);
      expect((await server.request('POST', `/api/sites/nowhere.example/goals`, { token, body: { page: '/a' } })).status).toBe(404);
      expect(await tableCounts(database)).toEqual(before);
    });

    it('deletes a goal (then 404 for it)', async () => {
      const created = await server.request('POST', `/api/sites/${SITE}/goals`, { token, body: { page: '/temporary' } });
      expect(created.status).toBe(201);
      expect((await server.request('DELETE', `/api/sites/${SITE}/goals/${created.body.id}`, { token })).status).toBe(204);
      expect((await server.request('DELETE', `/api/sites/${SITE}/goals/${created.body.id}`, { token })).status).toBe(404);
      expect((await server.request('DELETE', `/api/sites/${SITE}/goals/abc`, { token })).status).toBe(400);
      const names = (await server.request('GET', `/api/sites/${SITE}/goals`, { token })).body.map((goal: { name: string }) => goal.name);
      expect(names).not.toContain('/temporary');
    });
  });

  describe('the goal breakdown', () => {
    it('gives each goal’s visitors, completions, conversion rate and revenue exactly', async () => {
      // The day's visitors: alice, bob, carol, dave.
      expect(await goalRows()).toEqual([
        // alice (three pageviews in two visits) and carol
        { value: 'Pricing', visitors: 2, visits: 3, events: 4, conversionRate: 50 },
        // alice twice in EUR (29.90 + 10.00), carol once in USD: a completion, no EUR revenue
        { value: 'Purchase', visitors: 2, visits: 3, events: 3, conversionRate: 50, revenue: { currency: 'EUR', total: '39.90', average: '19.95' } },
        { value: 'Signup', visitors: 2, visits: 2, events: 2, conversionRate: 50 },
        { value: 'Pro signup', visitors: 1, visits: 1, events: 1, conversionRate: 25 },
        { value: '/nothing', visitors: 0, visits: 0, events: 0, conversionRate: 0 },
      ]);
    });

    it('is the same from raw events and pages with limit and offset', async () => {
      const all = await goalRows();
      expect(await goalRows({ source: 'raw' })).toEqual(all);
      expect(await goalRows({ source: 'sql' })).toEqual(all);
      expect(await goalRows({ limit: '2', offset: '1' })).toEqual(all.slice(1, 3));
    });

    it('combines with a country filter: rates against that country’s visitors', async () => {
      // US visitors: bob and carol.
      expect(await goalRows({ 'filter.country': 'US' })).toEqual([
        { value: 'Pricing', visitors: 1, visits: 1, events: 1, conversionRate: 50 },
        { value: 'Purchase', visitors: 1, visits: 1, events: 1, conversionRate: 50, revenue: { currency: 'EUR', total: '0.00', average: '0.00' } },
        { value: 'Signup', visitors: 1, visits: 1, events: 1, conversionRate: 50 },
        { value: '/nothing', visitors: 0, visits: 0, events: 0, conversionRate: 0 },
        { value: 'Pro signup', visitors: 0, visits: 0, events: 0, conversionRate: 0 },
      ]);
    });

    it('counts the day before on its own', async () => {
      const rows = await goalRows({ start: '2026-03-09', end: '2026-03-09' });
      expect(rows.slice(0, 3)).toEqual([
        { value: 'Pricing', visitors: 1, visits: 1, events: 1, conversionRate: 100 },
        { value: 'Pro signup', visitors: 1, visits: 1, events: 1, conversionRate: 100 },
        { value: 'Signup', visitors: 1, visits: 1, events: 1, conversionRate: 100 },
      ]);
    });
  });

  describe('filter.goal', () => {
    const summary = (params: Record<string, string | string[]>) => stats('/api/stats/summary', { ...day, ...params });

    it('keeps the visits that converted, and the summary adds the conversion rate', async () => {
      // alice's two visits and carol's: 3 + 1 + 2 pageviews; Signup + Purchase, Purchase, Purchase.
      expect(await summary({ 'filter.goal': 'Pricing' })).toEqual({
        visitors: 2,
        visits: 3,
        pageviews: 6,
        viewsPerVisit: 2,
        bounceRate: 0,
        visitDuration: 140, // (240 + 60 + 120) / 3
        events: 4,
        conversionRate: 50,
      });
    });

    it('ORs several goals, and is the same from raw events', async () => {
      const either = await summary({ 'filter.goal': ['Pro signup', 'Signup'] });
      expect(either).toMatchObject({ visitors: 2, visits: 2, conversionRate: 50 }); // alice's first visit, bob's
      expect(await summary({ 'filter.goal': ['Pro signup', 'Signup'], source: 'raw' })).toEqual(either);
      expect(await summary({ 'filter.goal': 'Pricing', source: 'raw' })).toEqual(await summary({ 'filter.goal': 'Pricing' }));
    });

    it('combines with a country filter: the rate is of that country’s visitors', async () => {
      expect(await summary({ 'filter.goal': 'Pricing', 'filter.country': 'US' })).toMatchObject({ visitors: 1, visits: 1, pageviews: 2, conversionRate: 50 });
      expect(await summary({ 'filter.goal': 'Pro signup', 'filter.country': 'US' })).toMatchObject({ visitors: 0, visits: 0, conversionRate: 0 });
    });

    it('compares with the slice before', async () => {
      const body = await summary({ 'filter.goal': 'Pricing', compare: 'previous' });
      expect(body).toMatchObject({ visitors: 2, conversionRate: 50 });
      expect(body.previous).toMatchObject({ visitors: 1, visits: 1, pageviews: 1, events: 1, conversionRate: 100 }); // erin
    });

    it('applies to breakdowns, timeseries and funnels', async () => {
      const pages = (await stats('/api/stats/breakdown', { ...day, dimension: 'page', 'filter.goal': 'Purchase' })).results;
      expect(pages.map((row: { value: string; pageviews: number }) => [row.value, row.pageviews])).toEqual([
        ['/pricing', 3],
        ['/', 2],
        ['/pricing/team', 1],
      ]);
      const series = (await stats('/api/stats/timeseries', { ...day, interval: 'day', 'filter.goal': 'Purchase' })).results;
      expect(series).toEqual([expect.objectContaining({ visitors: 2, visits: 3, pageviews: 6 })]);
      const funnel = await server.request('POST', '/api/stats/funnel', {
        token,
        body: { ...day, filters: { goal: 'Signup' }, steps: [{ page: '/' }, { event: 'Purchase' }] },
      });
      expect(funnel.status).toBe(200);
      expect(funnel.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([1, 1]); // alice; bob never saw /
    });

    it('refuses a goal the site does not have', async () => {
      const answer = await get('/api/stats/summary', { ...day, 'filter.goal': 'Nope' });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('Nope');
    });
  });

  describe('segments and saved funnels', () => {
    let us: number;
    beforeAll(async () => {
      const created = await server.request('POST', `/api/sites/${SITE}/segments`, { token, body: { name: 'US', filters: { country: 'US' } } });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), name: 'US', filters: { country: ['US'] }, createdAt: '2026-03-20T12:00:00.000Z' });
      us = created.body.id;
    });

    it('applies a segment’s filters to stats and export, ANDed with the call’s own', async () => {
      expect(await stats('/api/stats/summary', { ...day, segment: String(us) })).toEqual(await stats('/api/stats/summary', { ...day, 'filter.country': 'US' }));
      expect(await stats('/api/stats/summary', { ...day, segment: String(us), 'filter.goal': 'Pricing' })).toMatchObject({ visitors: 1, visits: 1, conversionRate: 50 }); // carol of bob and carol
      expect(await goalRows({ segment: String(us) })).toEqual(await goalRows({ 'filter.country': 'US' }));
      const events = await get('/api/export', { ...day, format: 'ndjson', segment: String(us) });
      expect(events.text.trim().split('\n').map((line) => JSON.parse(line).country)).toEqual(['US', 'US', 'US', 'US', 'US']); // bob's 2, carol's 3
    });

    it('refuses an unknown segment, and a call that filters the segment’s dimension otherwise', async () => {
      for (const segment of ['999999', 'abc', '0', '-1']) {
        const answer = await get('/api/stats/summary', { ...day, segment });
        expect({ segment, status: answer.status, field: answer.body.details?.[0]?.field }).toEqual({ segment, status: 400, field: 'segment' });
      }
      expect((await get('/api/stats/summary', { ...day, segment: String(us), 'filter.country': 'GB' })).status).toBe(400);
      expect((await get('/api/stats/summary', { ...day, segment: String(us), 'filter.country': 'US' })).status).toBe(200);
    });

    it('refuses bad segments and funnels with 400 and stores nothing', async () => {
      const before = await tableCounts(database);
      for (const body of [{ name: 'x', filters: {} }, { name: 'x', filters: { colour: 'red' } }, { name: 'x', filters: { country: [] } }, { filters: { country: 'US' } }, { name: 'x', filters: 'country=US' }, { name: 'x', filters: { country: 'US' }, shared: true }]) {
        const answer = await server.request('POST', `/api/sites/${SITE}/segments`, { token, body });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      }
      for (const body of [{ name: 'x', steps: [{ page: '/' }] }, { name: 'x', steps: [{ page: '/' }, { page: '/a', event: 'b' }] }, { steps: [{ page: '/' }, { page: '/a' }] }, { name: 'x', steps: [{ page: '/' }, { url: '/a' }] }]) {
        const answer = await server.request('POST', `/api/sites/${SITE}/funnels`, { token, body });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      }
      expect(await tableCounts(database)).toEqual(before);
    });

    it('keeps funnels on the server: saved, listed, deleted', async () => {
      const steps = [{ page: '/pricing*' }, { event: 'Purchase' }];
      const created = await server.request('POST', `/api/sites/${SITE}/funnels`, { token, body: { name: 'Checkout', steps } });
      expect(created.status).toBe(201);
      const listed = await server.request('GET', `/api/sites/${SITE}/funnels`, { token });
      expect(listed.body).toEqual([{ id: created.body.id, name: 'Checkout', steps, createdAt: '2026-03-20T12:00:00.000Z' }]);
      const run = await server.request('POST', '/api/stats/funnel', { token, body: { ...day, steps: listed.body[0].steps } });
      expect(run.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([2, 2]); // alice and carol
      expect((await server.request('DELETE', `/api/sites/${SITE}/funnels/${created.body.id}`, { token })).status).toBe(204);
      expect((await server.request('GET', `/api/sites/${SITE}/funnels`, { token })).body).toEqual([]);
    });
  });

  describe('export', () => {
    it('exports the goal breakdown with its revenue columns, and events of converted visits', async () => {
      const csv = await get('/api/export', { ...day, dataset: 'goal' });
      expect(csv.status).toBe(200);
      expect(csv.text.trim().split('\r\n')).toEqual([
        'value,visitors,visits,events,conversionRate,revenueCurrency,revenueTotal,revenueAverage',
        'Pricing,2,3,4,50,,,',
        'Purchase,2,3,3,50,EUR,39.90,19.95',
        'Signup,2,2,2,50,,,',
        'Pro signup,1,1,1,25,,,',
        '/nothing,0,0,0,0,,,',
      ]);
      const events = await get('/api/export', { ...day, format: 'ndjson', 'filter.goal': 'Pro signup' });
      expect(events.status).toBe(200);
      expect(events.text.trim().split('\n').map((line) => JSON.parse(line).path)).toEqual(['/', '/pricing', '/pricing/team', '/pricing/team', '/checkout']);
    });
  });
});

describe('revenue: exact sums', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;
  const SHOP = 'shop.example';
  const buyer: Visitor = { ip: '81.2.69.160', userAgent: FIREFOX };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000' });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SHOP, timezone: 'UTC' } })).status).toBe(201);
    expect((await server.request('POST', `/api/sites/${SHOP}/goals`, { token, body: { event: 'Purchase', currency: 'EUR' } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('sums 10,000 purchases of 19.99 to exactly 199900.00', async () => {
    // (10,000 requests: minutes when the machine is busy.)
    const body = { site: SHOP, url: `https://${SHOP}/checkout`, type: 'event', name: 'Purchase', revenue: { amount: 19.99, currency: 'EUR' } };
    for (let sent = 0; sent < 10_000; sent += 100) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => sendEvent(server, buyer, body)));
      expect(answers.filter((answer) => answer.status !== 202)).toEqual([]);
    }
    const answer = await server.request('GET', `/api/stats/breakdown?site=${SHOP}&period=today&dimension=goal`, { token });
    expect(answer.body.results).toEqual([
      { value: 'Purchase', visitors: 1, visits: 1, events: 10_000, conversionRate: 100, revenue: { currency: 'EUR', total: '199900.00', average: '19.99' } },
    ]);
  }, 300_000);

  it('refuses a bad revenue with 400 and records nothing', async () => {
    const before = await tableCounts(database);
    for (const revenue of [
      { amount: -1, currency: 'EUR' },
      { amount: 'twelve', currency: 'EUR' },
      { amount: '1.999', currency: 'EUR' },
      { amount: 10, currency: 'EURO' },
      { amount: 10, currency: 'eur' },
      { amount: 10 },
      { amount: 10, currency: 'EUR', tax: 1 },
      '10 EUR',
    ]) {
      const answer = await sendEvent(server, buyer, { site: SHOP, url: `https://${SHOP}/checkout`, type: 'event', name: 'Purchase', revenue });
      expect({ revenue, status: answer.status, field: answer.body.details?.[0]?.field }).toEqual({ revenue, status: 400, field: 'revenue' });
    }
    // Revenue belongs to custom events.
    const pageview = await sendEvent(server, buyer, { site: SHOP, url: `https://${SHOP}/`, revenue: { amount: 1, currency: 'EUR' } });
    expect(pageview.status).toBe(400);
    expect(await tableCounts(database)).toEqual(before);
  });
});

describe('scroll depth on page rows', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let token: string;
  const BLOG = 'blog.example';
  const url = (path: string) => `https://${BLOG}${path}`;
  const engagement = (path: string, engagedMs: number, scrollDepth?: number) => ({ url: url(path), type: 'engagement', engagedMs, ...(scrollDepth === undefined ? {} : { scrollDepth }) });

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-10T09:00:00Z');
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', ...clock.env() });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: BLOG, timezone: 'UTC' } })).status).toBe(201);
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'scroll test' } })).body.key;
    const script: Step[] = [
      ['2026-03-10T09:00:00Z', alice, { url: url('/long') }],
      ['2026-03-10T09:01:00Z', alice, engagement('/long', 60_000, 95)],
      ['2026-03-10T09:02:00Z', alice, { url: url('/') }],
      ['2026-03-10T09:03:00Z', alice, engagement('/', 60_000, 40)],
      ['2026-03-10T10:00:00Z', bob, { url: url('/long') }],
      ['2026-03-10T10:01:00Z', bob, engagement('/long', 30_000, 60)],
      ['2026-03-10T10:05:00Z', bob, engagement('/long', 30_000, 80)], // a second visible stretch, deeper
      ['2026-03-10T11:00:00Z', carol, { url: url('/long') }],
      ['2026-03-10T11:01:00Z', carol, engagement('/long', 10_000)], // an older snippet: no depth
    ];
    for (const [at, who, event] of script) {
      clock.set(at);
      expect((await sendEvent(server, who, { site: BLOG, ...event })).status).toBe(202);
    }
    clock.set('2026-03-12T12:00:00Z');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('gives each page the mean of its reported depths, the same from rollups and from raw events', async () => {
    const rows = async (source: string) =>
      (await server.request('GET', `/api/stats/breakdown?site=${BLOG}&start=2026-03-10&end=2026-03-10&dimension=page&source=${source}`, { token })).body.results;
    const expected = [
      { value: '/long', visitors: 3, visits: 3, pageviews: 3, bounceRate: 66.7, timeOnPage: 33, scrollDepth: 78 }, // depth (95 + 60 + 80) / 3; bob and carol bounced
      { value: '/', visitors: 1, visits: 1, pageviews: 1, bounceRate: 0, timeOnPage: 60, scrollDepth: 40 },
    ];
    expect(await rows('auto')).toEqual(expected);
    expect(await rows('raw')).toEqual(expected);
  });

  it('exports it with the page breakdown', async () => {
    const csv = await server.request('GET', `/api/export?site=${BLOG}&start=2026-03-10&end=2026-03-10&dataset=page`, { token });
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\r\n')).toEqual(['value,visitors,visits,pageviews,bounceRate,timeOnPage,scrollDepth', '/long,3,3,3,66.7,33,78', '/,1,1,1,0,60,40']);
  });
});
