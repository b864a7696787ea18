/** The zone this browser is in (its day boundaries are the likeliest for a new site). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Every IANA zone the browser knows, plus UTC (which `supportedValuesOf` leaves out) and the
 * browser's own zone, which may be an alias such as Asia/Calcutta that the list spells differently.
 */
export function timeZoneChoices(current = browserTimeZone()): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', current])].sort((a, b) => a.localeCompare(b));
}
