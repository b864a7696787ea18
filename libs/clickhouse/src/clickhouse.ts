import { ClickHouseError, ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { parseClickHouseUrl, type ClickHouseEndpoint } from './clickhouse-url.js';
import { sqlIdentifier, sqlLiteral } from './sql-literal.js';

/** What the composition root hands over, already validated (CLICKHOUSE_URL, CLICKHOUSE_CLUSTER, CLICKHOUSE_SHARD_URLS). */
export interface ClickHouseOptions {
  url: string;
  /** A cluster of the server's `remote_servers`: the tables become Distributed over its shards. */
  cluster: string | null;
  /**
   * One URL per shard of the cluster, to create and alter each shard's own tables directly — for a
   * cluster without ZooKeeper (or Keeper), where `ON CLUSTER` cannot run. Empty: `ON CLUSTER`.
   */
  shardUrls: string[];
}

/** ClickHouse cannot be reached, or a shard of it cannot: the caller answers 503 or tries again later. */
export class ClickHouseUnavailable extends Error {
  constructor(override readonly cause: Error) {
    super(`ClickHouse is unavailable: ${cause.message.split('\n')[0]}`);
    this.name = 'ClickHouseUnavailable';
  }
}

// Server error codes that mean "a server or shard is not there" rather than "this query is wrong":
// NETWORK_ERROR, SOCKET_TIMEOUT, ATTEMPT_TO_READ_AFTER_EOF, ALL_CONNECTION_TRIES_FAILED,
// CANNOT_READ_FROM_SOCKET, CANNOT_WRITE_TO_SOCKET, TOO_MANY_SIMULTANEOUS_QUERIES, TIMEOUT_EXCEEDED,
// TOO_MANY_PARTS (inserts refused until merges catch up).
const UNAVAILABLE_CODES = new Set(['210', '209', '32', '279', '95', '96', '202', '159', '252']);
const UNAVAILABLE_NETWORK = /ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket hang up|Timeout error|aborted/i;

/** Turns a client or server failure into ClickHouseUnavailable when it is one. */
export function classifyFailure(error: unknown): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  if (failure instanceof ClickHouseUnavailable) return failure;
  if (failure instanceof ClickHouseError) return UNAVAILABLE_CODES.has(String(failure.code)) ? new ClickHouseUnavailable(failure) : failure;
  const code = (failure as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_NETWORK.test(code)) return new ClickHouseUnavailable(failure);
  if (UNAVAILABLE_NETWORK.test(failure.message)) return new ClickHouseUnavailable(failure);
  return failure;
}

export type Row = Record<string, unknown>;

/**
 * One ClickHouse server (the one CLICKHOUSE_URL names), and, on a cluster, each shard's server for
 * statements that must run on every shard's own tables (CREATE, ALTER … DELETE). Every value in a
 * statement is written by sqlLiteral: ClickHouse 18.16 has no query parameters.
 */
export class ClickHouse {
  readonly database: string;
  readonly cluster: string | null;
  private readonly main: ClickHouseClient;
  private readonly shards: ClickHouseClient[];
  private readonly endpoint: ClickHouseEndpoint;

  constructor(readonly options: ClickHouseOptions) {
    this.endpoint = parseClickHouseUrl(options.url);
    this.database = this.endpoint.database;
    this.cluster = options.cluster;
    // A Distributed query's subqueries read each shard's own table (a visit and its events live on one
    // shard), and an insert returns once every shard has its rows: a failed shard fails the insert.
    const settings: ClickHouseSettings = options.cluster ? { distributed_product_mode: 'local', insert_distributed_sync: 1 } : {};
    this.main = client(this.endpoint, this.database, settings);
    this.shards = options.shardUrls.map((url) => {
      const shard = parseClickHouseUrl(url);
      return client(shard, this.database, {});
    });
  }

  /** `db`.`table`, for statements that name a table. */
  table(name: string): string {
    return `${sqlIdentifier(this.database)}.${sqlIdentifier(name)}`;
  }

