import { existsSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import maxmind from 'maxmind';
import { DataSource } from 'typeorm';
import { bundledCountryDatabase } from '@cairn/geo';
import { dataSourceOptions, MIGRATIONS, parseDatabaseUrl, type DatabaseTarget } from '@cairn/storage';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: 'config' | 'database' | 'migrations' | 'disk' | 'geoip';
  status: CheckStatus;
  detail: string;
}

export interface DoctorInput {
  /** The refusals of config validation (contract §6), one line each; empty when the configuration is valid. */
  configProblems: string[];
  databaseUrl: string;
  /** GEOIP_DB, or null for the bundled country database. */
  geoipDb: string | null;
  now?: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Below this free space the next day of events may not fit. */
const DISK_FAIL_BYTES = 512 * MiB;
const DISK_WARN_BYTES = 2 * GiB;
/** MaxMind-format databases are rebuilt monthly: older than this, countries drift. */
const GEOIP_WARN_DAYS = 90;

/**
 * `npm run cairn -- doctor`: what an operator checks before asking for help. Reads only: it opens
 * the database without migrating it and never creates a missing SQLite file.
 */
export async function runDoctor(input: DoctorInput): Promise<Check[]> {
  const now = input.now ?? Date.now();
  const checks: Check[] = [];
  checks.push(
    input.configProblems.length === 0
      ? { name: 'config', status: 'ok', detail: 'every variable is valid' }
      : { name: 'config', status: 'fail', detail: input.configProblems.join('; ') },
  );
  let target: DatabaseTarget | null = null;
  try {
    target = parseDatabaseUrl(input.databaseUrl);
  } catch (error) {
    checks.push({ name: 'database', status: 'fail', detail: `DATABASE_URL ${(error as Error).message}` });
  }
  if (target) checks.push(...(await databaseChecks(target)));
  checks.push(diskCheck(target));
  checks.push(await geoipCheck(input.geoipDb, now));
  return checks;
}

async function databaseChecks(target: DatabaseTarget): Promise<Check[]> {
  if (target.engine === 'sqlite' && !existsSync(target.file)) {
    return [
      { name: 'database', status: 'warn', detail: `no SQLite file at ${target.file} yet: the first start creates it` },
      { name: 'migrations', status: 'ok', detail: `${MIGRATIONS.length} to apply at the first start` },
    ];
  }
  const dataSource = new DataSource({ ...dataSourceOptions(target), migrationsRun: false });
  try {
    await dataSource.initialize();
  } catch (error) {
    return [
      { name: 'database', status: 'fail', detail: `cannot open ${describe(target)}: ${(error as Error).message}` },
      { name: 'migrations', status: 'fail', detail: 'not checked: the database did not open' },
    ];
  }
  try {
    const engine =
      target.engine === 'postgres'
        ? `PostgreSQL ${((await dataSource.query('SHOW server_version')) as Array<{ server_version: string }>)[0].server_version}`
        : `SQLite ${((await dataSource.query('SELECT sqlite_version() AS v')) as Array<{ v: string }>)[0].v}, ${(statSync(target.file).size / MiB).toFixed(1)} MiB`;
    const database: Check = { name: 'database', status: 'ok', detail: `${describe(target)} answers (${engine})` };
    return [database, await migrationsCheck(dataSource)];
  } catch (error) {
    return [{ name: 'database', status: 'fail', detail: `${describe(target)} opened but did not answer: ${(error as Error).message}` }];
  } finally {
    await dataSource.destroy();
  }
}

async function migrationsCheck(dataSource: DataSource): Promise<Check> {
  const known = MIGRATIONS.map((migration) => migration.name);
  let applied: string[];
  try {
    applied = ((await dataSource.query('SELECT name FROM migrations ORDER BY timestamp')) as Array<{ name: string }>).map((row) => row.name);
  } catch {
    applied = []; // no migrations table: nothing applied yet
  }
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return { name: 'migrations', status: 'fail', detail: `applied by a newer Cairn than this one: ${unknown.join(', ')} (run that version, or restore a backup)` };
  }
  const pending = known.filter((name) => !applied.includes(name));
  return pending.length === 0
    ? { name: 'migrations', status: 'ok', detail: `all ${known.length} applied` }
    : { name: 'migrations', status: 'warn', detail: `${pending.length} pending, applied at the next start: ${pending.join(', ')}` };
}

function diskCheck(target: DatabaseTarget | null): Check {
  // PostgreSQL's disk is the database server's: what is checked here is where Cairn runs (backups, logs).
  const folder = target?.engine === 'sqlite' ? nearestExisting(dirname(target.file)) : process.cwd();
  const stats = statfsSync(folder);
  const free = stats.bavail * stats.bsize;
  const share = stats.blocks > 0 ? stats.bavail / stats.blocks : 1;
  const detail = `${formatBytes(free)} free of ${formatBytes(stats.blocks * stats.bsize)} (${Math.round(share * 100)} %) at ${folder}`;
  if (free < DISK_FAIL_BYTES) return { name: 'disk', status: 'fail', detail };
  if (free < DISK_WARN_BYTES || share < 0.1) return { name: 'disk', status: 'warn', detail };
  return { name: 'disk', status: 'ok', detail };
}

async function geoipCheck(configured: string | null, now: number): Promise<Check> {
  const file = configured ?? bundledCountryDatabase();
  const label = configured ? `GEOIP_DB ${file}` : `the bundled ${file.replace(/^.*node_modules\//, '')}`;
  try {
    const reader = await maxmind.open(file);
    const built = reader.metadata.buildEpoch.getTime();
    const days = Math.floor((now - built) / 86_400_000);
    const detail = `${label}: ${reader.metadata.databaseType}, built ${new Date(built).toISOString().slice(0, 10)} (${days} days ago)`;
    return days > GEOIP_WARN_DAYS
      ? { name: 'geoip', status: 'warn', detail: `${detail}; countries drift as addresses move: update it (npm update, or a newer GEOIP_DB file)` }
      : { name: 'geoip', status: 'ok', detail };
  } catch (error) {
    return { name: 'geoip', status: 'fail', detail: `${label} cannot be read: ${(error as Error).message}` };
  }
}

function nearestExisting(folder: string): string {
  let current = folder;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function describe(target: DatabaseTarget): string {
  if (target.engine === 'sqlite') return target.file;
  const url = new URL(target.url);
  return `postgres://${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  return `${(bytes / MiB).toFixed(0)} MiB`;
}
