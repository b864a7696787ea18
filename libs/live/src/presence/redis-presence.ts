import { randomUUID } from 'node:crypto';
import type { LiveResponse } from '@cairn/contracts';
import { MAX_LIVE_VISITORS } from '../live.options.js';
import type { RedisLink } from '../redis-link.js';
import { MemoryPresence } from './memory-presence.js';
import { keepRecent, LIVE_RECENT_LIMIT, Presence, summarize, type PresenceEntry, type RecentEvent, type Whereabouts } from './presence.js';

// Per site, a sorted set (visitor hash → last seen, epoch ms), a hash (visitor hash → JSON
// [page, source, country]) and the feed: a sorted set of the latest events (JSON [tag, type, name,
// page, source, country, device] → time, epoch ms; the tag — this process's id and a counter — keeps
// two identical events apart). All three expire a little after the window, so a quiet site leaves nothing.
const FORGET = `
local function forget(seen, info, members)
  for j = 1, #members, 1000 do
    local last = math.min(j + 999, #members)
    redis.call('ZREM', seen, unpack(members, j, last))
    redis.call('HDEL', info, unpack(members, j, last))
  end
end
`;

/**
 * KEYS: seen, info, feed. ARGV: cutoff, ttl ms, cap, feed limit, n, then n (at, event) pairs for the
 * feed, then (visitor, seenAt, whereabouts) triples.
 */
const RECORD = `${FORGET}
local seen, info, feed = KEYS[1], KEYS[2], KEYS[3]
local events = tonumber(ARGV[5])
for i = 6, 5 + 2 * events, 2 do
  redis.call('ZADD', feed, ARGV[i], ARGV[i + 1])
end
redis.call('ZREMRANGEBYSCORE', feed, '-inf', ARGV[1])
redis.call('ZREMRANGEBYRANK', feed, 0, -(tonumber(ARGV[4]) + 1))
redis.call('PEXPIRE', feed, ARGV[2])
for i = 6 + 2 * events, #ARGV, 3 do
  local known = redis.call('ZSCORE', seen, ARGV[i])
  if not known or tonumber(known) <= tonumber(ARGV[i + 1]) then
    redis.call('ZADD', seen, ARGV[i + 1], ARGV[i])
    redis.call('HSET', info, ARGV[i], ARGV[i + 2])
  end
end
forget(seen, info, redis.call('ZRANGEBYSCORE', seen, '-inf', ARGV[1]))
local excess = redis.call('ZCARD', seen) - tonumber(ARGV[3])
if excess > 0 then forget(seen, info, redis.call('ZRANGE', seen, 0, excess - 1)) end
redis.call('PEXPIRE', seen, ARGV[2])
redis.call('PEXPIRE', info, ARGV[2])
return 0
`;

/**
 * KEYS: seen, info, feed. ARGV: cutoff, feed limit. Drops what left the window; returns the
 * whereabouts of the rest, and the feed newest first as (event, at) pairs.
 */
const READ = `${FORGET}
local seen, info, feed = KEYS[1], KEYS[2], KEYS[3]
forget(seen, info, redis.call('ZRANGEBYSCORE', seen, '-inf', ARGV[1]))
redis.call('ZREMRANGEBYSCORE', feed, '-inf', ARGV[1])
local live = redis.call('ZRANGE', seen, 0, -1)
local out = {}
for j = 1, #live, 1000 do
  local chunk = redis.call('HMGET', info, unpack(live, j, math.min(j + 999, #live)))
  for k = 1, #chunk do out[#out + 1] = chunk[k] end
end
return { out, redis.call('ZREVRANGE', feed, 0, tonumber(ARGV[2]) - 1, 'WITHSCORES') }
`;

interface LiveCommands {
  cairnLiveRecord(seen: string, info: string, feed: string, ...args: Array<string | number>): unknown;
  cairnLiveRead(seen: string, info: string, feed: string, cutoff: number, limit: number): Promise<[Array<string | null>, string[]]>;
}

/** What one site has waiting for the next flush. */
interface Pending {
  visitors: Map<string, PresenceEntry>;
  /** Newest first, LIVE_RECENT_LIMIT at most: older ones would be dropped by Redis anyway. */
  feed: RecentEvent[];
}

/** What a process publishes on `<prefix>:live:changed` once its entries are in Redis. */
interface ChangeNotice {
  from: string;
  sites: number[];
}

/**
 * Presence shared by every process on one Redis. `record` only queues: entries go to Redis in one
 * pipeline per turn (one script call per site); then `onRecorded` fires here, and in the other
 * processes through a Redis channel. (Not socket.io's serverSideEmit: the adapter publishes without
 * handling a failed PUBLISH, and an unhandled rejection would stop the process while Redis is away.)
 * While Redis is away, live counts degrade to this process's own visitors, kept in memory as well.
 */
export class RedisPresence extends Presence {
  private pending = new Map<number, Pending>();
  private pendingCount = 0;
  /** Tells this process's feed entries apart from each other (see the key layout above). */
  private sequence = 0;
  private flushing: Promise<void> | null = null;
  private readonly redis: RedisLink['commands'] & LiveCommands;
  private readonly channel: string;
  /** This process, to skip its own notices. */
  private readonly id = randomUUID();
  /** This process's own entries: what `snapshot` answers with when Redis cannot be read. */
  private readonly local: MemoryPresence;

