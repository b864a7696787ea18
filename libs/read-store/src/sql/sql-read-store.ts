import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { BreakdownRow, Dimension, FunnelStep, PropKeyRow } from '@cairn/contracts';
import type { Bucket, Filters, GoalDefinition, StatsQuery } from '../query.js';
import { ReadStore } from '../read-store.js';
import { bounceRate, percent, visitDuration, type SummaryTotals, type VisitTotals } from '../totals.js';
import { propKeys } from './prop-keys.js';
import { formatHundredths, goalCondition, goalsNamed, matchAny, propKey, Sql, visitExpression, type Engine } from './sql.js';
import { VisitNumbers } from './visit-numbers.js';
import { VisitorNumbers } from './visitor-numbers.js';

const VISIT_AGGREGATES = `COUNT(DISTINCT v.visitor_id) AS visitors, COUNT(*) AS visits,
  SUM(CASE WHEN v.pageviews = 1 AND v.events = 0 THEN 1 ELSE 0 END) AS bounces,
  SUM(v.last_event_at - v.started_at) AS duration_ms`;

const n = (value: unknown): number => Number(value ?? 0);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** What one read of a funnel step aims at: a few MB of JSON, and few reads for a month of a busy site. */
const FUNNEL_ROWS_PER_READ = 100_000;

function totals(row: Record<string, unknown> | undefined): VisitTotals {
  return { visitors: n(row?.visitors), visits: n(row?.visits), bounces: n(row?.bounces), durationMs: n(row?.duration_ms) };
}

/**
 * The read store over raw tables of visits and events, one query builder for every dialect: on the
 * primary database (SQLite or PostgreSQL) it is the truth every other engine is held to, and what
 * answers while a mirror catches up; DuckDbReadStore runs the same queries on the DuckDB mirror.
 * A query added here is answered by both.
 */
@Injectable()
export class SqlReadStore extends ReadStore {
  readonly name: string = 'sql';
  readonly engine: Engine;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.engine = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** The start of the site's first visit, or null before any. */
  async firstVisitAt(siteId: number): Promise<number | null> {
    const sql = new Sql(this.engine);
    const [row] = await this.query(sql, `SELECT MIN(started_at) AS first FROM visits WHERE site_id = ${sql.p(siteId)}`);
    return row?.first == null ? null : n(row.first);
  }

  async summary(scope: StatsQuery): Promise<SummaryTotals> {
    const visitSql = new Sql(this.engine);
    const [visitRow] = await this.query(visitSql, `SELECT ${VISIT_AGGREGATES} FROM visits v WHERE ${this.visitConditions(visitSql, scope).join(' AND ')}`);
    const eventSql = new Sql(this.engine);
    const { from, where } = this.eventScope(eventSql, scope, ['pageview', 'event']);
    const [eventRow] = await this.query(
      eventSql,
      `SELECT SUM(CASE WHEN e.type = 'pageview' THEN 1 ELSE 0 END) AS pageviews, SUM(CASE WHEN e.type = 'event' THEN 1 ELSE 0 END) AS events
       FROM ${from} WHERE ${where.join(' AND ')}`,
    );
    return { ...totals(visitRow), pageviews: n(eventRow?.pageviews), events: n(eventRow?.events) };
  }

