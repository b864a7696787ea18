import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX } from '../support/traffic.js';

const SITE = 'first-party.example';

/**
 * TRACKER_PATH and COLLECT_PATH (contract §12): the snippet and the event route under the site's own
 * names, behind a reverse proxy on the site's domain — here a plain Node proxy doing what the
 * README's nginx location blocks do (the two paths passed through, X-Forwarded-For appended).
 */
describe('first-party serving: TRACKER_PATH and COLLECT_PATH', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let proxy: Server;
  let proxyUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'loopback', TRACKER_PATH: '/js/site.js', COLLECT_PATH: '/stats/e' });
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    const upstream = new URL(server.url);
    proxy = createServer((req, res) => {
      if (!['/js/site.js', '/stats/e'].includes((req.url ?? '').split('?')[0])) {
        res.writeHead(404).end('the site itself');
        return;
      }
      const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host, 'x-forwarded-for': forwarded } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(out);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await server?.stop();
    await database?.drop();
  });

  const paths = async () => (await queryTestDatabase<{ path: string }>(database, 'SELECT path FROM events ORDER BY id')).map((row) => row.path);

  it('serves the snippet at TRACKER_PATH, sending to COLLECT_PATH by default, with caching and an ETag; /tracker.js stays', async () => {
    const renamed = await server.request('GET', '/js/site.js', { headers: { 'accept-encoding': 'identity' } });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(renamed.headers.get('cache-control')).toContain('max-age=86400');
    expect(renamed.text).toContain('"/stats/e"');
    expect(renamed.text).not.toContain('/api/event');
    const etag = renamed.headers.get('etag')!;
    expect((await server.request('GET', '/js/site.js?v=3', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const original = await server.request('GET', '/tracker.js', { headers: { 'accept-encoding': 'identity' } });
    expect(original.status).toBe(200);
    expect(original.text).toBe(renamed.text);
  });

  it('takes events at COLLECT_PATH and still at /api/event; other paths are not taken for it', async () => {
    const send = (path: string, page: string) =>
      server.request('POST', path, { rawBody: JSON.stringify({ site: SITE, url: `https://${SITE}${page}` }), headers: { 'content-type': 'text/plain', 'user-agent': FIREFOX } });
    expect((await send('/stats/e', '/renamed')).status).toBe(202);
    expect((await send('/stats/e?cb=1', '/renamed-cache-busted')).status).toBe(202);
    expect((await send('/api/event', '/original')).status).toBe(202);
    expect((await send('/stats/elsewhere', '/nothing')).status).toBe(404);
    expect(await paths()).toEqual(['/renamed', '/renamed-cache-busted', '/original']);
  });

  it('works end to end through a reverse proxy on the site’s own domain, taking the visitor’s address from it', async () => {
    const script = await fetch(`${proxyUrl}/js/site.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('"/stats/e"');
    // What the snippet served from the site's domain does: POST to its own origin + COLLECT_PATH.
    const answer = await fetch(`${proxyUrl}/stats/e`, {
      method: 'POST',
      body: JSON.stringify({ site: SITE, url: `https://${SITE}/through-the-proxy` }),
      headers: { 'content-type': 'text/plain', 'user-agent': FIREFOX, 'x-forwarded-for': '81.2.69.142' },
    });
    expect(answer.status).toBe(202);
    // 81.2.69.142 is in GB: the address the proxy passed on, not the proxy's own.
    expect(await queryTestDatabase(database, "SELECT country FROM events WHERE path = '/through-the-proxy'")).toEqual([{ country: 'GB' }]);
  });
});
