import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Routes anyone may call. Everything else the OpenAPI document lists must demand a token. */
const PUBLIC_ROUTES = new Set([
  'POST /api/auth/login',
  'POST /api/invitations/accept',
  'GET /health',
  'POST /api/event',
  'OPTIONS /api/event',
  'GET /pixel.gif',
  'GET /tracker.js',
  // The unsubscribe link of a report mail works without logging in (contract §9).
  'GET /api/reports/unsubscribe/00000000-0000-4000-8000-000000000000',
  'POST /api/reports/unsubscribe/00000000-0000-4000-8000-000000000000',
]);

describe('every read and admin route requires a Bearer token', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let routes: Array<[string, string]>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url });
    const document = await server.request('GET', '/api/docs/openapi.json');
    routes = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')] as [string, string]),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('lists the routes this suite checks', () => {
    const names = routes.map(([method, path]) => `${method} ${path.replace(/00000000-[\w-]+/, ':id')}`);
    expect(names).toEqual(
      expect.arrayContaining(['GET /api/sites', 'POST /api/sites', 'DELETE /api/sites/:id', 'GET /api/auth/me', 'POST /api/keys', 'GET /api/keys', 'DELETE /api/keys/:id']),
    );
  });

  it.each([
    ['no Authorization header', {}],
    ['a made-up token', { authorization: 'Bearer cs_made-up-token-that-was-never-issued' }],
    ['another scheme', { authorization: 'Basic b3duZXJAZXhhbXBsZS5vcmc6cGFzc3dvcmQ=' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ])('answers 401 JSON with %s', async (_, headers) => {
    const protectedRoutes = routes.filter(([method, path]) => !PUBLIC_ROUTES.has(`${method} ${path}`));
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(8);
    for (const [method, path] of protectedRoutes) {
      const answer = await server.request(method, path, { headers, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect({ route: `${method} ${path}`, status: answer.status }).toEqual({ route: `${method} ${path}`, status: 401 });
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(answer.body).toEqual({ error: expect.any(String) });
    }
  });

  it('changes nothing when refused', async () => {
    await server.request('POST', '/api/sites', { body: { domain: 'sneaky.example' } });
    const token = await server.login();
    const sites = await server.request('GET', '/api/sites', { token });
    expect(sites.body.map((site: { domain: string }) => site.domain)).toEqual(['demo.localhost']);
  });
});
