import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { BreakdownRow, Dimension, Interval } from '@cairn/contracts';
import { bounceRate, visitDuration, type Bucket, type StatsQuery, type SummaryTotals, type TimeRange, type VisitTotals } from '@cairn/read-store';
import { VISIT_DIMENSIONS } from './day-builder.js';
import type { DayRow } from './rollup.repository.js';
import { RollupService } from './rollup.service.js';

interface Totals extends VisitTotals {
  pageviews: number;
  events: number;
  engagedMs: number;
  engagements: number;
  scrollSum: number;
  scrolls: number;
}

const VISIT_LEVEL = new Set(VISIT_DIMENSIONS.map(([dimension]) => dimension));

/** The site-local days a range is made of, or null when it does not start and end at midnight there. */
export function wholeDays(range: TimeRange, zone: string): string[] | null {
  const start = DateTime.fromMillis(range.from, { zone });
  if (!start.equals(start.startOf('day'))) return null;
  const days: string[] = [];
  for (let day = start; day.toMillis() < range.to; day = day.plus({ days: 1 })) {
    days.push(day.toISODate()!);
    if (days.length > 366 * 20) return null;
  }
  return DateTime.fromMillis(range.to, { zone }).startOf('day').toMillis() === range.to ? days : null;
}

/** Sums a value's rows over days: distinct visitors (and visits) as the first day's plus the later days' new ones. */
function combine(rows: DayRow[], firstDay: string): Totals {
  const t: Totals = { visitors: 0, visits: 0, bounces: 0, durationMs: 0, pageviews: 0, events: 0, engagedMs: 0, engagements: 0, scrollSum: 0, scrolls: 0 };
  for (const row of rows) {
    const first = row.day === firstDay;
    t.visitors += first ? row.visitors : row.newVisitors;
    t.visits += first ? row.visits : row.newVisits;
    t.bounces += row.bounces;
    t.durationMs += row.durationMs;
    t.pageviews += row.pageviews;
    t.events += row.events;
    t.engagedMs += row.engagedMs;
    t.engagements += row.engagements;
    t.scrollSum += row.scrollSum;
    t.scrolls += row.scrolls;
  }
  return t;
}

function byValue(rows: DayRow[]): Map<string | null, DayRow[]> {
  const groups = new Map<string | null, DayRow[]>();
  for (const row of rows) {
    const list = groups.get(row.value);
    if (list) list.push(row);
    else groups.set(row.value, [row]);
  }
  return groups;
}

/** Code-point order, nulls last: the order the raw queries give. */
function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Stats answered from daily rollups: summary, day/week/month timeseries and breakdowns of whole
 * site-local days without filters. Each returns null when rollups cannot answer, and the raw
 * queries do.
 */
@Injectable()
export class RollupStats {
  constructor(private readonly rollups: RollupService) {}

  private async rows(scope: StatsQuery, zone: string, dimension: string, days: string[]): Promise<DayRow[] | null> {
    return this.rollups.rows(scope.siteId, zone, dimension, days[0], days[days.length - 1]);
  }

  private days(scope: StatsQuery, zone: string): string[] | null {
    return scope.filters.size === 0 ? wholeDays(scope.range, zone) : null;
  }

  async summary(scope: StatsQuery, zone: string): Promise<SummaryTotals | null> {
    const days = this.days(scope, zone);
    const rows = days && (await this.rows(scope, zone, '', days));
    if (!days || !rows) return null;
    const t = combine(rows, days[0]);
    return { visitors: t.visitors, visits: t.visits, bounces: t.bounces, durationMs: t.durationMs, pageviews: t.pageviews, events: t.events };
  }

  async timeseries(scope: StatsQuery, zone: string, interval: Interval, buckets: Bucket[]): Promise<Array<VisitTotals & { pageviews: number }> | null> {
    if (interval !== 'day' && interval !== 'week' && interval !== 'month') return null;
    const days = this.days(scope, zone);
    const rows = days && (await this.rows(scope, zone, '', days));
    if (!days || !rows) return null;
    const byDay = new Map(rows.map((row) => [row.day, row]));
    return buckets.map((bucket) => {
      const bucketDays = wholeDays({ from: bucket.from, to: bucket.to }, zone) ?? [];
      const t = combine(bucketDays.flatMap((day) => (byDay.has(day) ? [byDay.get(day)!] : [])), bucketDays[0]);
      return { visitors: t.visitors, visits: t.visits, bounces: t.bounces, durationMs: t.durationMs, pageviews: t.pageviews };
    });
  }

  async breakdown(scope: StatsQuery, zone: string, dimension: Dimension, limit: number, offset: number): Promise<BreakdownRow[] | null> {
    // Goals are defined after the fact and may match many pages: raw events answer them.
    if (dimension === 'goal') return null;
    const days = this.days(scope, zone);
    const rows = days && (await this.rows(scope, zone, dimension, days));
    if (!days || !rows) return null;
    const combined = [...byValue(rows)].map(([value, list]) => ({ value, t: combine(list, days[0]) }));

    let result: Array<{ row: BreakdownRow; second: number }>;
    if (dimension === 'page') {
      const entries = await this.rows(scope, zone, 'entry_page', days);
      if (!entries) return null;
      const entryTotals = new Map([...byValue(entries)].map(([value, list]) => [value, combine(list, days[0])]));
      result = combined
        .filter(({ t }) => t.pageviews > 0)
        .map(({ value, t }) => ({
          second: t.pageviews,
          row: {
            value,
            visitors: t.visitors,
            visits: t.visits,
            pageviews: t.pageviews,
            bounceRate: entryTotals.has(value) ? bounceRate(entryTotals.get(value)!) : 0,
            timeOnPage: t.engagements ? Math.round(t.engagedMs / t.engagements / 1000) : null,
            scrollDepth: t.scrolls ? Math.round(t.scrollSum / t.scrolls) : null,
          },
        }));
    } else if (VISIT_LEVEL.has(dimension)) {
      result = combined
        .filter(({ t }) => t.visits > 0)
        .map(({ value, t }) => ({
          second: t.visits,
          row: { value, visitors: t.visitors, visits: t.visits, pageviews: t.pageviews, bounceRate: bounceRate(t), visitDuration: visitDuration(t) },
        }));
    } else {
      result = combined.filter(({ t }) => t.events > 0).map(({ value, t }) => ({ second: t.events, row: { value, visitors: t.visitors, visits: t.visits, events: t.events } }));
    }
    result.sort((a, b) => b.row.visitors - a.row.visitors || b.second - a.second || compareValues(a.row.value, b.row.value));
    return result.slice(offset, offset + limit).map(({ row }) => row);
  }
}
