import { eventually } from '../support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CairnServer, type HttpAnswer } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { MailCatcher } from '../support/mail-catcher.js';
import { tableCounts } from '../support/table-counts.js';
import { TestClock } from '../support/test-clock.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';

const SITE = 'invited.example';
const PUBLIC_URL = 'https://cairn.example.org';
const DAY = 86_400_000;

/** The token of an invitation link (`…/invite/<token>`). */
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('invitations and passwords', () => {
  let database: TestDatabase;
  let server: CairnServer;
  let mail: MailCatcher;
  let clock: TestClock;
  let startedAt: number;
  let owner: string;
  let ip = 0;

  /** Each from an address of its own: accept and password change are throttled like logins. */
  const request = (method: string, path: string, token?: string, body?: unknown): Promise<HttpAnswer> =>
    server.request(method, path, { token, body, headers: { 'x-forwarded-for': `198.51.100.${++ip % 250}` } });
  const invite = (email: string, role: string, token = owner) => request('POST', '/api/invitations', token, { email, site: SITE, role });
  const accept = (token: string, password: string) => request('POST', '/api/invitations/accept', undefined, { token, password });
  const roles = async () =>
    (await request('GET', `/api/sites/${SITE}/members`, owner)).body.map((m: { email: string; role: string }) => `${m.email} ${m.role}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    mail = await MailCatcher.start();
    startedAt = Date.now();
    clock = new TestClock(startedAt);
    server = await CairnServer.start({
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      SMTP_URL: mail.url,
      MAIL_FROM: 'Cairn <cairn@example.org>',
      PUBLIC_URL,
      LOGIN_TTL_HOURS: '2000',
      ...clock.env(),
    });
    owner = await server.login();
    expect((await request('POST', '/api/sites', owner, { domain: SITE })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await mail?.stop();
    await database?.drop();
    clock?.remove();
  });

  it('mails the link, which makes the account, the membership and a login once, and never again', async () => {
    const created = await invite('Ana@Example.org', 'viewer');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), url: expect.stringMatching(/^https:\/\/cairn\.example\.org\/invite\/ci_[\w-]{43}$/), expiresAt: new Date(startedAt + 7 * DAY).toISOString(), mailed: true });
    const [arrived] = await mail.waitFor(() => mail.to('ana@example.org').length === 1).then(() => mail.to('ana@example.org'));
    expect(arrived.subject).toBe(`You are invited to ${SITE} on Cairn`);
    expect(arrived.text).toContain(created.body.url);
    expect(arrived.text).toContain(`${ADMIN_EMAIL} invited you`);
    // The link is in the mail and the answer only: the database keeps its hash.
    expect(JSON.stringify(await queryTestDatabase(database, 'SELECT * FROM invitations'))).not.toContain(tokenOf(created.body.url));

    const pending = await request('GET', `/api/invitations?site=${SITE}`, owner);
    expect(pending.body).toEqual([{ id: created.body.id, email: 'ana@example.org', site: SITE, role: 'viewer', createdAt: new Date(startedAt).toISOString(), expiresAt: created.body.expiresAt }]);

    expect((await accept(tokenOf(created.body.url), 'short')).status).toBe(400);
    const accepted = await accept(tokenOf(created.body.url), 'ana’s long password');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ token: expect.stringMatching(/^cs_/), expiresAt: expect.any(String) });
    expect((await request('GET', '/api/auth/me', accepted.body.token)).body).toMatchObject({ email: 'ana@example.org', role: 'member' });
    expect((await request('GET', `/api/sites/${SITE}`, accepted.body.token)).body.role).toBe('viewer');
    expect(await server.login('ana@example.org', 'ana’s long password')).toMatch(/^cs_/);
    expect(await roles()).toEqual([`ana@example.org viewer`, `${ADMIN_EMAIL} owner`]);

    const before = await tableCounts(database);
    const replay = await accept(tokenOf(created.body.url), 'ana’s long password');
    expect(replay.status).toBe(404);
    expect(replay.body).toEqual({ error: 'This invitation is unknown, already used or expired' });
    expect((await accept(tokenOf(created.body.url), 'another password, then')).status).toBe(404);
    expect(await tableCounts(database)).toEqual(before);
    expect((await request('GET', `/api/invitations?site=${SITE}`, owner)).body).toEqual([]);
  });

  it('works for 7 days and not a minute more', async () => {
    const late = await invite('late@example.org', 'viewer');
    const inTime = await invite('in-time@example.org', 'admin');
    clock.set(startedAt + 7 * DAY - 60_000);
    expect((await accept(tokenOf(inTime.body.url), 'in time, just about')).status).toBe(200);
    clock.set(startedAt + 7 * DAY + 60_000);
    const expired = await accept(tokenOf(late.body.url), 'too late by a minute');
    expect(expired.status).toBe(404);
    expect((await request('POST', '/api/auth/login', undefined, { email: 'late@example.org', password: 'too late by a minute' })).status).toBe(401);
    expect(await roles()).toEqual([`ana@example.org viewer`, `in-time@example.org admin`, `${ADMIN_EMAIL} owner`]);
    clock.set(startedAt);
  });

  it('withdraws an invitation: its link stops working', async () => {
    const created = await invite('withdrawn@example.org', 'viewer');
    expect((await request('DELETE', `/api/invitations/${created.body.id}`, owner)).status).toBe(204);
    expect((await request('DELETE', `/api/invitations/${created.body.id}`, owner)).status).toBe(404);
    expect((await accept(tokenOf(created.body.url), 'withdrawn, sadly')).status).toBe(404);
  });

  it('gives an existing user the membership with their own password, and keeps a higher role', async () => {
    const other = 'other.example';
    expect((await request('POST', '/api/sites', owner, { domain: other })).status).toBe(201);
    const created = await request('POST', '/api/invitations', owner, { email: 'ana@example.org', site: other, role: 'admin' });
    expect((await accept(tokenOf(created.body.url), 'not ana’s password')).status).toBe(401);
    const accepted = await accept(tokenOf(created.body.url), 'ana’s long password');
    expect(accepted.status).toBe(200);
    expect((await request('GET', '/api/sites', accepted.body.token)).body.map((s: { domain: string; role: string }) => `${s.domain} ${s.role}`)).toEqual([`${SITE} viewer`, `${other} admin`]);
    const lower = await request('POST', '/api/invitations', owner, { email: ADMIN_EMAIL, site: other, role: 'viewer' });
    expect((await accept(tokenOf(lower.body.url), ADMIN_PASSWORD)).status).toBe(200);
    expect((await request('GET', `/api/sites/${other}`, owner)).body.role).toBe('owner');
  });

  it('lets admins invite admins and viewers, owners anyone; viewers and strangers nobody', async () => {
    const ana = await server.login('ana@example.org', 'ana’s long password');
    const admin = await server.login('in-time@example.org', 'in time, just about');
    expect((await invite('x@example.org', 'viewer', ana)).status).toBe(403);
    expect((await invite('x@example.org', 'owner', admin)).status).toBe(403);
    expect((await invite('x@example.org', 'admin', admin)).status).toBe(201);
    expect((await request('GET', `/api/invitations?site=${SITE}`, ana)).status).toBe(403);
    const pending = await invite('y@example.org', 'viewer');
    expect((await request('DELETE', `/api/invitations/${pending.body.id}`, ana)).status).toBe(403);
    // Ana is an admin of the other site: there she may.
    expect((await request('POST', '/api/invitations', ana, { email: 'x@example.org', site: 'other.example', role: 'viewer' })).status).toBe(201);
    expect((await request('POST', '/api/invitations', admin, { email: 'x@example.org', site: 'other.example', role: 'viewer' })).status).toBe(404);
  });

  it('changes a password: the old one stops working, every other login token is revoked and its socket dropped', async () => {
    const here = await server.login('ana@example.org', 'ana’s long password');
    const elsewhere = await server.login('ana@example.org', 'ana’s long password');
    const socket = await LiveSocket.connect(server.url, elsewhere);
    try {
      expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
      const wrong = await request('POST', '/api/auth/password', here, { currentPassword: 'a guess', newPassword: 'a brand new password' });
      expect(wrong.status).toBe(401);
      expect((await request('POST', '/api/auth/password', here, { currentPassword: 'ana’s long password', newPassword: 'short' })).status).toBe(400);
      expect((await request('GET', '/api/auth/me', elsewhere)).status).toBe(200);
      const key = (await request('POST', '/api/keys', here, { name: 'script' })).body.key;
      expect((await request('POST', '/api/auth/password', key, { currentPassword: 'ana’s long password', newPassword: 'a key’s idea of one' })).status).toBe(403);

      expect((await request('POST', '/api/auth/password', here, { currentPassword: 'ana’s long password', newPassword: 'a brand new password' })).status).toBe(204);
      expect((await request('GET', '/api/auth/me', here)).status).toBe(200);
      expect((await request('GET', '/api/auth/me', elsewhere)).status).toBe(401);
      await eventually(async () => !socket.socket.connected, 8_000);
      expect((await request('POST', '/api/auth/login', undefined, { email: 'ana@example.org', password: 'ana’s long password' })).status).toBe(401);
      expect(await server.login('ana@example.org', 'a brand new password')).toMatch(/^cs_/);
      expect((await request('GET', '/api/auth/me', key)).status).toBe(200);
    } finally {
      socket.close();
    }
  });
});

describe('invitations without mail', () => {
  let database: TestDatabase;
  let server: CairnServer;

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers the link to pass on, and says it was not mailed', async () => {
    database = await createTestDatabase();
    server = await CairnServer.start({ DATABASE_URL: database.url });
    const token = await server.login();
    const created = await server.request('POST', '/api/invitations', { token, body: { email: 'bo@example.org', site: 'demo.localhost', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: expect.stringMatching(/^\/invite\/ci_[\w-]{43}$/), mailed: false });
    const accepted = await server.request('POST', '/api/invitations/accept', { body: { token: tokenOf(created.body.url), password: 'bo’s password here' } });
    expect(accepted.status).toBe(200);
    expect((await server.request('GET', '/api/sites', { token: accepted.body.token })).body.map((s: { domain: string }) => s.domain)).toEqual(['demo.localhost']);
  });
});