  /** Per bucket: visit totals (by start) and pageviews (by their time). */
  async timeseries(scope: StatsQuery, buckets: Bucket[]): Promise<Array<VisitTotals & { pageviews: number }>> {
    const result = buckets.map(() => ({ visitors: 0, visits: 0, bounces: 0, durationMs: 0, pageviews: 0 }));
    if (buckets.length === 0) return result;
    // Bucket bounds are our own integers, written inline: a year of hours would exceed a statement's parameter limit.
    const values = buckets.map((b, i) => `(${i}, ${Math.trunc(b.from)}, ${Math.trunc(b.to)})`).join(', ');
    const cte = `WITH b(i, s, t) AS (VALUES ${values})`;

    const visitSql = new Sql(this.engine);
    const visitConditions = this.visitConditions(visitSql, scope);
    for (const row of await this.query(
      visitSql,
      `${cte} SELECT b.i AS i, ${VISIT_AGGREGATES} FROM b JOIN visits v ON v.started_at >= b.s AND v.started_at < b.t
       WHERE ${visitConditions.join(' AND ')} GROUP BY b.i`,
    )) {
      Object.assign(result[n(row.i)], totals(row));
    }

    const eventSql = new Sql(this.engine);
    const { from, where } = this.eventScope(eventSql, scope, ['pageview']);
    for (const row of await this.query(
      eventSql,
      // CROSS JOIN keeps the buckets outside (SQLite then range-scans events once per bucket); `from`
      // may itself be a join with visits.
      `${cte} SELECT b.i AS i, COUNT(*) AS pageviews FROM b CROSS JOIN ${from}
       WHERE e.ts >= b.s AND e.ts < b.t AND ${where.join(' AND ')} GROUP BY b.i`,
    )) {
      result[n(row.i)].pageviews = n(row.pageviews);
    }
    return result;
  }

  async breakdown(scope: StatsQuery, dimension: Dimension, limit: number, offset: number): Promise<BreakdownRow[]> {
    if (dimension === 'goal') return this.goalBreakdown(scope, limit, offset);
    if (dimension === 'page') return this.pageBreakdown(scope, limit, offset);
    if (dimension === 'event' || propKey(dimension)) return this.eventBreakdown(scope, dimension, limit, offset);
    return this.visitBreakdown(scope, dimension, limit, offset);
  }

  /**
   * Visitors per funnel step: a visit reaches step k when steps 1..k happen in it in that order (by
   * time, then by arrival: events.id), each step on a later event than the step before. A step at a
   * time, each step's events read by site, page or name and time from the funnel indexes (without
   * reading the slice's other events): step 1's joined with their visits (the slice and the filters
   * are the visits'), keeping each visit's first; step k's keeping, for each visit that reached step
   * k-1, its first step-k event after that one. Taking the earliest match each time is what in-order
   * matching needs: no later choice could reach further. Events are read up to the last event of the
   * slice's visits (funnelWindow). A month of a busy site is hundreds of thousands of matching events:
   * they are read as columns, in parts of the window (readInParts), visits are numbered as met and
   * their state lives in typed arrays.
   */
  async funnel(scope: StatsQuery, steps: FunnelStep[]): Promise<number[]> {
    const window = await this.funnelWindow(scope);
    if (!window) return steps.map(() => 0);

    // Step 1: the visits that reach it, numbered as first seen, each with its visitor (numbered too)
    // and the time and id of its first step-1 event.
    const numberOf = new VisitNumbers();
    const visitorNumbers = new VisitorNumbers();
    const visitorOf: number[] = [];
    let reachedTs: number[] = [];
    let reachedId: number[] = [];
    await this.readInParts(window, async (part) => {
      const sql = new Sql(this.engine);
      const match = stepMatch(sql, steps[0], part, scope.siteId);
      // Times from the part's start: small integers, which JSON.parse keeps unboxed (epoch ms are not).
      const [visitIds, times, ids, visitorIds] = await this.columns(
        sql,
        ['e.visit_id', `e.ts - ${part.from}`, 'e.id', 'v.visitor_id'],
        `FROM events e JOIN visits v ON v.id = e.visit_id WHERE ${match} AND ${this.visitConditions(sql, scope).join(' AND ')}`,
      );
      for (let i = 0; i < visitIds.length; i++) {
        const visit = n(visitIds[i]);
        const at = part.from + n(times[i]);
        const id = n(ids[i]);
        // Numbers are handed out in turn: one equal to the count so far is a visit met for the first time.
        const number = numberOf.add(visit);
        if (number === reachedTs.length) {
          reachedTs.push(at);
          reachedId.push(id);
          visitorOf.push(visitorNumbers.number(String(visitorIds[i])));
        } else if (at < reachedTs[number] || (at === reachedTs[number] && id < reachedId[number])) {
          reachedTs[number] = at;
          reachedId[number] = id;
        }
      }
      return visitIds.length;
    });
    const visits = reachedTs.length;
    const counts = [visitorNumbers.size];

    // Step k: per visit that reached step k-1, its first step-k event after that one (+Infinity: none).
    let previousTs = Float64Array.from(reachedTs);
    let previousId = Float64Array.from(reachedId);
    reachedTs = reachedId = [];
    const seen = new Uint8Array(visitorNumbers.size);
    for (const step of steps.slice(1)) {
      const ts = new Float64Array(visits).fill(Infinity);
      const ids = new Float64Array(visits).fill(Infinity);
      if (counts[counts.length - 1] > 0) {
        await this.readInParts(window, async (part) => {
          const sql = new Sql(this.engine);
          const [visitIds, times, eventIds] = await this.columns(sql, ['e.visit_id', `e.ts - ${part.from}`, 'e.id'], `FROM events e WHERE ${stepMatch(sql, step, part, scope.siteId)}`);
          for (let i = 0; i < visitIds.length; i++) {
            const visit = numberOf.get(n(visitIds[i]));
            if (visit < 0) continue;
            const at = part.from + n(times[i]);
            const id = n(eventIds[i]);
            if (at < previousTs[visit] || (at === previousTs[visit] && id <= previousId[visit])) continue;
            if (at < ts[visit] || (at === ts[visit] && id < ids[visit])) {
              ts[visit] = at;
              ids[visit] = id;
            }
          }
          return visitIds.length;
        });
      }
      seen.fill(0);
      let visitors = 0;
      for (let visit = 0; visit < visits; visit++) {
        if (ts[visit] === Infinity || seen[visitorOf[visit]]) continue;
        seen[visitorOf[visit]] = 1;
        visitors++;
      }
      counts.push(visitors);
      previousTs = ts;
      previousId = ids;
    }
    return counts;
  }

