import { RateLimiter } from './rate-limiter.js';

const T0 = Date.UTC(2026, 10, 29, 12);

describe(RateLimiter.name, () => {
  it('lets a burst of `limit` events through, then refuses with the seconds until the next one may pass', () => {
    const limiter = new RateLimiter(5);
    const decisions = Array.from({ length: 7 }, () => limiter.take('a', T0));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    // 5 a minute: one more every 12 s.
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 12 });
    expect(limiter.take('a', T0 + 11_999).allowed).toBe(false);
    expect(limiter.take('a', T0 + 12_000).allowed).toBe(true);
    expect(limiter.take('a', T0 + 12_001)).toEqual({ allowed: false, retryAfterSeconds: 12 });
  });

  it('holds a steady client to `limit` a minute, however it spreads them', () => {
    const limiter = new RateLimiter(600);
    let allowed = 0;
    // 10 events a second for ten minutes: twice the limit.
    for (let ms = 0; ms < 600_000; ms += 100) if (limiter.take('steady', T0 + ms).allowed) allowed++;
    expect(allowed).toBeGreaterThanOrEqual(6000);
    expect(allowed).toBeLessThanOrEqual(6000 + 600); // the first minute's burst at most on top
  });

  it('counts each client on its own', () => {
    const limiter = new RateLimiter(1);
    expect(limiter.take('a', T0).allowed).toBe(true);
    expect(limiter.take('a', T0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take('b', T0).allowed).toBe(true);
  });

  it('forgets clients once their allowance is whole again, so memory follows the active clients only', () => {
    const limiter = new RateLimiter(10);
    for (let i = 0; i < 1000; i++) limiter.take(`client ${i}`, T0);
    expect(limiter.size).toBe(1000);
    limiter.take('late', T0 + 60_001);
    expect(limiter.size).toBe(1);
  });
});
