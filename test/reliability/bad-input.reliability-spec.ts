import { randomInt } from 'node:crypto';
import { BAD_REQUEST_PLAN, badSubscribePayloads, generateBadRequests, type BadRequest } from '../support/bad-requests.js';
import { ADMIN_EMAIL, CairnServer } from '../support/cairn-server.js';
import { LiveSocket } from '../support/live-socket.js';
import { encodeRequest, sendRaw, type RawAnswer } from '../support/raw-http.js';
import { recordReliability } from '../support/reliability-summary.js';
import { tableCounts } from '../support/table-counts.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';

const SITE = 'bad-input.example';
/** Random unless given: each run tries other requests; a failure prints the seed that replays it. */
const SEED = process.env.CAIRN_BAD_INPUT_SEED ? Number(process.env.CAIRN_BAD_INPUT_SEED) : randomInt(2 ** 31);
const CONCURRENCY = 8;
const SOCKET_PAYLOADS = 250;
/** Routes with nothing to malform but their headers (the wire-level changes reach them through the others). */
const TAKES_NO_INPUT = new Set(['GET /health', 'GET /tracker.js', 'OPTIONS /api/event', 'GET /api/auth/me', 'POST /api/auth/logout', 'GET /api/keys', 'GET /api/sites']);
/** Node's default limit on a request's head (maxHeaderSize). */
const MAX_HEAD_BYTES = 16 * 1024;

/** Why an answer is wrong for a bad request, or null when it is right. */
function judge(bad: BadRequest, answer: RawAnswer): string | null {
  const preview = () => answer.body.subarray(0, 200).toString('utf8');
  if (answer.status >= 500) return `answered ${answer.status}: ${preview()}`;
  if (answer.status === 0) {
    // Node's parser answers a malformed head and closes at once: a client still sending its body sees the reset first.
    if (bad.expect.wire && /^(ECONNRESET|EPIPE)$/.test(answer.error ?? '')) return null;
    return `no answer (${answer.error ?? 'connection closed'})`;
  }
  const type = answer.headers['content-type'] ?? '';
  if (!type && answer.body.length === 0) {
    // Node's HTTP parser refuses a malformed head itself, with a bare status and no body.
    const headBytes = encodeRequest({ ...bad.request, body: undefined }).length;
    if ((bad.expect.wire || headBytes > MAX_HEAD_BYTES) && [400, 413, 414, 431].includes(answer.status)) return null;
    return `a bodiless ${answer.status} to a request Node should have let through`;
  }
  if (bad.expect.gif && answer.status === 200) {
    if (type === 'image/gif' && answer.headers['cache-control'] === 'no-store') return null;
    return `200 as ${type}, Cache-Control ${answer.headers['cache-control']}`;
  }
  if (!bad.expect.statuses.includes(answer.status)) {
    return `answered ${answer.status}, expected ${[bad.expect.gif ? 'the GIF' : '', ...bad.expect.statuses].filter(Boolean).join(' or ')}: ${preview()}`;
  }
  if (!type.startsWith('application/json')) return `answered ${answer.status} as ${type || 'nothing'}: ${preview()}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return `answered ${answer.status} with a body that is not JSON: ${preview()}`;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'string' || error === '') return `answered ${answer.status} without an error message: ${preview()}`;
  return null;
}

/** Requests whose answers would change if an object prototype had been polluted, or anything else had drifted. */
async function behaviour(server: CairnServer, token: string): Promise<Array<{ probe: string; status: number; body: unknown }>> {
  const probes: Array<[string, string, string, Parameters<CairnServer['request']>[2]]> = [
    ['summary without a site', 'GET', '/api/stats/summary?period=7d', { token }],
    ['live without a site', 'GET', '/api/live', { token }],
    ['login without fields', 'POST', '/api/auth/login', { body: {}, headers: { 'x-forwarded-for': '192.0.2.1' } }],
    ['event without a site', 'POST', '/api/event', { rawBody: JSON.stringify({ url: `https://${SITE}/` }), headers: { 'user-agent': FIREFOX, 'content-type': 'text/plain' } }],
    ['site without a domain', 'POST', '/api/sites', { token, body: {} }],
    ['funnel without steps', 'POST', '/api/stats/funnel', { token, body: { site: SITE } }],
    ['key without a name', 'POST', '/api/keys', { token, body: {} }],
    ['the sites', 'GET', '/api/sites', { token }],
    ['the summary', 'GET', `/api/stats/summary?site=${SITE}&period=7d`, { token }],
    ['the pages', 'GET', `/api/stats/breakdown?site=${SITE}&period=7d&dimension=page`, { token }],
    ['who the token is', 'GET', '/api/auth/me', { token }],
    ['an empty object', 'GET', '/api/sites/polluted.example', { token }],
  ];
  const answers = [];
  for (const [probe, method, path, options] of probes) {
    const answer = await server.request(method, path, options);
    answers.push({ probe, status: answer.status, body: answer.body });
  }
  return answers;
}

