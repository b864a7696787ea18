// npm run bench: prints each figure beside its target and writes the same as JSON under bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { buildTracker } from '../libs/tracker/build.mjs';
import { benchAggregation, benchDatabase, benchReadPath } from './aggregation.mjs';
import { benchDashboardTime } from './dashboard.mjs';
import { benchIngest } from './ingest.mjs';
import { benchLive } from './live.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
// The load generator on core 0, the server under test on core 1 (see ingest.mjs).
try {
  execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.warn('taskset unavailable: load generator and server share cores');
}

const benchStarted = performance.now();
const rows = [];
const figure = (area, name, value, unit, target, ok) => rows.push({ area, name, value, unit, target, ok });

const tracker = await buildTracker();
figure('tracker', 'tracker.js minified + gzip -9', tracker.gzipBytes, 'B', '≤ 1024 B', tracker.gzipBytes <= 1024);

// The dashboard's initial load: what index.html loads and preloads (lazy routes come later), gzip -9.
const dashboardDir = join(ROOT, 'dist/dashboard/browser');
const indexHtml = readFileSync(join(dashboardDir, 'index.html'), 'utf8');
const initialFiles = [...indexHtml.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const initialGzip = initialFiles.reduce((sum, file) => sum + gzipSync(readFileSync(join(dashboardDir, file)), { level: 9 }).length, 0);
figure('dashboard', `initial JS + CSS (${initialFiles.length} files), gzip -9`, Math.round(initialGzip / 1024), 'KB', '≤ 250 KB', initialGzip <= 250 * 1024);

const ingest = await benchIngest({ connections: 50, seconds: Number(process.env.BENCH_SECONDS ?? 15) });
// wrk is the generator (bench/wrk.mjs); autocannon's rows stay during the change-over, for comparison.
const w = ingest.wrk;
if (w) {
  figure('ingest', 'wrk: bare node:http (ceiling)', w.bareRps, 'req/s', '', null);
  figure('ingest', 'wrk: POST /api/event', w.cairnRps, 'req/s', '', null);
  figure('ingest', 'wrk: ratio to ceiling (median of rounds)', w.ratio, '', '≥ 0.30', w.ratio >= 0.3);
  figure('ingest', 'wrk: server CPU per request: bare / Cairn', `${w.bareCpuUs} / ${w.cairnCpuUs}`, 'µs', '', null);
  // The ceiling is the server's when the bare server's core is full and wrk's is not.
  figure('ingest', 'wrk: busy cores at the ceiling: wrk / bare server', `${w.generatorBusy} / ${w.bareServerBusy}`, '', 'wrk < 0.9', w.generatorBusy < 0.9);
  figure('ingest', 'wrk: p50 latency @50 conns', w.p50Ms, 'ms', '', null);
  figure('ingest', 'wrk: p99 latency @50 conns', w.p99Ms, 'ms', '< 50 ms', w.p99Ms < 50);
  figure('ingest', 'wrk: non-2xx answers, socket errors', `${w.non2xx}, ${w.errors}`, '', '0, 0', w.non2xx === 0 && w.errors === 0);
} else {
  figure('ingest', 'wrk not installed (apt-get install wrk): no wrk figures', '', '', '', false);
}
figure('ingest', 'autocannon: bare node:http (its own ceiling)', ingest.bareRps, 'req/s', '', null);
figure('ingest', 'autocannon: POST /api/event', ingest.cairnRps, 'req/s', '', null);
figure('ingest', 'autocannon: ratio (old generator, for comparison)', ingest.ratio, '', '', null);
figure('ingest', 'autocannon: its own core busy (1 = full)', ingest.autocannonBusy, '', '', null);
figure('ingest', 'autocannon: server CPU per request: bare / Cairn', `${ingest.bareCpuUs} / ${ingest.cairnCpuUs}`, 'µs', '', null);
figure('ingest', 'autocannon: p99 latency @50 conns', ingest.p99Ms, 'ms', '< 50 ms', ingest.p99Ms < 50);
figure('ingest', 'acknowledged (202), both generators', ingest.acknowledged, '', '', null);
// The same with READ_STORE=sql (no DuckDB mirror following the writes): the mirror may cost ≤ 10 %.
const ingestSql = await benchIngest({ connections: 50, seconds: Number(process.env.BENCH_SECONDS ?? 15), readStore: 'sql' });
const ratioOf = (run) => run.wrk?.ratio ?? run.ratio;
figure('ingest', 'ratio with READ_STORE=sql (no mirror)', ratioOf(ingestSql), '', '', null);
figure('ingest', 'ratio with the DuckDB mirror / without', Number((ratioOf(ingest) / ratioOf(ingestSql)).toFixed(2)), '', '≥ 0.90', ratioOf(ingest) / ratioOf(ingestSql) >= 0.9);
figure('ingest', 'stored', ingest.stored, '', '', null);
figure('ingest', 'acknowledged but lost', ingest.lost, '', '0', ingest.lost === 0);
figure('ingest', 'autocannon: non-2xx answers', ingest.non2xx, '', '0', ingest.non2xx === 0);

// Live push: event accepted (202) → `live` received by each of 1,000 subscribed sockets (BENCH_LIVE_SOCKETS).
let live = null;
try {
  live = await benchLive({ sockets: Number(process.env.BENCH_LIVE_SOCKETS ?? 1000) });
  figure('live', `quiet site: p50, ${live.sockets} sockets`, live.quiet.p50Ms, 'ms', '', null);
  figure('live', `quiet site: p95, ${live.sockets} sockets`, live.quiet.p95Ms, 'ms', '≤ 1000 ms', live.quiet.p95Ms <= 1000 && live.quiet.missing === 0);
  figure('live', 'busy site (4 events/s, paced 1/s): p50', live.busy.p50Ms, 'ms', '', null);
  figure('live', 'busy site (4 events/s, paced 1/s): p95', live.busy.p95Ms, 'ms', '≤ 1000 ms', live.busy.p95Ms <= 1000 && live.busy.missing === 0);
  figure('live', `server RSS growth for ${live.sockets} sockets`, live.rssGrowthMb, 'MB', '', null);
} catch (error) {
  figure('live', `could not run: ${error.message.split('\n')[0]}`, '', '', '', false);
}

// Read side on seeded databases (BENCH_STATS_EVENTS=1000000,10000000 by default; empty to skip).
const statsRuns = [];
for (const events of (process.env.BENCH_STATS_EVENTS ?? '1000000,10000000').split(',').filter(Boolean).map(Number)) {
  const size = events >= 1_000_000 ? `${events / 1_000_000}M` : `${events / 1000}k`;
  let run;
  // The read path (issue #15): the DuckDB mirror, first, so it has caught up before the timings below.
  let readPath = null;
  try {
    const { file } = benchDatabase(events);
    readPath = { duckdb: await benchReadPath(file, 'duckdb') };
    // The primary database's own tables, the way every filter was answered before: one run each, 30
    // days only (tens of seconds a dashboard at 10M; BENCH_READ_SQL=1 times it there too).
    if (events <= 1_000_000 || process.env.BENCH_READ_SQL === '1') readPath.sql = await benchReadPath(file, 'sql', { runs: 1, years: false });
  } catch (error) {
    figure('read', `[${size}] read path could not run: ${error.message.split('\n')[0]}`, '', '', '', false);
  }
  if (readPath) {
    const { duckdb, sql } = readPath;
    figure('read', `[${size}] SQLite database on disk`, Math.round(duckdb.sqliteBytes / 1048576), 'MB', '', null);
    figure('read', `[${size}] DuckDB mirror on disk`, Math.round(duckdb.mirrorBytes / 1048576), 'MB', '', null);
    if (duckdb.catchUpMs) figure('read', `[${size}] mirror catch-up from empty (first start)`, Math.round(duckdb.catchUpMs / 1000), 's', '', null);
    for (const { slice, filter, ms } of duckdb.figures) {
      const target = slice === 'a year' ? 800 : 300;
      const before = sql?.figures.find((f) => f.slice === slice && f.filter === filter);
      figure('read', `[${size}] dashboard (10 calls), ${slice}, ${filter}${before ? ` (sql: ${before.ms} ms)` : ''}`, ms, 'ms', `≤ ${target} ms`, ms <= target);
    }
    figure('read', `[${size}] 4-step funnel, 30 days${sql ? ` (sql: ${sql.funnel} ms)` : ''}`, duckdb.funnel, 'ms', '≤ 500 ms', duckdb.funnel <= 500);
    figure('read', `[${size}] 4-step funnel, 30 days, filter.country=US${sql ? ` (sql: ${sql.filteredFunnel} ms)` : ''}`, duckdb.filteredFunnel, 'ms', '≤ 500 ms', duckdb.filteredFunnel <= 500);
  }
  try {
    run = await benchAggregation(events);
    run.readPath = readPath;
  } catch (error) {
    figure('stats', `[${size}] could not run: ${error.message.split('\n')[0]}`, '', '', '', false);
    continue;
  }
  statsRuns.push(run);
  figure('stats', `[${size}] seeding (first run; then kept in bench/data)`, run.seedSeconds === null ? 'kept' : Math.round(run.seedSeconds), 's', '', null);
  figure('stats', `[${size}] dashboard, 30 days (10 calls)`, run.month, 'ms', '≤ 150 ms', run.month <= 150);
  figure('stats', `[${size}] dashboard, a year (10 calls)`, run.year, 'ms', '≤ 400 ms', run.year <= 400);
  figure('stats', `[${size}] 4-step funnel, 30 days`, run.funnel, 'ms', '≤ 1000 ms', run.funnel <= 1000);
  for (const [key, label, target] of [['month', '30 days', 300], ['monthUS', '30 days, filter.country=US', 300], ['year', 'a year', 800], ['yearUS', 'a year, filter.country=US', 800]]) {
    figure('stats', `[${size}] goal breakdown (3 goals), ${label}`, run.goals[key], 'ms', `≤ ${target} ms`, run.goals[key] <= target);
  }
  if (run.exported) {
    figure('export', `[${size}] CSV export of ${run.exported.rows} events`, run.exported.rowsPerSecond, 'rows/s', '≥ 100000', run.exported.rowsPerSecond >= 100_000);
    figure('export', `[${size}] server RSS growth during it`, run.exported.rssGrowthMb, 'MB', '< 50 MB', run.exported.rssGrowthMb < 50);
  } else {
    figure('export', `[${size}] GET /api/export not available`, '', '', '', false);
  }
  // Headless Chromium: navigation → the overview's six cards with numbers and the chart drawn, 30 days.
  try {
    const shown = await benchDashboardTime({ dbFile: run.file });
    run.dashboardTime = shown;
    figure('dashboard', `[${size}] navigation → overview numbers on screen (median of ${shown.runs.length})`, Math.round(shown.medianMs), 'ms', '≤ 1500 ms', shown.medianMs <= 1500);
  } catch (error) {
    figure('dashboard', `[${size}] time to numbers could not run: ${error.message.split('\n')[0]}`, '', '', '', false);
  }
}

// The whole run, seeding excluded when bench/data already holds the databases.
const benchSeconds = Math.round((performance.now() - benchStarted) / 1000);
figure('bench', 'whole run (this one)', benchSeconds, 's', '< 900 s', benchSeconds < 900);

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, at: new Date().toISOString() };
console.log(`\nCairn benchmark — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}\n`);
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  const mark = r.ok === null ? '  ' : r.ok ? 'ok' : 'NO';
  console.log(`${mark}  ${r.area.padEnd(8)} ${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit.padEnd(5)} ${r.target}`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const out = join(ROOT, 'bench/results', `bench-${machine.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, figures: rows, ingest, live, stats: statsRuns }, null, 2));
writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify({ machine, figures: rows, ingest, live, stats: statsRuns }, null, 2));
console.log(`\nwritten to ${out}`);
