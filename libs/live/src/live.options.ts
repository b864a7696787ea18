export interface LiveOptions {
  /** How far back "live" looks (LIVE_WINDOW_MINUTES). */
  windowMs: number;
  /** Shared presence and cross-process push through Redis; null keeps everything in this process. */
  redisUrl: string | null;
  /** Every Redis key and channel Cairn uses starts with this (REDIS_KEY_PREFIX). */
  redisKeyPrefix: string;
  /** Visitors kept at most (per process in memory, per site in Redis); the least recently seen go first. */
  maxVisitors?: number;
}

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');

/** Default bound on presence entries. */
export const MAX_LIVE_VISITORS = 100_000;
