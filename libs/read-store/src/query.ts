import type { Dimension } from '@cairn/contracts';

/** A half-open slice of time, epoch milliseconds: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  from: number;
  to: number;
}

/** One bucket of a timeseries: its label (ISO 8601 in the site's zone) and its half-open span. */
export interface Bucket extends TimeRange {
  time: string;
}

/** Filters: dimension → accepted values (OR within a dimension, AND across dimensions). */
export type Filters = Map<Dimension, string[]>;

/**
 * What every stats question is about, parsed once from the request: one site, one slice of time,
 * some filters. Every engine answers the same StatsQuery with the same numbers.
 */
export interface StatsQuery {
  siteId: number;
  range: TimeRange;
  filters: Filters;
}