  /**
   * The events a funnel reads: from the slice's start to the last event of the slice's visits, which
   * may run on past its end. When the slice reaches past the site's latest event (the last N days),
   * that event is the bound: one index seek. Otherwise the slice's visits are scanned for it. Null
   * when the site has no event (or the slice no visit) to read.
   */
  private async funnelWindow(scope: StatsQuery): Promise<{ from: number; to: number } | null> {
    const latestSql = new Sql(this.engine);
    const [latest] = await this.query(latestSql, `SELECT MAX(e.ts) AS at FROM events e WHERE e.site_id = ${latestSql.p(scope.siteId)}`);
    if (latest?.at == null) return null;
    if (n(latest.at) < scope.range.to) return { from: scope.range.from, to: n(latest.at) + 1 };
    const boundSql = new Sql(this.engine);
    const [bound] = await this.query(
      boundSql,
      `SELECT MAX(v.last_event_at) AS last FROM visits v
       WHERE v.site_id = ${boundSql.p(scope.siteId)} AND v.started_at >= ${boundSql.p(scope.range.from)} AND v.started_at < ${boundSql.p(scope.range.to)}`,
    );
    return bound?.last == null ? null : { from: scope.range.from, to: n(bound.last) + 1 };
  }

  /**
   * Reads a time window in consecutive parts, each about FUNNEL_ROWS_PER_READ rows: a day first, then
   * each part sized by how many rows the one before had (at most 4 times longer or shorter), so memory
   * stays bounded whatever the window and the site's traffic. `read` says how many rows its part had.
   */
  private async readInParts(window: { from: number; to: number }, read: (part: { from: number; to: number }) => Promise<number>): Promise<void> {
    let span = DAY_MS;
    for (let from = window.from; from < window.to; ) {
      const to = Math.min(window.to, from + span);
      const rows = await read({ from, to });
      from = to;
      span = Math.max(MINUTE_MS, Math.round(span * Math.min(4, Math.max(0.25, FUNNEL_ROWS_PER_READ / Math.max(rows, 1)))));
    }
  }

