export interface AccountsOptions {
  /** How long a login token is accepted. */
  sessionTtlMs: number;
  /** The first user, created when the database has none. */
  admin: { email: string; password?: string };
  /** Wrong passwords in a row an account takes before it backs off (LOGIN_BACKOFF_AFTER; default 5). */
  loginBackoffAfter?: number;
}

export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');
