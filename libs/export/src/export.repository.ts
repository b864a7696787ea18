import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { Sql, SqlReadStore, type Engine, type StatsQuery } from '@cairn/read-store';
import { DATABASE_TARGET, type DatabaseTarget } from '@cairn/storage';
import { EVENT_SELECT, pageOrder, VISIT_SELECT, type RawRow } from './export-datasets.js';

/** Where the next page starts: after this row of the (time, id) order. */
export interface Keyset {
  at: number;
  id: number;
}

/** Receives the rows of a page one by one, as arrays in EVENT_SELECT or VISIT_SELECT order. */
export type RowSink = (row: RawRow) => void;

/** Reads one export, a page at a time; closed when the export ends, fails or is abandoned. */
export interface ExportReader {
  /** Rows per page: how many a page asks for. */
  readonly pageSize: number;
  /** The next page of events of the scope (pageviews, custom events, engagement) after `after`, by time then id; returns how many. */
  events(scope: StatsQuery, after: Keyset, each: RowSink): Promise<number>;
  /** The next page of visits started in the scope after `after`, by start then id; returns how many. */
  visits(scope: StatsQuery, after: Keyset, each: RowSink): Promise<number>;
  close(): void;
}

const EVENT_TYPES = ['pageview', 'event', 'engagement'];
/**
 * Rows per page, each page one piece of text. Small on purpose: text still waiting for the client
 * when the young generation is collected grows old, and pages of 5,000 rows grew the server's heap by
 * over 100 MB per million rows (1,000: up to ~140 MB when the client was slow; 200: ~20 MB). A query per
 * 200 rows costs little: an index seek.
 */
export const PAGE_ROWS = 200;

/**
 * Export reads by keyset pagination — `(time, id)` after the last row sent, `LIMIT n` — on both
 * engines: each page is a short query that holds no snapshot while the client is slow to take the
 * bytes (a cursor would pin SQLite's WAL, or PostgreSQL's vacuum and a pooled connection, for as long
 * as the download lasts). On SQLite the pages are read on a read-only connection of the export's own,
 * so the app's connection stays free; on PostgreSQL each page borrows a pooled connection briefly.
 * Which rows belong to the slice is decided by the stats' own conditions (SqlReadStore).
 */
@Injectable()
export class ExportRepository {
  private readonly engine: Engine;

  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: SqlReadStore,
  ) {
    this.engine = target.engine;
  }

  open(): ExportReader {
    const query = this.target.engine === 'sqlite' ? sqliteQuery(this.target.file) : postgresQuery(this.dataSource);
    const { pageSize } = query;
    return {
      pageSize,
      events: (scope, after, each) => query.run(...this.eventPage(scope, after, pageSize), EVENT_SELECT, each),
      visits: (scope, after, each) => query.run(...this.visitPage(scope, after, pageSize), VISIT_SELECT, each),
      close: query.close,
    };
  }

  private eventPage(scope: StatsQuery, after: Keyset, limit: number): [string, unknown[]] {
    const sql = new Sql(this.engine);
    // The keyset's time is the range's lower bound, so each page starts with an index seek.
    const { from, where } = this.stats.eventScope(sql, { ...scope, range: { from: after.at, to: scope.range.to } }, EVENT_TYPES);
    const text = `SELECT ${EVENT_SELECT.map((column) => `e.${column}`).join(', ')} FROM ${from}
      WHERE ${where.join(' AND ')} AND NOT (e.ts = ${sql.p(after.at)} AND e.id <= ${sql.p(after.id)})
      ORDER BY e.ts, e.id LIMIT ${sql.p(limit)}`;
    return [text, sql.params];
  }

  private visitPage(scope: StatsQuery, after: Keyset, limit: number): [string, unknown[]] {
    const sql = new Sql(this.engine);
    const conditions = this.stats.visitConditions(sql, { ...scope, range: { from: after.at, to: scope.range.to } });
    const text = `SELECT ${VISIT_SELECT.map((column) => `v.${column}`).join(', ')} FROM visits v
      WHERE ${conditions.join(' AND ')} AND NOT (v.started_at = ${sql.p(after.at)} AND v.id <= ${sql.p(after.id)})
      ORDER BY v.started_at, v.id LIMIT ${sql.p(limit)}`;
    return [text, sql.params];
  }
}

interface PageQuery {
  readonly pageSize: number;
  /** Hands each row to `each` as an array, values in the order of `columns` (those the query selects); returns how many. */
  run(text: string, params: unknown[], columns: readonly string[], each: RowSink): Promise<number>;
  close(): void;
}

/**
 * A read-only connection to the same file (WAL lets it read beside the writer); statements prepared
 * once per export. A page is read at once (no statement stays open while the client is slow), as one
 * row of JSON arrays, a column each, built by one aggregate pass over the page: better-sqlite3 spends
 * more on making 27 JS values a row than SQLite on finding the row, and JSON.parse makes them faster.
 * The rows are then handed on in the page's (time, id) order, which the keyset of the next page needs:
 * an aggregate keeps the order its input came in, and the page is checked to be in order all the same.
 */
function sqliteQuery(file: string): PageQuery {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  return {
    pageSize: PAGE_ROWS,
    run: async (text, params, columns, each) => {
      let statement = statements.get(text);
      if (!statement) {
        statement = db.prepare(`SELECT ${columns.map((column) => `json_group_array(${column})`).join(', ')} FROM (${text})`).raw(true);
        statements.set(text, statement);
      }
      const values = (statement.get(...params) as string[]).map((column) => JSON.parse(column) as unknown[]);
      const order = pageOrder(values[0] as number[], values[1] as number[]);
      for (const i of order) each(values.map((column) => column[i]));
      return order.length;
    },
    close: () => db.close(),
  };
}

/** A pooled connection per page, held only while the page is read. */
function postgresQuery(dataSource: DataSource): PageQuery {
  return {
    pageSize: PAGE_ROWS,
    run: async (text, params, columns, each) => {
      const rows: Array<Record<string, unknown>> = await dataSource.query(text, params);
      for (const row of rows) each(columns.map((column) => row[column]));
      return rows.length;
    },
    close: () => undefined,
  };
}
