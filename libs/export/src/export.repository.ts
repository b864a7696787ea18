import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { Sql, StatsRepository, type Engine, type StatsScope } from '@cairn/aggregation';
import { DATABASE_TARGET, type DatabaseTarget } from '@cairn/storage';
import { EVENT_SELECT, VISIT_SELECT, type RawRow } from './export-datasets.js';

/** Where the next page starts: after this row of the (time, id) order. */
export interface Keyset {
  at: number;
  id: number;
}

/** Reads one export, a page at a time; closed when the export ends, fails or is abandoned. */
export interface ExportReader {
  /** Up to `limit` events of the scope (pageviews, custom events, engagement) after `after`, by time then id; EVENT_SELECT's columns. */
  events(scope: StatsScope, after: Keyset, limit: number): Promise<RawRow[]>;
  /** Up to `limit` visits started in the scope after `after`, by start then id; VISIT_SELECT's columns. */
  visits(scope: StatsScope, after: Keyset, limit: number): Promise<RawRow[]>;
  close(): void;
}

const EVENT_TYPES = ['pageview', 'event', 'engagement'];

/**
 * Export reads by keyset pagination — `(time, id)` after the last row sent, `LIMIT n` — on both
 * engines: each page is a short query that holds no snapshot while the client is slow to take the
 * bytes (a cursor would pin SQLite's WAL, or PostgreSQL's vacuum and a pooled connection, for as long
 * as the download lasts). On SQLite the pages are read on a read-only connection of the export's own,
 * so the app's connection stays free; on PostgreSQL each page borrows a pooled connection briefly.
 * Which rows belong to the slice is decided by the stats' own conditions (StatsRepository).
 */
@Injectable()
export class ExportRepository {
  private readonly engine: Engine;

  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: StatsRepository,
  ) {
    this.engine = target.engine;
  }

  open(): ExportReader {
    const query = this.target.engine === 'sqlite' ? sqliteQuery(this.target.file) : postgresQuery(this.dataSource);
    return {
      events: (scope, after, limit) => query.run(...this.eventPage(scope, after, limit), EVENT_SELECT),
      visits: (scope, after, limit) => query.run(...this.visitPage(scope, after, limit), VISIT_SELECT),
      close: query.close,
    };
  }

  private eventPage(scope: StatsScope, after: Keyset, limit: number): [string, unknown[]] {
    const sql = new Sql(this.engine);
    // The keyset's time is the range's lower bound, so each page starts with an index seek.
    const { from, where } = this.stats.eventScope(sql, { ...scope, range: { from: after.at, to: scope.range.to } }, EVENT_TYPES);
    const text = `SELECT ${EVENT_SELECT.map((column) => `e.${column}`).join(', ')} FROM ${from}
      WHERE ${where.join(' AND ')} AND NOT (e.ts = ${sql.p(after.at)} AND e.id <= ${sql.p(after.id)})
      ORDER BY e.ts, e.id LIMIT ${sql.p(limit)}`;
    return [text, sql.params];
  }

  private visitPage(scope: StatsScope, after: Keyset, limit: number): [string, unknown[]] {
    const sql = new Sql(this.engine);
    const conditions = this.stats.visitConditions(sql, { ...scope, range: { from: after.at, to: scope.range.to } });
    const text = `SELECT ${VISIT_SELECT.map((column) => `v.${column}`).join(', ')} FROM visits v
      WHERE ${conditions.join(' AND ')} AND NOT (v.started_at = ${sql.p(after.at)} AND v.id <= ${sql.p(after.id)})
      ORDER BY v.started_at, v.id LIMIT ${sql.p(limit)}`;
    return [text, sql.params];
  }
}

interface PageQuery {
  /** The rows as arrays, values in the order of `columns` (those the query selects). */
  run(text: string, params: unknown[], columns: readonly string[]): Promise<RawRow[]>;
  close(): void;
}

/**
 * A read-only connection to the same file (WAL lets it read beside the writer); statements prepared
 * once per export. Rows as arrays: better-sqlite3 builds them several times faster than objects.
 */
function sqliteQuery(file: string): PageQuery {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  return {
    run: async (text, params) => {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = db.prepare(text).raw(true)));
      return statement.all(...params) as RawRow[];
    },
    close: () => db.close(),
  };
}

function postgresQuery(dataSource: DataSource): PageQuery {
  return {
    run: async (text, params, columns) => {
      const rows: Array<Record<string, unknown>> = await dataSource.query(text, params);
      return rows.map((row) => columns.map((column) => row[column]));
    },
    close: () => undefined,
  };
}
