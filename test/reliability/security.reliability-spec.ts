import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchChromium } from '../support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, type HttpAnswer, type RequestOptions } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { recordReliability } from '../support/reliability-summary.js';
import { tableCounts } from '../support/table-counts.js';
import { TestClock } from '../support/test-clock.js';
import { changeTestDatabase, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'secret.example';
const MEMBER_SITE = 'member.example';
const MEMBER_EMAIL = 'member@example.org';
const MINUTE = 60_000;
const LOGIN_LIMIT = 5;

/** Stored as visitors sent them, and read back as the same text. */
const SQL_PATH = `/it's "quoted"; DROP TABLE events; --`;
const SQL_TITLE = "' OR 1=1 --";
const SQL_EVENT = '"; DROP TABLE visits; --';
const SQL_PLAN = "' OR '1'='1";
const PERCENT_PATH = '/100%_done';

/** What an injection tries, in every parameter that reaches a query. */
const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  "'); DELETE FROM events; --",
  "1' UNION SELECT token_hash FROM auth_tokens --",
  "' || (SELECT password_hash FROM users LIMIT 1) || '",
  '‘ OR ‘1’=‘1’ --',
  '＂; DROP TABLE sites; --',
  '1; SELECT pg_sleep(5)',
  "' AND randomblob(1000000000) --",
  '%',
  '_',
  '\\',
];

const alice: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX };
const bob: Visitor = { ip: '8.8.8.8', userAgent: CHROME_WINDOWS };

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** An id no report, webhook or alert has. */
const NO_ID = '00000000-0000-4000-8000-000000000000';
/** The owner's webhook on SITE, made before the walk. */
let ownWebhookId = NO_ID;

/** A request for each route that the admin's own token would have answered; keyed as the OpenAPI document names them. */
function callsFor(site: string, keyId: string): Record<string, Call> {
  const slice = `site=${encodeURIComponent(site)}&period=7d`;
  return {
    'GET /api/auth/me': { method: 'GET', path: '/api/auth/me' },
    'POST /api/auth/logout': { method: 'POST', path: '/api/auth/logout' },
    'POST /api/keys': { method: 'POST', path: '/api/keys', body: { name: 'not for you' } },
    'GET /api/keys': { method: 'GET', path: '/api/keys' },
    'DELETE /api/keys/{id}': { method: 'DELETE', path: `/api/keys/${keyId}` },
    'GET /api/sites': { method: 'GET', path: '/api/sites' },
    'POST /api/sites': { method: 'POST', path: '/api/sites', body: { domain: 'not-for-you.example' } },
    'GET /api/sites/{domain}': { method: 'GET', path: `/api/sites/${site}` },
    'DELETE /api/sites/{domain}': { method: 'DELETE', path: `/api/sites/${site}` },
    'PATCH /api/sites/{domain}': { method: 'PATCH', path: `/api/sites/${site}`, body: { timezone: 'UTC' } },
    'GET /api/sites/{domain}/members': { method: 'GET', path: `/api/sites/${site}/members` },
    'POST /api/invitations': { method: 'POST', path: '/api/invitations', body: { email: 'not-for-you@example.org', site, role: 'viewer' } },
    'GET /api/invitations': { method: 'GET', path: `/api/invitations?site=${site}` },
    'DELETE /api/invitations/{id}': { method: 'DELETE', path: `/api/invitations/${keyId}` },
    'POST /api/auth/password': { method: 'POST', path: '/api/auth/password', body: { currentPassword: ADMIN_PASSWORD, newPassword: 'not for you, this one' } },
    'PUT /api/sites/{domain}/members/{userId}': { method: 'PUT', path: `/api/sites/${site}/members/1`, body: { role: 'owner' } },
    'DELETE /api/sites/{domain}/members/{userId}': { method: 'DELETE', path: `/api/sites/${site}/members/1` },
    'GET /api/stats/summary': { method: 'GET', path: `/api/stats/summary?${slice}` },
    'GET /api/stats/timeseries': { method: 'GET', path: `/api/stats/timeseries?${slice}` },
    'GET /api/stats/breakdown': { method: 'GET', path: `/api/stats/breakdown?${slice}&dimension=page` },
    'GET /api/stats/prop-keys': { method: 'GET', path: `/api/stats/prop-keys?${slice}` },
    'POST /api/stats/funnel': { method: 'POST', path: '/api/stats/funnel', body: { site, period: '7d', steps: [{ page: '/' }, { event: SQL_EVENT }] } },
    'GET /api/export': { method: 'GET', path: `/api/export?${slice}` },
    'GET /api/live': { method: 'GET', path: `/api/live?site=${site}` },
    'GET /api/sites/{domain}/goals': { method: 'GET', path: `/api/sites/${site}/goals` },
    'POST /api/sites/{domain}/goals': { method: 'POST', path: `/api/sites/${site}/goals`, body: { event: SQL_EVENT, props: { plan: SQL_PLAN } } },
    'DELETE /api/sites/{domain}/goals/{id}': { method: 'DELETE', path: `/api/sites/${site}/goals/2147483647` },
    'GET /api/sites/{domain}/segments': { method: 'GET', path: `/api/sites/${site}/segments` },
    'POST /api/sites/{domain}/segments': { method: 'POST', path: `/api/sites/${site}/segments`, body: { name: SQL_PLAN, filters: { page: SQL_PATH } } },
    'DELETE /api/sites/{domain}/segments/{id}': { method: 'DELETE', path: `/api/sites/${site}/segments/2147483647` },
    'GET /api/sites/{domain}/funnels': { method: 'GET', path: `/api/sites/${site}/funnels` },
    'POST /api/sites/{domain}/funnels': { method: 'POST', path: `/api/sites/${site}/funnels`, body: { name: SQL_PLAN, steps: [{ page: SQL_PATH }, { event: SQL_EVENT }] } },
    'DELETE /api/sites/{domain}/funnels/{id}': { method: 'DELETE', path: `/api/sites/${site}/funnels/2147483647` },
    'GET /api/sites/{domain}/reports': { method: 'GET', path: `/api/sites/${site}/reports` },
    'POST /api/sites/{domain}/reports': { method: 'POST', path: `/api/sites/${site}/reports`, body: { email: 'not-for-you@example.org', frequency: 'weekly' } },
    'DELETE /api/sites/{domain}/reports/{id}': { method: 'DELETE', path: `/api/sites/${site}/reports/${NO_ID}` },
    'POST /api/sites/{domain}/reports/{id}/send': { method: 'POST', path: `/api/sites/${site}/reports/${NO_ID}/send` },
    'GET /api/sites/{domain}/webhooks': { method: 'GET', path: `/api/sites/${site}/webhooks` },
    'POST /api/sites/{domain}/webhooks': { method: 'POST', path: `/api/sites/${site}/webhooks`, body: { url: 'https://hooks.example.org/not-for-you', events: ['spike'] } },
    'DELETE /api/sites/{domain}/webhooks/{id}': { method: 'DELETE', path: `/api/sites/${site}/webhooks/${NO_ID}` },
    // The owner's own webhook (made in beforeAll): its deliveries list answers 200 for them.
    'GET /api/sites/{domain}/webhooks/{id}/deliveries': { method: 'GET', path: `/api/sites/${site}/webhooks/${ownWebhookId}/deliveries` },
    'GET /api/sites/{domain}/alerts': { method: 'GET', path: `/api/sites/${site}/alerts` },
    'POST /api/sites/{domain}/alerts': { method: 'POST', path: `/api/sites/${site}/alerts`, body: { kind: 'spike', threshold: 10, webhook: NO_ID } },
    'DELETE /api/sites/{domain}/alerts/{id}': { method: 'DELETE', path: `/api/sites/${site}/alerts/${NO_ID}` },
  };
}

