import type { BreakdownRow, Dimension, FunnelStep, PropKeyRow } from '@cairn/contracts';
import type { Bucket, StatsQuery } from './query.js';
import type { SummaryTotals, VisitTotals } from './totals.js';

/**
 * The read path's seam: every question the dashboard and the API ask of raw events and visits, which
 * each engine (the primary database's SQL, the DuckDB mirror, ClickHouse) answers with the same
 * numbers. The rules are those of docs/stats.md: a visit — its visitor, bounce and duration — belongs
 * to the slice in which it started; pageviews and custom events count by their own time; a
 * visit-level filter keeps matching visits and their events; `page` keeps visits with a matching
 * pageview and counts only matching pageviews; `event` and `prop:` keep visits with a matching
 * custom event and count only matching events. An abstract class, so it is also the injection token.
 */
export abstract class ReadStore {
  /** Which engine answers (for logs, health and the bench). */
  abstract readonly name: string;

  /** The start of the site's first visit, or null before any. */
  abstract firstVisitAt(siteId: number): Promise<number | null>;

  abstract summary(query: StatsQuery): Promise<SummaryTotals>;

  /** Per bucket, in the buckets' order: visit totals (by start) and pageviews (by their time). */
  abstract timeseries(query: StatsQuery, buckets: Bucket[]): Promise<Array<VisitTotals & { pageviews: number }>>;

  /** Values of a dimension sorted by visitors (then the dimension's second count, then value in code-point order, nulls last). */
  abstract breakdown(query: StatsQuery, dimension: Dimension, limit: number, offset: number): Promise<BreakdownRow[]>;

  /** Visitors reaching each step: within one visit, steps 1..k in that order (by time, then arrival). */
  abstract funnel(query: StatsQuery, steps: FunnelStep[]): Promise<number[]>;

  /** Property keys of the slice's custom events (of one event name, when given), by visitors, then events, then key. */
  abstract propKeys(query: StatsQuery, event: string | null, limit: number): Promise<PropKeyRow[]>;
}
