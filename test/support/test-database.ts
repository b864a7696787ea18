import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Which engine the end-to-end suites run on: `CAIRN_TEST_DATABASE=postgres` (npm run test:postgres) or SQLite. */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.CAIRN_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** A server that accepts CREATE DATABASE; each test file gets a database of its own there. */
const POSTGRES_ADMIN_URL = process.env.CAIRN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  /** The SQLite file, for suites that look at its bytes; null on PostgreSQL. */
  file: string | null;
  drop(): Promise<void>;
}

/** A fresh database on the suite's engine, or on the one a suite needs (the scale suite shares PostgreSQL between processes). */
export async function createTestDatabase(engine: 'sqlite' | 'postgres' = TEST_ENGINE): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
    const file = join(dir, 'data', 'cairn.sqlite');
    return { url: `sqlite:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `cairn_e2e_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    file: null,
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one query against the test database, whichever engine it is on. */
export async function queryTestDatabase<T = Record<string, unknown>>(database: TestDatabase, sql: string): Promise<T[]> {
  if (database.file) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.file, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs statements that change the test database, for what the API cannot do (a member user, say). */
export async function changeTestDatabase(database: TestDatabase, sql: string): Promise<void> {
  if (database.file) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.file);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
