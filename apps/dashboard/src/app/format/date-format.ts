import { activeLocale } from '../i18n/active-locale';

const formats = new Map<string, Intl.DateTimeFormat>();

function cached(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}:${activeLocale()}`;
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new Intl.DateTimeFormat(activeLocale(), options)));
  return format;
}

/** An instant as the reader's locale writes a date: "Mar 4, 2026", "4. März 2026". */
export function formatDate(at: string | number | Date): string {
  return cached('date', { dateStyle: 'medium' }).format(new Date(at));
}

/** An instant's clock time in the reader's locale, with seconds: "14:05:09", "2:05:09 PM". */
export function formatClock(at: string | number | Date): string {
  return cached('clock', { timeStyle: 'medium' }).format(new Date(at));
}

/**
 * A calendar day (YYYY-MM-DD, already the site's) in the reader's locale, never moved by the
 * browser's own zone.
 */
export function formatDay(date: string, options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric' }): string {
  const [y, m, d] = date.split('-').map(Number);
  return cached(`day:${JSON.stringify(options)}`, { ...options, timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}
