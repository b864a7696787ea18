/** A changed site is pushed at most this often. */
export const MIN_PUSH_INTERVAL_MS = 1_000;
/** A watched site is pushed at least this often, changed or not, so a quiet screen can be trusted. */
export const HEARTBEAT_MS = 10_000;

interface Watched {
  lastPushAt: number;
  changed: boolean;
}

/**
 * When to push which site, as plain bookkeeping over a clock the caller passes in (the gateway ticks
 * it; specs move a ManualClock): a change is pushed at once if the site's last push is a second old,
 * else when it turns a second old — changes in between ride along — and every site is pushed 10 s
 * after its last push regardless.
 */
export class PushPacer {
  private readonly watched = new Map<number, Watched>();

  constructor(
    private readonly minIntervalMs = MIN_PUSH_INTERVAL_MS,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  /** A socket here subscribed to the site (and was just sent its state). */
  watch(siteId: number, now: number): void {
    if (!this.watched.has(siteId)) this.watched.set(siteId, { lastPushAt: now, changed: false });
  }

  /** Nobody here is subscribed to the site any more. */
  unwatch(siteId: number): void {
    this.watched.delete(siteId);
  }

  isWatched(siteId: number): boolean {
    return this.watched.has(siteId);
  }

  /** The site's visitors changed; true when a push is due right away (so the caller need not wait for its next tick). */
  changed(siteId: number, now: number): boolean {
    const site = this.watched.get(siteId);
    if (!site) return false;
    site.changed = true;
    return now - site.lastPushAt >= this.minIntervalMs;
  }

  /** The sites to push now; each counts as pushed at `now`. */
  due(now: number): number[] {
    const due: number[] = [];
    for (const [siteId, site] of this.watched) {
      const age = now - site.lastPushAt;
      if ((site.changed && age >= this.minIntervalMs) || age >= this.heartbeatMs) {
        site.lastPushAt = now;
        site.changed = false;
        due.push(siteId);
      }
    }
    return due;
  }
}