  /**
   * The values of each expression over the rows `from` selects, one array per expression, aligned
   * (the i-th entries are one row's). They leave the database as one row of JSON arrays built by one
   * aggregate pass (json_agg on PostgreSQL), not as a row each: building a row costs better-sqlite3
   * about a microsecond, parsing a JSON number some nanoseconds. On a funnel at 10M events that was a
   * third of its time.
   */
  private async columns(sql: Sql, expressions: string[], from: string): Promise<unknown[][]> {
    // DuckDB builds lists natively, which arrive as arrays.
    const aggregate = this.engine === 'sqlite' ? 'json_group_array' : this.engine === 'duckdb' ? 'list' : 'json_agg';
    const [row] = await this.query(sql, `SELECT ${expressions.map((expression, i) => `${aggregate}(${expression}) AS c${i}`).join(', ')} ${from}`);
    return expressions.map((_, i) => {
      const column = row?.[`c${i}`];
      if (column == null) return []; // json_agg over no rows
      return (typeof column === 'string' ? JSON.parse(column) : column) as unknown[];
    });
  }

  // ── breakdowns ───────────────────────────────────────────────────────

  private async visitBreakdown(scope: StatsQuery, dimension: Dimension, limit: number, offset: number): Promise<BreakdownRow[]> {
    const expression = visitExpression(dimension)!;
    const sql = new Sql(this.engine);
    const rows = await this.query(
      sql,
      `SELECT ${expression} AS value, ${VISIT_AGGREGATES} FROM visits v WHERE ${this.visitConditions(sql, scope).join(' AND ')}
       GROUP BY ${expression} ORDER BY visitors DESC, visits DESC, (${expression} IS NULL), ${sql.ordered(expression)}
       LIMIT ${sql.p(limit)} OFFSET ${sql.p(offset)}`,
    );
    if (rows.length === 0) return [];
    const values = rows.map((row) => (row.value == null ? null : String(row.value)));

    // Pageviews of those visits' kind, by their own time.
    const eventSql = new Sql(this.engine);
    const { from, where } = this.eventScope(eventSql, scope, ['pageview'], true);
    const known = values.filter((value): value is string => value !== null);
    const which = [...(known.length ? [`${visitExpression(dimension)} IN (${eventSql.list(known)})`] : []), ...(values.includes(null) ? [`${expression} IS NULL`] : [])];
    const pageviews = new Map<string | null, number>();
    for (const row of await this.query(
      eventSql,
      `SELECT ${expression} AS value, COUNT(*) AS pageviews FROM ${from} WHERE ${where.join(' AND ')} AND (${which.join(' OR ')}) GROUP BY ${expression}`,
    )) {
      pageviews.set(row.value == null ? null : String(row.value), n(row.pageviews));
    }
    return rows.map((row, i) => {
      const t = totals(row);
      return { value: values[i], visitors: t.visitors, visits: t.visits, pageviews: pageviews.get(values[i]) ?? 0, bounceRate: bounceRate(t), visitDuration: visitDuration(t) };
    });
  }

