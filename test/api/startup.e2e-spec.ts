import { MIGRATIONS } from '@cairn/storage';
import { CairnServer, runServerExpectingExit } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('start-up: configuration refusal', () => {
  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ DATABASE_URL: 'mongodb://db/cairn' }, 'Invalid configuration: DATABASE_URL must start with "sqlite:" or "postgres://"'],
    [{ DEFAULT_TIMEZONE: 'Europe/Atlantis' }, 'Invalid configuration: DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Paris (got "Europe/Atlantis")'],
    [{ SESSION_TIMEOUT_MINUTES: '-5' }, 'Invalid configuration: SESSION_TIMEOUT_MINUTES must be a whole number from 1 to 1440 (got "-5")'],
    [{ SMTP_URL: 'smtp://mail.example.org', PUBLIC_URL: 'https://cairn.example.org' }, 'Invalid configuration: MAIL_FROM is required with SMTP_URL'],
  ])('stops on %j with one clear line and no stack trace', async (env, line) => {
    const { code, stdout, stderr } = await runServerExpectingExit(env);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(line)]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});

describe('start-up: first start, restart and migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('creates the admin with a generated password printed once, and keeps data and schema across restarts', async () => {
    const env = { DATABASE_URL: database.url, ADMIN_EMAIL: 'first@example.org', ADMIN_PASSWORD: '' };
    const first = await CairnServer.start(env);
    const printed = /log in as first@example\.org with password (\S+) \(shown only this once\)/.exec(first.logs);
    expect(printed).not.toBeNull();
    const password = printed![1];
    expect(password.length).toBeGreaterThanOrEqual(16);
    const token = await first.login('first@example.org', password);
    expect((await first.request('POST', '/api/sites', { token, body: { domain: 'kept.example' } })).status).toBe(201);
    expect(await first.stop()).toBe(0);

    // Second start on the same database: migrations already applied, nothing re-created, no password shown.
    const second = await CairnServer.start(env);
    expect(second.logs).not.toContain(password);
    expect(second.logs).toContain('Log in as first@example.org with the password set at first start.');
    const again = await second.login('first@example.org', password);
    const sites = await second.request('GET', '/api/sites', { token: again });
    expect(sites.body.map((site: { domain: string }) => site.domain)).toEqual(['demo.localhost', 'kept.example']);
    expect(await second.stop()).toBe(0);

    const migrations = await queryTestDatabase(database, 'SELECT * FROM migrations');
    expect(migrations).toHaveLength(MIGRATIONS.length);
    const users = await queryTestDatabase<{ email: string; password_hash: string }>(database, 'SELECT email, password_hash FROM users');
    expect(users).toEqual([{ email: 'first@example.org', password_hash: expect.stringMatching(/^scrypt\$/) }]);
    expect(users[0].password_hash).not.toContain(password);
  });
});
