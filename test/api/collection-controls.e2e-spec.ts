import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'controls.example';

/** Contract §12: hostnames and exclusions, set with PATCH /api/sites/:domain, drop events with a 202. */
describe('collection controls: hostnames and exclusions', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000' });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const gb: Visitor = { ip: '81.2.69.142', userAgent: FIREFOX };
  const us: Visitor = { ip: '8.8.8.8', userAgent: FIREFOX };
  /** Each label a page path, so what was kept is read back by path. */
  const send = async (visitor: Visitor, url: string) => expect((await sendEvent(server, visitor, { site: SITE, url })).status).toBe(202);
  const kept = async (prefix: string) =>
    (await queryTestDatabase<{ path: string }>(database, `SELECT path FROM events WHERE path LIKE '${prefix}%' ORDER BY path`)).map((row) => row.path);
  const patch = (body: unknown) => server.request('PATCH', `/api/sites/${SITE}`, { token, body });
  /** A changed setting reaches collection within the site cache's 10 s; a new server process sees it at once. */
  const restart = async () => {
    await server.stop();
    server = await CairnServer.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '100000' });
    token = await server.login();
  };

  it('counts a new site’s domain and its subdomains by default, and drops other hosts with a 202', async () => {
    expect((await server.request('GET', `/api/sites/${SITE}`, { token })).body).toMatchObject({ hostnames: [], exclusions: { ips: [], countries: [], paths: [] } });
    await send(gb, `https://${SITE}/d/apex`);
    await send(gb, `https://www.${SITE}/d/www`);
    await send(gb, `https://blog.${SITE}/d/blog`);
    await send(gb, 'https://copycat.example/d/copy');
    await send(gb, `https://${SITE}.evil.example/d/evil`);
    expect(await kept('/d/')).toEqual(['/d/apex', '/d/blog', '/d/www']);
  });

  it('takes a list of hostnames with *. wildcards, and refuses a malformed one with 400, changing nothing', async () => {
    for (const hostnames of [['https://x.example'], ['x.example/path'], ['*x.example'], [''], 'x.example', [42]]) {
      const answer = await patch({ hostnames });
      expect({ hostnames, status: answer.status }).toEqual({ hostnames, status: 400 });
      expect(answer.body.details).toEqual([expect.objectContaining({ field: 'hostnames' })]);
    }
    const answer = await patch({ hostnames: ['Shop.Other.example', '*.staging.example'] });
    expect(answer.status).toBe(200);
    expect(answer.body.hostnames).toEqual(['shop.other.example', '*.staging.example']);
    await restart();
    await send(gb, 'https://shop.other.example/h/shop');
    await send(gb, 'https://a.staging.example/h/staging');
    await send(gb, `https://${SITE}/h/apex-now-dropped`);
    await send(gb, 'https://staging.example/h/bare-staging');
    expect(await kept('/h/')).toEqual(['/h/shop', '/h/staging']);
    expect((await patch({ hostnames: [] })).body.hostnames).toEqual([]);
  });

  it('drops excluded networks, countries and paths, and keeps the rest', async () => {
    const answer = await patch({ exclusions: { ips: ['8.8.8.0/24', '2001:db8::/32'], countries: ['gb'], paths: ['/admin*'] } });
    expect(answer.status).toBe(200);
    expect(answer.body.exclusions).toEqual({ ips: ['8.8.8.0/24', '2001:db8::/32'], countries: ['GB'], paths: ['/admin*'] });
    await restart();
    await send(us, `https://${SITE}/x/from-excluded-network`);
    await send({ ip: '2001:db8::7', userAgent: FIREFOX }, `https://${SITE}/x/from-excluded-v6`);
    await send(gb, `https://${SITE}/x/from-excluded-country`);
    await send({ ip: '1.1.1.1', userAgent: FIREFOX }, `https://${SITE}/x/kept`);
    await send({ ip: '1.1.1.1', userAgent: FIREFOX }, `https://${SITE}/admin/x/never`);
    expect(await kept('/x/')).toEqual(['/x/kept']);
    expect(await kept('/admin')).toEqual([]);
  });

  it('refuses malformed exclusions with 400 naming the field, and changes nothing', async () => {
    const before = (await server.request('GET', `/api/sites/${SITE}`, { token })).body.exclusions;
    for (const exclusions of [{ ips: ['8.8.8.0/33'] }, { ips: ['not an address'] }, { countries: ['Germany'] }, { paths: ['no-slash'] }, { ips: '8.8.8.8' }, { extra: [] }, [], null]) {
      const answer = await patch({ exclusions });
      expect({ exclusions, status: answer.status }).toEqual({ exclusions, status: 400 });
    }
    expect((await server.request('GET', `/api/sites/${SITE}`, { token })).body.exclusions).toEqual(before);
  });

  it('stores no excluded address: IPs are matched in memory only', async () => {
    const dump = JSON.stringify(await queryTestDatabase(database, 'SELECT * FROM events')) + JSON.stringify(await queryTestDatabase(database, 'SELECT * FROM visits'));
    expect(dump).not.toContain('8.8.8.8');
    expect(dump).not.toContain('2001:db8::7');
  });
});
