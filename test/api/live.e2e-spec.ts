import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CairnServer } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { TestClock } from '../support/test-clock.js';
import { changeTestDatabase, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, SAFARI_IPHONE, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'live.example';
const OTHER_SITE = 'other.example';
const MINUTE = 60_000;

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX }; // GB
const bob: Visitor = { ip: '8.8.8.8', userAgent: SAFARI_IPHONE }; // US
const carol: Visitor = { ip: '8.8.4.4', userAgent: CHROME_WINDOWS }; // US

/** Long enough to tell a push for a change from the 10 s heartbeat, with room for a busy machine. */
const PUSH_WAIT_MS = 3_000;

describe('live visitors: GET /api/live and the socket.io namespace /live', () => {
  let database: TestDatabase;
  let clock: TestClock;
  let server: CairnServer;
  let token: string;
  let memberToken: string;
  const sockets: LiveSocket[] = [];
  const connect = async (withToken?: string) => {
    const socket = await LiveSocket.connect(server.url, withToken);
    sockets.push(socket);
    return socket;
  };
  const refusal = (withToken?: string) => connect(withToken).then(
    () => 'connected',
    (error: Error) => error.message,
  );
  const visit = (who: Visitor, path: string, extra: Record<string, unknown> = {}) =>
    sendEvent(server, who, { site: SITE, url: `https://${SITE}${path}`, ...extra }).then((answer) => expect(answer.status).toBe(202));

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock('2026-03-10T12:00:00Z');
    server = await CairnServer.start({
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      RATE_LIMIT_EVENTS_PER_MINUTE: '100000',
      LIVE_WINDOW_MINUTES: '1',
      LOGIN_TTL_HOURS: '1',
      DEMO_DATA: 'false',
      ...clock.env(),
    });
    token = await server.login();
    // A key, not a login session: the clock moves on by hours and sessions expire.
    token = (await server.request('POST', '/api/keys', { token, body: { name: 'live test' } })).body.key;
    for (const domain of [SITE, OTHER_SITE]) expect((await server.request('POST', '/api/sites', { token, body: { domain } })).status).toBe(201);
    // A member (the API has no route to make one yet) with an API key, who owns neither site.
    memberToken = `ck_${randomBytes(32).toString('base64url')}`;
    const hash = createHash('sha256').update(memberToken).digest('hex');
    await changeTestDatabase(
      database,
      `INSERT INTO users (email, password_hash, role, created_at) VALUES ('member@example.org', 'none', 'member', 0);
       INSERT INTO auth_tokens (id, user_id, kind, name, token_hash, prefix, created_at, expires_at, last_used_at)
       SELECT '${randomUUID()}', id, 'api_key', 'member key', '${hash}', '${memberToken.slice(0, 10)}', 0, NULL, NULL FROM users WHERE email = 'member@example.org';`,
    );
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('connecting', () => {
    it('refuses a socket without a token, or with one it does not know', async () => {
      expect(await refusal()).toMatch(/Send auth: \{ token \}/);
      expect(await refusal('')).toMatch(/Send auth: \{ token \}/);
      expect(await refusal('cs_not-a-token')).toBe('Token unknown, revoked or expired');
    });

    it('accepts a login token and an API key, and refuses the key once deleted', async () => {
      const login = await server.login();
      expect(await refusal(login)).toBe('connected');
      // Keys are managed from a login (a key gets 403 on /api/keys).
      const key = await server.request('POST', '/api/keys', { token: login, body: { name: 'live socket' } });
      expect(await refusal(key.body.key)).toBe('connected');
      expect((await server.request('DELETE', `/api/keys/${key.body.id}`, { token: login })).status).toBe(204);
      expect(await refusal(key.body.key)).toBe('Token unknown, revoked or expired');
    });
  });

  describe('subscribing', () => {
    it('joins a site the token’s user may see, and gets its counts at once', async () => {
      const socket = await connect(token);
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      expect(await socket.next((m) => m.site === SITE)).toEqual({ site: SITE, at: '2026-03-10T12:00:00.000Z', visitors: 0, pages: [], sources: [], countries: [], recent: [] });
      // Domains are normalised as everywhere else.
      expect(await socket.subscribe(`https://www.${SITE.toUpperCase()}/`)).toEqual({ site: SITE });
    });

    it('refuses a site of another user, an unknown site, and a request without a site', async () => {
      const member = await connect(memberToken);
      expect(await member.subscribe(SITE)).toEqual({ error: `No site ${SITE}` });
      const admin = await connect(token);
      expect(await admin.subscribe('nowhere.example')).toEqual({ error: 'No site nowhere.example' });
      expect(await admin.socket.timeout(5_000).emitWithAck('subscribe', {})).toEqual({ error: 'Send { site: "<domain>" }' });
      // Nothing is pushed to a socket whose subscription was refused.
      await visit(alice, '/refused-check');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(member.messages).toEqual([]);
    });
  });

  describe('a socket that keeps subscribing', () => {
    it('answers a subscribe to a site already joined at once, with no counts pushed again', async () => {
      const socket = await connect(token);
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      await socket.next((m) => m.site === SITE);
      const pushedBefore = socket.messages.length;
      const answers = await Promise.all([...Array(200).keys()].map(() => socket.subscribe(SITE)));
      expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify({ site: SITE })]));
      // 200 subscribes cost no lookup and no push (they used to cause one push each).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(socket.messages.length - pushedBefore).toBe(0);
    });

    it('serves a burst of subscribes that cost work, then about one a second; other sockets are not held back', async () => {
      const socket = await connect(token);
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(await socket.subscribe(`nowhere-${i}.example`));
      const served = answers.filter((answer) => 'error' in answer && answer.error.startsWith('No site')).length;
      const throttled = answers.filter((answer) => 'error' in answer && /^Too many subscribes from this connection; wait \d+ s$/.test(answer.error)).length;
      expect(served + throttled).toBe(30);
      expect(served).toBeGreaterThanOrEqual(10);
      expect(served).toBeLessThan(15);
      // The throttled socket stays connected and the budget comes back.
      expect(socket.socket.connected).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await socket.subscribe(OTHER_SITE)).toEqual({ site: OTHER_SITE });
      const fresh = await connect(token);
      expect(await fresh.subscribe(SITE)).toEqual({ site: SITE });
    });

    it('joins again after an unsubscribe, with the counts at once', async () => {
      const socket = await connect(token);
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      await socket.next((m) => m.site === SITE);
      expect(await socket.socket.timeout(5_000).emitWithAck('unsubscribe', { site: SITE })).toEqual({ site: SITE });
      const seen = socket.messages.length;
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      await socket.next((m) => m.site === SITE, seen);
    });
  });

  describe('the count', () => {
    it('goes 0 → 3 as three visitors arrive, each pushed within a second, with the page each is on', async () => {
      clock.set('2026-03-10T13:00:00Z'); // the visitor of the test before has left the 1-minute window
      const socket = await connect(token);
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      expect((await socket.next(() => true)).visitors).toBe(0);

      let seen = socket.messages.length;
      await visit(alice, '/', { referrer: 'https://www.google.com/' });
      expect(await socket.next((m) => m.visitors === 1, seen, PUSH_WAIT_MS)).toMatchObject({ pages: [{ page: '/', visitors: 1 }] });

      seen = socket.messages.length;
      await visit(bob, '/blog/a', { referrer: 'https://news.ycombinator.com/item?id=1' });
      await socket.next((m) => m.visitors === 2, seen, PUSH_WAIT_MS);

      seen = socket.messages.length;
      clock.set('2026-03-10T13:00:01Z');
      await visit(carol, '/pricing');
      // Alice moves on; an engagement report for the page she left does not move her back.
      clock.set('2026-03-10T13:00:02Z');
      await visit(alice, '/pricing');
      await visit(alice, '/', { type: 'engagement', engagedMs: 5_000 });
      clock.set('2026-03-10T13:00:03Z');
      await visit(alice, '/pricing', { type: 'event', name: 'Signup', props: { plan: 'pro' } });
      // Another site's traffic is not this room's business.
      expect((await sendEvent(server, carol, { site: OTHER_SITE, url: `https://${OTHER_SITE}/` })).status).toBe(202);
      const three = await socket.next((m) => m.visitors === 3 && m.pages[0]?.visitors === 2 && m.recent.length === 5, seen, PUSH_WAIT_MS);
      expect(three).toEqual({
        site: SITE,
        at: '2026-03-10T13:00:03.000Z',
        visitors: 3,
        pages: [
          { page: '/pricing', visitors: 2 },
          { page: '/blog/a', visitors: 1 },
        ],
        sources: [
          { source: 'Direct / None', visitors: 1 },
          { source: 'Google', visitors: 1 },
          { source: 'Hacker News', visitors: 1 },
        ],
        countries: [
          { country: 'US', visitors: 2 },
          { country: 'GB', visitors: 1 },
        ],
        // Newest first: what happened and where, never who; the engagement report and the other site's event are not in it.
        recent: [
          { at: '2026-03-10T13:00:03.000Z', type: 'event', name: 'Signup', page: '/pricing', source: 'Google', country: 'GB', device: 'desktop' },
          { at: '2026-03-10T13:00:02.000Z', type: 'pageview', name: null, page: '/pricing', source: 'Google', country: 'GB', device: 'desktop' },
          { at: '2026-03-10T13:00:01.000Z', type: 'pageview', name: null, page: '/pricing', source: 'Direct / None', country: 'US', device: 'desktop' },
          { at: '2026-03-10T13:00:00.000Z', type: 'pageview', name: null, page: '/blog/a', source: 'Hacker News', country: 'US', device: 'mobile' },
          { at: '2026-03-10T13:00:00.000Z', type: 'pageview', name: null, page: '/', source: 'Google', country: 'GB', device: 'desktop' },
        ],
      });
      expect(socket.messages.every((m) => m.site === SITE)).toBe(true);

      const { site, at, ...counts } = three;
      const answer = await server.request('GET', `/api/live?site=${SITE}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(counts);
    });

    it('keeps the latest 20 events in the feed, and shows a path as it was sent (text, not HTML)', async () => {
      const socket = await connect(token);
      await socket.subscribe(SITE);
      await socket.next(() => true);
      const seen = socket.messages.length;
      const XSS = '<img src=x onerror=alert(1)>';
      for (let i = 0; i < 22; i++) {
        clock.set(Date.parse('2026-03-10T13:00:04Z') + i);
        await visit(carol, i === 21 ? `/${XSS}` : `/feed/${i}`);
      }
      const message = await socket.next((m) => m.recent[0]?.page === `/${XSS}`, seen, PUSH_WAIT_MS);
      expect(message.recent).toHaveLength(20);
      expect(message.recent.map((event) => event.page)).toEqual([`/${XSS}`, ...Array.from({ length: 19 }, (_, i) => `/feed/${20 - i}`)]);
      expect(message.visitors).toBe(3);
      const answer = await server.request('GET', `/api/live?site=${SITE}`, { token });
      expect(answer.body.recent).toEqual(message.recent);
      for (const event of answer.body.recent) expect(Object.keys(event).sort()).toEqual(['at', 'country', 'device', 'name', 'page', 'source', 'type']);
    });

    it('pushes at most once a second however busy the site', async () => {
      const socket = await connect(token);
      await socket.subscribe(SITE);
      await socket.next(() => true);
      const started = Date.now();
      for (let i = 0; i < 20; i++) {
        await visit({ ip: `198.51.100.${i + 1}`, userAgent: FIREFOX }, `/burst/${i}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await socket.next((m) => m.visitors === 23, 0, PUSH_WAIT_MS);
      const elapsed = Date.now() - started;
      // After the subscribe message: a push per second of the burst (give or take the edges), never two within a second.
      const pushes = socket.receivedAt.slice(1);
      expect(pushes.length).toBeGreaterThanOrEqual(2);
      expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
      for (let i = 1; i < pushes.length; i++) expect(pushes[i] - pushes[i - 1]).toBeGreaterThan(900);
    });

    it('falls back once the visitors’ last events are a window old (pushed without a change, at the latest 10 s on)', async () => {
      const socket = await connect(token);
      await socket.subscribe(SITE);
      expect((await socket.next(() => true)).visitors).toBe(23);
      clock.set(Date.parse('2026-03-10T13:00:05Z') + MINUTE + 1);
      expect(await socket.next((m) => m.visitors === 0, 1, 12_000)).toEqual({
        site: SITE,
        at: '2026-03-10T13:01:05.001Z',
        visitors: 0,
        pages: [],
        sources: [],
        countries: [],
        recent: [],
      });
      expect((await server.request('GET', `/api/live?site=${SITE}`, { token })).body).toEqual({ visitors: 0, pages: [], sources: [], countries: [], recent: [] });
    });
  });

  describe('GET /api/live', () => {
    it('answers 401 without a token, 400 without a site, 404 for a site the user may not see', async () => {
      expect((await server.request('GET', `/api/live?site=${SITE}`)).status).toBe(401);
      expect((await server.request('GET', `/api/live?site=${SITE}`, { token: 'cs_not-a-token' })).status).toBe(401);
      const missing = await server.request('GET', '/api/live', { token });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ error: 'Invalid request', details: [{ field: 'site', problems: expect.arrayContaining(['site should not be empty']) }] });
      expect((await server.request('GET', `/api/live?site=${SITE}`, { token: memberToken })).status).toBe(404);
      expect((await server.request('GET', '/api/live?site=nowhere.example', { token })).status).toBe(404);
    });

    it('is in the OpenAPI document', async () => {
      const document = (await server.request('GET', '/api/docs/openapi.json')).body;
      expect(document.paths['/api/live'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'site', in: 'query', required: true })]));
    });
  });

  it('refuses a login token once it has expired', async () => {
    const session = await server.login();
    expect(await refusal(session)).toBe('connected');
    clock.set(Date.parse('2026-03-10T13:01:00Z') + 61 * MINUTE); // LOGIN_TTL_HOURS=1
    expect(await refusal(session)).toBe('Token unknown, revoked or expired');
  });
});
