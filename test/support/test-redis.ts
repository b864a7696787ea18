import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the scale suite uses (CI starts one on the default port). */
export const TEST_REDIS_URL = process.env.CAIRN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test file, so parallel runs on one Redis never meet. */
export function uniqueRedisPrefix(): string {
  return `cairn-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes this test's keys, and only those. */
export async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
