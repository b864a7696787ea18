import { DateTime } from 'luxon';
import type { TimeRange } from '@cairn/aggregation';

/** Anything but letters, digits, dot, dash and underscore becomes one dash: safe in a header and on any file system. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'export';
}

/**
 * `<site>-<dataset>-<first day>-<last day>.<ext>`, days in the site's zone (the last day is the one
 * holding the range's last instant: its end is exclusive). `prop:plan` becomes `prop-plan`.
 */
export function exportFileName(domain: string, dataset: string, range: TimeRange, zone: string, extension: string): string {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate() ?? 'unknown';
  const last = Math.max(range.from, range.to - 1);
  return `${safe(domain)}-${safe(dataset)}-${day(range.from)}-${day(last)}.${extension}`;
}
