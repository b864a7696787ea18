/** The canonical spelling of an IANA time zone (`europe/paris` → `Europe/Paris`), or null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
