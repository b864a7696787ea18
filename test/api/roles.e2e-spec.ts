import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CairnServer, type HttpAnswer } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { tableCounts } from '../support/table-counts.js';
import { changeTestDatabase, createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';

const SITE = 'team.example';
type Role = 'owner' | 'admin' | 'viewer';
type Who = Role | 'stranger';
const PEOPLE: Who[] = ['owner', 'admin', 'viewer', 'stranger'];
const RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 };

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Every route of the OpenAPI document that is about one site, with the least role it needs and a
 * request for it. `probe`: a request that role may make without changing anything (for writes);
 * writes without one are checked for refusals here and for success in the tests further down.
 */
function siteRoutes(site: string, ids: Record<string, number>): Record<string, { need: Role; call: Call; probe?: Call }> {
  const slice = `site=${site}&period=7d`;
  const viewerRole: Call = { method: 'PUT', path: `/api/sites/${site}/members/${ids.viewer}`, body: { role: 'viewer' } };
  return {
    'GET /api/sites/{domain}': { need: 'viewer', call: { method: 'GET', path: `/api/sites/${site}` } },
    'PATCH /api/sites/{domain}': { need: 'admin', call: { method: 'PATCH', path: `/api/sites/${site}`, body: { timezone: 'Asia/Tokyo' } }, probe: { method: 'PATCH', path: `/api/sites/${site}`, body: { timezone: 'UTC' } } },
    'DELETE /api/sites/{domain}': { need: 'owner', call: { method: 'DELETE', path: `/api/sites/${site}` } },
    'GET /api/sites/{domain}/members': { need: 'admin', call: { method: 'GET', path: `/api/sites/${site}/members` } },
    'PUT /api/sites/{domain}/members/{userId}': { need: 'admin', call: { ...viewerRole, body: { role: 'admin' } }, probe: viewerRole },
    // Another member than the caller: removing oneself is leaving, which any role may do.
    'DELETE /api/sites/{domain}/members/{userId}': { need: 'admin', call: { method: 'DELETE', path: `/api/sites/${site}/members/${ids.admin}` } },
    'POST /api/invitations': { need: 'admin', call: { method: 'POST', path: '/api/invitations', body: { email: 'new@example.org', site, role: 'viewer' } } },
    'GET /api/invitations': { need: 'admin', call: { method: 'GET', path: `/api/invitations?site=${site}` } },
    'GET /api/sites/{domain}/goals': { need: 'viewer', call: { method: 'GET', path: `/api/sites/${site}/goals` } },
    'GET /api/sites/{domain}/segments': { need: 'viewer', call: { method: 'GET', path: `/api/sites/${site}/segments` } },
    'GET /api/sites/{domain}/funnels': { need: 'viewer', call: { method: 'GET', path: `/api/sites/${site}/funnels` } },
    'GET /api/sites/{domain}/reports': { need: 'admin', call: { method: 'GET', path: `/api/sites/${site}/reports` } },
    'GET /api/sites/{domain}/webhooks': { need: 'admin', call: { method: 'GET', path: `/api/sites/${site}/webhooks` } },
    'GET /api/sites/{domain}/alerts': { need: 'admin', call: { method: 'GET', path: `/api/sites/${site}/alerts` } },
    'GET /api/stats/summary': { need: 'viewer', call: { method: 'GET', path: `/api/stats/summary?${slice}` } },
    'GET /api/stats/timeseries': { need: 'viewer', call: { method: 'GET', path: `/api/stats/timeseries?${slice}` } },
    'GET /api/stats/breakdown': { need: 'viewer', call: { method: 'GET', path: `/api/stats/breakdown?${slice}&dimension=page` } },
    'GET /api/stats/prop-keys': { need: 'viewer', call: { method: 'GET', path: `/api/stats/prop-keys?${slice}` } },
    'POST /api/stats/funnel': { need: 'viewer', call: { method: 'POST', path: '/api/stats/funnel', body: { site, period: '7d', steps: [{ page: '/' }, { page: '/pricing' }] } } },
    'GET /api/export': { need: 'viewer', call: { method: 'GET', path: `/api/export?${slice}` } },
    'GET /api/live': { need: 'viewer', call: { method: 'GET', path: `/api/live?site=${site}` } },
  };
}

