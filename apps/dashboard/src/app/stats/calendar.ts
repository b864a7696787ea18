import type { Period } from '@cairn/contracts';
import type { TimeSlice } from './view-state';

/** How far back the API's `realtime` period looks (contract: the last 30 minutes). */
export const REALTIME_SECONDS = 30 * 60;

/** The calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function dateIn(zone: string, at: number): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The days a slice covers, computed the way the API does (7d and 30d end with today, month and
 * year are the calendar's): where a custom range starts from when the reader switches to one.
 * Realtime is the last 30 minutes as UNIX seconds.
 */
export function sliceBounds(slice: TimeSlice, zone: string, now: number, firstDay: string): { start: string; end: string } {
  if (!('period' in slice)) return slice;
  const today = dateIn(zone, now);
  const bounds: Record<Period, () => { start: string; end: string }> = {
    realtime: () => ({ start: String(Math.floor(now / 1000) - REALTIME_SECONDS), end: String(Math.floor(now / 1000) + 1) }),
    today: () => ({ start: today, end: today }),
    yesterday: () => ({ start: addDays(today, -1), end: addDays(today, -1) }),
    '7d': () => ({ start: addDays(today, -6), end: today }),
    '30d': () => ({ start: addDays(today, -29), end: today }),
    month: () => ({ start: `${today.slice(0, 8)}01`, end: lastDayOfMonth(today) }),
    year: () => ({ start: `${today.slice(0, 4)}-01-01`, end: `${today.slice(0, 4)}-12-31` }),
    all: () => ({ start: firstDay < today ? firstDay : today, end: today }),
  };
  return bounds[slice.period]();
}
