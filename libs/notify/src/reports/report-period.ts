import { DateTime } from 'luxon';
import type { ReportFrequency } from '@cairn/contracts';

/** The hour (site time) from which a finished period's report is due: Monday 08:00, or the 1st at 08:00. */
export const REPORT_HOUR = 8;

/** One period a report covers: [start, end) in epoch ms, its days in the site's zone, and when it is due. */
export interface ReportPeriod {
  frequency: ReportFrequency;
  /** First day, YYYY-MM-DD in the site's zone: the period's key. */
  key: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  lastDay: string;
  start: number;
  end: number;
  dueAt: number;
  zone: string;
}

/** The period that starts on `first` (a Monday, or a 1st), at midnight in `zone`. */
function periodFrom(frequency: ReportFrequency, first: DateTime): ReportPeriod {
  const next = frequency === 'weekly' ? first.plus({ weeks: 1 }) : first.plus({ months: 1 });
  return {
    frequency,
    key: first.toISODate()!,
    lastDay: next.minus({ days: 1 }).toISODate()!,
    start: first.toMillis(),
    end: next.toMillis(),
    // Luxon keeps wall-clock hours across a daylight-saving change: 08:00 stays 08:00 site time.
    dueAt: next.set({ hour: REPORT_HOUR }).toMillis(),
    zone: first.zoneName!,
  };
}

/** The period containing `at`. */
export function periodAt(frequency: ReportFrequency, at: number, zone: string): ReportPeriod {
  const local = DateTime.fromMillis(at, { zone }).startOf('day');
  const first = frequency === 'weekly' ? local.minus({ days: local.weekday - 1 }) : local.startOf('month');
  return periodFrom(frequency, first);
}

/** The period just before `period`. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const first = DateTime.fromMillis(period.start, { zone: period.zone });
  return periodFrom(period.frequency, period.frequency === 'weekly' ? first.minus({ weeks: 1 }) : first.minus({ months: 1 }));
}

/** The last period that has ended by `now` ("send now" mails this one). */
export function lastFinishedPeriod(frequency: ReportFrequency, now: number, zone: string): ReportPeriod {
  return previousPeriod(periodAt(frequency, now, zone));
}

/**
 * The periods whose mail is due by `now`, oldest first: those that ended after `since` (the
 * report's creation), at most `limit` of them (after a long downtime, the latest few).
 */
export function duePeriods(frequency: ReportFrequency, now: number, zone: string, since: number, limit: number): ReportPeriod[] {
  const due: ReportPeriod[] = [];
  let period = lastFinishedPeriod(frequency, now, zone);
  if (period.dueAt > now) period = previousPeriod(period);
  while (due.length < limit && period.end > since) {
    due.unshift(period);
    period = previousPeriod(period);
  }
  return due;
}