/** Routes about no one site: every signed-in user may call them, whatever their roles. */
const NOT_ABOUT_A_SITE = new Set([
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/keys',
  'GET /api/keys',
  'DELETE /api/keys/{id}',
  'GET /api/sites',
  'POST /api/sites',
  'POST /api/auth/password',
  // By id; its site's rule is checked in invitations.e2e-spec.ts.
  'DELETE /api/invitations/{id}',
  // Writes of goals, segments and saved funnels (admin): their bodies and refusals are the goals specs' to check.
  'POST /api/sites/{domain}/goals',
  'DELETE /api/sites/{domain}/goals/{id}',
  'POST /api/sites/{domain}/segments',
  'DELETE /api/sites/{domain}/segments/{id}',
  'POST /api/sites/{domain}/funnels',
  'DELETE /api/sites/{domain}/funnels/{id}',
  // Writes of reports, webhooks and alerts (admin), and a webhook's deliveries: reports.e2e-spec.ts and webhooks-alerts.e2e-spec.ts.
  'POST /api/sites/{domain}/reports',
  'DELETE /api/sites/{domain}/reports/{id}',
  'POST /api/sites/{domain}/reports/{id}/send',
  'POST /api/sites/{domain}/webhooks',
  'DELETE /api/sites/{domain}/webhooks/{id}',
  'GET /api/sites/{domain}/webhooks/{id}/deliveries',
  'POST /api/sites/{domain}/alerts',
  'DELETE /api/sites/{domain}/alerts/{id}',
]);
const PUBLIC = new Set(['GET /health', 'POST /api/auth/login', 'POST /api/invitations/accept', 'GET /pixel.gif', 'GET /tracker.js', 'POST /api/event', 'OPTIONS /api/event', 'GET /api/reports/unsubscribe/{token}', 'POST /api/reports/unsubscribe/{token}']);

