import { CairnServer } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { dropRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/test-redis.js';
import { FIREFOX, sendEvent, type Visitor } from '../support/traffic.js';

const SITE = 'scale.example';
/** A push for a change is due within a second; room for two busy processes on a small machine. */
const PUSH_WAIT_MS = 4_000;

/** Visitor n: an address of their own (the server hashes it with the User-Agent). */
const visitor = (n: number): Visitor => ({ ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, userAgent: FIREFOX });

describe('live across two processes sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let prefix: string;
  let a: CairnServer;
  let b: CairnServer;
  let token: string;
  const sockets: LiveSocket[] = [];
  const connect = async (server: CairnServer) => {
    const socket = await LiveSocket.connect(server.url, token);
    sockets.push(socket);
    expect(await socket.subscribe(SITE)).toEqual({ site: SITE });
    return socket;
  };
  const send = async (server: CairnServer, n: number, path = `/page/${n}`) => {
    const answer = await sendEvent(server, visitor(n), { site: SITE, url: `https://${SITE}${path}` });
    expect(answer.status).toBe(202);
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    prefix = uniqueRedisPrefix();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      TRUST_PROXY: 'true',
      RATE_LIMIT_EVENTS_PER_MINUTE: '100000',
      DEMO_DATA: 'false',
    };
    // Both at once, as behind a load balancer: one migrates while the other waits.
    [a, b] = await Promise.all([CairnServer.start(env), CairnServer.start(env)]);
    const session = await a.login();
    token = (await a.request('POST', '/api/keys', { token: session, body: { name: 'scale test' } })).body.key;
    expect((await a.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (prefix) await dropRedisKeys(prefix);
  });

  it('an event accepted by A reaches a socket connected to B, and both answer GET /api/live alike', async () => {
    const onB = await connect(b);
    expect((await onB.next(() => true)).visitors).toBe(0);
    for (const n of [1, 2, 3]) {
      const seen = onB.messages.length;
      await send(a, n);
      expect((await onB.next((m) => m.visitors === n, seen, PUSH_WAIT_MS)).pages).toContainEqual({ page: `/page/${n}`, visitors: 1 });
    }
    const expected = { visitors: 3, pages: expect.arrayContaining([{ page: '/page/3', visitors: 1 }]) };
    for (const server of [a, b]) expect((await server.request('GET', `/api/live?site=${SITE}`, { token })).body).toMatchObject(expected);
  });

  it('the feed of recent events holds what both processes accepted, newest first, the same on each', async () => {
    const onA = await connect(a);
    // A visitor already counted, so the tests after this one keep their three.
    await send(b, 2, '/feed/b');
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond on the same machine
    await send(a, 2, '/feed/a');
    const message = await onA.next((m) => m.recent[0]?.page === '/feed/a', 0, PUSH_WAIT_MS);
    expect(message.recent.slice(0, 2).map((event) => event.page)).toEqual(['/feed/a', '/feed/b']);
    expect(message.recent.map((event) => event.page)).toEqual(expect.arrayContaining(['/page/1', '/page/2', '/page/3']));
    const answers = await Promise.all([a, b].map((server) => server.request('GET', `/api/live?site=${SITE}`, { token })));
    expect(answers[0].body.recent).toEqual(answers[1].body.recent);
    expect(answers[0].body.recent).toEqual(message.recent);
  });

  it('a visitor moving between processes is one visitor, on the page of their last event', async () => {
    const onA = await connect(a);
    const onB = await connect(b);
    await send(b, 1, '/moved-on');
    for (const socket of [onA, onB]) {
      const message = await socket.next((m) => m.pages.some((p) => p.page === '/moved-on'), 0, PUSH_WAIT_MS);
      expect(message.visitors).toBe(3);
      expect(message.pages).not.toContainEqual({ page: '/page/1', visitors: 1 });
    }
  });

  it('keeps accepting events and pushing when the other process is killed mid-run', async () => {
    const onA = await connect(a);
    const onB = await connect(b);
    // Two streams of new visitors, one to each process; A is killed while both run.
    let next = 100;
    let running = true;
    const stream = async (server: CairnServer) => {
      const tally = { acknowledged: 0, failed: 0 };
      while (running) {
        const answer = await sendEvent(server, visitor(next++), { site: SITE, url: `https://${SITE}/run` }).catch(() => null);
        if (answer?.status === 202) tally.acknowledged += 1;
        else tally.failed += 1;
        if (!answer) await new Promise((resolve) => setTimeout(resolve, 50)); // A is gone: no busy loop
      }
      return tally;
    };
    const streams = [stream(a), stream(b)];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const pushesBeforeKill = onB.messages.length;
    await a.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    running = false;
    const [toA, toB] = await Promise.all(streams);

    expect(toA.acknowledged).toBeGreaterThan(0);
    expect(toA.failed).toBeGreaterThan(0);
    expect(toB).toMatchObject({ acknowledged: expect.any(Number), failed: 0 });
    // B went on pushing after A died.
    expect(onB.messages.length).toBeGreaterThan(pushesBeforeKill);
    expect(onA.socket.connected).toBe(false);

    // Every visitor B acknowledged is live; of A's, all but perhaps its last batch (a 202 is sent
    // once the batch is durable, and presence goes to Redis just after: a kill in between loses it).
    const live = (await b.request('GET', `/api/live?site=${SITE}`, { token })).body.visitors as number;
    expect(live).toBeGreaterThanOrEqual(3 + toB.acknowledged);
    expect(live).toBeLessThanOrEqual(3 + toA.acknowledged + toB.acknowledged);
    expect(await onB.next((m) => m.visitors === live, 0, PUSH_WAIT_MS)).toMatchObject({ pages: expect.arrayContaining([{ page: '/run', visitors: live - 3 }]) });

    // A new socket on the survivor works as well.
    const late = await connect(b);
    expect((await late.next(() => true)).visitors).toBe(live);
  });
});
