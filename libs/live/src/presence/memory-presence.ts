import type { LiveResponse } from '@cairn/contracts';
import { MAX_LIVE_VISITORS } from '../live.options.js';
import { Presence, summarize, type PresenceEntry, type Whereabouts } from './presence.js';

interface Seen extends Whereabouts {
  seenAt: number;
}

/**
 * Presence for one process: per site, a Map in least-recently-seen-first order (re-inserted on each
 * event), so dropping what left the window and evicting past the cap both start at the front.
 */
export class MemoryPresence extends Presence {
  private readonly sites = new Map<number, Map<string, Seen>>();
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
    for (const { siteId, visitorId, seenAt, page, source, country } of entries) {
      let visitors = this.sites.get(siteId);
      if (!visitors) this.sites.set(siteId, (visitors = new Map()));
      const known = visitors.get(visitorId);
      if (known && known.seenAt > seenAt) continue; // older news than what we hold
      if (known) visitors.delete(visitorId);
      else this.size += 1;
      visitors.set(visitorId, { seenAt, page, source, country });
      this.dropStale(siteId, visitors, seenAt - this.windowMs);
      touched.add(siteId);
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
    return Promise.resolve(summarize(live));
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
    if (oldest.visitors.size === 0) this.sites.delete(oldest.siteId);
  }
}