describe(`bad input: ${BAD_REQUEST_PLAN.reduce((sum, [, n]) => sum + n, 0).toLocaleString('en-US')} malformed requests against every route (seed ${SEED})`, () => {
  let database: TestDatabase;
  let server: CairnServer;
  let token: string;
  let countsBefore: Record<string, number>;
  let behaviourBefore: Awaited<ReturnType<typeof behaviour>>;
  const tally = { requestsSent: 0, badInputs: 0, serverErrors: 0, crashes: 0 };
  /** Up and answering: a process that died answers nothing. */
  const alive = () => server.request('GET', '/health').then((answer) => answer.status === 200 && answer.body.status === 'ok', () => false);

  beforeAll(async () => {
    console.log(`bad input: seed ${SEED} (replay with CAIRN_BAD_INPUT_SEED=${SEED})`);
    database = await createTestDatabase();
    server = await CairnServer.start({
      DATABASE_URL: database.url,
      TRUST_PROXY: 'true',
      // Limits out of the way: every answer must come from checking the input, not from a throttle.
      RATE_LIMIT_EVENTS_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
      LOGIN_BACKOFF_AFTER: '1000000',
      ROLLUP_INTERVAL_SECONDS: '86400',
    });
    token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    for (const path of ['/', '/pricing', '/docs']) {
      expect((await sendEvent(server, { ip: '81.2.69.142', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}${path}` })).status).toBe(202);
    }
    countsBefore = await tableCounts(database);
    behaviourBefore = await behaviour(server, token);
  });
  afterAll(async () => {
    recordReliability('bad input', { ...tally, stored: 0 });
    await server?.stop();
    await database?.drop();
  });

  it('covers every route of the OpenAPI document that takes input', async () => {
    const document = (await server.request('GET', '/api/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const covered = new Set(BAD_REQUEST_PLAN.map(([route]) => route));
    expect(routes.filter((route) => !covered.has(route) && !TAKES_NO_INPUT.has(route))).toEqual([]);
  });

  it('answers every malformed request with a 4xx and a JSON error (the pixel with its GIF), never a 5xx', async () => {
    const port = Number(new URL(server.url).port);
    const requests = generateBadRequests(SEED, { port, site: SITE, token }, ADMIN_EMAIL);
    const answers: RawAnswer[] = new Array(requests.length);
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const i = next++;
          answers[i] = await sendRaw(port, requests[i].request);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const routes = new Map<string, { sent: number; statuses: Map<string, number>; wrong: number }>();
    const failures: string[] = [];
    requests.forEach((bad, i) => {
      const answer = answers[i];
      const row = routes.get(bad.route) ?? { sent: 0, statuses: new Map(), wrong: 0 };
      routes.set(bad.route, row);
      row.sent += 1;
      const key = answer.status === 0 ? 'none' : !answer.headers['content-type'] && answer.body.length === 0 ? `${answer.status} (Node)` : String(answer.status);
      row.statuses.set(key, (row.statuses.get(key) ?? 0) + 1);
      if (answer.status >= 500) tally.serverErrors += 1;
      const problem = judge(bad, answer);
      if (problem) {
        row.wrong += 1;
        failures.push(`#${bad.index} ${bad.route} [${bad.changes.join('; ')}]: ${problem}`);
      }
    });
    tally.requestsSent += requests.length;
    tally.badInputs += requests.length;

    const lines = [...routes].map(
      ([route, row]) =>
        `${route.padEnd(28)} ${String(row.sent).padStart(5)}  ${[...row.statuses].sort().map(([status, n]) => `${status}×${n}`).join(' ')}${row.wrong ? `  WRONG ${row.wrong}` : ''}`,
    );
    console.log(`bad input (seed ${SEED}): ${requests.length} requests in ${seconds.toFixed(1)} s\n${lines.join('\n')}`);
    if (failures.length) console.log(`seed ${SEED}: ${failures.length} wrong answers, the first ones:\n${failures.slice(0, 30).join('\n')}`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(10_000);
  }, 240_000);

  it('refuses every malformed subscribe on the live socket, and pushes nothing for it', async () => {
    let socket = await LiveSocket.connect(server.url, token);
    const failures: string[] = [];
    let reconnects = 0;
    for (const [i, { label, payload }] of badSubscribePayloads(SEED, SOCKET_PAYLOADS).entries()) {
      tally.requestsSent += 1;
      tally.badInputs += 1;
      let ack: unknown;
      try {
        ack = await socket.socket.timeout(5_000).emitWithAck('subscribe', payload);
      } catch (error) {
        ack = { timeout: (error as Error).message };
      }
      if (typeof (ack as { error?: unknown }).error !== 'string') failures.push(`#${i} ${label}: ${JSON.stringify(ack).slice(0, 200)}`);
      if (!socket.socket.connected) {
        // Refusing a payload by dropping the connection is fine; the server must take the next one.
        reconnects += 1;
        socket.close();
        socket = await LiveSocket.connect(server.url, token);
      }
    }
    const pushed = socket.messages.length;
    socket.close();
    console.log(`bad input (seed ${SEED}): ${SOCKET_PAYLOADS} malformed subscribes, ${reconnects} connections dropped by the server`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(pushed).toBe(0);
  });

  it('recorded nothing: every table has the rows it had', async () => {
    expect(await tableCounts(database)).toEqual(countsBefore);
  });

  it('is still running, healthy, logged no error, and answers exactly as before (no polluted prototype)', async () => {
    if (!(await alive())) tally.crashes += 1;
    expect(tally.crashes).toBe(0);
    expect(await behaviour(server, token)).toEqual(behaviourBefore);
    const errors = server.logs.split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(errors.slice(0, 5)).toEqual([]);
  });

  it('still records a valid event and a valid pixel afterwards', async () => {
    const visitor = { ip: '8.8.8.8', userAgent: FIREFOX };
    expect((await sendEvent(server, visitor, { site: SITE, url: `https://${SITE}/after` })).status).toBe(202);
    const pixel = await server.request('GET', `/pixel.gif?site=${SITE}&path=%2Fpixel-after`, { headers: { 'user-agent': FIREFOX, 'x-forwarded-for': visitor.ip } });
    expect(pixel.status).toBe(200);
    expect((await tableCounts(database)).events).toBe(countsBefore.events + 2);
  });
});
