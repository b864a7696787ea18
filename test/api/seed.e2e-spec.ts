import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, ROOT, runServerExpectingExit } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';

const SEED_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'seed.js');
const DAY = 86_400_000;

/** `npm run seed -- …` without the build step: the built CLI as its own process, stdout and stderr kept. */
function runSeed(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEED_ENTRY, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ADMIN_EMAIL, ADMIN_PASSWORD, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One number from the test database, whichever engine (PostgreSQL answers COUNT and SUM as strings). */
async function count(database: TestDatabase, sql: string): Promise<number> {
  const [row] = await queryTestDatabase<{ n: unknown }>(database, sql);
  return Number(row.n ?? 0);
}

/** What every seeded site must satisfy: its visits are exactly the sums of their events. */
async function expectVisitsMatchEvents(database: TestDatabase, siteId: number): Promise<void> {
  const of = `site_id = ${siteId}`;
  expect(await count(database, `SELECT SUM(pageviews) AS n FROM visits WHERE ${of}`)).toBe(await count(database, `SELECT COUNT(*) AS n FROM events WHERE ${of} AND type = 'pageview'`));
  expect(await count(database, `SELECT SUM(events) AS n FROM visits WHERE ${of}`)).toBe(await count(database, `SELECT COUNT(*) AS n FROM events WHERE ${of} AND type = 'event'`));
  expect(await count(database, `SELECT SUM(engaged_ms) AS n FROM visits WHERE ${of}`)).toBe(await count(database, `SELECT SUM(engaged_ms) AS n FROM events WHERE ${of} AND type = 'engagement'`));
  // Every event sits in a visit of the same visitor, between its first and last event.
  expect(
    await count(
      database,
      `SELECT COUNT(*) AS n FROM events e LEFT JOIN visits v ON v.id = e.visit_id
       WHERE e.${of} AND (v.id IS NULL OR v.visitor_id <> e.visitor_id OR e.ts < v.started_at OR e.ts > v.last_event_at)`,
    ),
  ).toBe(0);
}

async function siteId(database: TestDatabase, domain: string): Promise<number> {
  const [site] = await queryTestDatabase<{ id: unknown }>(database, `SELECT id FROM sites WHERE domain = '${domain}'`);
  return Number(site.id);
}

describe('npm run seed', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('writes exactly the events asked for on an empty database, within the window, readable by the server', async () => {
    const end = Date.parse('2026-03-10T12:00:00Z');
    const { code, stdout, stderr } = await runSeed(['--site', 'Seed.Example', '--days', '7', '--events', '3000', '--end', '2026-03-10T12:00:00Z', '--seed', '5'], {
      DATABASE_URL: database.url,
    });
    expect(stderr).toContain('seeding: 100 % (3000 of 3000 events');
    expect(code).toBe(0);
    const summary = /^seeded 3000 events in (\d+) visits for seed\.example in [\d.]+ s \(\d+ events\/s\)$/m.exec(stdout);
    expect(summary).not.toBeNull();

    // First start as the server makes it: the admin (with ADMIN_PASSWORD) owns the demo site and the seeded one.
    expect(stdout).toContain(`Admin account created: log in as ${ADMIN_EMAIL} with ADMIN_PASSWORD.`);
    const sites = await queryTestDatabase<{ domain: string; email: string }>(database, 'SELECT s.domain, u.email FROM sites s JOIN users u ON u.id = s.owner_id ORDER BY s.id');
    expect(sites).toEqual([
      { domain: 'demo.localhost', email: ADMIN_EMAIL },
      { domain: 'seed.example', email: ADMIN_EMAIL },
    ]);

    const id = await siteId(database, 'seed.example');
    expect(await count(database, `SELECT COUNT(*) AS n FROM events WHERE site_id = ${id}`)).toBe(3000);
    expect(await count(database, `SELECT COUNT(*) AS n FROM visits WHERE site_id = ${id}`)).toBe(Number(summary![1]));
    expect(await count(database, `SELECT MIN(ts) AS n FROM events`)).toBeGreaterThanOrEqual(end - 7 * DAY);
    expect(await count(database, `SELECT MAX(ts) AS n FROM events`)).toBeLessThan(end);
    await expectVisitsMatchEvents(database, id);

    // The server reads the seeded traffic as collected traffic.
    const server = await CairnServer.start({ DATABASE_URL: database.url });
    const token = await server.login();
    const answer = await server.request('GET', '/api/stats/summary?site=seed.example&start=2026-03-01&end=2026-03-10', { token });
    expect(answer.status).toBe(200);
    expect(answer.body.pageviews).toBe(await count(database, `SELECT COUNT(*) AS n FROM events WHERE site_id = ${id} AND type = 'pageview'`));
    expect(answer.body.visits).toBe(Number(summary![1]));
    expect(await server.stop()).toBe(0);
  });

  it.each([
    [['--days', '7'], '--site is required'],
    [['--site', 'a.example', '--days', 'week'], '--days must be a whole number from 1 to 3,650 (got "week")'],
    [['--site', 'a.example', '--events', '0'], '--events must be a whole number from 1 to 1,000,000,000 (got "0")'],
    [['--site', 'a.example', '--seed', '-1'], '--seed'],
    [['--site', 'a.example', '--end', 'yesterday'], '--end must be an ISO 8601 date or instant'],
    [['--site', 'a.example', '--end', '2999-01-01T00:00:00Z'], '--end must not be in the future'],
    [['--site', 'not a domain'], '--site must be a domain'],
    [['--site', 'a.example', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with exit code 2 and one line', async (args, message) => {
    const { code, stdout, stderr } = await runSeed(args, { DATABASE_URL: database.url });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(stderr).toContain('usage: npm run seed -- --site <domain>');
    expect(stdout).toBe('');
  });
});

describe('DEMO_DATA: the demo site on first start', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  async function demoEvents(database: TestDatabase): Promise<number> {
    return count(database, `SELECT COUNT(*) AS n FROM events e JOIN sites s ON s.id = e.site_id WHERE s.domain = 'demo.localhost'`);
  }

  it('gets two weeks of traffic once the server listens, and only on the first start', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const server = await CairnServer.start({ DATABASE_URL: database.url, DEMO_DATA: 'true' });
    const deadline = Date.now() + 30_000;
    while (!server.logs.includes('Demo data:') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.logs).toMatch(/Demo data: 20000 events in \d+ visits over the last 14 days written for demo\.localhost/);
    expect(await demoEvents(database)).toBe(20_000);
    const id = await siteId(database, 'demo.localhost');
    await expectVisitsMatchEvents(database, id);
    expect(await count(database, `SELECT MAX(ts) AS n FROM events`)).toBeLessThanOrEqual(Date.now());
    expect(await count(database, `SELECT MIN(ts) AS n FROM events`)).toBeGreaterThanOrEqual(Date.now() - 14 * DAY - 60_000);

    // What the newcomer sees: a dashboard with numbers in it.
    const token = await server.login();
    const summary = await server.request('GET', '/api/stats/summary?site=demo.localhost&period=30d', { token });
    expect(summary.status).toBe(200);
    expect(summary.body.visits).toBe(await count(database, `SELECT COUNT(*) AS n FROM visits WHERE site_id = ${id}`));
    expect(summary.body.pageviews).toBeGreaterThan(0);
    expect(await server.stop()).toBe(0);

    // Not the first start any more: nothing is added.
    const again = await CairnServer.start({ DATABASE_URL: database.url, DEMO_DATA: 'true' });
    expect((await again.request('GET', '/health')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(again.logs).not.toContain('Demo data:');
    expect(await again.stop()).toBe(0);
    expect(await demoEvents(database)).toBe(20_000);
  });

  it('survives a SIGTERM during the seed: all of the demo traffic or none, never a part', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const server = await CairnServer.start({ DATABASE_URL: database.url, DEMO_DATA: 'true' });
    expect(await server.stop()).toBe(0);
    expect([0, 20_000]).toContain(await demoEvents(database));
    await expectVisitsMatchEvents(database, await siteId(database, 'demo.localhost'));
  });

  it('is refused with one line when DEMO_DATA is not a boolean', async () => {
    const { code, stderr } = await runServerExpectingExit({ DEMO_DATA: 'sometimes' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Invalid configuration: DEMO_DATA must be true or false (got "sometimes")');
  });
});
