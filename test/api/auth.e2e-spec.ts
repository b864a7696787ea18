import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TestClock } from '../support/test-clock.js';

describe('accounts: login, tokens and API keys', () => {
  let database: TestDatabase;
  let server: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('logs the admin in with the configured email and password', async () => {
    const answer = await server.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(answer.status).toBe(200);
    expect(answer.body.token).toMatch(/^cs_[\w-]{43}$/);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(167 * 3_600_000);

    const me = await server.request('GET', '/api/auth/me', { token: answer.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: expect.any(Number), email: ADMIN_EMAIL, role: 'admin' });
  });

  it('accepts the email in any case', async () => {
    const answer = await server.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD } });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['a wrong password', { email: ADMIN_EMAIL, password: 'wrong password' }],
    ['an unknown email', { email: 'nobody@example.org', password: ADMIN_PASSWORD }],
  ])('refuses %s with the same 401 answer', async (_, body) => {
    const answer = await server.request('POST', '/api/auth/login', { body });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'Wrong email or password' });
  });

  it.each([
    ['no body', undefined, 'email'],
    ['a missing password', { email: ADMIN_EMAIL }, 'password'],
    ['a number for a password', { email: ADMIN_EMAIL, password: 12345678 }, 'password'],
    ['something that is not an email', { email: 'not-an-email', password: 'x' }, 'email'],
  ])('answers 400 with details for %s', async (_, body, field) => {
    const answer = await server.request('POST', '/api/auth/login', body === undefined ? { headers: { 'content-type': 'application/json' } } : { body });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('Invalid request');
    expect(answer.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 400, not 500, to a body that is not JSON', async () => {
    const answer = await server.request('POST', '/api/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.any(String) });
  });

  it('revokes a token on logout', async () => {
    const token = await server.login();
    expect((await server.request('POST', '/api/auth/logout', { token })).status).toBe(204);
    const after = await server.request('GET', '/api/sites', { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: 'Token unknown, revoked or expired' });
  });

  it('makes API keys that work as Bearer tokens, shows them once and revokes them', async () => {
    const token = await server.login();
    const created = await server.request('POST', '/api/keys', { token, body: { name: 'nightly export' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'nightly export', key: expect.stringMatching(/^ck_[\w-]{43}$/), lastUsedAt: null });
    const key: string = created.body.key;
    expect(created.body.prefix).toBe(key.slice(0, 10));

    expect((await server.request('GET', '/api/sites', { token: key })).status).toBe(200);

    const list = await server.request('GET', '/api/keys', { token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'nightly export', prefix: key.slice(0, 10) })]);
    expect(list.text).not.toContain(key);
    expect(list.body[0].lastUsedAt).not.toBeNull();

    expect((await server.request('DELETE', `/api/keys/${created.body.id}`, { token })).status).toBe(204);
    expect((await server.request('GET', '/api/sites', { token: key })).status).toBe(401);
    expect((await server.request('DELETE', `/api/keys/${created.body.id}`, { token })).status).toBe(404);
  });

  it('refuses an API key without a name', async () => {
    const token = await server.login();
    const answer = await server.request('POST', '/api/keys', { token, body: { name: '' } });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('answers 400 to a key id that is not a UUID', async () => {
    const token = await server.login();
    expect((await server.request('DELETE', '/api/keys/1%20OR%201=1', { token })).status).toBe(400);
  });

  it('lets only a login manage keys: a key gets 403 on every key route and changes nothing', async () => {
    const token = await server.login();
    const first = (await server.request('POST', '/api/keys', { token, body: { name: 'leaked' } })).body;
    const ids = async () => (await server.request('GET', '/api/keys', { token })).body.map((key: { id: string }) => key.id);
    const before = await ids();

    const minted = await server.request('POST', '/api/keys', { token: first.key, body: { name: 'persistence' } });
    expect(minted.status).toBe(403);
    expect(minted.body).toEqual({ error: 'API keys are managed from a login, not with an API key' });
    expect((await server.request('GET', '/api/keys', { token: first.key })).status).toBe(403);
    expect((await server.request('DELETE', `/api/keys/${first.id}`, { token: first.key })).status).toBe(403);
    expect(await ids()).toEqual(before);

    // Revoked from a login, the leaked key leaves nothing working behind it.
    expect((await server.request('DELETE', `/api/keys/${first.id}`, { token })).status).toBe(204);
    expect((await server.request('GET', '/api/auth/me', { token: first.key })).status).toBe(401);
  });

  it('makes a key that expires: listed with its expiry, working until then, 401 after', async () => {
    const token = await server.login();
    const expiresAt = new Date(Date.now() + 4_000).toISOString();
    const created = await server.request('POST', '/api/keys', { token, body: { name: 'short-lived', expiresAt } });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(expiresAt);
    const listed = (await server.request('GET', '/api/keys', { token })).body.find((key: { id: string }) => key.id === created.body.id);
    expect(listed).toMatchObject({ name: 'short-lived', expiresAt });
    expect((await server.request('GET', '/api/auth/me', { token: created.body.key })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 250));
    const after = await server.request('GET', '/api/auth/me', { token: created.body.key });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: 'Token unknown, revoked or expired' });
  });

  it('lists a key without an expiry as expiresAt null', async () => {
    const token = await server.login();
    const created = await server.request('POST', '/api/keys', { token, body: { name: 'forever' } });
    expect(created.body.expiresAt).toBeNull();
  });

  it.each([
    ['an expiry in the past', new Date(Date.now() - 60_000).toISOString()],
    ['a date that is not ISO 8601', 'tomorrow'],
    ['a number', 12],
  ])('refuses %s with 400 and makes no key', async (_, expiresAt) => {
    const token = await server.login();
    const before = (await server.request('GET', '/api/keys', { token })).body.length;
    const answer = await server.request('POST', '/api/keys', { token, body: { name: 'bad expiry', expiresAt } });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
    expect((await server.request('GET', '/api/keys', { token })).body.length).toBe(before);
  });
});

