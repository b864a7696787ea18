import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { DatabaseTarget } from '@cairn/storage';

export interface BackupReport {
  file: string;
  bytes: number;
  /** Rows per table in the copy, read back from it. */
  rows: Record<string, number>;
}

/** Tables whose rows a backup reports: what an operator checks against the dashboard. */
const COUNTED_TABLES = ['users', 'sites', 'visits', 'events'];

export class BackupRefused extends Error {}

/**
 * A consistent copy of the SQLite database while the server keeps writing: SQLite's online backup
 * (better-sqlite3's `backup`) in one step, so the copy is the database as of one instant — under
 * WAL the step reads a snapshot and the server's writers are not held up. The copy is then opened
 * on its own and checked (`PRAGMA integrity_check`) before it is reported good.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupReport> {
  if (!existsSync(source)) throw new BackupRefused(`There is no database at ${source} (DATABASE_URL)`);
  if (existsSync(destination)) throw new BackupRefused(`${destination} already exists; choose a new file (a backup never overwrites)`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Returning the whole size: every page in the next step, the copy of one snapshot.
    await db.backup(destination, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
  } finally {
    db.close();
  }
  return verifySqliteCopy(destination);
}

/** Opens a copy read-only, checks its integrity and counts its rows; throws when it is damaged. */
export function verifySqliteCopy(file: string): BackupReport {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems = (copy.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw new Error(`The copy at ${file} failed PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
    const present = new Set((copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((row) => row.name));
    const rows: Record<string, number> = {};
    for (const table of COUNTED_TABLES.filter((name) => present.has(name))) {
      rows[table] = Number((copy.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
    }
    const { page_count: pages } = copy.prepare('SELECT page_count FROM pragma_page_count()').get() as { page_count: number };
    const { page_size: size } = copy.prepare('SELECT page_size FROM pragma_page_size()').get() as { page_size: number };
    return { file, bytes: pages * size, rows };
  } finally {
    copy.close();
  }
}

/**
 * PostgreSQL is backed up by its own tool: the pg_dump line for this database. A password in
 * DATABASE_URL is left out of the line (it would end up in shell history); pg_dump reads it from
 * PGPASSWORD or ~/.pgpass.
 */
export function pgDumpCommand(target: Extract<DatabaseTarget, { engine: 'postgres' }>, destination: string): { command: string; passwordLeftOut: boolean } {
  const url = new URL(target.url);
  const passwordLeftOut = url.password !== '';
  url.password = '';
  return { command: `pg_dump --format=custom --no-owner --file=${quote(destination)} ${quote(url.toString())}`, passwordLeftOut };
}

function quote(text: string): string {
  return /^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
