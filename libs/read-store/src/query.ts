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
 * A goal as the read path needs it: a page pattern (`*` wildcards), or a custom event's name with
 * properties it must carry; a revenue goal sums the revenue its completions carried in `currency`.
 */
export interface GoalDefinition {
  name: string;
  page: string | null;
  event: string | null;
  props: Readonly<Record<string, string>> | null;
  currency: string | null;
}

/**
 * What every stats question is about, parsed once from the request: one site, one slice of time,
 * some filters. Every engine answers the same StatsQuery with the same numbers.
 */
export interface StatsQuery {
  siteId: number;
  range: TimeRange;
  filters: Filters;
  /**
   * The site's goals: what `filter.goal` (whose values are goal names) and the `goal` breakdown are
   * about. A goal filter keeps the visits with a completion of one of the named goals.
   */
  goals?: readonly GoalDefinition[];
}
