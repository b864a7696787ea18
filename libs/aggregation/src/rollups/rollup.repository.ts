import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Sql, type Engine } from '@cairn/read-store';
import { LOOKBACK_MS, RAW_VISIT_COLUMNS, type RawEvent, type RawVisit, type RollupRow } from './day-builder.js';

export interface RollupProgress {
  timezone: string;
  /** The first and last site-local days whose rollups are stored and final. */
  fromDay: string;
  throughDay: string;
  /** Raw rows before this instant were purged by retention; null if none were. */
  purgedBefore: number | null;
}

/** A stored rollup row with its day. */
export type DayRow = RollupRow & { day: string };

const COUNTERS = [
  ['visitors', 'visitors'],
  ['newVisitors', 'new_visitors'],
  ['visits', 'visits'],
  ['newVisits', 'new_visits'],
  ['bounces', 'bounces'],
  ['durationMs', 'duration_ms'],
  ['pageviews', 'pageviews'],
  ['events', 'events'],
  ['engagedMs', 'engaged_ms'],
  ['engagements', 'engagements'],
  ['scrollSum', 'scroll_sum'],
  ['scrolls', 'scrolls'],
] as const;

const ROWS_PER_INSERT = 200;
const IDS_PER_SELECT = 500;

function* chunks<T>(list: T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += IDS_PER_SELECT) yield list.slice(i, i + IDS_PER_SELECT);
}
const n = (value: unknown): number => Number(value ?? 0);

/** Reads the raw rows a day's rollup is built from, and stores and reads rollup rows. */
@Injectable()
export class RollupRepository {
  readonly engine: Engine;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.engine = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async sites(): Promise<Array<{ id: number; timezone: string }>> {
    const rows = await this.dataSource.query(`SELECT id, timezone FROM sites ORDER BY id`);
    return rows.map((row: Record<string, unknown>) => ({ id: n(row.id), timezone: String(row.timezone) }));
  }

  async progress(siteId: number): Promise<RollupProgress | null> {
    const sql = new Sql(this.engine);
    const [row] = await this.dataSource.query(`SELECT timezone, from_day, through_day, purged_before FROM rollup_progress WHERE site_id = ${sql.p(siteId)}`, sql.params);
    return row
      ? { timezone: String(row.timezone), fromDay: String(row.from_day), throughDay: String(row.through_day), purgedBefore: row.purged_before == null ? null : n(row.purged_before) }
      : null;
  }

  /** The start of the site's first visit and the latest activity of visits started in [from, to). */
  async firstVisitAt(siteId: number): Promise<number | null> {
    const sql = new Sql(this.engine);
    const [row] = await this.dataSource.query(`SELECT MIN(started_at) AS first FROM visits WHERE site_id = ${sql.p(siteId)}`, sql.params);
    return row?.first == null ? null : n(row.first);
  }

  async lastActivity(siteId: number, from: number, to: number): Promise<number | null> {
    const sql = new Sql(this.engine);
    const [row] = await this.dataSource.query(
      `SELECT MAX(last_event_at) AS last FROM visits WHERE site_id = ${sql.p(siteId)} AND started_at >= ${sql.p(from)} AND started_at < ${sql.p(to)}`,
      sql.params,
    );
    return row?.last == null ? null : n(row.last);
  }

  /**
   * Everything buildDay needs for the day [dayStart, dayEnd): the day's visits and events, the visits
   * its events belong to, and — for "seen before" — only the earlier visits and events of the
   * visitors who appear in the day (found through the visitor index, not by scanning the days before).
   */
  async dayInputs(siteId: number, dayStart: number, dayEnd: number): Promise<{ visits: RawVisit[]; events: RawEvent[] }> {
    const visits = await this.select(
      (sql) => `SELECT ${RAW_VISIT_COLUMNS.join(', ')} FROM visits WHERE site_id = ${sql.p(siteId)} AND started_at >= ${sql.p(dayStart)} AND started_at < ${sql.p(dayEnd)}`,
      toVisit,
    );
    const events = await this.select(
      (sql) =>
        `SELECT visit_id, visitor_id, ts, type, path, name, props, engaged_ms, scroll_depth FROM events
         WHERE site_id = ${sql.p(siteId)} AND ts >= ${sql.p(dayStart)} AND ts < ${sql.p(dayEnd)}`,
      toEvent,
    );
    const known = new Set(visits.map((visit) => visit.id));
    // Visits that started before the day and went on into it.
    const crossing = [...new Set(events.filter((event) => !known.has(event.visit_id)).map((event) => event.visit_id))];
    for (const ids of chunks(crossing)) {
      visits.push(...(await this.select((sql) => `SELECT ${RAW_VISIT_COLUMNS.join(', ')} FROM visits WHERE id IN (${sql.list(ids)})`, toVisit)));
    }
    for (const visit of visits) known.add(visit.id);
    // The same visitors' visits in the lookback window (a hash lives about a day, so these are few).
    const visitors = [...new Set([...visits.map((visit) => visit.visitor_id), ...events.map((event) => event.visitor_id)])];
    for (const ids of chunks(visitors)) {
      // No condition on started_at here: SQLite would take the start index and scan every earlier day.
      const earlier = await this.select(
        (sql) =>
          `SELECT ${RAW_VISIT_COLUMNS.join(', ')} FROM visits WHERE site_id = ${sql.p(siteId)} AND visitor_id IN (${sql.list(ids)})
           AND last_event_at >= ${sql.p(dayStart - LOOKBACK_MS)}`,
        toVisit,
      );
      for (const visit of earlier) {
        if (visit.started_at < dayStart && !known.has(visit.id)) (known.add(visit.id), visits.push(visit));
      }
    }
    // Their events before the day.
    const before = visits.filter((visit) => visit.started_at < dayStart).map((visit) => visit.id);
    for (const ids of chunks(before)) {
      events.push(
        ...(await this.select(
          (sql) =>
            `SELECT visit_id, visitor_id, ts, type, path, name, props, engaged_ms, scroll_depth FROM events
             WHERE visit_id IN (${sql.list(ids)}) AND ts >= ${sql.p(dayStart - LOOKBACK_MS)} AND ts < ${sql.p(dayStart)}`,
          toEvent,
        )),
      );
    }
    return { visits, events };
  }