/** Routes anyone may call (everything else must refuse a request without a valid token). */
const PUBLIC = new Set([
  'GET /health',
  'POST /api/auth/login',
  'POST /api/invitations/accept',
  'GET /pixel.gif',
  'GET /tracker.js',
  'POST /api/event',
  'OPTIONS /api/event',
  'GET /api/reports/unsubscribe/{token}',
  'POST /api/reports/unsubscribe/{token}',
]);
/** Routes that read one site's data: a member's key gets 404 for a site that is not theirs. */
const SITE_SCOPED = [
  'GET /api/sites/{domain}',
  'DELETE /api/sites/{domain}',
  'PATCH /api/sites/{domain}',
  'GET /api/sites/{domain}/members',
  'POST /api/invitations',
  'GET /api/invitations',
  'PUT /api/sites/{domain}/members/{userId}',
  'DELETE /api/sites/{domain}/members/{userId}',
  'GET /api/stats/summary',
  'GET /api/stats/timeseries',
  'GET /api/stats/breakdown',
  'GET /api/stats/prop-keys',
  'POST /api/stats/funnel',
  'GET /api/export',
  'GET /api/live',
  'GET /api/sites/{domain}/goals',
  'POST /api/sites/{domain}/goals',
  'DELETE /api/sites/{domain}/goals/{id}',
  'GET /api/sites/{domain}/segments',
  'POST /api/sites/{domain}/segments',
  'DELETE /api/sites/{domain}/segments/{id}',
  'GET /api/sites/{domain}/funnels',
  'POST /api/sites/{domain}/funnels',
  'DELETE /api/sites/{domain}/funnels/{id}',
  'GET /api/sites/{domain}/reports',
  'POST /api/sites/{domain}/reports',
  'DELETE /api/sites/{domain}/reports/{id}',
  'POST /api/sites/{domain}/reports/{id}/send',
  'GET /api/sites/{domain}/webhooks',
  'POST /api/sites/{domain}/webhooks',
  'DELETE /api/sites/{domain}/webhooks/{id}',
  'GET /api/sites/{domain}/alerts',
  'POST /api/sites/{domain}/alerts',
  'DELETE /api/sites/{domain}/alerts/{id}',
];
/** Routes whose success would change something: not called with a valid token as a control. */
const CHANGES_STATE = new Set([
  'POST /api/auth/logout',
  'POST /api/keys',
  'DELETE /api/keys/{id}',
  'POST /api/sites',
  'DELETE /api/sites/{domain}',
  'PATCH /api/sites/{domain}',
  'PUT /api/sites/{domain}/members/{userId}',
  'DELETE /api/sites/{domain}/members/{userId}',
  'POST /api/invitations',
  'DELETE /api/invitations/{id}',
  'POST /api/auth/password',
  'POST /api/sites/{domain}/goals',
  'DELETE /api/sites/{domain}/goals/{id}',
  'POST /api/sites/{domain}/segments',
  'DELETE /api/sites/{domain}/segments/{id}',
  'POST /api/sites/{domain}/funnels',
  'DELETE /api/sites/{domain}/funnels/{id}',
  'POST /api/sites/{domain}/reports',
  'DELETE /api/sites/{domain}/reports/{id}',
  'POST /api/sites/{domain}/reports/{id}/send',
  'POST /api/sites/{domain}/webhooks',
  'DELETE /api/sites/{domain}/webhooks/{id}',
  'POST /api/sites/{domain}/alerts',
  'DELETE /api/sites/{domain}/alerts/{id}',
]);

