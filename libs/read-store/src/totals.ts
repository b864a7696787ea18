import type { SummaryMetrics } from '@cairn/contracts';

/** Visit totals before they become rates: what a bucket or a breakdown row sums. */
export interface VisitTotals {
  visitors: number;
  visits: number;
  bounces: number;
  durationMs: number;
}

/** A summary before its rates: visit totals, and pageviews and custom events by their own time. */
export interface SummaryTotals extends VisitTotals {
  pageviews: number;
  events: number;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export function bounceRate(t: VisitTotals): number {
  return t.visits ? round1((100 * t.bounces) / t.visits) : 0;
}

export function visitDuration(t: VisitTotals): number {
  return t.visits ? Math.round(t.durationMs / t.visits / 1000) : 0;
}

export function percent(part: number, whole: number): number {
  return whole ? round1((100 * part) / whole) : 0;
}

/** The summary a reader sees, from its totals (the same arithmetic whichever engine counted). */
export function summaryMetrics(t: SummaryTotals): SummaryMetrics {
  return {
    visitors: t.visitors,
    visits: t.visits,
    pageviews: t.pageviews,
    viewsPerVisit: t.visits ? Math.round((100 * t.pageviews) / t.visits) / 100 : 0,
    bounceRate: bounceRate(t),
    visitDuration: visitDuration(t),
    events: t.events,
  };
}