  private async pageBreakdown(scope: StatsQuery, limit: number, offset: number): Promise<BreakdownRow[]> {
    const sql = new Sql(this.engine);
    const { from, where } = this.eventScope(sql, scope, ['pageview']);
    const rows = await this.query(
      sql,
      `SELECT e.path AS value, COUNT(DISTINCT e.visitor_id) AS visitors, COUNT(DISTINCT e.visit_id) AS visits, COUNT(*) AS pageviews
       FROM ${from} WHERE ${where.join(' AND ')}
       GROUP BY e.path ORDER BY visitors DESC, pageviews DESC, ${sql.ordered('e.path')} LIMIT ${sql.p(limit)} OFFSET ${sql.p(offset)}`,
    );
    if (rows.length === 0) return [];
    const paths = rows.map((row) => String(row.value));

    // Bounce rate of the visits that landed on the page; time on page from its engagement reports.
    const entrySql = new Sql(this.engine);
    const entries = new Map<string, VisitTotals>();
    for (const row of await this.query(
      entrySql,
      `SELECT v.entry_page AS value, ${VISIT_AGGREGATES} FROM visits v
       WHERE ${this.visitConditions(entrySql, scope).join(' AND ')} AND v.entry_page IN (${entrySql.list(paths)}) GROUP BY v.entry_page`,
    )) {
      entries.set(String(row.value), totals(row));
    }
    const engagedSql = new Sql(this.engine);
    const engaged = this.eventScope(engagedSql, scope, ['engagement']);
    const timeOnPage = new Map<string, number>();
    const scrollDepth = new Map<string, number>();
    for (const row of await this.query(
      engagedSql,
      // Scroll depth as sum and count (as rollups keep it), so both round the same mean.
      `SELECT e.path AS value, AVG(e.engaged_ms) AS engaged, SUM(e.scroll_depth) AS scroll_sum, COUNT(e.scroll_depth) AS scrolls FROM ${engaged.from}
       WHERE ${engaged.where.join(' AND ')} AND e.path IN (${engagedSql.list(paths)}) AND e.engaged_ms IS NOT NULL GROUP BY e.path`,
    )) {
      timeOnPage.set(String(row.value), Math.round(n(row.engaged) / 1000));
      if (n(row.scrolls) > 0) scrollDepth.set(String(row.value), Math.round(n(row.scroll_sum) / n(row.scrolls)));
    }
    return rows.map((row, i) => ({
      value: paths[i],
      visitors: n(row.visitors),
      visits: n(row.visits),
      pageviews: n(row.pageviews),
      bounceRate: entries.has(paths[i]) ? bounceRate(entries.get(paths[i])!) : 0,
      timeOnPage: timeOnPage.get(paths[i]) ?? null,
      scrollDepth: scrollDepth.get(paths[i]) ?? null,
    }));
  }

  private async eventBreakdown(scope: StatsQuery, dimension: Dimension, limit: number, offset: number): Promise<BreakdownRow[]> {
    const sql = new Sql(this.engine);
    const key = propKey(dimension);
    const expression = key === null ? 'e.name' : sql.jsonText('e.props', key);
    const { from, where } = this.eventScope(sql, scope, ['event']);
    // The key's parameter is bound once, in the select list: group by position; PostgreSQL's numbered
    // placeholder lets the order repeat the same text, SQLite's positional one does not.
    const rows = await this.query(
      sql,
      `SELECT ${expression} AS value, COUNT(DISTINCT e.visitor_id) AS visitors, COUNT(DISTINCT e.visit_id) AS visits, COUNT(*) AS events
       FROM ${from} WHERE ${where.join(' AND ')}${key === null ? '' : ` AND e.props IS NOT NULL`}
       GROUP BY 1 ORDER BY visitors DESC, events DESC, ${this.engine === 'postgres' ? sql.ordered(expression) : '1'} LIMIT ${sql.p(limit)} OFFSET ${sql.p(offset)}`,
    );
    const result = rows.map((row) => ({ value: row.value == null ? null : String(row.value), visitors: n(row.visitors), visits: n(row.visits), events: n(row.events) }));
    // Events without the property are not a row of a prop: breakdown.
    return key === null ? result : result.filter((row) => row.value !== null);
  }

