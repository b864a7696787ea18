import { MIGRATIONS } from '@cairn/storage';
import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-database.js';

describe('the server: health, dashboard, API docs, errors and logs', () => {
  let database: TestDatabase;
  let server: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('reports itself healthy with the database up', async () => {
    const answer = await server.request('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the dashboard shell at / and for its client-side routes', async () => {
    for (const path of ['/', '/sites', '/login']) {
      const answer = await server.request('GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.text).toContain('<cairn-root>');
      expect(answer.text).toMatch(/<script src="main-\w+\.js" type="module"><\/script>/);
    }
    const main = /src="(main-\w+\.js)"/.exec((await server.request('GET', '/')).text)![1];
    const script = await server.request('GET', `/${main}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });

  it('sends security headers with the dashboard', async () => {
    const answer = await server.request('GET', '/');
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('sends HSTS only on a secure request: never over plain http, where it would lock browsers out for a year', async () => {
    for (const path of ['/', '/api/sites', '/health']) {
      const plain = await server.request('GET', path);
      expect({ path, hsts: plain.headers.get('strict-transport-security') }).toEqual({ path, hsts: null });
      // Behind a trusted proxy (TRUST_PROXY=true here) that terminated TLS.
      const secure = await server.request('GET', path, { headers: { 'x-forwarded-proto': 'https' } });
      expect({ path, hsts: secure.headers.get('strict-transport-security') }).toEqual({ path, hsts: 'max-age=31536000; includeSubDomains' });
    }
  });

  it('ignores X-Forwarded-Proto from a client when no proxy is trusted, and sends HSTS everywhere with HSTS=always', async () => {
    const untrusting = await CairnServer.start({ DATABASE_URL: database.url });
    const always = await CairnServer.start({ DATABASE_URL: database.url, HSTS: 'always' });
    const off = await CairnServer.start({ DATABASE_URL: database.url, HSTS: 'off', TRUST_PROXY: 'true' });
    try {
      const spoofed = await untrusting.request('GET', '/', { headers: { 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers.get('strict-transport-security')).toBeNull();
      expect((await always.request('GET', '/')).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const secure = await off.request('GET', '/', { headers: { 'x-forwarded-proto': 'https' } });
      expect(secure.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await Promise.all([untrusting.stop(), always.stop(), off.stop()]);
    }
  });

  it('answers unknown API paths with JSON 404, not the dashboard', async () => {
    const answer = await server.request('GET', '/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: expect.any(String) });
  });

  it('publishes the OpenAPI document and its viewer at /api/docs', async () => {
    const viewer = await server.request('GET', '/api/docs');
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain('swagger-ui');
    const document = await server.request('GET', '/api/docs/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.info.title).toBe('Cairn');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/auth/login', '/api/keys', '/api/sites', '/api/sites/{domain}']),
    );
    expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('never writes a client address or User-Agent to its logs', async () => {
    const ip = '203.0.113.199';
    const agent = 'Mozilla/5.0 (CairnPrivacyProbe/7.3; marker-6f1c)';
    const headers = { 'x-forwarded-for': ip, 'user-agent': agent };
    const token = await server.login();
    await server.request('GET', '/api/sites', { token, headers });
    await server.request('GET', '/api/sites', { headers });
    await server.request('POST', '/api/sites', { token, headers, body: { domain: '!!' } });
    await server.request('POST', '/api/auth/login', { headers, body: { email: 'x@example.org', password: 'nope' } });
    await server.request('GET', '/api/nothing-here?ip=1', { headers });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.logs).toContain('"path":"/api/nothing-here"');
    expect(server.logs).not.toContain(ip);
    expect(server.logs).not.toContain('CairnPrivacyProbe');
    expect(server.logs).not.toContain('marker-6f1c');
    expect(server.logs).not.toContain(token);
  });

  it('keeps the schema under migrations only, recorded once', async () => {
    const migrations = await queryTestDatabase<{ name: string }>(database, 'SELECT name FROM migrations');
    expect(migrations.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
    if (TEST_ENGINE === 'sqlite') {
      const [{ journal_mode }] = await queryTestDatabase<{ journal_mode: string }>(database, 'PRAGMA journal_mode');
      expect(journal_mode).toBe('wal');
    }
  });
});
