import { existsSync, rmSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { MIRROR_EVENT_COLUMNS, MIRROR_VISIT_COLUMNS, type MirrorSource } from './mirror-source.js';

/** Bump when the mirror's tables change: a mirror of another version is rebuilt from the primary store. */
const SCHEMA_VERSION = 2; // 2: events' revenue_cents, revenue_currency and scroll_depth
/**
 * Events per catch-up step: each is one read transaction on the primary and one DuckDB commit. The
 * SQLite read runs on the main thread, so a step holds requests back for its duration (about 40 ms).
 */
const CATCH_UP_EVENTS = 20_000;

export interface MirrorProgress {
  horizon: number;
  latest: number;
}

const csvColumns = (columns: ReadonlyArray<readonly [string, string]>) => `{${columns.map(([name, type]) => `'${name}': '${type}'`).join(', ')}}`;
const readCsv = (file: string, columns: ReadonlyArray<readonly [string, string]>) =>
  `read_csv('${file.replace(/'/g, "''")}', header = false, auto_detect = false, quote = '''', escape = '''', nullstr = 'NULL', allow_quoted_nulls = false, columns = ${csvColumns(columns)})`;

/**
 * A columnar copy of the primary store's events and visits in a DuckDB file, fed by event id. Its
 * horizon — the id of the last event it holds — is written in the same DuckDB transaction as the
 * rows up to it, so after a crash at any moment the file holds exactly the events up to its horizon
 * and catching up goes on from there: nothing missed, nothing twice (each step also first deletes
 * anything past the horizon). The primary store stays the durable truth; this file can be deleted
 * at any time and is rebuilt from it.
 */
export class DuckDbMirror {
  private instance: DuckDBInstance | null = null;
  private writer: DuckDBConnection | null = null;
  private reader: DuckDBConnection | null = null;
  private horizonId = 0;
  private sites = new Set<number>();
  private purged = new Map<number, number>();
  /** Every change runs after the one before (a promise chain). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly source: MirrorSource,
  ) {}

  get horizon(): number {
    return this.horizonId;
  }

  get open(): boolean {
    return this.reader !== null && !this.closed;
  }

  /** Opens the file (rebuilding it if it is of another version, unreadable, or ahead of the primary store). */
  start(): Promise<void> {
    this.starting = this.opening();
    return this.starting;
  }

  private async opening(): Promise<void> {
    this.source.open();
    try {
      await this.openFile();
    } catch {
      this.closeFile();
      for (const suffix of ['', '.wal']) rmSync(this.file + suffix, { force: true });
      await this.openFile();
    }
    if (this.horizonId > this.source.latestEventId()) {
      // The primary store was replaced (a restored backup, a new file): this mirror is of another one.
      this.closeFile();
      for (const suffix of ['', '.wal']) rmSync(this.file + suffix, { force: true });
      await this.openFile();
    }
  }

  private async openFile(): Promise<void> {
    const fresh = !existsSync(this.file);
    // Loaded here, not at import: a server with READ_STORE=sql never maps DuckDB's 50 MB library.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    this.instance = await DuckDBInstance.create(this.file, { threads: '2' });
    this.writer = await this.instance.connect();
    if (fresh) {
      await this.writer.run(`CREATE TABLE mirror_state (version INTEGER, horizon BIGINT)`);
      await this.writer.run(`INSERT INTO mirror_state VALUES (${SCHEMA_VERSION}, 0)`);
      await this.writer.run(`CREATE TABLE mirror_purges (site_id INTEGER, before BIGINT)`);
      await this.writer.run(`CREATE TABLE events (${MIRROR_EVENT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`);
      await this.writer.run(`CREATE TABLE visits (${MIRROR_VISIT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`);
    }
    const [state] = (await this.writer.runAndReadAll(`SELECT version, horizon FROM mirror_state`)).getRowObjectsJS();
    if (!state || Number(state.version) !== SCHEMA_VERSION) throw new Error(`the read mirror ${this.file} is of another version`);
    this.horizonId = Number(state.horizon);
    this.sites = new Set((await this.writer.runAndReadAll(`SELECT DISTINCT site_id FROM visits`)).getRowsJS().map(([site]) => Number(site)));
    this.purged = new Map((await this.writer.runAndReadAll(`SELECT site_id, before FROM mirror_purges`)).getRowsJS().map(([site, before]) => [Number(site), Number(before)]));
    this.reader = await this.instance.connect();
  }

  /** How far the mirror is, and how far the primary store is. */
  progress(): MirrorProgress {
    return { horizon: this.horizonId, latest: this.source.latestEventId() };
  }

  /**
   * Brings the mirror up to the primary store's newest event, in steps; `onStep` hears after each.
   * Also applies what the primary store deleted since (a site, RETENTION_DAYS). Serialised with every
   * other change; resolves once caught up (as of when the step ran), or when the mirror is closed.
   */
  catchUp(onStep?: (progress: MirrorProgress) => void): Promise<void> {
    const run = this.queue.then(async () => {
      if (!this.open) return;
      await this.applyDeletions();
      for (;;) {
        if (this.closed) return;
        const stepped = await this.step();
        if (!stepped) return;
        onStep?.(this.progress());
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One step: the next events after the horizon and their visits, in one DuckDB transaction with the new horizon. */
  private async step(): Promise<boolean> {
    const eventsFile = `${this.file}.events.csv`;
    const visitsFile = `${this.file}.visits.csv`;
    try {
      const chunk = this.source.readChunk(this.horizonId, CATCH_UP_EVENTS, eventsFile, visitsFile);
      if (!chunk) return false;
      const writer = this.writer!;
      await writer.run('BEGIN TRANSACTION');
      try {
        // Nothing normally: whatever lies past the horizon was never committed with it.
        await writer.run(`DELETE FROM events WHERE id > ${this.horizonId}`);
        await writer.run(`INSERT INTO events SELECT * FROM ${readCsv(eventsFile, MIRROR_EVENT_COLUMNS)}`);
        if (chunk.visits > 0) {
          await writer.run(`CREATE OR REPLACE TEMP TABLE incoming_visits AS SELECT * FROM ${readCsv(visitsFile, MIRROR_VISIT_COLUMNS)}`);
          await writer.run(`DELETE FROM visits WHERE id >= ${chunk.lowestVisit} AND id IN (SELECT id FROM incoming_visits)`);
          await writer.run(`INSERT INTO visits SELECT * FROM incoming_visits`);
          for (const [site] of (await writer.runAndReadAll(`SELECT DISTINCT site_id FROM incoming_visits`)).getRowsJS()) this.sites.add(Number(site));
          await writer.run(`DROP TABLE incoming_visits`);
        }
        await writer.run(`UPDATE mirror_state SET horizon = ${chunk.last}`);
        await writer.run('COMMIT');
      } catch (error) {
        await writer.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.horizonId = chunk.last;
      return true;
    } finally {
      rmSync(eventsFile, { force: true });
      rmSync(visitsFile, { force: true });
    }
  }

  /** Sites deleted from the primary store, and raw rows RETENTION_DAYS purged there, go here too. */
  private async applyDeletions(): Promise<void> {
    const writer = this.writer!;
    const existing = this.source.siteIds();
    for (const site of [...this.sites]) {
      if (existing.has(site)) continue;
      await writer.run('BEGIN TRANSACTION');
      await writer.run(`DELETE FROM events WHERE site_id = ${site}`);
      await writer.run(`DELETE FROM visits WHERE site_id = ${site}`);
      await writer.run(`DELETE FROM mirror_purges WHERE site_id = ${site}`);
      await writer.run('COMMIT');
      this.sites.delete(site);
      this.purged.delete(site);
    }
    for (const [site, before] of this.source.purgedBefore()) {
      if ((this.purged.get(site) ?? -Infinity) >= before) continue;
      await writer.run('BEGIN TRANSACTION');
      // The primary store's own statements (RollupRepository.purgeRaw), on the rows mirrored so far.
      await writer.run(`DELETE FROM events WHERE site_id = ${site} AND ts < ${before}`);
      await writer.run(`DELETE FROM visits WHERE site_id = ${site} AND last_event_at < ${before}`);
      await writer.run(`DELETE FROM mirror_purges WHERE site_id = ${site}`);
      await writer.run(`INSERT INTO mirror_purges VALUES (${site}, ${before})`);
      await writer.run('COMMIT');
      this.purged.set(site, before);
    }
  }

  /** Rows of a query on the mirror, numbers as JavaScript numbers and lists as arrays. */
  async query(text: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
    if (!this.reader) throw new Error('the read mirror is not open');
    const values = params.map((value) => (typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value)) as DuckDBValue[];
    const rows = (await this.reader.runAndReadAll(text, values)).getRowObjectsJS();
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(row)) out[key] = plain(row[key]);
      return out;
    });
  }

  /** Stops after the step under way; closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting.catch(() => undefined);
    await this.queue;
    this.closeFile();
    this.source.close();
  }

  private closeFile(): void {
    this.reader?.closeSync();
    this.writer?.closeSync();
    this.instance?.closeSync();
    this.reader = this.writer = null;
    this.instance = null;
  }
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}
