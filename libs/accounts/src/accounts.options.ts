export interface AccountsOptions {
  /** How long a login token is accepted. */
  sessionTtlMs: number;
  /** The first user, created when the database has none. */
  admin: { email: string; password?: string };
}

export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');
