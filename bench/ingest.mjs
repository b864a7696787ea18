// Ingest benchmark: the same load generator and connections against a bare node:http server (the
// ceiling) and against Cairn's POST /api/event, each server pinned to one core; prints throughput,
// their ratio, latency, and acknowledged versus stored events. Two generators during the change-over:
// autocannon (the old figures) and wrk (wrk.mjs), whose ceiling is the server's and not its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { wrkAvailable, wrkLoad } from './wrk.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const SERVER = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SITE = 'bench.example';
const PASSWORD = 'bench password 123';

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
];
const PAGES = ['/', '/pricing', '/blog/launch', '/docs/install', '/signup', '/about'];
const REFERRERS = ['', 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1', 'https://github.com/cairn/cairn', ''];

function startProcess(command, args, env, ready) {
  const child = spawn('taskset', ['-c', '1', command, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) resolve({ child, port: Number(match[1]), output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** One realistic tracker beacon per request: a new visitor every few requests, headers as a browser sends them. */
function requestFor(i) {
  const visitor = Math.floor(i / 4);
  const page = PAGES[i % PAGES.length];
  const custom = i % 11 === 10;
  const body = {
    site: SITE,
    type: custom ? 'event' : 'pageview',
    url: `https://${SITE}${page}${i % 9 === 0 ? '?utm_source=newsletter&utm_medium=email' : ''}`,
    referrer: REFERRERS[visitor % REFERRERS.length] || undefined,
    title: 'Bench page',
    screen: visitor % 3 === 0 ? '390x844' : '1920x1080',
    ...(custom ? { name: 'Signup', props: { plan: 'pro' } } : {}),
  };
  return {
    method: 'POST',
    path: '/api/event',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': AGENTS[visitor % AGENTS.length],
      'x-forwarded-for': `100.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`,
      'accept-language': 'en-GB,en;q=0.9',
      origin: `https://${SITE}`,
    },
    body: JSON.stringify(body),
  };
}

/** CPU time (user + system, all threads, from /proc) the server spent per answered request during `run`. */
async function cpuPerRequest(pid, into, run) {
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  };
  const started = cpuMs();
  const result = await run();
  into.push(Math.round(((cpuMs() - started) * 1000) / (result['2xx'] + result.non2xx)));
  return result;
}

/** How busy this process (autocannon runs in it) was: its CPU over wall time, 1 = a whole core. */
const generatorBusy = [];

async function load(port, { connections, seconds }) {
  let i = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ setupRequest: () => requestFor(i++) }],
  });
  const used = process.cpuUsage(cpu);
  generatorBusy.push(Number(((used.user + used.system) / 1000 / (performance.now() - started)).toFixed(2)));
  return result;
}

/** The machine's speed drifts (a shared VM): the ceiling and Cairn are measured in alternating rounds
 * and the ratio is the median of the rounds' ratios, so drift between two long runs cannot decide it. */
