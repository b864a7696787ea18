// npm run bench: prints each figure beside its target and writes the same as JSON under bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { buildTracker } from '../libs/tracker/build.mjs';
import { benchIngest } from './ingest.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
// The load generator on core 0, the server under test on core 1 (see ingest.mjs).
try {
  execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.warn('taskset unavailable: load generator and server share cores');
}

const rows = [];
const figure = (area, name, value, unit, target, ok) => rows.push({ area, name, value, unit, target, ok });

const tracker = await buildTracker();
figure('tracker', 'tracker.js minified + gzip -9', tracker.gzipBytes, 'B', '≤ 1024 B', tracker.gzipBytes <= 1024);

const ingest = await benchIngest({ connections: 50, seconds: Number(process.env.BENCH_SECONDS ?? 15) });
figure('ingest', 'bare node:http (ceiling)', ingest.bareRps, 'req/s', '', null);
figure('ingest', 'POST /api/event', ingest.cairnRps, 'req/s', '', null);
figure('ingest', 'ratio to ceiling (median of rounds)', ingest.ratio, '', '≥ 0.35', ingest.ratio >= 0.35);
figure('ingest', 'p50 latency @50 conns', ingest.p50Ms, 'ms', '', null);
figure('ingest', 'p99 latency @50 conns', ingest.p99Ms, 'ms', '< 50 ms', ingest.p99Ms < 50);
figure('ingest', 'acknowledged (202)', ingest.acknowledged, '', '', null);
figure('ingest', 'stored', ingest.stored, '', '', null);
figure('ingest', 'acknowledged but lost', ingest.lost, '', '0', ingest.lost === 0);
figure('ingest', 'non-2xx answers', ingest.non2xx, '', '0', ingest.non2xx === 0);

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, at: new Date().toISOString() };
console.log(`\nCairn benchmark — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}\n`);
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  const mark = r.ok === null ? '  ' : r.ok ? 'ok' : 'NO';
  console.log(`${mark}  ${r.area.padEnd(8)} ${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit.padEnd(5)} ${r.target}`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const out = join(ROOT, 'bench/results', `bench-${machine.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, figures: rows, ingest }, null, 2));
writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify({ machine, figures: rows, ingest }, null, 2));
console.log(`\nwritten to ${out}`);