describe('accounts: login throttling', () => {
  let database: TestDatabase;
  let server: CairnServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url, RATE_LIMIT_LOGIN_PER_MINUTE: '3', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers 429 past the per-client limit, even to the right password, and not to other clients', async () => {
    const attempt = (ip: string, password: string) =>
      server.request('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await attempt('198.51.100.7', 'guess ' + i)).status).toBe(401);
    const blocked = await attempt('198.51.100.7', ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ error: 'Too many login attempts from this client; wait a minute' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('198.51.100.8', ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe('accounts: per-account back-off on wrong passwords', () => {
  const start = Date.parse('2026-06-01T09:00:00Z');
  let database: TestDatabase;
  let server: CairnServer;
  let clock: TestClock;
  let address = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = new TestClock(start);
    // A generous per-address limit and a new address per attempt: what answers here is the account's back-off.
    server = await CairnServer.start({ DATABASE_URL: database.url, RATE_LIMIT_LOGIN_PER_MINUTE: '1000', TRUST_PROXY: 'true', ...clock.env() });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    clock?.remove();
  });

  /** From an address never used before: guessing from many addresses is what the back-off is for. */
  const attempt = (password: string, email = ADMIN_EMAIL) =>
    server.request('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': `198.18.${address >> 8}.${address++ & 255}` } });
  const at = (ms: number) => clock.set(start + ms);

  it('takes five wrong passwords, then makes each attempt wait 1 s, 2 s, 4 s …, the right password included, and mints no token meanwhile', async () => {
    at(0);
    for (let i = 0; i < 5; i++) expect((await attempt(`guess ${i}`)).status).toBe(401);
    const tokensBefore = (await queryTestDatabase<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM auth_tokens'))[0].n;
    const held = await attempt(ADMIN_PASSWORD);
    expect(held.status).toBe(429);
    expect(held.body).toEqual({ error: 'Too many wrong passwords for this account; wait 1 s' });
    expect(held.headers.get('retry-after')).toBe('1');
    expect((await queryTestDatabase<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM auth_tokens'))[0].n).toBe(tokensBefore);

    at(1_000);
    expect((await attempt('guess 5')).status).toBe(401);
    at(2_000);
    expect((await attempt(ADMIN_PASSWORD)).headers.get('retry-after')).toBe('1');
    at(3_000);
    expect((await attempt('guess 6')).status).toBe(401);
    at(6_000);
    const longer = await attempt(ADMIN_PASSWORD);
    expect({ status: longer.status, retryAfter: longer.headers.get('retry-after') }).toEqual({ status: 429, retryAfter: '1' });
    // Not a lockout: once the wait is over, the right password logs in and clears the count.
    at(7_000);
    expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
    expect((await attempt('one typo')).status).toBe(401);
    expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
  });

  it('never makes the real user wait more than a minute, however long the guessing goes on', async () => {
    let now = 60 * 60_000;
    at(now);
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const answer = await attempt(`guess ${i}`);
      if (answer.status === 429) {
        const wait = Number(answer.headers.get('retry-after'));
        waits.push(wait);
        now += wait * 1000;
        at(now);
        expect((await attempt(`guess ${i}`)).status).toBe(401);
      } else expect(answer.status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    now += 60_000;
    at(now);
    expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
  });

  it('backs off an unknown email the same way, so the answer does not tell which emails exist', async () => {
    at(3 * 60 * 60_000);
    for (let i = 0; i < 5; i++) expect((await attempt(`guess ${i}`, 'nobody@example.org')).status).toBe(401);
    const held = await attempt('guess', 'nobody@example.org');
    expect({ status: held.status, body: held.body }).toEqual({ status: 429, body: { error: 'Too many wrong passwords for this account; wait 1 s' } });
    // Another account is not slowed by it.
    expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
  });
});
