/** ISO 4217 codes this runtime knows (Intl's list: every active currency). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

/**
 * A revenue amount as hundredths, exactly: a JSON number or a decimal text with at most 2 digits after
 * the point (29.9 → 2990, "19.99" → 1999), not negative, at most 10^13. Null when it is not one.
 * The number is read from its shortest decimal spelling (what JSON carried), never multiplied as a float.
 */
export function parseAmount(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
