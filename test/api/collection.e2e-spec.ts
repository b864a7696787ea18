import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, GOOGLEBOT, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'shop.example.com';

describe('collection: POST /api/event and the pixel', () => {
  let database: TestDatabase;
  let server: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000' });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const count = async (table: string) => Number((await queryTestDatabase<{ n: number }>(database, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  describe('scripted traffic', () => {
    // Three people; what each does implies exactly which events and visits are stored.
    const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
    const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
    const carol: Visitor = { ip: '2001:4860:4860::8888', userAgent: CHROME_WINDOWS }; // US, IPv6

    beforeAll(async () => {
      const url = (path: string) => `https://${SITE}${path}`;
      // Alice: from Hacker News, three pages, a signup, visible time on the last page.
      for (const body of [
        { site: SITE, url: url('/?utm_campaign=launch'), referrer: 'https://news.ycombinator.com/item?id=42', screen: '1920x1080', title: 'Home' },
        { site: SITE, url: url('/pricing/'), referrer: url('/'), screen: '1920x1080' },
        { site: SITE, type: 'event', name: 'Signup', props: { plan: 'pro', seats: 3, annual: true }, url: url('/pricing') },
        { site: SITE, url: url('/signup'), screen: '1920x1080' },
        // The tracker does not clamp its scroll percent: a page shorter than the window gives more than 100.
        { site: SITE, type: 'engagement', engagedMs: 12_500, scrollDepth: 250, url: url('/signup') },
      ]) {
        expect((await sendEvent(server, alice, body)).status).toBe(202);
      }
      // Bob: one page from a newsletter link, then leaves (a bounce).
      expect((await sendEvent(server, bob, { site: 'WWW.Shop.Example.com', url: url('/blog/hello?utm_source=newsletter&utm_medium=email&session=secret') })).status).toBe(202);
      // Carol: two pages, direct, via the no-JavaScript pixel.
      for (const path of ['/', '/about']) {
        const pixel = await server.request('GET', `/pixel.gif?site=${SITE}&path=${encodeURIComponent(path)}&title=Page&resolution=1280,720`, {
          headers: { 'x-forwarded-for': carol.ip, 'user-agent': carol.userAgent },
        });
        expect(pixel.status).toBe(200);
      }
    });

    it('stores every event with what was derived from the request', async () => {
      const events = await queryTestDatabase<Record<string, unknown>>(
        database,
        'SELECT type, path, name, props, engaged_ms, scroll_depth, source, referrer, utm_source, utm_medium, utm_campaign, country, browser, os, device, screen FROM events ORDER BY id',
      );
      expect(events).toEqual([
        expect.objectContaining({ type: 'pageview', path: '/', source: 'Hacker News', referrer: 'news.ycombinator.com/item', utm_campaign: 'launch', country: 'GB', browser: 'Firefox', os: 'Linux', device: 'desktop', screen: '1920x1080' }),
        expect.objectContaining({ type: 'pageview', path: '/pricing', source: 'Direct / None', referrer: null }),
        expect.objectContaining({ type: 'event', path: '/pricing', name: 'Signup', props: '{"plan":"pro","seats":3,"annual":true}' }),
        expect.objectContaining({ type: 'pageview', path: '/signup' }),
        expect.objectContaining({ type: 'engagement', path: '/signup', engaged_ms: 12500, scroll_depth: 100 }),
        expect.objectContaining({ type: 'pageview', path: '/blog/hello', source: 'Newsletter', utm_source: 'newsletter', utm_medium: 'email', country: 'US', browser: 'Mobile Safari', os: 'iOS', device: 'mobile' }),
        expect.objectContaining({ type: 'pageview', path: '/', source: 'Direct / None', country: 'US', browser: 'Chrome', os: 'Windows', screen: '1280x720' }),
        expect.objectContaining({ type: 'pageview', path: '/about', country: 'US', screen: '1280x720' }),
      ]);
    });

    it('groups them into one visit per person, with entry and exit pages and the first event\'s source', async () => {
      const visits = await queryTestDatabase<Record<string, unknown>>(
        database,
        'SELECT entry_page, exit_page, pageviews, events, engaged_ms, source, country, device FROM visits ORDER BY id',
      );
      expect(visits.map((v) => ({ ...v, engaged_ms: Number(v.engaged_ms) }))).toEqual([
        { entry_page: '/', exit_page: '/signup', pageviews: 3, events: 1, engaged_ms: 12500, source: 'Hacker News', country: 'GB', device: 'desktop' },
        { entry_page: '/blog/hello', exit_page: '/blog/hello', pageviews: 1, events: 0, engaged_ms: 0, source: 'Newsletter', country: 'US', device: 'mobile' },
        { entry_page: '/', exit_page: '/about', pageviews: 2, events: 0, engaged_ms: 0, source: 'Direct / None', country: 'US', device: 'desktop' },
      ]);
      const perVisit = await queryTestDatabase<{ visitors: number }>(database, 'SELECT COUNT(DISTINCT visitor_id) AS visitors FROM events');
      expect(Number(perVisit[0].visitors)).toBe(3);
    });

    it('keeps no query parameter but the UTM tags', async () => {
      const rows = await queryTestDatabase<{ path: string }>(database, 'SELECT path FROM events');
      expect(JSON.stringify(rows)).not.toContain('secret');
    });
  });

  describe('bad input: a clear 4xx, and nothing recorded', () => {
    const visitor: Visitor = { ip: '203.0.113.50', userAgent: FIREFOX };
    let before: number;
    beforeEach(async () => {
      before = await count('events');
    });
    afterEach(async () => {
      expect(await count('events')).toBe(before);
    });

    it.each([
      ['a body that is not JSON', '{"site":', 400, 'Request body is not valid JSON'],
      ['an empty body', '', 400, 'Request body is not valid JSON'],
      ['a JSON array', '[1,2]', 400, 'Request body must be a JSON object'],
      ['a JSON string', '"pageview"', 400, 'Request body must be a JSON object'],
    ])('%s is refused', async (_, raw, status, error) => {
      const answer = await server.request('POST', '/api/event', { rawBody: raw, headers: { 'content-type': 'text/plain', 'user-agent': FIREFOX } });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toBe(error);
    });

    it.each([
      ['no site', { url: `https://${SITE}/` }, 'site'],
      ['no url', { site: SITE }, 'url'],
      ['a relative url', { site: SITE, url: '/pricing' }, 'url'],
      ['a javascript: url', { site: SITE, url: 'javascript:alert(1)' }, 'url'],
      ['an unknown type', { site: SITE, url: `https://${SITE}/`, type: 'click' }, 'type'],
      ['a custom event without a name', { site: SITE, url: `https://${SITE}/`, type: 'event' }, 'name'],
      ['an event name over 120 characters', { site: SITE, url: `https://${SITE}/`, type: 'event', name: 'x'.repeat(121) }, 'name'],
      ['nested props', { site: SITE, url: `https://${SITE}/`, type: 'event', name: 'x', props: { a: { b: 1 } } }, 'props'],
      ['31 props', { site: SITE, url: `https://${SITE}/`, type: 'event', name: 'x', props: Object.fromEntries([...Array(31).keys()].map((i) => [`k${i}`, i])) }, 'props'],
      ['an engagement without engagedMs', { site: SITE, url: `https://${SITE}/`, type: 'engagement' }, 'engagedMs'],
      ['a negative engagedMs', { site: SITE, url: `https://${SITE}/`, type: 'engagement', engagedMs: -5 }, 'engagedMs'],
      ['a negative scrollDepth', { site: SITE, url: `https://${SITE}/`, type: 'engagement', engagedMs: 5, scrollDepth: -1 }, 'scrollDepth'],
      ['a fractional scrollDepth', { site: SITE, url: `https://${SITE}/`, type: 'engagement', engagedMs: 5, scrollDepth: 50.5 }, 'scrollDepth'],
      ['an absurd screen', { site: SITE, url: `https://${SITE}/`, screen: '99999999x1' }, 'screen'],
      ['a number for a site', { site: 42, url: `https://${SITE}/` }, 'site'],
      ['an unknown field', { site: SITE, url: `https://${SITE}/`, ip: '1.2.3.4' }, 'ip'],
    ])('%s → 400 naming the field', async (_, body, field) => {
      const answer = await sendEvent(server, visitor, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('Invalid request');
      expect(answer.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it.each([
      ['a lone surrogate in the title', { title: 'broken \ud800 title' }, 'Request body is not valid Unicode text'],
      ['a lone low surrogate in the name', { type: 'event', name: 'Sign\udc00up' }, 'Request body is not valid Unicode text'],
      ['a lone surrogate in a prop key', { type: 'event', name: 'Signup', props: { ['pl\ud83dan']: 'pro' } }, 'Request body is not valid Unicode text'],
      ['NUL in the title', { title: 'nul\u0000title' }, 'Request body holds a NUL character'],
      ['NUL in the name', { type: 'event', name: 'Sign\u0000up' }, 'Request body holds a NUL character'],
      ['NUL in a prop key', { type: 'event', name: 'Signup', props: { ['plan\u0000']: 'pro' } }, 'Request body holds a NUL character'],
      ['NUL in a prop value', { type: 'event', name: 'Signup', props: { plan: 'pro\u0000' } }, 'Request body holds a NUL character'],
    ])('%s → 400, as on every other JSON route', async (_, fields, error) => {
      const answer = await sendEvent(server, visitor, { site: SITE, url: `https://${SITE}/`, ...fields });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe(error);
    });

    it.each([['<b>key</b>'], ['a/b'], ['plan:pro'], [''], ['k'.repeat(65)], ['"quoted"']])('a prop key %j that prop:<key> cannot name → 400 naming the key', async (key) => {
      const answer = await sendEvent(server, visitor, { site: SITE, url: `https://${SITE}/`, type: 'event', name: 'Signup', props: { plan: 'pro', [key]: 'x' } });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([{ field: 'props', problems: [expect.stringContaining(`props key ${JSON.stringify(key)}`)] }]);
      // The breakdown refuses the same key: what collection accepts, a breakdown can name.
      const token = await server.login();
      if (key !== '') expect((await server.request('GET', `/api/stats/breakdown?site=${SITE}&period=day&dimension=prop:${encodeURIComponent(key)}`, { token })).status).toBe(400);
    });

    it.each([
      [`${SITE}/x`],
      [`user:pw@${SITE}`],
      [`https://${SITE}`],
      [`${SITE}:443`],
      [`${SITE}?x=1`],
      [`${SITE}#top`],
      [`${SITE} `],
      [`${SITE}%2Fx`],
    ])('a site %j that is not a bare host → 400 naming site', async (site) => {
      const answer = await sendEvent(server, visitor, { site, url: `https://${SITE}/` });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([expect.objectContaining({ field: 'site' })]);
    });

    it('ignores __proto__ keys instead of letting them reach an object prototype', async () => {
      const answer = await server.request('POST', '/api/event', {
        rawBody: `{"site":"${SITE}","url":"https://${SITE}/","__proto__":{"type":"event"},"constructor":{"prototype":{"x":1}}}`,
        headers: { 'content-type': 'text/plain', 'user-agent': FIREFOX, 'x-forwarded-for': '203.0.113.51' },
      });
      expect(answer.status).toBe(202);
      before += 1; // that one is valid once the poisoned keys are gone
    });

    it('answers 404 for a site that is not registered', async () => {
      const answer = await sendEvent(server, visitor, { site: 'unknown.example', url: 'https://unknown.example/' });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: 'Site unknown.example is not registered' });
    });

    it('answers 413 past 8 KiB', async () => {
      const answer = await sendEvent(server, visitor, { site: SITE, url: `https://${SITE}/`, title: 'x'.repeat(9000) });
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({ error: 'Request body is too large' });
    });

    it('acknowledges bots with 202 and records nothing', async () => {
      expect((await sendEvent(server, { ip: '66.249.66.1', userAgent: GOOGLEBOT }, { site: SITE, url: `https://${SITE}/` })).status).toBe(202);
      const noAgent = await server.request('POST', '/api/event', { rawBody: JSON.stringify({ site: SITE, url: `https://${SITE}/` }), headers: { 'user-agent': '' } });
      expect(noAgent.status).toBe(202);
    });

    it('answers the pixel with the GIF whatever the parameters, and records nothing for bad ones', async () => {
      const bad = [
        '',
        '?site=unknown.example&path=/',
        `?site=${SITE}&path=${'x'.repeat(5000)}&resolution=abc`,
        '?site[]=a&site[]=b',
        // A path or credentials smuggled into site: refused, not recorded as /x/p.
        `?site=${SITE}%2Fx&path=/p`,
        `?site=user:pw@${SITE}&path=/p`,
        `?site=${encodeURIComponent(`user:pw@${SITE}`)}&path=/p`,
        `?site=${SITE}&path=/p&title=nul%00title`,
      ];
      for (const query of bad) {
        const answer = await server.request('GET', `/pixel.gif${query}`, { headers: { 'user-agent': FIREFOX } });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe('image/gif');
        expect(answer.headers.get('cache-control')).toBe('no-store');
      }
    });
  });

  it('takes events at /api/event whatever a client or proxy adds: a query string, a trailing or a doubled slash', async () => {
    const before = await queryTestDatabase<{ path: string }>(database, "SELECT path FROM events WHERE path LIKE '/cache-busted/%'");
    expect(before).toEqual([]);
    const targets = ['/api/event?x=1', '/api/event?', '/api/event/', '//api/event', '/api/event/?v=2', '/api//event'];
    for (const [i, target] of targets.entries()) {
      const answer = await server.request('POST', target, {
        rawBody: JSON.stringify({ site: SITE, url: `https://${SITE}/cache-busted/${i}` }),
        headers: { 'content-type': 'text/plain', 'user-agent': FIREFOX, 'x-forwarded-for': `203.0.113.${60 + i}` },
      });
      expect({ target, status: answer.status }).toEqual({ target, status: 202 });
    }
    const stored = await queryTestDatabase<{ path: string }>(database, "SELECT path FROM events WHERE path LIKE '/cache-busted/%' ORDER BY path");
    expect(stored.map((row) => row.path)).toEqual(targets.map((_, i) => `/cache-busted/${i}`));
    // Only the event route itself: a neighbour is not taken for it.
    expect((await server.request('POST', '/api/events', { rawBody: '{}', headers: { 'content-type': 'text/plain' } })).status).toBe(404);
  });

  it('answers a cross-origin POST and its preflight for any origin, without credentials', async () => {
    const preflight = await server.request('OPTIONS', '/api/event', { headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await sendEvent(server, { ip: '203.0.113.60', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/` });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await sendEvent(server, { ip: '203.0.113.60', userAgent: FIREFOX }, { site: SITE });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves the snippet with an ETag, long caching and gzip', async () => {
    const first = await server.request('GET', '/tracker.js', { headers: { 'accept-encoding': 'identity' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(first.headers.get('cache-control')).toContain('max-age=86400');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await server.request('GET', '/tracker.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gzipped = await server.request('GET', '/tracker.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.text).toBe(first.text);
  });

  it('serves /demo with the snippet for the demo site', async () => {
    const page = await server.request('GET', '/demo');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script defer src="/tracker.js" data-site="demo.localhost"');
  });

  it('never writes an IP address or a User-Agent to the database or the logs', async () => {
    const sent = ['81.2.69.142', '8.8.8.8', '2001:4860:4860::8888', '203.0.113.50', FIREFOX, SAFARI_IPHONE, CHROME_WINDOWS, 'Firefox/128.0', 'iPhone OS 17_4'];
    if (database.file) {
      const folder = dirname(database.file);
      const bytes = readdirSync(folder).map((name) => readFileSync(join(folder, name)).toString('latin1')).join('\n');
      expect(bytes.length).toBeGreaterThan(10_000);
      for (const value of sent) expect(bytes.includes(value)).toBe(false);
    }
    const dump = JSON.stringify([
      await queryTestDatabase(database, 'SELECT * FROM events'),
      await queryTestDatabase(database, 'SELECT * FROM visits'),
    ]);
    for (const value of sent) expect(dump).not.toContain(value);
    for (const value of sent) expect(server.logs).not.toContain(value);
  });
});

describe('collection: rate limit', () => {
  let database: TestDatabase;
  let server: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '5' });
    const token = await server.login();
    await server.request('POST', '/api/sites', { token, body: { domain: SITE } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers 429 past the per-client limit, records nothing more, and leaves other clients alone', async () => {
    const busy: Visitor = { ip: '198.51.100.20', userAgent: FIREFOX };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await sendEvent(server, busy, { site: SITE, url: `https://${SITE}/${i}` })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = await sendEvent(server, busy, { site: SITE, url: `https://${SITE}/x` });
    expect(limited.body).toEqual({ error: 'Too many events from this client; slow down' });
    expect((await sendEvent(server, { ip: '198.51.100.21', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/` })).status).toBe(202);
    const [{ n }] = await queryTestDatabase<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM events');
    expect(Number(n)).toBe(6);
    // Logging in is limited separately.
    expect((await server.request('POST', '/api/auth/login', { body: { email: 'x@example.org', password: 'y' }, headers: { 'x-forwarded-for': busy.ip } })).status).toBe(401);
  });
});