function cspDirectives(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

describe('security: tokens, keys, injections, login throttling and the dashboard’s policy', () => {
  let database: TestDatabase;
  let clock: TestClock;
  let server: CairnServer;
  let port: number;
  let startedAt: number;
  let session: string;
  let apiKey: string;
  let apiKeyId: string;
  let memberKey: string;
  let routes: string[];
  const tally = { requestsSent: 0, badInputs: 0, serverErrors: 0 };
  const sockets: LiveSocket[] = [];

  /** Every request of this file goes through here, so the 5xx count is complete. */
  const ask = async <T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> => {
    tally.requestsSent += 1;
    const answer = await server.request<T>(method, path, options);
    if (answer.status >= 500) tally.serverErrors += 1;
    return answer;
  };
  const as = (token: string | undefined, call: Call, headers: Record<string, string> = {}) =>
    ask(call.method, call.path, { token, body: call.body, headers: { 'x-forwarded-for': '198.51.100.200', ...headers } });
  /** Logs in from an address of its own: each address has its own login budget. */
  const login = (ip: string, password = ADMIN_PASSWORD, email = ADMIN_EMAIL) =>
    ask<{ token?: string; expiresAt?: string }>('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });
  const connect = async (token?: string) => {
    tally.requestsSent += 1;
    const socket = await LiveSocket.connect(server.url, token);
    sockets.push(socket);
    return socket;
  };
  const refusal = (token?: string) =>
    connect(token).then(
      () => 'connected',
      (error: Error) => error.message,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    startedAt = Date.now();
    clock = new TestClock(startedAt);
    server = await CairnServer.start({
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      LOGIN_TTL_HOURS: '1',
      RATE_LIMIT_LOGIN_PER_MINUTE: String(LOGIN_LIMIT),
      RATE_LIMIT_EVENTS_PER_MINUTE: '100000',
      ...clock.env(),
    });
    port = Number(new URL(server.url).port);
    session = (await login('203.0.113.10')).body.token!;
    const key = await ask('POST', '/api/keys', { token: session, body: { name: 'security spec' } });
    apiKey = key.body.key;
    apiKeyId = key.body.id;
    expect((await ask('POST', '/api/sites', { token: session, body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    const webhook = await ask('POST', `/api/sites/${SITE}/webhooks`, { token: session, body: { url: 'https://hooks.example.org/cairn', events: ['spike'] } });
    expect(webhook.status).toBe(201);
    ownWebhookId = webhook.body.id;

    // Alice: home, a custom event, then a page whose path and title look like SQL. Bob: two pages.
    const url = (path: string) => `https://${SITE}${path.replace(/[ "']/g, encodeURIComponent)}`;
    for (const [who, event] of [
      [alice, { site: SITE, url: url('/') }],
      [alice, { site: SITE, url: url('/'), type: 'event', name: SQL_EVENT, props: { plan: SQL_PLAN } }],
      [alice, { site: SITE, url: url(SQL_PATH), title: SQL_TITLE }],
      [bob, { site: SITE, url: url('/pricing') }],
      [bob, { site: SITE, url: url(PERCENT_PATH) }],
    ] as Array<[Visitor, Record<string, unknown>]>) {
      expect((await sendEvent(server, who, event)).status).toBe(202);
    }

    // A second user (made here rather than invited) with an API key and a site of their own.
    memberKey = `ck_${randomBytes(32).toString('base64url')}`;
    await changeTestDatabase(
      database,
      `INSERT INTO users (email, password_hash, role, created_at) VALUES ('${MEMBER_EMAIL}', 'none', 'member', 0);
       INSERT INTO auth_tokens (id, user_id, kind, name, token_hash, prefix, created_at, expires_at, last_used_at)
         SELECT '${randomUUID()}', id, 'api_key', 'member key', '${createHash('sha256').update(memberKey).digest('hex')}', '${memberKey.slice(0, 10)}', 0, NULL, NULL
         FROM users WHERE email = '${MEMBER_EMAIL}';
       INSERT INTO sites (domain, timezone, owner_id, created_at) SELECT '${MEMBER_SITE}', 'UTC', id, 0 FROM users WHERE email = '${MEMBER_EMAIL}';
       INSERT INTO site_members (site_id, user_id, role, created_at) SELECT id, owner_id, 'owner', 0 FROM sites WHERE domain = '${MEMBER_SITE}';`,
    );

    const document = (await ask('GET', '/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((route) => !PUBLIC.has(route));
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    const alive = await server?.request('GET', '/health').then((answer) => answer.status === 200, () => false);
    recordReliability('security', { ...tally, crashes: alive === false ? 1 : 0 });
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  describe('the dashboard’s headers and Content-Security-Policy', () => {
    it('sends helmet’s headers and a strict policy: scripts from itself only, nothing from another origin', async () => {
      for (const path of ['/', '/login', `/sites/${SITE}`, `/sites/${SITE}/live`, '/api/sites', '/demo']) {
        const answer = await ask('GET', path);
        const headers = answer.headers;
        expect({ path, nosniff: headers.get('x-content-type-options'), frames: headers.get('x-frame-options'), poweredBy: headers.get('x-powered-by') }).toEqual({
          path,
          nosniff: 'nosniff',
          frames: 'SAMEORIGIN',
          poweredBy: null,
        });
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
        // Plain http here: HSTS would lock browsers out of http://host for a year (see the server spec).
        expect(headers.get('strict-transport-security')).toBeNull();

        const csp = cspDirectives(headers.get('content-security-policy'));
        expect({ path, script: csp.get('script-src'), attributes: csp.get('script-src-attr'), objects: csp.get('object-src') }).toEqual({
          path,
          script: ["'self'"],
          attributes: ["'none'"],
          objects: ["'none'"],
        });
        expect(csp.get('default-src')).toEqual(["'self'"]);
        expect(csp.get('base-uri')).toEqual(["'self'"]);
        expect(csp.get('form-action')).toEqual(["'self'"]);
        expect(['self', 'none'].map((v) => `'${v}'`)).toContain(csp.get('frame-ancestors')?.[0]);
        // No source anywhere names another origin or a whole scheme (https:, ws:, *), and no script is inline.
        for (const [directive, sources] of csp) {
          for (const source of sources) {
            const allowed = ["'self'", "'none'"].includes(source) || (directive === 'img-src' && source === 'data:') || (directive === 'style-src' && source === "'unsafe-inline'");
            expect({ path, directive, source, allowed }).toEqual({ path, directive, source, allowed: true });
          }
        }
        // Plain http at a LAN name must keep working: nothing asks the browser to switch to https.
        expect(csp.has('upgrade-insecure-requests')).toBe(false);
      }
    });

    it('works under that policy in Chromium at a non-local name over plain http: sign in, overview, funnels, live — no violation', async () => {
      const summary = (await as(session, { method: 'GET', path: `/api/stats/summary?site=${SITE}&period=30d` })).body;
      expect(summary.visitors).toBe(2);
      // cairn.test resolves to 127.0.0.1: traffic stays on this machine, but Chromium treats the origin like a LAN server's.
      const browser: Browser = await launchChromium(['--host-resolver-rules=MAP cairn.test 127.0.0.1']);
      try {
        const context = await browser.newContext({ locale: 'en-US' });
        const page: Page = await context.newPage();
        const violations: string[] = [];
        const failed: string[] = [];
        const websockets: string[] = [];
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            const list = ((window as unknown as { cspViolations?: string[] }).cspViolations ??= []);
            list.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
          });
        });
        page.on('console', (message) => /Content.Security.Policy|Refused to/i.test(message.text()) && violations.push(message.text()));
        page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
        page.on('websocket', (socket) => websockets.push(socket.url()));
        const origin = `http://cairn.test:${port}`;

        await page.goto(`${origin}/`);
        await page.waitForURL('**/login**');
        await page.fill('#login-email', ADMIN_EMAIL);
        await page.fill('#login-password', ADMIN_PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL('**/sites');
        await page.getByRole('link', { name: SITE }).click();
        await page.waitForURL(`**/sites/${SITE}`);
        await eventually(async () => (await page.locator('[data-metric=visitors] .value').textContent())?.trim() === String(summary.visitors), 10_000);
        await page.locator('cairn-timeseries-chart canvas').first().waitFor();

        await page.goto(`${origin}/sites/${SITE}/funnels`);
        await page.getByRole('heading', { name: 'Build a funnel' }).waitFor();

        await page.goto(`${origin}/sites/${SITE}/live`);
        await eventually(async () => (await page.getByRole('status').first().textContent())?.trim() === 'Live', 10_000);
        await eventually(async () => websockets.some((url) => url.startsWith(`ws://cairn.test:${port}/socket.io/`)), 5_000);

        const reported = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
        expect([...violations, ...reported]).toEqual([]);
        // Blocked (ERR_BLOCKED_BY_CSP) or sent to https:// (ERR_SSL_PROTOCOL_ERROR) would show here; a request a
        // navigation cancelled (ERR_ABORTED) and socket.io's own polling are not about the policy.
        expect(failed.filter((entry) => entry.includes(`//cairn.test:${port}/`) && !entry.includes('socket.io') && !entry.endsWith('net::ERR_ABORTED'))).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });

  describe('tokens', () => {
    it('knows a request for every protected route (a new route must be added here)', () => {
      const calls = callsFor(SITE, apiKeyId);
      expect(routes.filter((route) => !calls[route])).toEqual([]);
      expect(routes.length).toBeGreaterThanOrEqual(15);
    });

    it('answers each read with the owner’s token (the refusals below are about the token, not the request)', async () => {
      const calls = callsFor(SITE, apiKeyId);
      for (const route of routes.filter((r) => !CHANGES_STATE.has(r))) {
        const answer = await as(session, calls[route]);
        expect({ route, status: answer.status }).toEqual({ route, status: 200 });
      }
    });

    it('refuses every protected route without a token, with a malformed, a wrong or a revoked one: 401 and nothing else', async () => {
      const revokedSession = (await login('203.0.113.11')).body.token!;
      expect((await ask('POST', '/api/auth/logout', { token: revokedSession })).status).toBe(204);
      const revokedKey = await ask('POST', '/api/keys', { token: session, body: { name: 'revoked' } });
      expect((await ask('DELETE', `/api/keys/${revokedKey.body.id}`, { token: session })).status).toBe(204);
      const before = await tableCounts(database);

      const credentials: Array<[string, Record<string, string>]> = [
        ['no token', {}],
        ['an empty Bearer', { authorization: 'Bearer ' }],
        ['Basic credentials', { authorization: `Basic ${Buffer.from(`${ADMIN_EMAIL}:${ADMIN_PASSWORD}`).toString('base64')}` }],
        ['the token without a scheme', { authorization: session }],
        ['the token after another scheme', { authorization: `Token ${session}` }],
        ['the token with something after it', { authorization: `Bearer ${session} ${session}` }],
        ['the token with a character more', { authorization: `Bearer ${session}x` }],
        ['the token cut short', { authorization: `Bearer ${session.slice(0, -1)}` }],
        ['a made-up login token', { authorization: `Bearer cs_${randomBytes(32).toString('base64url')}` }],
        ['a made-up API key', { authorization: `Bearer ck_${randomBytes(32).toString('base64url')}` }],
        ['the token as a query parameter', {}],
        ['a logged-out session', { authorization: `Bearer ${revokedSession}` }],
        ['a deleted API key', { authorization: `Bearer ${revokedKey.body.key}` }],
      ];
      const calls = callsFor(SITE, apiKeyId);
      for (const [label, headers] of credentials) {
        for (const route of routes) {
          const call = calls[route];
          const path = label === 'the token as a query parameter' ? `${call.path}${call.path.includes('?') ? '&' : '?'}token=${session}&access_token=${session}` : call.path;
          tally.badInputs += 1;
          const answer = await as(undefined, { ...call, path }, headers);
          expect({ label, route, status: answer.status, body: answer.body }).toEqual({ label, route, status: 401, body: { error: expect.any(String) } });
          expect(answer.headers.get('content-type')).toContain('application/json');
        }
      }
      // Nothing was created, deleted or revoked by any of those; the owner's key still works.
      expect(await tableCounts(database)).toEqual(before);
      expect((await as(apiKey, calls['GET /api/sites/{domain}'])).status).toBe(200);
    });

    it('gives a member’s key nothing of a site that is not theirs: 404 everywhere, as for a site that does not exist', async () => {
      const before = await tableCounts(database);
      const theirs = callsFor(MEMBER_SITE, apiKeyId);
      const mine = callsFor(SITE, apiKeyId);
      const nowhere = callsFor('nowhere.example', apiKeyId);
      for (const route of SITE_SCOPED) {
        tally.badInputs += 1;
        const refused = await as(memberKey, mine[route]);
        expect({ route, status: refused.status, body: refused.body }).toEqual({ route, status: 404, body: { error: expect.stringContaining(SITE) } });
        // The same answer as for a domain nobody registered: a member cannot tell which sites exist.
        const missing = await as(memberKey, nowhere[route]);
        expect(refused.body.error.replace(SITE, 'X')).toBe(missing.body.error.replace('nowhere.example', 'X'));
        if (!CHANGES_STATE.has(route)) expect({ route, status: (await as(memberKey, theirs[route])).status }).toEqual({ route, status: 200 });
      }
      const sites = await as(memberKey, mine['GET /api/sites']);
      expect(sites.body.map((site: { domain: string }) => site.domain)).toEqual([MEMBER_SITE]);
      // Keys are managed from a login only: with a key, every key route is 403, whosever key it names.
      tally.badInputs += 2;
      expect((await as(memberKey, mine['GET /api/keys'])).status).toBe(403);
      expect((await as(memberKey, mine['DELETE /api/keys/{id}'])).status).toBe(403);

      expect(await tableCounts(database)).toEqual(before);
      expect((await as(apiKey, mine['GET /api/sites/{domain}'])).status).toBe(200);
    });
  });

  describe('SQL-looking input', () => {
    const summaryOf = async (query: string) => {
      const answer = await as(apiKey, { method: 'GET', path: `/api/stats/summary?site=${SITE}&period=7d&source=raw&${query}` });
      expect({ query, status: answer.status }).toEqual({ query, status: 200 });
      return answer.body as { visitors: number; pageviews: number; events: number };
    };
    const q = encodeURIComponent;

    it('stores what visitors sent as text and finds it exactly: paths, titles, event names and properties', async () => {
      expect((await summaryOf(`filter.page=${q(SQL_PATH)}`)).pageviews).toBe(1);
      expect((await summaryOf(`filter.event=${q(SQL_EVENT)}`)).events).toBe(1);
      expect((await summaryOf(`filter.prop:plan=${q(SQL_PLAN)}`)).events).toBe(1);
      const pages = await as(apiKey, { method: 'GET', path: `/api/stats/breakdown?site=${SITE}&period=7d&dimension=page&limit=100` });
      expect(pages.body.results.map((row: { value: string }) => row.value).sort()).toEqual(['/', PERCENT_PATH, SQL_PATH, '/pricing'].sort());
      const plans = await as(apiKey, { method: 'GET', path: `/api/stats/breakdown?site=${SITE}&period=7d&dimension=prop:plan` });
      expect(plans.body.results).toEqual([expect.objectContaining({ value: SQL_PLAN, events: 1 })]);
      const funnel = await as(apiKey, callsFor(SITE, apiKeyId)['POST /api/stats/funnel']);
      expect(funnel.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([1, 1]);
      const exported = await as(apiKey, { method: 'GET', path: `/api/export?site=${SITE}&period=7d&format=ndjson&filter.page=${q(SQL_PATH)}` });
      const rows = exported.text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; path: string; title: string });
      expect(rows.filter((row) => row.type === 'pageview').map((row) => [row.path, row.title])).toEqual([[SQL_PATH, SQL_TITLE]]);
    });

    it('takes % and _ in page patterns literally (no LIKE wildcard), and * as the only wildcard', async () => {
      expect((await summaryOf(`filter.page=${q(PERCENT_PATH)}`)).pageviews).toBe(1);
      expect((await summaryOf(`filter.page=${q('/1*')}`)).pageviews).toBe(1);
      expect((await summaryOf(`filter.page=${q('/1%')}`)).pageviews).toBe(0);
      expect((await summaryOf(`filter.page=${q('/1__%*')}`)).pageviews).toBe(0);
      expect((await summaryOf(`filter.page=${q('%*')}`)).pageviews).toBe(0);
      expect((await summaryOf(`filter.page=${q('_*')}`)).pageviews).toBe(0);
    });

    it('answers injections in every parameter with a 4xx or a correct empty answer, and changes nothing', async () => {
      const before = await tableCounts(database);
      const slice = `site=${SITE}&period=7d`;
      const problems: string[] = [];
      const check = async (label: string, call: Call, accept: (answer: HttpAnswer) => boolean) => {
        tally.badInputs += 1;
        const answer = await as(apiKey, call);
        if (!accept(answer)) problems.push(`${label} → ${answer.status} ${answer.text.slice(0, 160)}`);
      };
      const refused = (answer: HttpAnswer) => answer.status >= 400 && answer.status < 500 && typeof answer.body?.error === 'string';
      const noVisitors = (answer: HttpAnswer) => answer.status === 200 && answer.body.visitors === 0 && answer.body.pageviews === 0 && answer.body.events === 0;
      for (const [i, value] of INJECTIONS.entries()) {
        const v = q(value);
        for (const path of ['summary', 'timeseries', 'breakdown?dimension=page&', 'prop-keys']) {
          const [name, extra = ''] = path.split('?');
          await check(`${name} site=${value}`, { method: 'GET', path: `/api/stats/${name}?${extra}site=${v}&period=7d` }, refused);
        }
        await check(`live site=${value}`, { method: 'GET', path: `/api/live?site=${v}` }, refused);
        await check(`export site=${value}`, { method: 'GET', path: `/api/export?site=${v}&period=7d` }, refused);
        await check(`site ${value}`, { method: 'GET', path: `/api/sites/${v}` }, refused);
        await check(`delete site ${value}`, { method: 'DELETE', path: `/api/sites/${v}` }, refused);
        for (const dimension of ['page', 'source', 'country', 'event', 'prop:plan', 'browser_version']) {
          await check(`filter.${dimension}=${value}`, { method: 'GET', path: `/api/stats/summary?${slice}&source=raw&filter.${dimension}=${v}` }, noVisitors);
        }
        await check(`filter on rollups`, { method: 'GET', path: `/api/stats/summary?${slice}&filter.source=${v}` }, noVisitors);
        await check(`breakdown filtered by ${value}`, { method: 'GET', path: `/api/stats/breakdown?${slice}&dimension=page&filter.page=${v}` }, (a) => a.status === 200 && a.body.results.length === 0);
        await check(`export filtered by ${value}`, { method: 'GET', path: `/api/export?${slice}&filter.page=${v}` }, (a) => a.status === 200 && a.text.trim().split('\r\n').length === 1);
        await check(`funnel page ${value}`, { method: 'POST', path: '/api/stats/funnel', body: { site: SITE, period: '7d', steps: [{ page: value }, { event: value }] } }, (a) => a.status === 200 && a.body.steps.every((step: { visitors: number }) => step.visitors === 0));
        await check(`funnel filter ${value}`, { method: 'POST', path: '/api/stats/funnel', body: { site: SITE, period: '7d', steps: [{ page: '/' }, { page: '/pricing' }], filters: { source: value } } }, (a) => a.status === 200 && a.body.steps[0].visitors === 0);
        await check(`funnel site ${value}`, { method: 'POST', path: '/api/stats/funnel', body: { site: value, period: '7d', steps: [{ page: '/' }, { page: '/pricing' }] } }, refused);
        for (const name of ['dimension', 'limit', 'offset', 'period', 'interval', 'compare', 'sort', 'order', 'start']) {
          const path = name === 'interval' ? 'timeseries' : ['dimension', 'limit', 'offset', 'sort', 'order'].includes(name) ? 'breakdown' : 'summary';
          const rest = path === 'breakdown' && name !== 'dimension' ? `${slice}&dimension=page` : name === 'period' || name === 'start' ? `site=${SITE}` : slice;
          await check(`${path} ${name}=${value}`, { method: 'GET', path: `/api/stats/${path}?${rest}&${name}=${v}${name === 'start' ? '&end=2026-01-01' : ''}` }, refused);
        }
        await check(`filter.${value}`, { method: 'GET', path: `/api/stats/summary?${slice}&filter.${v}=x` }, refused);
        await check(`prop key ${value}`, { method: 'GET', path: `/api/stats/breakdown?${slice}&dimension=prop:${v}` }, (a) => refused(a) || (a.status === 200 && a.body.results.length === 0));
        await check(`export dataset ${value}`, { method: 'GET', path: `/api/export?${slice}&dataset=${v}` }, refused);
        await check(`export format ${value}`, { method: 'GET', path: `/api/export?${slice}&format=${v}` }, refused);
        await check(`new site ${value}`, { method: 'POST', path: '/api/sites', body: { domain: value } }, refused);
        await check(`new site zone ${value}`, { method: 'POST', path: '/api/sites', body: { domain: 'fine.example', timezone: value } }, refused);
        await check(`key id ${value}`, { method: 'DELETE', path: `/api/keys/${v}` }, refused);
        tally.badInputs += 1;
        // An address each: these count toward the login limit like any attempt.
        const attempt = await login(`203.0.113.${100 + i}`, value, `${value}@example.org`);
        if (!refused(attempt) || attempt.status === 429) problems.push(`login ${value} → ${attempt.status}`);
      }
      expect(problems).toEqual([]);
      expect(await tableCounts(database)).toEqual(before);
    });

    it('keeps an API key’s SQL-looking name as text', async () => {
      const name = INJECTIONS.slice(0, 3).join(' ');
      const created = await as(session, { method: 'POST', path: '/api/keys', body: { name: name.slice(0, 100) } });
      expect(created.status).toBe(201);
      const keys = await as(session, { method: 'GET', path: '/api/keys' });
      expect(keys.body.map((key: { name: string }) => key.name)).toContain(name.slice(0, 100));
      expect((await as(session, { method: 'DELETE', path: `/api/keys/${created.body.id}` })).status).toBe(204);
    });
  });

  describe('login throttling', () => {
    it(`refuses a client after ${LOGIN_LIMIT} attempts, even with the right password, and no token comes of it`, async () => {
      const ip = '198.51.100.7';
      const attempts: Array<[string, string]> = [
        ['wrong password', 'guess 1'],
        ['another wrong password', 'guess 2'],
        ['an unknown email', 'guess 3'],
        ['a malformed body', ''],
        ['yet another wrong password', 'guess 4'],
      ];
      for (const [label, password] of attempts) {
        tally.badInputs += 1;
        const email = label === 'an unknown email' ? 'nobody@example.org' : ADMIN_EMAIL;
        const answer = await login(ip, password, email);
        expect({ label, status: answer.status }).toEqual({ label, status: password ? 401 : 400 });
      }
      const sessionsBefore = (await tableCounts(database)).auth_tokens;
      for (const email of [ADMIN_EMAIL, ADMIN_EMAIL.toUpperCase()]) {
        const blocked = await login(ip, ADMIN_PASSWORD, email);
        expect(blocked.status).toBe(429);
        expect(blocked.body).toEqual({ error: expect.any(String) });
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect((await tableCounts(database)).auth_tokens).toBe(sessionsBefore);
      // Reading with a token is not a login: the same address still reads.
      expect((await as(apiKey, callsFor(SITE, apiKeyId)['GET /api/sites'], { 'x-forwarded-for': ip })).status).toBe(200);
    });

    it('counts per client: other addresses (IPv4 or IPv6) still log in', async () => {
      expect((await login('198.51.100.8')).status).toBe(200);
      expect((await login('2001:db8::8')).status).toBe(200);
    });

    it('takes the address the trusted proxy saw, not one a client put in front of it', async () => {
      const proxied = '198.51.100.9';
      for (let i = 0; i < LOGIN_LIMIT; i++) {
        tally.badInputs += 1;
        // An email each: the per-account back-off (test/api/auth) is not what answers here.
        expect((await login(`10.0.${i}.1, ${proxied}`, `guess ${i}`, `proxied-${i}@example.org`)).status).toBe(401);
      }
      tally.badInputs += 1;
      expect((await login(`192.0.2.77, ${proxied}`)).status).toBe(429);
    });

    it('cannot be dodged with X-Forwarded-For when no proxy is trusted', async () => {
      const direct = await CairnServer.start({ DATABASE_URL: database.url, RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
      try {
        const attempt = (ip: string, password: string) =>
          direct.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password }, headers: { 'x-forwarded-for': ip } });
        for (let i = 0; i < 3; i++) {
          tally.requestsSent += 1;
          tally.badInputs += 1;
          expect((await attempt(`192.0.2.${i + 1}`, `guess ${i}`)).status).toBe(401);
        }
        tally.requestsSent += 1;
        tally.badInputs += 1;
        expect((await attempt('192.0.2.99', ADMIN_PASSWORD)).status).toBe(429);
      } finally {
        await direct.stop();
      }
    });
  });

  describe('expiry', () => {
    it('accepts a login token until LOGIN_TTL_HOURS have passed, then refuses it everywhere; API keys do not expire', async () => {
      const calls = callsFor(SITE, apiKeyId);
      clock.set(startedAt + 59 * MINUTE);
      expect((await as(session, calls['GET /api/stats/summary'])).status).toBe(200);
      clock.set(startedAt + 61 * MINUTE);
      for (const route of routes) {
        tally.badInputs += 1;
        const answer = await as(session, calls[route]);
        expect({ route, status: answer.status, body: answer.body }).toEqual({ route, status: 401, body: { error: 'Token unknown, revoked or expired' } });
      }
      expect((await as(apiKey, calls['GET /api/stats/summary'])).status).toBe(200);
      const fresh = await login('203.0.113.13');
      expect(Date.parse(fresh.body.expiresAt!)).toBe(startedAt + 61 * MINUTE + 60 * MINUTE);
    });
  });

  describe('the live socket', () => {
    beforeAll(() => clock.set(startedAt + 2 * 60 * MINUTE));

    it('refuses a connection without a token, with a malformed, wrong, revoked or expired one', async () => {
      const manager = (await login('203.0.113.15')).body.token!;
      const revokedKey = await as(manager, { method: 'POST', path: '/api/keys', body: { name: 'revoked for the socket' } });
      expect((await as(manager, { method: 'DELETE', path: `/api/keys/${revokedKey.body.id}` })).status).toBe(204);
      const expired = session; // issued two (test) hours ago
      const cases: Array<[string, unknown, RegExp]> = [
        ['no token', undefined, /Send auth/],
        ['an empty token', '', /Send auth/],
        ['a number', 42, /Send auth/],
        ['an object', { token: apiKey }, /Send auth/],
        ['the Bearer header text', `Bearer ${apiKey}`, /unknown, revoked or expired/],
        ['a made-up token', `cs_${randomBytes(32).toString('base64url')}`, /unknown, revoked or expired/],
        ['a deleted API key', revokedKey.body.key, /unknown, revoked or expired/],
        ['an expired login token', expired, /unknown, revoked or expired/],
      ];
      for (const [label, token, reason] of cases) {
        tally.badInputs += 1;
        expect({ label, outcome: await refusal(token as string) }).toEqual({ label, outcome: expect.stringMatching(reason) });
      }
      expect(await refusal(apiKey)).toBe('connected');
    });

    it('lets a member subscribe to their site only, and pushes them nothing of another', async () => {
      const member = await connect(memberKey);
      tally.badInputs += 1;
      expect(await member.subscribe(SITE)).toEqual({ error: expect.stringContaining('No site') });
      expect(await member.subscribe(MEMBER_SITE)).toEqual({ site: MEMBER_SITE });
      const owner = await connect(apiKey);
      expect(await owner.subscribe(SITE)).toEqual({ site: SITE });
      const from = owner.messages.length;
      expect((await sendEvent(server, { ip: '8.8.4.4', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/while-watched` })).status).toBe(202);
      await owner.next((message) => message.site === SITE && message.pages.some((row) => row.page === '/while-watched'), from);
      expect(member.messages.filter((message) => message.site === SITE)).toEqual([]);
    });

    it('drops a socket whose token has expired or been revoked since it subscribed (within 5 s), and pushes it nothing more', async () => {
      clock.set(startedAt + 3 * 60 * MINUTE);
      const short = (await login('203.0.113.14')).body.token!;
      const doomedKey = await as(short, { method: 'POST', path: '/api/keys', body: { name: 'revoked while watching' } });
      const expiring = await connect(short);
      const revoked = await connect(doomedKey.body.key);
      expect(await expiring.subscribe(SITE)).toEqual({ site: SITE });
      expect(await revoked.subscribe(SITE)).toEqual({ site: SITE });
      const owner = await connect(apiKey);
      expect(await owner.subscribe(SITE)).toEqual({ site: SITE });

      clock.set(startedAt + 3 * 60 * MINUTE + 61 * MINUTE);
      const manager = (await login('203.0.113.16')).body.token!;
      expect((await as(manager, { method: 'DELETE', path: `/api/keys/${doomedKey.body.id}` })).status).toBe(204);
      await eventually(async () => !expiring.socket.connected && !revoked.socket.connected, 8_000);
      expect(owner.socket.connected).toBe(true);

      const marks = [expiring.messages.length, revoked.messages.length, owner.messages.length];
      expect((await sendEvent(server, { ip: '8.8.8.4', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/after-revocation` })).status).toBe(202);
      await owner.next((message) => message.pages.some((row) => row.page === '/after-revocation'), marks[2]);
      expect({ expired: expiring.messages.length - marks[0], revoked: revoked.messages.length - marks[1] }).toEqual({ expired: 0, revoked: 0 });
    });
  });
});
