// Live push benchmark: 1,000 socket.io clients (in this process, on core 0) subscribed to one site on
// Cairn (core 1, fresh SQLite); new visitors' events are sent and the time from the 202 (event
// accepted) to each socket's `live` message carrying the new count is measured, on a quiet site (an
// event every 1.5 s: pushed at once) and on a busy one (every 250 ms: pushes paced to one a second).
// Also the server's RSS growth for the sockets.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';

const ROOT = new URL('..', import.meta.url).pathname;
const SERVER = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SITE = 'bench-live.example';
const PASSWORD = 'bench password 123';
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer(env) {
  const child = spawn('taskset', ['-c', '1', process.execPath, SERVER], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /Cairn is running at http:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}` });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function rssKb(pid) {
  // taskset execs node in place, so the pid is node's.
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** One client: its own connection (forceNew), and when it first saw each visitor count. */
function connectClient(base, token) {
  const socket = io(`${base}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const client = { socket, seenCount: -1, firstSeen: new Map() };
  socket.on('live', (message) => {
    const now = performance.now();
    for (let count = client.seenCount + 1; count <= message.visitors; count++) client.firstSeen.set(count, now);
    client.seenCount = Math.max(client.seenCount, message.visitors);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', async () => {
      const ack = await socket.timeout(30_000).emitWithAck('subscribe', { site: SITE });
      if (ack.error) reject(new Error(ack.error));
      else resolve(client);
    });
    socket.once('connect_error', reject);
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchLive({ sockets = 1000, quietEvents = 30, busyEvents = 40 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-live-'));
  const { child, base } = await startServer({
    DATABASE_URL: `sqlite:${join(dir, 'cairn.sqlite')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench@example.org',
    ADMIN_PASSWORD: PASSWORD,
    RATE_LIMIT_EVENTS_PER_MINUTE: '1000000',
  });
  const clients = [];
  try {
    const json = { 'content-type': 'application/json' };
    const { token } = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }) })).json();
    await fetch(`${base}/api/sites`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ domain: SITE }) });

    await sleep(2_000); // let start-up work settle before the baseline
    const rssBefore = rssKb(child.pid);
    for (let i = 0; i < sockets; i += 50) {
      clients.push(...(await Promise.all(Array.from({ length: Math.min(50, sockets - i) }, () => connectClient(base, token)))));
    }
    await sleep(3_000);
    const rssAfter = rssKb(child.pid);

    let visitor = 0;
    const sendVisitor = async () => {
      visitor += 1;
      const response = await fetch(`${base}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': USER_AGENT, 'x-forwarded-for': `100.64.${visitor >> 8}.${visitor & 255}` },
        body: JSON.stringify({ site: SITE, url: `https://${SITE}/page/${visitor % 7}` }),
      });
      if (response.status !== 202) throw new Error(`event answered ${response.status}`);
      return { count: visitor, acceptedAt: performance.now() };
    };
    const latencies = (accepted) => {
      const values = [];
      let missing = 0;
      for (const { count, acceptedAt } of accepted) {
        for (const client of clients) {
          const at = client.firstSeen.get(count);
          if (at === undefined) missing += 1;
          // A push can overtake the 202 on its way back: that is 0 ms, not negative.
          else values.push(Math.max(0, at - acceptedAt));
        }
      }
      return { p50Ms: Math.round(percentile(values, 50)), p95Ms: Math.round(percentile(values, 95)), maxMs: Math.round(Math.max(...values)), samples: values.length, missing };
    };

    const quiet = [];
    for (let i = 0; i < quietEvents; i++) {
      await sleep(1_500);
      quiet.push(await sendVisitor());
    }
    await sleep(2_000);
    const busy = [];
    for (let i = 0; i < busyEvents; i++) {
      const sent = performance.now();
      busy.push(await sendVisitor());
      await sleep(Math.max(0, 250 - (performance.now() - sent)));
    }
    await sleep(2_500);
    return {
      sockets,
      rssBeforeMb: Math.round(rssBefore / 1024),
      rssGrowthMb: Math.round((rssAfter - rssBefore) / 1024),
      rssPerSocketKb: Math.round((rssAfter - rssBefore) / sockets),
      quiet: latencies(quiet),
      busy: latencies(busy),
    };
  } finally {
    for (const client of clients) client.socket.close();
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/live.mjs`: this benchmark alone (after npm run build:api).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchLive({ sockets: Number(process.env.BENCH_LIVE_SOCKETS ?? 1000) }), null, 2));
}
