import type { RedisLink } from '../redis-link.js';
import { RedisPresence } from './redis-presence.js';

const T0 = Date.UTC(2026, 2, 10, 12);
const entry = (visitorId: string, page = '/') => ({ siteId: 1, visitorId, seenAt: T0, page, source: 'Direct / None', country: 'FR' });

/** A RedisLink whose Redis is away: every command fails as ioredis fails it once its retries are spent. */
function linkToAbsentRedis(): { link: RedisLink; complaints: string[] } {
  const complaints: string[] = [];
  const refuse = () => Promise.reject(new Error('Reached the max retries per request limit'));
  const commands = {
    defineCommand: () => undefined,
    cairnLiveRead: refuse,
    pipeline: () => ({ cairnLiveRecord: () => undefined, exec: refuse }),
    publish: refuse,
  };
  const subscriber = { subscribe: () => new Promise(() => undefined), on: () => undefined };
  const link = { commands, subscriber, prefix: 'test', siteKey: (siteId: number, what: string) => `test:live:{${siteId}}:${what}`, complain: (error: Error) => complaints.push(error.message) };
  return { link: link as unknown as RedisLink, complaints };
}

describe(RedisPresence.name, () => {
  it('while Redis is away, counts this process’s own visitors instead of failing', async () => {
    const { link, complaints } = linkToAbsentRedis();
    const sut = new RedisPresence(link, 5 * 60_000, 100);
    const heard: number[][] = [];
    sut.onRecorded((sites) => heard.push([...sites]));
    sut.record([entry('a', '/'), entry('b', '/pricing')]);
    await sut.drain();
    expect(heard).toEqual([[1]]); // pushes go on, with the degraded counts
    const live = await sut.snapshot(1, T0 + 1000);
    expect(live.visitors).toBe(2);
    expect(live.pages).toEqual([
      { page: '/', visitors: 1 },
      { page: '/pricing', visitors: 1 },
    ]);
    expect(complaints.length).toBeGreaterThan(0);
  });
});
