import type { LiveResponse } from '@cairn/contracts';
import { MAX_LIVE_VISITORS } from '../live.options.js';
import { keepRecent, Presence, summarize, type PresenceEntry, type RecentEvent, type Whereabouts } from './presence.js';

interface Seen extends Whereabouts {
  seenAt: number;
}

/**
 * Presence for one process: per site, a Map in least-recently-seen-first order (re-inserted on each
 * event), so dropping what left the window and evicting past the cap both start at the front.
 */
export class MemoryPresence extends Presence {
  private readonly sites = new Map<number, Map<string, Seen>>();
  /** Per site, the latest pageviews and custom events, newest first (LIVE_RECENT_LIMIT at most). */
  private readonly feeds = new Map<number, RecentEvent[]>();
  private size = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxVisitors = MAX_LIVE_VISITORS,
  ) {
    super();
  }

  /** Visitors held, all sites together. */
  get entries(): number {
    return this.size;
  }

  record(entries: readonly PresenceEntry[]): void {
    const touched = new Set<number>();
    /** Per site, the latest time recorded: what left the window by then is dropped once, after the loop. */
    const latest = new Map<number, number>();
    for (const { siteId, visitorId, seenAt, page, source, country, activity } of entries) {
      if (activity) {
        let feed = this.feeds.get(siteId);
        if (!feed) this.feeds.set(siteId, (feed = []));
        if (keepRecent(feed, activity)) touched.add(siteId);
      }
      let visitors = this.sites.get(siteId);
      if (!visitors) this.sites.set(siteId, (visitors = new Map()));
      const known = visitors.get(visitorId);
      if (known && known.seenAt > seenAt) continue; // older news than what we hold
      if (known) visitors.delete(visitorId);
      else this.size += 1;
      visitors.set(visitorId, { seenAt, page, source, country });
      if (seenAt > (latest.get(siteId) ?? Number.NEGATIVE_INFINITY)) latest.set(siteId, seenAt);
      touched.add(siteId);
    }
    // Once per site and batch rather than once per event: each drop walks the map from its front.
    for (const [siteId, seenAt] of latest) {
      const visitors = this.sites.get(siteId);
      if (visitors) this.dropStale(siteId, visitors, seenAt - this.windowMs);
    }
    while (this.size > this.maxVisitors) this.evictLeastRecent();
    if (touched.size > 0) this.recorded(touched);
  }

  snapshot(siteId: number, now: number): Promise<LiveResponse> {
    const visitors = this.sites.get(siteId);
    if (!visitors) return Promise.resolve(summarize([]));
    const cutoff = now - this.windowMs;
    this.dropStale(siteId, visitors, cutoff);
    const live: Seen[] = [];
    // Order is by arrival; a clock set back could leave an old entry behind a newer one, hence the check.
    for (const seen of visitors.values()) if (seen.seenAt > cutoff) live.push(seen);
    const feed = (this.feeds.get(siteId) ?? []).filter((event) => event.at > cutoff);
    return Promise.resolve(summarize(live, feed));
  }

  /** Drops everything older than the window on every site (run now and then, for sites nobody reads). */
  override sweep(now: number): void {
    for (const [siteId, visitors] of this.sites) this.dropStale(siteId, visitors, now - this.windowMs);
  }

  private dropStale(siteId: number, visitors: Map<string, Seen>, cutoff: number): void {
    for (const [visitorId, seen] of visitors) {
      if (seen.seenAt > cutoff) break;
      visitors.delete(visitorId);
      this.size -= 1;
    }
    if (visitors.size === 0) this.sites.delete(siteId);
    const feed = this.feeds.get(siteId);
    if (feed) {
      while (feed.length > 0 && feed[feed.length - 1].at <= cutoff) feed.pop();
      if (feed.length === 0 || visitors.size === 0) this.feeds.delete(siteId);
    }
  }

  private evictLeastRecent(): void {
    let oldest: { siteId: number; visitors: Map<string, Seen>; visitorId: string; seenAt: number } | null = null;
    for (const [siteId, visitors] of this.sites) {
      const first = visitors.entries().next();
      if (first.done) continue;
      const [visitorId, seen] = first.value;
      if (!oldest || seen.seenAt < oldest.seenAt) oldest = { siteId, visitors, visitorId, seenAt: seen.seenAt };
    }
    if (!oldest) return;
    oldest.visitors.delete(oldest.visitorId);
    this.size -= 1;
    if (oldest.visitors.size === 0) {
      this.sites.delete(oldest.siteId);
      this.feeds.delete(oldest.siteId);
    }
  }
}
