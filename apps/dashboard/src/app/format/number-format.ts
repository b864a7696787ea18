import { activeLocale } from '../i18n/active-locale';

/**
 * Figures written for the reader's locale (the chosen language, in the browser's variant of it),
 * with Intl. Functions, not pipes, so components and the chart's axis labels share them; read in a
 * computed(), they follow a language switch.
 */
const locale = (): string => activeLocale();

const counts = new Map<string, Intl.NumberFormat>();
function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = counts.get(key);
  if (!format) counts.set(key, (format = make()));
  return format;
}

/** 1234567 → "1,234,567" (en) / "1 234 567" (fr). */
export function formatCount(value: number): string {
  return cached(`count:${locale()}`, () => new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 })).format(value);
}

/** 1234567 → "1.2M": for narrow places such as chart axes. */
export function formatCompact(value: number): string {
  return cached(`compact:${locale()}`, () => new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 })).format(value);
}

/** 1.8 → "1.8", for views per visit. */
export function formatDecimal(value: number): string {
  return cached(`decimal:${locale()}`, () => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 })).format(value);
}

/** A percent given as 0–100 (the API's bounce and conversion rates): 40 → "40%". */
export function formatPercent(value: number): string {
  return cached(`percent:${locale()}`, () => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 })).format(value / 100);
}

function unit(unit: 'hour' | 'minute' | 'second', padded: boolean): Intl.NumberFormat {
  return cached(`${unit}:${padded}:${locale()}`, () =>
    new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'narrow', minimumIntegerDigits: padded ? 2 : 1, maximumFractionDigits: 0 }),
  );
}

/** Seconds as "1h 05m", "3m 20s", "45s" (the locale's own short units: "1 Std. 05 Min." in German). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${unit('hour', false).format(h)} ${unit('minute', true).format(m)}`;
  if (m > 0) return `${unit('minute', false).format(m)} ${unit('second', true).format(s)}`;
  return unit('second', false).format(s);
}

/**
 * The change from `previous` to `current` in percent, rounded; null when there is nothing to
 * compare with (previous was 0).
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return Math.round(((current - previous) / previous) * 100);
}

/** +12% / −5% / 0%, with a real minus sign. */
export function formatChange(change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  return `${sign}${formatPercent(Math.abs(change))}`;
}

const regionNames = new Map<string, Intl.DisplayNames>();

/** A country code as the reader's language names it (FR → France); the code itself if unknown. */
export function countryName(code: string): string {
  try {
    const names = regionNames.get(locale()) ?? new Intl.DisplayNames(locale(), { type: 'region' });
    regionNames.set(locale(), names);
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * An amount in a currency, from the API's exact decimal text ("199900.00"): Intl formats the text as
 * written (no trip through a float), in the reader's language.
 */
export function formatMoney(amount: string, currency: string): string {
  const format = cached(`money:${currency}:${locale()}`, () => new Intl.NumberFormat(locale(), { style: 'currency', currency }));
  return format.format(amount as unknown as number);
}
