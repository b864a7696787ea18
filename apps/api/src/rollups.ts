// npm run rollups -- [--rebuild [--force]] [--site <domain>]
// Rolls up every finished day that is not yet (or, with --rebuild, drops the rollups and builds them
// all again from raw events). The server does the former by itself every ROLLUP_INTERVAL_SECONDS;
// this is for after an import or a seed, or to check the rollups against raw events.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { RebuildRefused, RollupRepository, RollupService } from '@cairn/aggregation';
import { Clock } from '@cairn/clock';
import { openDatabase, parseDatabaseUrl, type IngestStore } from '@cairn/storage';
import { ConfigError, validateConfig } from './config/app-config.js';

async function main(): Promise<number> {
  let options: { rebuild?: boolean; force?: boolean; site?: string };
  try {
    options = parseArgs({ options: { rebuild: { type: 'boolean' }, force: { type: 'boolean' }, site: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run rollups -- [--rebuild [--force]] [--site <domain>]\n`);
    return 2;
  }
  const config = validateConfig(process.env);
  const dataSource = await openDatabase(parseDatabaseUrl(config.databaseUrl));
  try {
    const repository = new RollupRepository(dataSource);
    const noWrites = { onCommitted: () => undefined } as unknown as IngestStore;
    const service = new RollupService(repository, new Clock(), noWrites, {
      sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000,
      retentionDays: config.retentionDays,
      sharedDatabase: true,
      intervalMs: 0,
    });
    const sites: Array<{ id: number; domain: string; timezone: string }> = (await dataSource.query(`SELECT id, domain, timezone FROM sites ORDER BY id`)).map(
      (row: Record<string, unknown>) => ({ id: Number(row.id), domain: String(row.domain), timezone: String(row.timezone) }),
    );
    const chosen = options.site ? sites.filter((site) => site.domain === options.site) : sites;
    if (options.site && chosen.length === 0) {
      process.stderr.write(`No site ${options.site}\n`);
      return 2;
    }
    for (const site of chosen) {
      const started = performance.now();
      let days: number;
      try {
        days = options.rebuild ? await service.rebuild(site.id, site.timezone, options.force) : await service.catchUpSite(site.id, site.timezone);
      } catch (error) {
        if (!(error instanceof RebuildRefused)) throw error;
        process.stderr.write(`${site.domain}: not rebuilt: ${error.message}\n`);
        return 2;
      }
      process.stdout.write(`${site.domain}: ${days} day(s) rolled up in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof ConfigError) for (const line of error.lines()) process.stderr.write(`${line}\n`);
    else process.stderr.write(`Rolling up failed: ${error.message}\n`);
    process.exit(1);
  },
);
