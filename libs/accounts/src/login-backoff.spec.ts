import { FREE_FAILURES, LoginBackoff, MAX_WAIT_MS } from './login-backoff.js';

describe(LoginBackoff.name, () => {
  it('lets the first wrong passwords through, then makes each attempt wait twice as long, at most a minute', () => {
    const backoff = new LoginBackoff();
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 8; i++) {
      const wait = backoff.waitMs('a@example.org', now);
      waits.push(wait);
      now += wait;
      backoff.failed('a@example.org', now);
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(Math.max(...waits)).toBe(MAX_WAIT_MS);
  });

  it('counts the wait from the last failure, and a right password clears it', () => {
    const backoff = new LoginBackoff();
    for (let i = 0; i < FREE_FAILURES; i++) backoff.failed('a@example.org', 10_000);
    expect(backoff.waitMs('a@example.org', 10_400)).toBe(600);
    expect(backoff.waitMs('a@example.org', 11_000)).toBe(0);
    backoff.succeeded('a@example.org');
    backoff.failed('a@example.org', 11_000);
    expect(backoff.waitMs('a@example.org', 11_000)).toBe(0);
  });

  it('keys by the email whatever its case, one account not slowing another', () => {
    const backoff = new LoginBackoff();
    for (let i = 0; i < FREE_FAILURES + 2; i++) backoff.failed('A@Example.org ', 0);
    expect(backoff.waitMs('a@example.org', 0)).toBe(4_000);
    expect(backoff.waitMs('b@example.org', 0)).toBe(0);
  });

  it('forgets an account that has been quiet for 15 minutes', () => {
    const backoff = new LoginBackoff();
    for (let i = 0; i < FREE_FAILURES + 5; i++) backoff.failed('a@example.org', 0);
    expect(backoff.waitMs('a@example.org', 15 * 60_000)).toBe(0);
    expect(backoff.waitMs('a@example.org', 15 * 60_000 + 1)).toBe(0);
    backoff.failed('a@example.org', 15 * 60_000 + 1);
    expect(backoff.waitMs('a@example.org', 15 * 60_000 + 1)).toBe(0);
  });
});