  /** The rows of a SELECT, each an object of its columns (64-bit integers come as strings: Number() them). */
  async rows<T extends Row = Row>(sql: string, settings: ClickHouseSettings = {}): Promise<T[]> {
    try {
      const result = await this.main.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: settings });
      return await result.json<T>();
    } catch (error) {
      throw classifyFailure(error);
    }
  }

  /** Streams the rows of a SELECT to `each`, a block at a time; resolves with how many. */
  async stream<T extends Row = Row>(sql: string, each: (row: T) => void, settings: ClickHouseSettings = {}): Promise<number> {
    let count = 0;
    try {
      const result = await this.main.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: settings });
      for await (const rows of result.stream<T>()) {
        for (const row of rows) {
          each(row.json<T>());
          count += 1;
        }
      }
    } catch (error) {
      throw classifyFailure(error);
    }
    return count;
  }

  /** A statement without rows (DDL, ALTER, INSERT … SELECT), on the main server. */
  async command(sql: string, settings: ClickHouseSettings = {}): Promise<void> {
    try {
      await this.main.command({ query: sql, clickhouse_settings: settings });
    } catch (error) {
      throw classifyFailure(error);
    }
  }

  /** Inserts rows (objects of column values) into a table: one INSERT, one part per partition. */
  async insert(table: string, rows: Row[], settings: ClickHouseSettings = {}): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.main.insert({ table: `${this.database}.${table}`, values: rows, format: 'JSONEachRow', clickhouse_settings: settings });
    } catch (error) {
      throw classifyFailure(error);
    }
  }

  /**
   * A statement on each shard's own tables: on one server, there; on a cluster with shard URLs, on each of them; otherwise with ON CLUSTER.
   * `onCluster` says where ON CLUSTER goes in the statement (after the table name of a CREATE or ALTER).
   */
  async onEveryShard(build: (onCluster: string) => string, settings: ClickHouseSettings = {}): Promise<void> {
    if (!this.cluster) return this.command(build(''), settings);
    if (this.shards.length === 0) return this.command(build(` ON CLUSTER ${sqlIdentifier(this.cluster)}`), settings);
    for (const shard of this.shards) {
      try {
        await shard.command({ query: build(''), clickhouse_settings: settings });
      } catch (error) {
        throw classifyFailure(error);
      }
    }
  }

  /** Rows from each shard's own server (a list per shard); on one server, its rows. */
  async rowsOnEveryShard<T extends Row = Row>(sql: string): Promise<T[][]> {
    const targets = this.cluster && this.shards.length > 0 ? this.shards : [this.main];
    const answers: T[][] = [];
    for (const target of targets) {
      try {
        answers.push(await (await target.query({ query: sql, format: 'JSONEachRow' })).json<T>());
      } catch (error) {
        throw classifyFailure(error);
      }
    }
    return answers;
  }

  /** The server's version, e.g. "18.16.1"; throws ClickHouseUnavailable when it does not answer. */
  async version(): Promise<string> {
    const [row] = await this.rows<{ version: string }>('SELECT version() AS version');
    return row.version;
  }

  /** Creates the database (everywhere its tables will be) if it is not there. */
  async ensureDatabase(): Promise<void> {
    // The database may not exist yet: these run without a default database.
    const create = (onCluster: string) => `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(this.database)}${onCluster}`;
    const targets = this.cluster && this.shards.length > 0 ? this.options.shardUrls.map((url) => parseClickHouseUrl(url)) : [this.endpoint];
    for (const endpoint of targets) {
      const admin = client(endpoint, 'default', {});
      try {
        await admin.command({ query: create(this.cluster && this.shards.length === 0 ? ` ON CLUSTER ${sqlIdentifier(this.cluster)}` : '') });
      } catch (error) {
        throw classifyFailure(error);
      } finally {
        await admin.close();
      }
    }
  }

  /**
   * Waits until the ALTER … DELETE mutations of these tables are done on every shard (18.16 runs them
   * in the background and has no mutations_sync): after it, the deleted rows are gone from reads.
   */
  async waitForMutations(tables: string[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const sql = `SELECT count() AS pending FROM system.mutations WHERE database = ${sqlLiteral(this.database)} AND table IN (${tables.map((t) => sqlLiteral(t)).join(', ')}) AND is_done = 0`;
    for (;;) {
      const answers = await this.rowsOnEveryShard<{ pending: string }>(sql);
      if (answers.every(([row]) => Number(row?.pending ?? 0) === 0)) return;
      if (Date.now() > deadline) throw new Error(`ClickHouse mutations of ${tables.join(', ')} still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.main.close(), ...this.shards.map((shard) => shard.close())]);
  }
}

function client(endpoint: ClickHouseEndpoint, database: string, settings: ClickHouseSettings): ClickHouseClient {
  return createClient({
    url: endpoint.origin,
    username: endpoint.username,
    password: endpoint.password,
    database,
    application: 'cairn',
    request_timeout: 120_000,
    max_open_connections: 16,
    // Loopback or a LAN: compressing costs more CPU than it saves.
    compression: { request: false, response: false },
    clickhouse_settings: settings,
    // Failures are thrown and handled by the caller; the client's own console lines would only repeat them.
    log: { level: ClickHouseLogLevel.OFF },
  });
}
