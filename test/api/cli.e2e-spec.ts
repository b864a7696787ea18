import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, ROOT } from '../support/cairn-server.js';
import { changeTestDatabase, createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';

const CLI_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run cairn -- …` without the build step: the built CLI as its own process. */
function cairn(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The table's rows as arrays of cells (columns are separated by two spaces or more). */
const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s{2,}/));

describe('npm run cairn', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;
  let env: Record<string, string>;
  /** The admin's password: the one reset-password printed, once it has run. */
  let adminPassword = ADMIN_PASSWORD;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
    server = await CairnServer.start({ ...env, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '1000000' });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: 'blog.example' } })).status).toBe(201);
    await changeTestDatabase(database, `INSERT INTO users (email, password_hash, role, created_at) VALUES ('member@example.org', 'none', 'member', ${Date.UTC(2026, 0, 2)})`);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('users: every user with role and the sessions and API keys they hold', async () => {
    await server.request('POST', '/api/keys', { token, body: { name: 'ci' } });
    const run = await cairn(['users'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toMatch(/^EMAIL\s+ROLE\s+CREATED\s+SESSIONS\s+API KEYS$/);
    expect(rows(run.stdout)).toEqual([
      [ADMIN_EMAIL, 'admin', new Date().toISOString().slice(0, 10), '1', '1'],
      ['member@example.org', 'member', '2026-01-02', '0', '0'],
    ]);
  });

  it('sites: every site with its zone and owner', async () => {
    const run = await cairn(['sites'], env);
    expect(run.code).toBe(0);
    expect(rows(run.stdout).map((row) => row.slice(0, 3))).toEqual([
      ['blog.example', 'UTC', ADMIN_EMAIL],
      ['demo.localhost', 'UTC', ADMIN_EMAIL],
    ]);
  });

  it('reset-password: prints a new password that works, and revokes every session and API key of that user', async () => {
    const otherSession = await server.login();
    const key = (await server.request('POST', '/api/keys', { token, body: { name: 'old key' } })).body.key as string;
    const memberBefore = await cairn(['users'], env);

    const run = await cairn(['reset-password', 'Owner@Example.org'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const password = /^New password for owner@example\.org: (\S+)$/m.exec(run.stdout)?.[1];
    expect(password).toHaveLength(24);
    expect(run.stdout).toMatch(/Revoked 2 session\(s\) and 2 API key\(s\)/);

    for (const revoked of [token, otherSession, key]) expect((await server.request('GET', '/api/auth/me', { token: revoked })).status).toBe(401);
    expect((await server.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).status).toBe(401);
    adminPassword = password!;
    token = await server.login(ADMIN_EMAIL, adminPassword);
    expect((await server.request('GET', '/api/auth/me', { token })).body.email).toBe(ADMIN_EMAIL);
    // Nobody else was touched.
    expect(rows((await cairn(['users'], env)).stdout)[1]).toEqual(rows(memberBefore.stdout)[1]);
  });

  it('reset-password: an unknown email is refused (exit 2) and changes nothing', async () => {
    const run = await cairn(['reset-password', 'nobody@example.org'], env);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'No user nobody@example.org (npm run cairn -- users lists them)\n' });
    expect((await server.request('GET', '/api/auth/me', { token })).status).toBe(200);
  });

  it('refuses an unknown command or a missing argument with usage (exit 2)', async () => {
    for (const args of [['frobnicate'], ['reset-password'], ['backup']]) {
      const run = await cairn(args, env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('Usage: npm run cairn --');
    }
  });

  it('refuses an invalid configuration as the server does', async () => {
    const run = await cairn(['users'], { ...env, LOG_LEVEL: 'loud' });
    expect(run).toMatchObject({ code: 2, stderr: 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")\n' });
  });

  (TEST_ENGINE === 'sqlite' ? describe : describe.skip)('backup (SQLite)', () => {
    let folder: string;

    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'cairn-backup-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('copies the running server’s database under write load: intact, and holding every event acknowledged before it began', async () => {
      const destination = join(folder, 'copy.sqlite');
      let acknowledged = 0;
      let sent = 0;
      let stop = false;
      // Four visitors sending without pause for the whole backup.
      const senders = [1, 2, 3, 4].map(async (n) => {
        while (!stop) {
          sent += 1;
          const answer = await sendEvent(server, { ip: `203.0.113.${n}`, userAgent: FIREFOX }, { site: 'blog.example', url: `https://blog.example/p${sent}` });
          if (answer.status === 202) acknowledged += 1;
          else throw new Error(`event answered ${answer.status}`);
        }
      });
      while (acknowledged < 200) await new Promise((resolve) => setTimeout(resolve, 10));
      const before = acknowledged;
      const run = await cairn(['backup', destination], env);
      const during = acknowledged;
      stop = true;
      await Promise.all(senders);

      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Backed up .+ to ${destination.replace(/[.]/g, '\\.')} in [\\d.]+ s: .+, integrity ok; 2 users, 2 sites, [\\d,]+ visits, [\\d,]+ events\\n$`));
      const copy = new Database(destination, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const events = Number((copy.prepare(`SELECT COUNT(*) AS n FROM events e JOIN sites s ON s.id = e.site_id WHERE s.domain = 'blog.example'`).get() as { n: number }).n);
        expect(events).toBeGreaterThanOrEqual(before);
        expect(events).toBeLessThanOrEqual(during);
        expect(run.stdout).toContain(`${events.toLocaleString('en-US')} events`);
      } finally {
        copy.close();
      }
      expect(during).toBeGreaterThan(before); // the load really ran through the backup

      // A server started on the copy counts the same.
      const restored = await CairnServer.start({ DATABASE_URL: `sqlite:${destination}` });
      try {
        const summary = await restored.request('GET', '/api/stats/summary?site=blog.example&period=today', { token: await restored.login(ADMIN_EMAIL, adminPassword) });
        const copy2 = new Database(destination, { readonly: true });
        const pageviews = Number((copy2.prepare(`SELECT COUNT(*) AS n FROM events e JOIN sites s ON s.id = e.site_id WHERE s.domain = 'blog.example' AND e.type = 'pageview'`).get() as { n: number }).n);
        copy2.close();
        expect(summary.body.pageviews).toBe(pageviews);
      } finally {
        await restored.stop();
      }
    });

    it('never overwrites a file', async () => {
      const destination = join(folder, 'copy.sqlite');
      const run = await cairn(['backup', destination], env);
      expect(run).toMatchObject({ code: 2, stderr: `${destination} already exists; choose a new file (a backup never overwrites)\n` });
    });
  });

  (TEST_ENGINE === 'postgres' ? describe : describe.skip)('backup (PostgreSQL)', () => {
    it('prints the pg_dump line for the database, without a password', async () => {
      const url = new URL(database.url);
      const run = await cairn(['backup', '/tmp/cairn.dump'], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`pg_dump --format=custom --no-owner --file=/tmp/cairn.dump postgres://${url.username}@${url.host}${url.pathname}`);
    });
  });

  describe('doctor', () => {
    const line = (stdout: string, check: string) => stdout.split('\n').find((l) => l.split(/\s+/)[1] === check) ?? `(no ${check} line)`;

    it('checks config, database, migrations, disk and GeoIP, each on a line; exit 0 when nothing failed', async () => {
      const run = await cairn(['doctor'], env);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['config', 'database', 'migrations', 'disk', 'geoip', 'good,']);
      expect(line(run.stdout, 'config')).toMatch(/^OK\s+config\s+every variable is valid$/);
      expect(line(run.stdout, 'database')).toMatch(TEST_ENGINE === 'sqlite' ? /^OK\s+database\s+.+ answers \(SQLite 3\.\d+/ : /^OK\s+database\s+.+ answers \(PostgreSQL \d+/);
      expect(line(run.stdout, 'migrations')).toMatch(/^OK\s+migrations\s+all \d+ applied$/);
      expect(line(run.stdout, 'disk')).toMatch(/^(OK|WARN)\s+disk\s+[\d.]+ (GiB|MiB) free of/);
      expect(line(run.stdout, 'geoip')).toMatch(/^(OK|WARN)\s+geoip\s+the bundled .+geolite2-country\.mmdb: .+, built \d{4}-\d\d-\d\d \(\d+ days ago\)/);
    });

    it('warns of pending migrations, and fails on one this version does not know (exit 1)', async () => {
      await changeTestDatabase(database, `UPDATE migrations SET name = 'FromTheFuture9999999999999' WHERE name = 'FunnelIndexes1764288000000'`);
      try {
        const run = await cairn(['doctor'], env);
        expect(run.code).toBe(1);
        expect(line(run.stdout, 'migrations')).toBe('FAIL  migrations  applied by a newer Cairn than this one: FromTheFuture9999999999999 (run that version, or restore a backup)');
        expect(run.stdout.trim().split('\n').pop()).toBe('1 check(s) failed.');
      } finally {
        await changeTestDatabase(database, `UPDATE migrations SET name = 'FunnelIndexes1764288000000' WHERE name = 'FromTheFuture9999999999999'`);
      }
      await changeTestDatabase(database, `DELETE FROM migrations WHERE name = 'FunnelIndexes1764288000000'`);
      const pending = await cairn(['doctor'], env);
      expect(pending.code).toBe(0);
      expect(line(pending.stdout, 'migrations')).toBe('WARN  migrations  1 pending, applied at the next start: FunnelIndexes1764288000000');
    });

    it('reports a bad configuration and still checks the rest', async () => {
      const run = await cairn(['doctor'], { ...env, PORT: 'eighty', GEOIP_DB: '/nowhere/city.mmdb' });
      expect(run.code).toBe(1);
      expect(line(run.stdout, 'config')).toBe(
        'FAIL  config      GEOIP_DB must be the path of a MaxMind-format .mmdb file (no file at "/nowhere/city.mmdb"); PORT must be a whole number from 0 to 65535 (got "eighty")',
      );
      expect(line(run.stdout, 'database')).toMatch(/^OK/);
    });

    it('fails when the database cannot be reached, and never creates a missing SQLite file', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cairn-doctor-'));
      try {
        const missing = join(folder, 'none.sqlite');
        const run = await cairn(['doctor'], { DATABASE_URL: `sqlite:${missing}` });
        expect(line(run.stdout, 'database')).toBe(`WARN  database    no SQLite file at ${missing} yet: the first start creates it`);
        expect(existsSync(missing)).toBe(false);
        const down = await cairn(['doctor'], { DATABASE_URL: 'postgres://cairn@127.0.0.1:9/cairn' });
        expect(down.code).toBe(1);
        expect(line(down.stdout, 'database')).toMatch(/^FAIL  database    cannot open postgres:\/\/cairn@127\.0\.0\.1:9\/cairn: /);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
