import { Redis } from 'ioredis';
// From the files, not @cairn/live: the lib's index pulls in Nest modules Jest cannot load here (see throttler-stub.ts).
import { RedisPresence } from '../../libs/live/src/presence/redis-presence.js';
import { RedisLink } from '../../libs/live/src/redis-link.js';
import { dropRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/test-redis.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 10, 12);

/** RedisPresence on a real Redis: two instances stand for two processes. */
describe(RedisPresence.name, () => {
  let prefix: string;
  let links: RedisLink[];
  let one: RedisPresence;
  let two: RedisPresence;
  const entry = (visitorId: string, seenAt: number, page = '/', siteId = 1) => ({ siteId, visitorId, seenAt, page, source: 'Direct / None', country: 'FR' });

  beforeEach(() => {
    prefix = uniqueRedisPrefix();
    links = [new RedisLink(TEST_REDIS_URL, prefix), new RedisLink(TEST_REDIS_URL, prefix)];
    one = new RedisPresence(links[0], 5 * MINUTE, 3);
    two = new RedisPresence(links[1], 5 * MINUTE, 3);
  });
  afterEach(async () => {
    await Promise.all(links.map((link) => link.close()));
    await dropRedisKeys(prefix);
  });

  it('what one process records, the other counts; listeners in both hear once it is there', async () => {
    const heardHere: number[][] = [];
    const heardThere: number[][] = [];
    one.onRecorded((sites) => heardHere.push([...sites]));
    two.onRecorded((sites) => heardThere.push([...sites]));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the subscriptions are in place
    one.record([entry('a', T0, '/'), entry('b', T0, '/pricing'), entry('c', T0, '/', 2)]);
    await one.drain();
    expect(heardHere).toEqual([[1, 2]]);
    for (let waited = 0; heardThere.length === 0 && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heardThere).toEqual([[1, 2]]);
    two.record([entry('a', T0 + 1000, '/pricing')]);
    await two.drain();
    expect(await one.snapshot(1, T0 + 1000)).toEqual({
      visitors: 2,
      pages: [{ page: '/pricing', visitors: 2 }],
      sources: [{ source: 'Direct / None', visitors: 2 }],
      countries: [{ country: 'FR', visitors: 2 }],
      recent: [],
    });
    expect((await two.snapshot(2, T0 + 1000)).visitors).toBe(1);
  });

  it('ignores older news of a visitor, from whichever process', async () => {
    one.record([entry('a', T0 + 5000, '/new')]);
    await one.drain();
    two.record([entry('a', T0, '/old')]);
    await two.drain();
    expect((await one.snapshot(1, T0 + 5000)).pages).toEqual([{ page: '/new', visitors: 1 }]);
  });

  it('drops visitors a window old, from the sorted set and the hash, and lets the keys expire', async () => {
    one.record([entry('a', T0), entry('b', T0 + 2 * MINUTE)]);
    await one.drain();
    expect((await two.snapshot(1, T0 + 5 * MINUTE)).visitors).toBe(1);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.hkeys(`${prefix}:live:{1}:info`)).toEqual(['b']);
      expect(await redis.pttl(`${prefix}:live:{1}:seen`)).toBeGreaterThan(5 * MINUTE);
      expect(await redis.pttl(`${prefix}:live:{1}:seen`)).toBeLessThanOrEqual(6 * MINUTE);
    } finally {
      redis.disconnect();
    }
    expect((await two.snapshot(1, T0 + 7 * MINUTE)).visitors).toBe(0);
  });

  it('is bounded per site: past the cap the least recently seen go first', async () => {
    one.record([entry('a', T0), entry('b', T0 + 1), entry('c', T0 + 2)]);
    await one.drain();
    two.record([entry('d', T0 + 3), entry('e', T0 + 4)]);
    await two.drain();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.zrange(`${prefix}:live:{1}:seen`, 0, -1)).toEqual(['c', 'd', 'e']);
      expect((await redis.hkeys(`${prefix}:live:{1}:info`)).sort()).toEqual(['c', 'd', 'e']);
    } finally {
      redis.disconnect();
    }
  });

  describe('the feed of recent events', () => {
    const happened = (visitorId: string, at: number, page: string, name: string | null = null, siteId = 1) => ({
      ...entry(visitorId, at, page, siteId),
      activity: { at, type: name ? ('event' as const) : ('pageview' as const), name, page, source: 'Direct / None', country: 'FR', device: 'desktop' },
    });

    it('is one feed for every process: newest first by time, identical events kept apart, no visitor id in Redis', async () => {
      // Two processes commit interleaved events; the same pageview twice in one millisecond is two events.
      one.record([happened('a', T0, '/'), happened('a', T0 + 2000, '/pricing', 'Signup')]);
      two.record([happened('b', T0 + 1000, '/docs'), happened('c', T0 + 3000, '/docs'), happened('d', T0 + 3000, '/docs')]);
      await Promise.all([one.drain(), two.drain()]);
      const expected = ['/docs', '/docs', '/pricing', '/docs', '/'];
      for (const presence of [one, two]) {
        const { recent } = await presence.snapshot(1, T0 + 3000);
        expect(recent.map((event) => event.page)).toEqual(expected);
        expect(recent[2]).toEqual({ at: new Date(T0 + 2000).toISOString(), type: 'event', name: 'Signup', page: '/pricing', source: 'Direct / None', country: 'FR', device: 'desktop' });
      }
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const stored = await redis.zrange(`${prefix}:live:{1}:feed`, 0, -1);
        expect(stored).toHaveLength(5);
        for (const member of stored) expect(member).not.toMatch(/"[abcd]"/);
        expect(await redis.pttl(`${prefix}:live:{1}:feed`)).toBeGreaterThan(5 * MINUTE);
      } finally {
        redis.disconnect();
      }
      expect((await one.snapshot(2, T0 + 3000)).recent).toEqual([]);
    });

    it('keeps the latest 20 and lets them go once a window old', async () => {
      one.record(Array.from({ length: 15 }, (_, i) => happened(`v${i}`, T0 + i * 10, `/one/${i}`)));
      two.record(Array.from({ length: 15 }, (_, i) => happened(`w${i}`, T0 + i * 10 + 5, `/two/${i}`)));
      await Promise.all([one.drain(), two.drain()]);
      const { recent } = await two.snapshot(1, T0 + 1000);
      expect(recent).toHaveLength(20);
      expect(recent[0].page).toBe('/two/14');
      expect(recent[19].page).toBe('/one/5');
      one.record([happened('late', T0 + 4 * MINUTE, '/late')]);
      await one.drain();
      expect((await two.snapshot(1, T0 + 5 * MINUTE + 1000)).recent.map((event) => event.page)).toEqual(['/late']);
    });
  });
});