describe('roles: owner, admin, viewer and a stranger on every route', () => {
  let database: TestDatabase;
  let server: CairnServer;
  const keys: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let routes: string[];
  const sockets: LiveSocket[] = [];

  const as = (who: string, call: Call): Promise<HttpAnswer> => server.request(call.method, call.path, { token: keys[who], body: call.body });
  const members = async () =>
    (await as('owner', { method: 'GET', path: `/api/sites/${SITE}/members` })).body as Array<{ userId: number; email: string; role: Role }>;
  /** What a refused write must leave as it was: every table's rows, the roles and the site's zone. */
  const snapshot = async () => ({
    counts: await tableCounts(database),
    roles: await queryTestDatabase(database, 'SELECT site_id, user_id, role FROM site_members ORDER BY site_id, user_id'),
    zones: await queryTestDatabase(database, 'SELECT domain, timezone FROM sites ORDER BY domain'),
  });
  /** A user of the instance with an API key, and (unless a stranger) a role on SITE. */
  const addUser = async (who: string, role: Role | null) => {
    const key = `ck_${randomBytes(32).toString('base64url')}`;
    const email = `${who}@example.org`;
    await changeTestDatabase(
      database,
      `INSERT INTO users (email, password_hash, role, created_at) VALUES ('${email}', 'none', 'member', 0);
       INSERT INTO auth_tokens (id, user_id, kind, name, token_hash, prefix, created_at, expires_at, last_used_at)
         SELECT '${randomUUID()}', id, 'api_key', 'key', '${createHash('sha256').update(key).digest('hex')}', '${key.slice(0, 10)}', 0, NULL, NULL FROM users WHERE email = '${email}';
       ${role ? `INSERT INTO site_members (site_id, user_id, role, created_at) SELECT s.id, u.id, '${role}', 0 FROM sites s, users u WHERE s.domain = '${SITE}' AND u.email = '${email}';` : ''}`,
    );
    keys[who] = key;
    ids[who] = Number((await queryTestDatabase<{ id: number }>(database, `SELECT id FROM users WHERE email = '${email}'`))[0].id);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true' });
    const login = await server.login();
    keys.owner = (await server.request('POST', '/api/keys', { token: login, body: { name: 'owner' } })).body.key;
    ids.owner = (await server.request('GET', '/api/auth/me', { token: login })).body.id;
    expect((await as('owner', { method: 'POST', path: '/api/sites', body: { domain: SITE, timezone: 'UTC' } })).status).toBe(201);
    await addUser('admin', 'admin');
    await addUser('viewer', 'viewer');
    await addUser('stranger', null);
    expect((await sendEvent(server, { ip: '81.2.69.142', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/` })).status).toBe(202);
    const document = (await server.request('GET', '/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((route) => !PUBLIC.has(route));
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('knows every route of the API: about one site (with the role it needs) or about none (a new route must be added here)', () => {
    const known = siteRoutes(SITE, ids);
    expect(routes.filter((route) => !known[route] && !NOT_ABOUT_A_SITE.has(route))).toEqual([]);
  });

  it('answers each site route as the rule says: no role → 404, too low → 403 {error}, enough → 2xx; a refusal changes nothing', async () => {
    const before = await snapshot();
    const table = siteRoutes(SITE, ids);
    const outcomes: Array<{ route: string; who: Who; status: number }> = [];
    const expected: typeof outcomes = [];
    for (const route of routes.filter((r) => table[r])) {
      const { need, call, probe } = table[route];
      for (const who of PEOPLE) {
        const allowed = who !== 'stranger' && RANK[who] >= RANK[need];
        const reads = call.method === 'GET' || route === 'POST /api/stats/funnel';
        const request = allowed && !reads ? probe : call;
        if (!request) continue;
        const answer = await as(who, request);
        outcomes.push({ route, who, status: answer.status });
        expected.push({ route, who, status: allowed ? (answer.status >= 200 && answer.status < 300 ? answer.status : -1) : who === 'stranger' ? 404 : 403 });
        if (!allowed) {
          expect({ route, who, body: answer.body }).toEqual({ route, who, body: { error: expect.stringContaining(who === 'stranger' ? `No site ${SITE}` : 'Your role') } });
        }
      }
    }
    expect(outcomes).toEqual(expected);
    expect(outcomes.length).toBeGreaterThanOrEqual(40);
    expect(await snapshot()).toEqual(before);
  });

  it('lists only the sites a user holds a role on, each with that role', async () => {
    for (const who of PEOPLE) {
      const sites = (await as(who, { method: 'GET', path: '/api/sites' })).body as Array<{ domain: string; role: Role }>;
      expect({ who, sites: sites.filter((site) => site.domain === SITE).map((site) => site.role) }).toEqual({ who, sites: who === 'stranger' ? [] : [who] });
    }
    expect((await as('stranger', { method: 'GET', path: '/api/sites' })).body).toEqual([]);
  });

  it('lets a viewer watch the live socket, and refuses the stranger as if the site did not exist', async () => {
    const viewer = await LiveSocket.connect(server.url, keys.viewer);
    const stranger = await LiveSocket.connect(server.url, keys.stranger);
    sockets.push(viewer, stranger);
    expect(await viewer.subscribe(SITE)).toEqual({ site: SITE });
    expect(await stranger.subscribe(SITE)).toEqual({ error: `No site ${SITE}` });
    expect(await stranger.subscribe('nowhere.example')).toEqual({ error: 'No site nowhere.example' });
  });

  it('exports for a viewer, and not for a stranger', async () => {
    const exported = await as('viewer', { method: 'GET', path: `/api/export?site=${SITE}&period=7d&format=ndjson` });
    expect(exported.status).toBe(200);
    expect(exported.text.trim().split('\n').map((line) => JSON.parse(line).path)).toEqual(['/']);
    expect((await as('stranger', { method: 'GET', path: `/api/export?site=${SITE}&period=7d` })).status).toBe(404);
  });

  it('lets an admin change admins and viewers but not owners, and keeps the last owner', async () => {
    const put = (who: string, userId: number, role: Role) => as(who, { method: 'PUT', path: `/api/sites/${SITE}/members/${userId}`, body: { role } });
    expect((await put('admin', ids.viewer, 'admin')).body).toEqual({ userId: ids.viewer, email: 'viewer@example.org', role: 'admin' });
    expect((await put('admin', ids.viewer, 'viewer')).status).toBe(200);
    expect(await put('admin', ids.viewer, 'owner')).toMatchObject({ status: 403, body: { error: 'Only an owner can make or change owners' } });
    expect(await put('admin', ids.owner, 'viewer')).toMatchObject({ status: 403, body: { error: 'Only an owner can make or change owners' } });
    expect((await as('admin', { method: 'DELETE', path: `/api/sites/${SITE}/members/${ids.owner}` })).status).toBe(403);
    expect(await put('owner', ids.owner, 'admin')).toMatchObject({ status: 409, body: { error: `${SITE} must keep at least one owner: make someone else owner first` } });
    expect((await as('owner', { method: 'DELETE', path: `/api/sites/${SITE}/members/${ids.owner}` })).status).toBe(409);
    expect((await put('owner', ids.stranger, 'viewer')).status).toBe(404);
    expect((await put('owner', 2_147_483_648, 'viewer')).status).toBe(400);
    expect((await members()).map((m) => [m.email, m.role])).toEqual([
      ['admin@example.org', 'admin'],
      ['owner@example.org', 'owner'],
      ['viewer@example.org', 'viewer'],
    ]);

    // Two owners: either may step down, the other stays.
    expect((await put('owner', ids.admin, 'owner')).status).toBe(200);
    expect((await put('admin', ids.owner, 'admin')).status).toBe(200);
    expect((await as('owner', { method: 'PATCH', path: `/api/sites/${SITE}`, body: { timezone: 'Europe/Berlin' } })).body.timezone).toBe('Europe/Berlin');
    expect((await as('owner', { method: 'DELETE', path: `/api/sites/${SITE}` })).status).toBe(403);
    expect((await put('admin', ids.owner, 'owner')).status).toBe(200);
    expect((await put('owner', ids.admin, 'admin')).status).toBe(200);
  });

  it('lets anyone leave a site, and an admin remove a viewer, who then gets 404', async () => {
    await addUser('leaver', 'viewer');
    expect((await as('leaver', { method: 'DELETE', path: `/api/sites/${SITE}/members/${ids.leaver}` })).status).toBe(204);
    expect((await as('leaver', { method: 'GET', path: `/api/sites/${SITE}` })).status).toBe(404);
    expect((await as('admin', { method: 'DELETE', path: `/api/sites/${SITE}/members/${ids.viewer}` })).status).toBe(204);
    expect((await as('viewer', { method: 'GET', path: `/api/stats/summary?site=${SITE}&period=7d` })).status).toBe(404);
    expect((await members()).map((m) => m.email)).toEqual(['admin@example.org', 'owner@example.org']);
  });

  it('lets only an owner delete the site', async () => {
    expect((await as('admin', { method: 'DELETE', path: `/api/sites/${SITE}` })).status).toBe(403);
    expect((await as('owner', { method: 'DELETE', path: `/api/sites/${SITE}` })).status).toBe(204);
    expect((await as('admin', { method: 'GET', path: `/api/sites/${SITE}` })).status).toBe(404);
    const [{ n }] = await queryTestDatabase<{ n: number | string }>(database, `SELECT COUNT(*) AS n FROM site_members WHERE site_id NOT IN (SELECT id FROM sites)`);
    expect(Number(n)).toBe(0);
  });
});

describe('upgrading a database from before roles', () => {
  let database: TestDatabase;

  afterAll(async () => {
    await database?.drop();
  });

  it('makes each site’s creator its owner, and the instance admin owner of every site', async () => {
    database = await createTestDatabase();
    let server = await CairnServer.start({ DATABASE_URL: database.url });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: 'old.example' } })).status).toBe(201);
    await server.stop();
    // Back to the schema before roles: no site_members, the migration not yet run; a second user with a site of their own.
    await changeTestDatabase(
      database,
      `DROP TABLE site_members;
       DELETE FROM migrations WHERE name = 'SiteMembers1796414229000';
       INSERT INTO users (email, password_hash, role, created_at) VALUES ('member@example.org', 'none', 'member', 0);
       INSERT INTO sites (domain, timezone, owner_id, created_at) SELECT 'members-own.example', 'UTC', id, 0 FROM users WHERE email = 'member@example.org';`,
    );
    server = await CairnServer.start({ DATABASE_URL: database.url });
    const roles = await queryTestDatabase<{ domain: string; email: string; role: string }>(
      database,
      'SELECT s.domain, u.email, m.role FROM site_members m JOIN sites s ON s.id = m.site_id JOIN users u ON u.id = m.user_id ORDER BY s.domain, u.email',
    );
    expect(roles.map((r) => [r.domain, r.email, r.role])).toEqual([
      ['demo.localhost', 'owner@example.org', 'owner'],
      ['members-own.example', 'member@example.org', 'owner'],
      ['members-own.example', 'owner@example.org', 'owner'],
      ['old.example', 'owner@example.org', 'owner'],
    ]);
    const sites = await server.request('GET', '/api/sites', { token: await server.login() });
    expect(sites.body.map((site: { domain: string; role: string }) => `${site.domain} ${site.role}`)).toEqual(['demo.localhost owner', 'members-own.example owner', 'old.example owner']);
    await server.stop();
  });
});
