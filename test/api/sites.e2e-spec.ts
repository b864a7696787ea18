import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('sites', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, DEFAULT_TIMEZONE: 'Europe/Paris' });
    token = await server.login();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const create = (body: unknown) => server.request('POST', '/api/sites', { token, body });

  it('registers a site under its normalised domain', async () => {
    const answer = await create({ domain: 'https://www.Blog.Example.com/posts?x=1', timezone: 'america/new_york' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ domain: 'blog.example.com', timezone: 'America/New_York', createdAt: expect.any(String), role: 'owner', hostnames: [], exclusions: { ips: [], countries: [], paths: [] } });
    expect(Math.abs(Date.parse(answer.body.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('gives a site without a zone the configured default', async () => {
    const answer = await create({ domain: 'shop.example.org' });
    expect(answer.status).toBe(201);
    expect(answer.body.timezone).toBe('Europe/Paris');
  });

  it.each(['blog.example.com', 'http://www.blog.example.com', 'BLOG.EXAMPLE.COM.'])('refuses %j as a duplicate with 409', async (domain) => {
    const answer = await create({ domain });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({ error: 'blog.example.com is already registered' });
  });

  it.each([
    ['an unknown time zone', { domain: 'a.example', timezone: 'Mars/Olympus' }, 'timezone'],
    ['a domain that is no host name', { domain: 'not a domain' }, 'domain'],
    ['a missing domain', {}, 'domain'],
    ['a number for a domain', { domain: 42 }, 'domain'],
    ['an unknown property', { domain: 'b.example', owner: 1 }, 'owner'],
  ])('answers 400 with details for %s, and registers nothing', async (_, body, field) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'Invalid request', details: [expect.objectContaining({ field, problems: expect.any(Array) })] });
    const list = await server.request('GET', '/api/sites', { token });
    expect(list.body.map((site: { domain: string }) => site.domain)).toEqual(['blog.example.com', 'demo.localhost', 'shop.example.org']);
  });

  it('lists sites sorted by domain and reads one', async () => {
    await create({ domain: 'apps.example.net', timezone: 'UTC' });
    const list = await server.request('GET', '/api/sites', { token });
    expect(list.status).toBe(200);
    expect(list.body.map((site: { domain: string }) => site.domain)).toEqual(['apps.example.net', 'blog.example.com', 'demo.localhost', 'shop.example.org']);
    const one = await server.request('GET', '/api/sites/www.apps.example.net', { token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ domain: 'apps.example.net', timezone: 'UTC' });
  });

  it('deletes a site, after which it is gone and can be registered again', async () => {
    expect((await server.request('DELETE', '/api/sites/apps.example.net', { token })).status).toBe(204);
    const gone = await server.request('GET', '/api/sites/apps.example.net', { token });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 'No site apps.example.net' });
    expect((await server.request('DELETE', '/api/sites/apps.example.net', { token })).status).toBe(404);
    expect((await create({ domain: 'apps.example.net' })).status).toBe(201);
  });

  it('changes a site’s time zone with PATCH, and only what the request names', async () => {
    const changed = await server.request('PATCH', '/api/sites/shop.example.org', { token, body: { timezone: 'asia/tokyo' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ domain: 'shop.example.org', timezone: 'Asia/Tokyo', createdAt: expect.any(String), role: 'owner', hostnames: [], exclusions: { ips: [], countries: [], paths: [] } });
    expect((await server.request('PATCH', '/api/sites/shop.example.org', { token, body: {} })).status).toBe(400);
    const refused = await server.request('PATCH', '/api/sites/shop.example.org', { token, body: { timezone: 'Mars/Olympus' } });
    expect(refused.status).toBe(400);
    expect((await server.request('GET', '/api/sites/shop.example.org', { token })).body.timezone).toBe('Asia/Tokyo');
    expect((await server.request('PATCH', '/api/sites/nowhere.example', { token, body: { timezone: 'UTC' } })).status).toBe(404);
  });

  it('answers 404 for a site that does not exist', async () => {
    expect((await server.request('GET', '/api/sites/nowhere.example', { token })).status).toBe(404);
  });
});
