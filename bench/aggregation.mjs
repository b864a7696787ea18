// Read-side benchmark: a database seeded by `npm run seed` (kept under bench/data/ between runs, it
// takes minutes to make), rolled up by `npm run rollups`, then the dashboard's calls timed against
// the real server: 30 days and a year, a 4-step funnel, and a CSV export of a million events.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist/apps/api/apps/api/src');
const SITE = 'bench-stats.example';
const PASSWORD = 'bench password 123';
const BREAKDOWNS = ['page', 'entry_page', 'source', 'country', 'browser', 'os', 'device', 'event'];

function env(file, extra = {}) {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite:${file}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'bench@example.org',
    ADMIN_PASSWORD: PASSWORD,
    ROLLUP_INTERVAL_SECONDS: '3600',
    // The mirror's progress lines (info) tell the bench when it has caught up.
    ...(extra.READ_STORE === 'duckdb' ? { LOG_LEVEL: 'info' } : {}),
    ...extra,
  };
}

function startServer(file, extra = {}) {
  const child = spawn('taskset', ['-c', '1', process.execPath, join(DIST, 'main.js')], { env: env(file, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /Cairn is running at http:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}`, output: () => output });
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

/** The seeded database for `events`, made once and kept (bench/data is ignored by git). */
function seededDatabase(events) {
  const dir = join(ROOT, 'bench/data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${events}.sqlite`);
  if (existsSync(file)) return { file, seedSeconds: null };
  const partial = join(dir, `seed-${events}.partial.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  execFileSync(process.execPath, [join(DIST, 'seed.js'), '--site', SITE, '--days', '90', '--events', String(events)], { env: env(partial), stdio: ['ignore', 'inherit', 'inherit'] });
  const seedSeconds = (performance.now() - started) / 1000;
  execFileSync(process.execPath, [join(DIST, 'rollups.js'), '--site', SITE], { env: env(partial), stdio: ['ignore', 'inherit', 'inherit'] });
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, file);
  return { file, seedSeconds };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(call) {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/** Bytes of a file and its -wal, 0 if absent. */
function bytesOf(file) {
  let total = 0;
  for (const suffix of ['', '-wal', '.wal']) if (existsSync(file + suffix)) total += statSync(file + suffix).size;
  return total;
}

const FILTERS = {
  'no filter': {},
  'filter.country=US': { 'filter.country': 'US' },
  'filter.page=/pricing': { 'filter.page': '/pricing' },
  'filter.page=/blog/*': { 'filter.page': '/blog/*' },
  'filter.source=Google': { 'filter.source': 'Google' },
  'country=US + page=/pricing': { 'filter.country': 'US', 'filter.page': '/pricing' },
};

/**
 * The read path of issue #15 on one read store (READ_STORE=duckdb or sql): the 10-call dashboard for
 * 30 days and for a year with each filter of FILTERS, today by hour, and the 4-step funnel, each the
 * median of `runs`. With duckdb, the mirror catches up first (timed: the first start over an existing
 * database). `slices` limits what is timed (the SQL store needs tens of seconds a call at 10M).
 */
export async function benchReadPath(file, readStore, { runs = 3, filters = Object.keys(FILTERS), years = true } = {}) {
  const started = performance.now();
  const { child, base, output } = await startServer(file, { READ_STORE: readStore });
  try {
    let catchUpMs = 0;
    if (readStore === 'duckdb' && /catching up from event/.test(output())) {
      while (!/caught up to event|could not open|catching up failed/.test(output())) await new Promise((resolve) => setTimeout(resolve, 200));
      if (!/caught up to event/.test(output())) throw new Error(`the DuckDB mirror did not catch up: ${output().slice(-500)}`);
      catchUpMs = Math.round(performance.now() - started);
    }
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }) })).json();
    const headers = { authorization: `Bearer ${login.token}` };
    const get = async (path, params) => {
      const answer = await fetch(`${base}${path}?${new URLSearchParams({ site: SITE, ...params })}`, { headers });
      if (!answer.ok) throw new Error(`${path} ${answer.status} ${await answer.text()}`);
      return answer.json();
    };
    const dashboard = async ({ interval, ...slice }) => {
      await get('/api/stats/summary', { ...slice, compare: 'previous' });
      await get('/api/stats/timeseries', { ...slice, interval });
      for (const dimension of BREAKDOWNS) await get('/api/stats/breakdown', { ...slice, dimension, limit: '10' });
    };
    const medianOf = async (call) => {
      await call(); // warm: the first call of a kind pays for caches
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await timed(call));
      return Math.round(median(times));
    };
    const today = new Date();
    const yearAgo = new Date(today.getTime() - 364 * 86_400_000);
    const year = { start: yearAgo.toISOString().slice(0, 10), end: today.toISOString().slice(0, 10), interval: 'day' };
    const figures = [];
    for (const name of filters) {
      figures.push({ slice: '30 days', filter: name, ms: await medianOf(() => dashboard({ period: '30d', interval: 'day', ...FILTERS[name] })) });
      if (years) figures.push({ slice: 'a year', filter: name, ms: await medianOf(() => dashboard({ ...year, ...FILTERS[name] })) });
    }
    figures.push({ slice: 'today by hour', filter: 'no filter', ms: await medianOf(() => dashboard({ period: 'today', interval: 'hour' })) });
    figures.push({ slice: 'today by hour', filter: 'filter.country=US', ms: await medianOf(() => dashboard({ period: 'today', interval: 'hour', 'filter.country': 'US' })) });
    const funnelBody = JSON.stringify({ site: SITE, period: '30d', steps: [{ page: '/' }, { page: '/pricing' }, { page: '/signup' }, { event: 'Signup' }] });
    const funnelOf = (body) => async () => {
      const answer = await fetch(`${base}/api/stats/funnel`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (!answer.ok) throw new Error(`funnel ${answer.status}`);
      await answer.json();
    };
    const funnel = await medianOf(funnelOf(funnelBody));
    const filteredFunnel = await medianOf(funnelOf(JSON.stringify({ ...JSON.parse(funnelBody), filters: { country: 'US' } })));
    const mirrorFile = `${file}.duckdb`;
    return { readStore, catchUpMs, figures, funnel, filteredFunnel, sqliteBytes: bytesOf(file), mirrorBytes: readStore === 'duckdb' ? bytesOf(mirrorFile) : 0 };
  } finally {
    await stopServer(child);
  }
}

/** The seeded database for `events` (made if absent), for benches of their own. */
export function benchDatabase(events) {
  return seededDatabase(events);
}

export async function benchAggregation(events) {
  const { file, seedSeconds } = seededDatabase(events);
  // Finished days not rolled up yet (the seed ran on an earlier day) are caught up before timing.
  const rollStarted = performance.now();
  execFileSync(process.execPath, [join(DIST, 'rollups.js')], { env: env(file), stdio: 'ignore' });
  const catchUpMs = performance.now() - rollStarted;
  const { child, base } = await startServer(file);
  try {
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }) })).json();
    const headers = { authorization: `Bearer ${login.token}` };
    const get = async (path, params) => {
      const answer = await fetch(`${base}${path}?${new URLSearchParams({ site: SITE, ...params })}`, { headers });
      if (!answer.ok) throw new Error(`${path} ${answer.status} ${await answer.text()}`);
      return answer.json();
    };
    const dashboard = async (slice) => {
      await get('/api/stats/summary', { ...slice, compare: 'previous' });
      await get('/api/stats/timeseries', { ...slice, interval: 'day' });
      for (const dimension of BREAKDOWNS) await get('/api/stats/breakdown', { ...slice, dimension, limit: '10' });
    };
    const runs = async (call, n = 5) => {
      await call(); // the first builds today's provisional rollup
      const times = [];
      for (let i = 0; i < n; i++) times.push(await timed(call));
      return Math.round(median(times));
    };
    const summary = await get('/api/stats/summary', { period: '30d' });
    const month = await runs(() => dashboard({ period: '30d' }));
    const today = new Date();
    const yearAgo = new Date(today.getTime() - 364 * 86_400_000);
    const yearSlice = { start: yearAgo.toISOString().slice(0, 10), end: today.toISOString().slice(0, 10) };
    const year = await runs(() => dashboard(yearSlice));
    const funnelBody = JSON.stringify({ site: SITE, period: '30d', steps: [{ page: '/' }, { page: '/pricing' }, { page: '/signup' }, { event: 'Signup' }] });
    // Goals (issue 17): defined once on the kept database (409 when they are there already), then the
    // goal breakdown timed for 30 days and a year, unfiltered and with a country filter.
    for (const goal of [{ name: 'Pricing', page: '/pricing*' }, { event: 'Signup' }, { name: 'Pro signup', event: 'Signup', props: { plan: 'pro' } }]) {
      const answer = await fetch(`${base}/api/sites/${SITE}/goals`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(goal) });
      if (answer.status !== 201 && answer.status !== 409) throw new Error(`POST goals ${answer.status} ${await answer.text()}`);
    }
    const goalBreakdown = (slice) => () => get('/api/stats/breakdown', { ...slice, dimension: 'goal' });
    const goals = {
      month: await runs(goalBreakdown({ period: '30d' }), 3),
      year: await runs(goalBreakdown(yearSlice), 3),
      monthUS: await runs(goalBreakdown({ period: '30d', 'filter.country': 'US' }), 3),
      yearUS: await runs(goalBreakdown({ ...yearSlice, 'filter.country': 'US' }), 3),
    };
    let funnelSteps = null;
    const funnel = await runs(async () => {
      const answer = await fetch(`${base}/api/stats/funnel`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: funnelBody });
      funnelSteps = (await answer.json()).steps?.map((step) => step.visitors) ?? null;
    }, 3);

    // Export: a million events (or all there are) as CSV, read as fast as the client can.
    let exported = null;
    const probe = await fetch(`${base}/api/export?${new URLSearchParams({ site: SITE, period: 'all', dataset: 'events', format: 'csv' })}`, { headers });
    if (probe.status === 404 && !(probe.headers.get('content-type') ?? '').includes('csv')) {
      await probe.body?.cancel();
    } else {
      const rssBefore = rssKb(child.pid);
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(child.pid))), 100);
      const started = performance.now();
      let lines = 0;
      const reader = probe.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        if (lines > 1_000_000) {
          await reader.cancel();
          break;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      exported = { rows: Math.min(lines - 1, 1_000_000), rowsPerSecond: Math.round((Math.min(lines - 1, 1_000_000)) / seconds), rssGrowthMb: Math.round((peak - rssBefore) / 1024) };
    }
    return { events, file, seedSeconds, catchUpMs: Math.round(catchUpMs), visits30d: summary.visits, month, year, funnel, funnelSteps, goals, exported };
  } finally {
    await stopServer(child);
  }
}