export async function benchIngest({ connections = 50, seconds = 10, rounds = 3, readStore = 'duckdb' } = {}) {
  const bare = await startProcess(process.execPath, [join(ROOT, 'bench/bare-server.mjs'), '0'], {}, /listening (\d+)/);

  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  const file = join(dir, 'cairn.sqlite');
  const env = {
    DATABASE_URL: `sqlite:${file}`,
    PORT: '0',
    HOST: '127.0.0.1',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'bench@example.org',
    ADMIN_PASSWORD: PASSWORD,
    RATE_LIMIT_EVENTS_PER_MINUTE: '1000000',
    DEMO_DATA: 'false',
    READ_STORE: readStore,
  };
  const cairn = await startProcess(process.execPath, [SERVER], env, /Cairn is running at http:\/\/[^:]+:(\d+)\//);
  const base = `http://127.0.0.1:${cairn.port}`;
  const { token } = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }) })).json();
  await fetch(`${base}/api/sites`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ domain: SITE }) });
  await load(bare.port, { connections, seconds: 2 }); // warm-up (JIT, caches)
  await load(cairn.port, { connections, seconds: 2 });
  const db = new Database(file, { readonly: true });
  const before = db.prepare('SELECT COUNT(*) AS n FROM events').get().n;

  const each = Math.max(1, Math.round(seconds / rounds));
  const ceilings = [];
  const results = [];
  const bareCpu = [];
  const cairnCpu = [];
  for (let round = 0; round < rounds; round++) {
    ceilings.push(await cpuPerRequest(bare.child.pid, bareCpu, () => load(bare.port, { connections, seconds: each })));
    results.push(await cpuPerRequest(cairn.child.pid, cairnCpu, () => load(cairn.port, { connections, seconds: each })));
  }
  const autocannonBusy = generatorBusy.splice(0);

  // The same, with wrk: alternating rounds again; its visitors start where autocannon's cannot reach.
  const wrk = { ceilings: [], results: [] };
  if (wrkAvailable()) {
    await wrkLoad(bare.port, { connections, seconds: 2, serverPid: bare.child.pid });
    for (let round = 0; round < rounds; round++) {
      wrk.ceilings.push(await wrkLoad(bare.port, { connections, seconds: each, serverPid: bare.child.pid }));
      wrk.results.push(await wrkLoad(cairn.port, { connections, seconds: each, serverPid: cairn.child.pid, offset: 100_000_000 + round * 10_000_000 }));
    }
  }
  await stop(bare.child);
  await stop(cairn.child);
  const stored = db.prepare('SELECT COUNT(*) AS n FROM events').get().n - before;
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const sum = (key) => results.reduce((total, result) => total + result[key], 0);
  const ratios = results.map((result, i) => result.requests.average / ceilings[i].requests.average);
  const wrkAcknowledged = wrk.results.reduce((total, r) => total + r.requests - r.non2xx, 0);
  const acknowledged = sum('2xx') + wrkAcknowledged;
  const wrkRatios = wrk.results.map((result, i) => result.rps / wrk.ceilings[i].rps);
  const wrkSummary =
    wrk.results.length === 0
      ? null
      : {
          rounds: wrk.ceilings.map((ceiling, i) => ({
            bareRps: Math.round(ceiling.rps),
            cairnRps: Math.round(wrk.results[i].rps),
            ratio: Number(wrkRatios[i].toFixed(3)),
            wrkBusy: { bare: ceiling.generatorBusy, cairn: wrk.results[i].generatorBusy },
            serverBusy: { bare: ceiling.serverBusy, cairn: wrk.results[i].serverBusy },
          })),
          bareRps: Math.round(median(wrk.ceilings.map((c) => c.rps))),
          cairnRps: Math.round(median(wrk.results.map((r) => r.rps))),
          ratio: Number(median(wrkRatios).toFixed(3)),
          bareCpuUs: median(wrk.ceilings.map((c) => c.serverCpuUs)),
          cairnCpuUs: median(wrk.results.map((r) => r.serverCpuUs)),
          generatorBusy: Math.max(...wrk.ceilings.map((c) => c.generatorBusy)),
          bareServerBusy: median(wrk.ceilings.map((c) => c.serverBusy)),
          p50Ms: median(wrk.results.map((r) => r.p50Ms)),
          p99Ms: Math.max(...wrk.results.map((r) => r.p99Ms)),
          acknowledged: wrkAcknowledged,
          non2xx: wrk.results.reduce((total, r) => total + r.non2xx, 0),
          errors: wrk.results.reduce((total, r) => total + r.errors, 0),
        };
  return {
    wrk: wrkSummary,
    autocannonBusy: Math.max(...autocannonBusy),
    connections,
    seconds: each * rounds,
    rounds: ceilings.map((ceiling, i) => ({ bareRps: Math.round(ceiling.requests.average), cairnRps: Math.round(results[i].requests.average), ratio: Number(ratios[i].toFixed(3)) })),
    bareRps: Math.round(median(ceilings.map((c) => c.requests.average))),
    cairnRps: Math.round(median(results.map((r) => r.requests.average))),
    ratio: Number(median(ratios).toFixed(3)),
    bareCpuUs: median(bareCpu),
    cairnCpuUs: median(cairnCpu),
    p50Ms: median(results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    acknowledged,
    stored,
    lost: Math.max(0, acknowledged - stored),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
  };
}
