/**
 * How many `subscribe` messages one socket may send that cost work (a token check, a site lookup and
 * a live-counts query each): a burst of `burst`, then one per `intervalMs` — a token bucket. The
 * dashboard subscribes once per page; a socket past this is answered without any work.
 */
export class SubscribeBudget {
  private tokens: number;
  private at: number;

  constructor(
    now: number,
    private readonly burst = 10,
    private readonly intervalMs = 1_000,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Takes one subscribe from the budget; false when there is none left at `now`. */
  take(now: number): boolean {
    const refilled = Math.floor((now - this.at) / this.intervalMs);
    if (refilled > 0) {
      this.tokens = Math.min(this.burst, this.tokens + refilled);
      this.at += refilled * this.intervalMs;
    }
    if (this.tokens === this.burst) this.at = now;
    if (this.tokens === 0) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole seconds until the next subscribe is allowed (0 when one is). */
  retryAfterSeconds(now: number): number {
    if (this.tokens > 0) return 0;
    return Math.max(1, Math.ceil((this.at + this.intervalMs - now) / 1000));
  }
}