  /**
   * One row per goal of the site: visitors who completed it and completions, among the slice's events
   * (by their own time, in visits matching the filters), its conversion rate against the slice's
   * visitors, and for a revenue goal the exact sum of its completions' revenue in its currency
   * (integers of hundredths, summed by the database; completions in another currency add nothing).
   * One statement for every goal (UNION ALL), each part read through the funnel indexes.
   */
  private async goalBreakdown(scope: StatsQuery, limit: number, offset: number): Promise<BreakdownRow[]> {
    const goals = scope.goals ?? [];
    if (goals.length === 0) return [];
    const totalSql = new Sql(this.engine);
    const [total] = await this.query(totalSql, `SELECT COUNT(DISTINCT v.visitor_id) AS visitors FROM visits v WHERE ${this.visitConditions(totalSql, scope).join(' AND ')}`);
    const sliceVisitors = n(total?.visitors);

    const sql = new Sql(this.engine);
    const parts = goals.map((goal, i) => {
      // Parameters are bound in the order they are written (SQLite's `?` are positional): select list first.
      const revenue =
        goal.currency === null
          ? 'CAST(NULL AS BIGINT) AS revenue, 0 AS paid'
          : `SUM(CASE WHEN e.revenue_currency = ${sql.p(goal.currency)} THEN e.revenue_cents END) AS revenue,
             SUM(CASE WHEN e.revenue_currency = ${sql.p(goal.currency)} AND e.revenue_cents IS NOT NULL THEN 1 ELSE 0 END) AS paid`;
      const { from, where } = this.eventScope(sql, scope, [goal.page !== null ? 'pageview' : 'event']);
      return `SELECT ${i} AS g, COUNT(DISTINCT e.visitor_id) AS visitors, COUNT(DISTINCT e.visit_id) AS visits, COUNT(*) AS events, ${revenue}
        FROM ${from} WHERE ${where.join(' AND ')} AND ${goalCondition(sql, goal, 'e')}`;
    });
    const counted = new Map<number, Record<string, unknown>>();
    for (const row of await this.query(sql, parts.join(' UNION ALL '))) counted.set(n(row.g), row);

    const rows = goals.map((goal, i) => goalRow(goal, counted.get(i), sliceVisitors));
    rows.sort((a, b) => b.visitors - a.visitors || b.events! - a.events! || (a.value! < b.value! ? -1 : a.value! > b.value! ? 1 : 0));
    return rows.slice(offset, offset + limit);
  }

  // ── shared conditions ───────────────────────────────────────────────

  /** Visits of the site started in the range, matching every filter. */
  visitConditions(sql: Sql, scope: StatsQuery, alias = 'v'): string[] {
    return [
      `${alias}.site_id = ${sql.p(scope.siteId)}`,
      `${alias}.started_at >= ${sql.p(scope.range.from)}`,
      `${alias}.started_at < ${sql.p(scope.range.to)}`,
      ...this.visitFilterConditions(sql, scope.filters, alias),
      ...this.eventFilterConditions(sql, scope, `${alias}.id`),
    ];
  }

  /** Conditions on the visit's own columns. */
  private visitFilterConditions(sql: Sql, filters: Filters, alias: string): string[] {
    const conditions: string[] = [];
    for (const [dimension, values] of filters) {
      const expression = visitExpression(dimension, alias);
      if (expression) conditions.push(matchAny(sql, expression, dimension, values));
    }
    return conditions;
  }

  /** The visit (by id expression) has an event matching each event-level filter (a goal's completion for `goal`). */
  private eventFilterConditions(sql: Sql, scope: StatsQuery, visitId: string): string[] {
    const conditions: string[] = [];
    for (const [dimension, values] of scope.filters) {
      const own = dimension === 'goal' ? anyGoal(sql, goalsNamed(scope.goals, values), 'f') : eventSelfCondition(sql, dimension, values, 'f');
      if (own) conditions.push(`EXISTS (SELECT 1 FROM events f WHERE f.visit_id = ${visitId} AND ${own})`);
    }
    return conditions;
  }