  private async select<T>(build: (sql: Sql) => string, map: (row: Record<string, unknown>) => T): Promise<T[]> {
    const sql = new Sql(this.engine);
    const text = build(sql);
    return (await this.dataSource.query(text, sql.params)).map(map);
  }

  /** Replaces a day's rollup rows and moves the progress on, in one transaction. */
  async storeDay(siteId: number, day: string, rows: RollupRow[], progress: RollupProgress, at: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.run(manager, (sql) => `DELETE FROM rollups WHERE site_id = ${sql.p(siteId)} AND day = ${sql.p(day)}`);
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await this.run(manager, (sql) => {
          const tuples = rows
            .slice(i, i + ROWS_PER_INSERT)
            .map((row) => `(${sql.list([siteId, day, row.dimension, row.value, ...COUNTERS.map(([property]) => row[property])])})`);
          return `INSERT INTO rollups (site_id, day, dimension, value, ${COUNTERS.map(([, column]) => column).join(', ')}) VALUES ${tuples.join(', ')}`;
        });
      }
      await this.run(manager, (sql) => `DELETE FROM rollup_progress WHERE site_id = ${sql.p(siteId)}`);
      await this.run(
        manager,
        (sql) =>
          `INSERT INTO rollup_progress (site_id, timezone, from_day, through_day, built_at, purged_before) VALUES (${sql.list([siteId, progress.timezone, progress.fromDay, progress.throughDay, at, progress.purgedBefore])})`,
      );
    });
  }

  /** Drops a site's rollups (its zone changed, or older data arrived): they are rebuilt from raw events. */
  async clear(siteId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.run(manager, (sql) => `DELETE FROM rollups WHERE site_id = ${sql.p(siteId)}`);
      await this.run(manager, (sql) => `DELETE FROM rollup_progress WHERE site_id = ${sql.p(siteId)}`);
    });
  }

  async rows(siteId: number, dimension: string, fromDay: string, throughDay: string): Promise<DayRow[]> {
    const sql = new Sql(this.engine);
    const result = await this.dataSource.query(
      `SELECT day, value, ${COUNTERS.map(([, column]) => column).join(', ')} FROM rollups
       WHERE site_id = ${sql.p(siteId)} AND dimension = ${sql.p(dimension)} AND day >= ${sql.p(fromDay)} AND day <= ${sql.p(throughDay)}`,
      sql.params,
    );
    return result.map((row: Record<string, unknown>) => {
      const out: Record<string, unknown> = { day: String(row.day), dimension, value: row.value == null ? null : String(row.value) };
      for (const [property, column] of COUNTERS) out[property] = n(row[column]);
      return out as unknown as DayRow;
    });
  }

  /** Deletes raw events and visits that started before `before` (RETENTION_DAYS); rollups stay. */
  async purgeRaw(siteId: number, before: number): Promise<{ events: number; visits: number }> {
    return this.dataSource.transaction(async (manager) => {
      const events = await this.run(manager, (sql) => `DELETE FROM events WHERE site_id = ${sql.p(siteId)} AND ts < ${sql.p(before)}`);
      const visits = await this.run(
        manager,
        // Their events all happened before `before`, so they went with the statement above.
        (sql) => `DELETE FROM visits WHERE site_id = ${sql.p(siteId)} AND last_event_at < ${sql.p(before)}`,
      );
      await this.run(
        manager,
        (sql) => `UPDATE rollup_progress SET purged_before = ${sql.p(before)} WHERE site_id = ${sql.p(siteId)} AND (purged_before IS NULL OR purged_before < ${sql.p(before)})`,
      );
      return { events: affected(events), visits: affected(visits) };
    });
  }

  private async run(manager: EntityManager, build: (sql: Sql) => string): Promise<unknown> {
    const sql = new Sql(this.engine);
    const text = build(sql);
    return manager.query(text, sql.params);
  }
}

function affected(result: unknown): number {
  // better-sqlite3 through TypeORM answers { changes }, pg [rows, count].
  if (Array.isArray(result)) return n(result[1]);
  return n((result as { changes?: number; affected?: number })?.changes ?? (result as { affected?: number })?.affected);
}

function toVisit(row: Record<string, unknown>): RawVisit {
  return {
    ...(row as RawVisit),
    id: n(row.id),
    started_at: n(row.started_at),
    last_event_at: n(row.last_event_at),
    pageviews: n(row.pageviews),
    events: n(row.events),
  };
}

function toEvent(row: Record<string, unknown>): RawEvent {
  return {
    visit_id: n(row.visit_id),
    visitor_id: String(row.visitor_id),
    ts: n(row.ts),
    type: String(row.type),
    path: String(row.path),
    name: row.name == null ? null : String(row.name),
    props: row.props == null ? null : String(row.props),
    engaged_ms: row.engaged_ms == null ? null : n(row.engaged_ms),
    scroll_depth: row.scroll_depth == null ? null : n(row.scroll_depth),
  };
}
