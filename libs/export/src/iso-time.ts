const HOUR_MS = 3_600_000;
/** Date#toISOString's own format holds for these years only (0000–9999). */
const LAST_PLAIN_MS = 253_402_300_799_999;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

let hourStart = Number.NaN;
let hourPrefix = '';

/**
 * Epoch milliseconds as `Date#toISOString` writes them (`2026-03-10T09:00:00.000Z`). An export writes
 * a time on every row, in time order, and a Date per row was a tenth of its CPU time: here the date and
 * hour, which consecutive rows share, are formatted once per hour and the rest from tables.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_PLAIN_MS) return new Date(ms).toISOString();
  let offset = ms - hourStart;
  if (!(offset >= 0 && offset < HOUR_MS)) {
    hourStart = ms - (ms % HOUR_MS);
    hourPrefix = new Date(hourStart).toISOString().slice(0, 14); // 2026-03-10T09:
    offset = ms - hourStart;
  }
  const seconds = Math.floor(offset / 1000);
  return `${hourPrefix}${TWO_DIGITS[Math.floor(seconds / 60)]}:${TWO_DIGITS[seconds % 60]}.${THREE_DIGITS[offset % 1000]}Z`;
}