  /**
   * Events of the site in the range, of these types, whose visit matches the filters and which match
   * the filters that apply to them (page to pageviews; event and prop: to custom events).
   */
  eventScope(sql: Sql, scope: StatsQuery, types: string[], alwaysJoin = false): { from: string; where: string[] } {
    // Parameters are bound in the order they are written: SQLite's `?` are positional.
    const where = [
      `e.site_id = ${sql.p(scope.siteId)}`,
      `e.ts >= ${sql.p(scope.range.from)}`,
      `e.ts < ${sql.p(scope.range.to)}`,
      `e.type IN (${types.map((type) => `'${type}'`).join(', ')})`,
    ];
    const visitFilters = this.visitFilterConditions(sql, scope.filters, 'v');
    const join = alwaysJoin || visitFilters.length > 0;
    where.push(...visitFilters, ...this.eventFilterConditions(sql, scope, 'e.visit_id'));
    for (const [dimension, values] of scope.filters) {
      const own = eventSelfCondition(sql, dimension, values, 'e');
      if (own) where.push(`(e.type <> ${dimension === 'page' ? `'pageview'` : `'event'`} OR ${own})`);
    }
    return { from: join ? 'events e JOIN visits v ON v.id = e.visit_id' : 'events e', where };
  }

  propKeys(scope: StatsQuery, event: string | null, limit: number): Promise<PropKeyRow[]> {
    return propKeys(this, scope, event, limit);
  }

  query(sql: Sql, text: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(text, sql.params);
  }
}

/**
 * The events of a funnel step in a time window, written so the funnel indexes answer it: the type
 * as a literal (the indexes are partial on it), then site, page or name, then time.
 */
function stepMatch(sql: Sql, step: FunnelStep, window: { from: number; to: number }, siteId: number): string {
  const what =
    step.page !== undefined
      ? `e.type = 'pageview' AND e.site_id = ${sql.p(siteId)} AND ${matchAny(sql, 'e.path', 'page', [step.page])}`
      : `e.type = 'event' AND e.site_id = ${sql.p(siteId)} AND e.name = ${sql.p(step.event)}`;
  return `${what} AND e.ts >= ${sql.p(window.from)} AND e.ts < ${sql.p(window.to)}`;
}

/** The condition an event-level filter puts on one event (alias), or null for a visit-level dimension. */
function eventSelfCondition(sql: Sql, dimension: Dimension, values: string[], alias: string): string | null {
  if (dimension === 'page') return `${alias}.type = 'pageview' AND ${matchAny(sql, `${alias}.path`, 'page', values)}`;
  if (dimension === 'event') return `${alias}.type = 'event' AND ${alias}.name IN (${sql.list(values)})`;
  const key = propKey(dimension);
  if (key !== null) return `${alias}.type = 'event' AND ${sql.jsonText(`${alias}.props`, key)} IN (${sql.list(values)})`;
  return null;
}

/** A completion of any of these goals on alias (none: nothing matches). */
function anyGoal(sql: Sql, goals: GoalDefinition[], alias: string): string {
  return goals.length === 0 ? '1 = 0' : `(${goals.map((goal) => goalCondition(sql, goal, alias)).join(' OR ')})`;
}

/** A goal breakdown row from its counts (absent: no completion in the slice). */
function goalRow(goal: GoalDefinition, row: Record<string, unknown> | undefined, sliceVisitors: number): BreakdownRow {
  const visitors = n(row?.visitors);
  const result: BreakdownRow = { value: goal.name, visitors, visits: n(row?.visits), events: n(row?.events), conversionRate: percent(visitors, sliceVisitors) };
  if (goal.currency !== null) {
    // PostgreSQL answers SUM(bigint) as numeric text: BigInt keeps every digit.
    const total = BigInt(String(row?.revenue ?? 0).split('.')[0]);
    const paid = BigInt(n(row?.paid));
    result.revenue = { currency: goal.currency, total: formatHundredths(total), average: formatHundredths(paid === 0n ? 0n : (2n * total + paid) / (2n * paid)) };
  }
  return result;
}