  constructor(
    private readonly link: RedisLink,
    private readonly windowMs: number,
    private readonly maxVisitors = MAX_LIVE_VISITORS,
  ) {
    super();
    this.local = new MemoryPresence(windowMs, maxVisitors);
    link.commands.defineCommand('cairnLiveRecord', { numberOfKeys: 3, lua: RECORD });
    link.commands.defineCommand('cairnLiveRead', { numberOfKeys: 3, lua: READ });
    this.redis = link.commands as RedisLink['commands'] & LiveCommands;
    this.channel = `${link.prefix}:live:changed`;
    link.subscriber.subscribe(this.channel).catch((error: Error) => link.complain(error));
    link.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const notice = JSON.parse(message) as ChangeNotice;
        if (notice.from !== this.id) this.recorded(new Set(notice.sites));
      } catch {
        // Not ours to read.
      }
    });
  }

  record(entries: readonly PresenceEntry[]): void {
    this.local.record(entries);
    for (const entry of entries) {
      let site = this.pending.get(entry.siteId);
      if (!site) this.pending.set(entry.siteId, (site = { visitors: new Map(), feed: [] }));
      if (entry.activity) keepRecent(site.feed, entry.activity);
      const visitors = site.visitors;
      const queued = visitors.get(entry.visitorId);
      if (queued && queued.seenAt > entry.seenAt) continue;
      // Bounded while Redis is away: past the cap, news of visitors not already queued waits for the next event.
      if (!queued && this.pendingCount >= this.maxVisitors) continue;
      if (!queued) this.pendingCount += 1;
      visitors.set(entry.visitorId, entry);
    }
    this.flushing ??= this.flush().finally(() => (this.flushing = null));
  }

  async snapshot(siteId: number, now: number): Promise<LiveResponse> {
    try {
      return await this.sharedSnapshot(siteId, now);
    } catch (error) {
      this.link.complain(error as Error);
      return this.local.snapshot(siteId, now);
    }
  }

  override sweep(now: number): void {
    this.local.sweep(now);
  }

  private async sharedSnapshot(siteId: number, now: number): Promise<LiveResponse> {
    const [rows, feedRows] = await this.redis.cairnLiveRead(
      this.link.siteKey(siteId, 'seen'),
      this.link.siteKey(siteId, 'info'),
      this.link.siteKey(siteId, 'feed'),
      now - this.windowMs,
      LIVE_RECENT_LIMIT,
    );
    const visitors: Whereabouts[] = [];
    for (const row of rows) {
      if (!row) continue;
      const [page, source, country] = JSON.parse(row) as [string, string, string | null];
      visitors.push({ page, source, country });
    }
    const feed: RecentEvent[] = [];
    for (let i = 0; i + 1 < feedRows.length; i += 2) {
      const [, type, name, page, source, country, device] = JSON.parse(feedRows[i]) as [string, RecentEvent['type'], string | null, string, string, string | null, string];
      feed.push({ at: Number(feedRows[i + 1]), type, name, page, source, country, device });
    }
    return summarize(visitors, feed);
  }

  /** Resolves once everything recorded so far has been sent (or given up on). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the batches of this turn of the event loop go in the same pipeline.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const sites = this.pending;
      this.pending = new Map();
      this.pendingCount = 0;
      const pipeline = this.redis.pipeline() as ReturnType<RedisLink['commands']['pipeline']> & LiveCommands;
      for (const [siteId, { visitors, feed }] of sites) {
        const args: Array<string | number> = [feed.length];
        let latest = 0;
        for (const { at, type, name, page, source, country, device } of feed) {
          args.push(at, JSON.stringify([`${this.id.slice(0, 8)}.${++this.sequence}`, type, name, page, source, country, device]));
          latest = Math.max(latest, at);
        }
        for (const { visitorId, seenAt, page, source, country } of visitors.values()) {
          args.push(visitorId, seenAt, JSON.stringify([page, source, country]));
          latest = Math.max(latest, seenAt);
        }
        const ttl = this.windowMs + 60_000;
        pipeline.cairnLiveRecord(
          this.link.siteKey(siteId, 'seen'),
          this.link.siteKey(siteId, 'info'),
          this.link.siteKey(siteId, 'feed'),
          latest - this.windowMs,
          ttl,
          this.maxVisitors,
          LIVE_RECENT_LIMIT,
          ...args,
        );
      }
      try {
        const results = (await pipeline.exec()) ?? [];
        const written = new Set<number>();
        const failed = new Set<number>();
        [...sites.keys()].forEach((siteId, i) => {
          const error = results[i]?.[0];
          if (error) this.link.complain(error);
          (error ? failed : written).add(siteId);
        });
        if (written.size > 0) {
          this.recorded(written);
          const notice: ChangeNotice = { from: this.id, sites: [...written] };
          this.redis.publish(this.channel, JSON.stringify(notice)).catch((error: Error) => this.link.complain(error));
        }
        // Not in Redis, but in this process's counts, which a snapshot falls back to.
        if (failed.size > 0) this.recorded(failed);
      } catch (error) {
        this.link.complain(error as Error);
        this.recorded(new Set(sites.keys()));
      }
    }
  }
}
