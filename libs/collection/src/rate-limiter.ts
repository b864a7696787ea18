/** What the limiter decided for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A per-client event limit: `limit` events a minute, in bursts of up to `limit`, as a generic cell
 * rate algorithm (GCRA, the token bucket's one-number form). A client's state is the time its
 * bucket would be full again; a full bucket is forgotten. O(1) a request, where @nestjs/throttler's
 * memory store keeps and filters a timestamp per hit (up to `limit` of them) on every request,
 * which showed as a few per cent of an event's cost.
 *
 * Keys should not be addresses: they stay in memory for up to a minute (see EventIngress).
 */
export class RateLimiter {
  /** Milliseconds one event adds to a client's bucket. */
  private readonly interval: number;
  /** How far ahead of now a client's full-again time may be and still take an event. */
  private readonly tolerance: number;
  private readonly fullAgainAt = new Map<string, number>();
  private nextSweep = 0;

  constructor(
    limit: number,
    private readonly windowMs = 60_000,
  ) {
    this.interval = windowMs / limit;
    this.tolerance = this.interval * (limit - 1);
  }

  /** Clients holding state (for tests and the curious). */
  get size(): number {
    return this.fullAgainAt.size;
  }

  take(key: string, now: number): RateDecision {
    if (now >= this.nextSweep) this.sweep(now);
    const fullAgainAt = Math.max(this.fullAgainAt.get(key) ?? now, now);
    if (fullAgainAt - now > this.tolerance) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((fullAgainAt - this.tolerance - now) / 1000)) };
    this.fullAgainAt.set(key, fullAgainAt + this.interval);
    return { allowed: true };
  }

  /** Forgets clients whose bucket is full again: they are as good as new. Once a window at most. */
  private sweep(now: number): void {
    for (const [key, fullAgainAt] of this.fullAgainAt) if (fullAgainAt <= now) this.fullAgainAt.delete(key);
    this.nextSweep = now + this.windowMs;
  }
}
