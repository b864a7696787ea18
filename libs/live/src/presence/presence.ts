import type { LiveEvent, LiveResponse } from '@cairn/contracts';

/** A pageview or custom event for the live feed, as presence keeps it (time as epoch ms). No visitor id. */
export interface RecentEvent extends Omit<LiveEvent, 'at'> {
  at: number;
}

/** One visitor's latest whereabouts on a site. Keyed by the visitor hash: never an address or a User-Agent. */
export interface PresenceEntry {
  siteId: number;
  visitorId: string;
  /** Server time of the visitor's latest event, epoch ms. */
  seenAt: number;
  page: string;
  source: string;
  country: string | null;
  /** The event itself, for the feed of recent events; absent for engagement reports. */
  activity?: RecentEvent;
}

/** What a presence store remembers per visitor besides the key. */
export type Whereabouts = Pick<PresenceEntry, 'page' | 'source' | 'country'>;

/** Rows per list in a live answer. */
export const LIVE_LIST_LIMIT = 20;

/** Events in the feed of a live answer. */
export const LIVE_RECENT_LIMIT = 20;

/**
 * Who was active on which site within the window. `record` is called on the ingest path and must
 * stay synchronous and cheap; stores that write elsewhere queue and report through `onRecorded`.
 */
export abstract class Presence {
  private readonly listeners: Array<(siteIds: ReadonlySet<number>) => void> = [];

  abstract record(entries: readonly PresenceEntry[]): void;

  /** The site's live visitors as of `now` (entries older than the window are left out and dropped). */
  abstract snapshot(siteId: number, now: number): Promise<LiveResponse>;

  /** Drops everything older than the window, for stores that do not expire entries by themselves. */
  sweep(_now: number): void {}

  /** Called once recorded entries are visible to `snapshot` (in every process sharing the store). */
  onRecorded(listener: (siteIds: ReadonlySet<number>) => void): void {
    this.listeners.push(listener);
  }

  protected recorded(siteIds: ReadonlySet<number>): void {
    for (const listener of this.listeners) listener(siteIds);
  }
}

/**
 * Puts an event into a feed held newest first (a later event of the same millisecond goes before)
 * and keeps at most `limit`; false when it was too old to be kept.
 */
export function keepRecent(feed: RecentEvent[], event: RecentEvent, limit = LIVE_RECENT_LIMIT): boolean {
  if (feed.length >= limit && event.at < feed[feed.length - 1].at) return false;
  let i = 0;
  while (i < feed.length && feed[i].at > event.at) i++;
  feed.splice(i, 0, event);
  if (feed.length > limit) feed.length = limit;
  return true;
}

/**
 * Counts visitors per page, source and country; each list sorted by visitors (then by name), top
 * LIVE_LIST_LIMIT. `recent` is the feed, newest first, already limited to the window.
 */
export function summarize(visitors: Iterable<Whereabouts>, recent: readonly RecentEvent[] = []): LiveResponse {
  const pages = new Map<string, number>();
  const sources = new Map<string, number>();
  const countries = new Map<string | null, number>();
  let total = 0;
  for (const { page, source, country } of visitors) {
    total += 1;
    pages.set(page, (pages.get(page) ?? 0) + 1);
    sources.set(source, (sources.get(source) ?? 0) + 1);
    countries.set(country, (countries.get(country) ?? 0) + 1);
  }
  return {
    visitors: total,
    pages: top(pages).map(([page, visitors]) => ({ page, visitors })),
    sources: top(sources).map(([source, visitors]) => ({ source, visitors })),
    countries: top(countries).map(([country, visitors]) => ({ country, visitors })),
    recent: recent.slice(0, LIVE_RECENT_LIMIT).map(({ at, type, name, page, source, country, device }) => ({ at: new Date(at).toISOString(), type, name, page, source, country, device })),
  };
}

function top<K extends string | null>(counts: Map<K, number>): Array<[K, number]> {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || String(a ?? '\uffff').localeCompare(String(b ?? '\uffff')))
    .slice(0, LIVE_LIST_LIMIT);
}
