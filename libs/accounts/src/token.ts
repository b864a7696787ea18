import { createHash, randomBytes } from 'node:crypto';
import type { AuthTokenKind } from '@cairn/storage';

const PREFIX: Record<AuthTokenKind, string> = { session: 'cs_', api_key: 'ck_' };

export interface IssuedToken {
  /** Given to the client once; never stored. */
  token: string;
  hash: string;
  /** Shown in key lists so a user can tell keys apart. */
  prefix: string;
}

/** 256 random bits: a plain SHA-256 of it is as safe to store as a slow hash would be. */
export function issueToken(kind: AuthTokenKind): IssuedToken {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
