import { DateTime } from 'luxon';
import type { Interval, Period } from '@cairn/contracts';
import type { Bucket, TimeRange } from '@cairn/read-store';

export type { Bucket, TimeRange };

export const PERIODS: readonly Period[] = ['realtime', 'today', 'yesterday', '7d', '30d', 'month', 'year', 'all'];
export const INTERVALS: readonly Interval[] = ['minute', 'hour', 'day', 'week', 'month'];

/** How far back `realtime` looks. */
export const REALTIME_MS = 30 * 60_000;

/** Thrown for a time slice the caller got wrong; becomes a 400 naming the parameter. */
export class TimeSliceError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A named period in the site's zone, at `now`. Days are the site's days; 7d and 30d end with today
 * (today included); `all` starts at `earliest` (the site's first data, or its creation).
 */
export function periodRange(period: Period, zone: string, now: number, earliest: number): TimeRange {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const tomorrow = today.plus({ days: 1 }).toMillis();
  switch (period) {
    case 'realtime':
      return { from: now - REALTIME_MS, to: now + 1 };
    case 'today':
      return { from: today.toMillis(), to: tomorrow };
    case 'yesterday':
      return { from: today.minus({ days: 1 }).toMillis(), to: today.toMillis() };
    case '7d':
      return { from: today.minus({ days: 6 }).toMillis(), to: tomorrow };
    case '30d':
      return { from: today.minus({ days: 29 }).toMillis(), to: tomorrow };
    case 'month':
      return { from: today.startOf('month').toMillis(), to: today.startOf('month').plus({ months: 1 }).toMillis() };
    case 'year':
      return { from: today.startOf('year').toMillis(), to: today.startOf('year').plus({ years: 1 }).toMillis() };
    case 'all':
      return { from: Math.min(DateTime.fromMillis(earliest, { zone }).startOf('day').toMillis(), today.toMillis()), to: tomorrow };
  }
}

const UNIX_SECONDS = /^-?\d{1,12}$/;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * One end of an explicit slice: UNIX seconds, or ISO 8601. A bare date is that day in the site's
 * zone — its start for `start`, the start of the next day for `end` (so an end date is inclusive);
 * an instant without an offset is read in the site's zone; an instant is exclusive as an end.
 */
export function parseBoundary(raw: string, which: 'start' | 'end', zone: string): number {
  const text = raw.trim();
  if (UNIX_SECONDS.test(text)) return Number(text) * 1000;
  if (BARE_DATE.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (!day.isValid) throw new TimeSliceError(which, `${which} ${JSON.stringify(raw)} is not a real date`);
    return (which === 'end' ? day.plus({ days: 1 }) : day).toMillis();
  }
  const instant = HAS_OFFSET.test(text) ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone });
  if (!instant.isValid) {
    throw new TimeSliceError(which, `${which} must be UNIX seconds or an ISO 8601 date or date-time (got ${JSON.stringify(raw)})`);
  }
  return instant.toMillis();
}

/** The longest slice a stats call may ask for (a guard against absurd loops, not a product limit). */
const MAX_RANGE_MS = 20 * 366 * 86_400_000;

export function explicitRange(start: string, end: string, zone: string): TimeRange {
  const from = parseBoundary(start, 'start', zone);
  const to = parseBoundary(end, 'end', zone);
  if (to <= from) throw new TimeSliceError('end', 'end must be after start');
  if (to - from > MAX_RANGE_MS) throw new TimeSliceError('end', 'a time slice may span at most 20 years');
  return { from, to };
}

/**
 * The slice before, of equal length (compare=previous). A slice of whole days in the site's zone is
 * compared with as many whole days before it (so across a daylight-saving change, 30 days are
 * compared with 30 days, not with 30 × 24 hours).
 */
export function previousRange(range: TimeRange, zone = 'UTC'): TimeRange {
  const start = DateTime.fromMillis(range.from, { zone });
  const end = DateTime.fromMillis(range.to, { zone });
  if (start.equals(start.startOf('day')) && end.equals(end.startOf('day'))) {
    const days = Math.round(end.diff(start, 'days').days);
    return { from: start.minus({ days }).toMillis(), to: range.from };
  }
  return { from: range.from - (range.to - range.from), to: range.from };
}

/** The interval a period is usually drawn with. */
export function defaultInterval(range: TimeRange): Interval {
  const span = range.to - range.from;
  if (span <= 2 * 3_600_000) return 'minute';
  if (span <= 2 * 86_400_000 + 3_600_000) return 'hour';
  if (span <= 92 * 86_400_000) return 'day';
  return 'month';
}

/** At most this many buckets in one timeseries. */
export const MAX_BUCKETS = 5000;

/**
 * Every bucket of `interval` that overlaps the range, aligned to the site's calendar (weeks start on
 * Monday), so a day bucket is 23 or 25 hours long across a daylight-saving change. The first and last
 * buckets are cut to the range.
 */
export function buckets(range: TimeRange, interval: Interval, zone: string): Bucket[] {
  const unit = interval;
  let cursor = DateTime.fromMillis(range.from, { zone }).startOf(unit, { useLocaleWeeks: false });
  const result: Bucket[] = [];
  while (cursor.toMillis() < range.to) {
    const next = cursor.plus({ [`${unit}s`]: 1 });
    result.push({
      time: cursor.toISO({ suppressMilliseconds: true })!,
      from: Math.max(cursor.toMillis(), range.from),
      to: Math.min(next.toMillis(), range.to),
    });
    if (result.length > MAX_BUCKETS) {
      throw new TimeSliceError('interval', `${interval} buckets over this slice would be more than ${MAX_BUCKETS}; choose a longer interval`);
    }
    cursor = next;
  }
  return result;
}
