/** Entries an enrichment cache holds before it starts afresh. */
const CACHE_SIZE = 5000;

/**
 * Stores `value` under `key` and returns it. The enrichment caches (user agents, referrer names) live
 * in memory only and are cleared when full, so they stay bounded.
 */
export function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, value);
  return value;
}
