import { createHash } from 'node:crypto';

/** Wrong passwords an account may take before any wait, by default: a user mistyping a few times never waits. */
export const FREE_FAILURES = 5;
/** The first wait, doubled at each further failure… */
const FIRST_WAIT_MS = 1_000;
/** …up to this: the most an attacker can make the real user wait, however long they keep guessing. */
export const MAX_WAIT_MS = 60_000;
/** A quiet account forgets its failures after this long. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Accounts tracked at once; past it the oldest entries go (memory stays bounded whatever is sprayed). */
const MAX_ACCOUNTS = 10_000;

interface Failures {
  count: number;
  /** When the last wrong password came. */
  last: number;
}

/**
 * Per-account back-off for logins: after FREE_FAILURES (LOGIN_BACKOFF_AFTER) wrong passwords in a row, each attempt must
 * wait 1 s, 2 s, 4 s … at most MAX_WAIT_MS after the last failure, whichever address it comes from.
 * It slows guessing one account from many addresses to about one guess a minute, and is never a
 * lockout: the real user waits at most a minute, and a right password clears it. Keyed by a digest
 * of the email, known or not (an unknown email backs off alike, so the answer tells nothing), and
 * held in this process's memory, as the per-address limit is.
 */
export class LoginBackoff {
  private readonly accounts = new Map<string, Failures>();

  constructor(private readonly freeFailures = FREE_FAILURES) {}

  /** How long this email must still wait before its password is checked (0: check it now). */
  waitMs(email: string, now: number): number {
    const failures = this.current(keyOf(email), now);
    if (!failures || failures.count < this.freeFailures) return 0;
    const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(30, failures.count - this.freeFailures));
    return Math.max(0, failures.last + wait - now);
  }

  failed(email: string, now: number): void {
    const key = keyOf(email);
    const failures = this.current(key, now);
    this.accounts.delete(key); // re-inserted last: the map's order is the order of last failure
    this.accounts.set(key, { count: (failures?.count ?? 0) + 1, last: now });
    if (this.accounts.size > MAX_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value!);
  }

  succeeded(email: string): void {
    this.accounts.delete(keyOf(email));
  }

  private current(key: string, now: number): Failures | undefined {
    const failures = this.accounts.get(key);
    if (failures && now - failures.last > FORGET_AFTER_MS) {
      this.accounts.delete(key);
      return undefined;
    }
    return failures;
  }
}

function keyOf(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}
