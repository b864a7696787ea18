// node bench/read-path.mjs [events …] (after npm run build): only the read-path figures of issue #15
// (what `npm run bench` prints under "read"), on the seeded databases in bench/data. READ_STORES=duckdb,sql
// picks the stores; the SQL store is timed once a dashboard, 30 days only.
import { benchDatabase, benchReadPath } from './aggregation.mjs';

const sizes = process.argv.slice(2).map(Number);
for (const events of sizes.length ? sizes : [1_000_000]) {
  const { file } = benchDatabase(events);
  for (const store of (process.env.READ_STORES ?? 'duckdb,sql').split(',')) {
    const run = await benchReadPath(file, store, store === 'sql' ? { runs: 1, years: false } : {});
    console.log(`\n${events} events, READ_STORE=${store}: SQLite ${Math.round(run.sqliteBytes / 1048576)} MB, mirror ${Math.round(run.mirrorBytes / 1048576)} MB${run.catchUpMs ? `, catch-up ${Math.round(run.catchUpMs / 1000)} s` : ''}`);
    for (const { slice, filter, ms } of run.figures) console.log(`  dashboard (10 calls), ${slice.padEnd(13)} ${filter.padEnd(28)} ${String(ms).padStart(7)} ms`);
    console.log(`  4-step funnel, 30 days${' '.repeat(33)}${String(run.funnel).padStart(7)} ms`);
    console.log(`  4-step funnel, 30 days, filter.country=US${' '.repeat(15)}${String(run.filteredFunnel).padStart(7)} ms`);
  }
}
