import { randomUUID } from 'node:crypto';
import type { LiveResponse } from '@cairn/contracts';
import { MAX_LIVE_VISITORS } from '../live.options.js';
import type { RedisLink } from '../redis-link.js';
import { Presence, summarize, type PresenceEntry, type Whereabouts } from './presence.js';

// Per site, a sorted set (visitor hash → last seen, epoch ms) and a hash (visitor hash → JSON
// [page, source, country]); both expire a little after the window, so a quiet site leaves nothing.
const FORGET = `
local function forget(seen, info, members)
  for j = 1, #members, 1000 do
    local last = math.min(j + 999, #members)
    redis.call('ZREM', seen, unpack(members, j, last))
    redis.call('HDEL', info, unpack(members, j, last))
  end
end
`;

/** KEYS: seen, info. ARGV: cutoff, ttl ms, cap, then (visitor, seenAt, whereabouts) triples. */
const RECORD = `${FORGET}
local seen, info = KEYS[1], KEYS[2]
for i = 4, #ARGV, 3 do
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

/** KEYS: seen, info. ARGV: cutoff. Drops what left the window, returns the whereabouts of the rest. */
const READ = `${FORGET}
local seen, info = KEYS[1], KEYS[2]
forget(seen, info, redis.call('ZRANGEBYSCORE', seen, '-inf', ARGV[1]))
local live = redis.call('ZRANGE', seen, 0, -1)
local out = {}
for j = 1, #live, 1000 do
  local chunk = redis.call('HMGET', info, unpack(live, j, math.min(j + 999, #live)))
  for k = 1, #chunk do out[#out + 1] = chunk[k] end
end
return out
`;

interface LiveCommands {
  cairnLiveRecord(seen: string, info: string, ...args: Array<string | number>): unknown;
  cairnLiveRead(seen: string, info: string, cutoff: number): Promise<Array<string | null>>;
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
 */
export class RedisPresence extends Presence {
  private pending = new Map<number, Map<string, PresenceEntry>>();
  private pendingCount = 0;
  private flushing: Promise<void> | null = null;
  private readonly redis: RedisLink['commands'] & LiveCommands;
  private readonly channel: string;
  /** This process, to skip its own notices. */
  private readonly id = randomUUID();

  constructor(
    private readonly link: RedisLink,
    private readonly windowMs: number,
    private readonly maxVisitors = MAX_LIVE_VISITORS,
  ) {
    super();
    link.commands.defineCommand('cairnLiveRecord', { numberOfKeys: 2, lua: RECORD });
    link.commands.defineCommand('cairnLiveRead', { numberOfKeys: 2, lua: READ });
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
    for (const entry of entries) {
      let visitors = this.pending.get(entry.siteId);
      if (!visitors) this.pending.set(entry.siteId, (visitors = new Map()));
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
    const rows = await this.redis.cairnLiveRead(this.link.siteKey(siteId, 'seen'), this.link.siteKey(siteId, 'info'), now - this.windowMs);
    const visitors: Whereabouts[] = [];
    for (const row of rows) {
      if (!row) continue;
      const [page, source, country] = JSON.parse(row) as [string, string, string | null];
      visitors.push({ page, source, country });
    }
    return summarize(visitors);
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
      for (const [siteId, visitors] of sites) {
        const args: Array<string | number> = [];
        let latest = 0;
        for (const { visitorId, seenAt, page, source, country } of visitors.values()) {
          args.push(visitorId, seenAt, JSON.stringify([page, source, country]));
          latest = Math.max(latest, seenAt);
        }
        const ttl = this.windowMs + 60_000;
        pipeline.cairnLiveRecord(this.link.siteKey(siteId, 'seen'), this.link.siteKey(siteId, 'info'), latest - this.windowMs, ttl, this.maxVisitors, ...args);
      }
      try {
        const results = (await pipeline.exec()) ?? [];
        const written = new Set<number>();
        [...sites.keys()].forEach((siteId, i) => {
          const error = results[i]?.[0];
          if (error) this.link.complain(error);
          else written.add(siteId);
        });
        if (written.size > 0) {
          this.recorded(written);
          const notice: ChangeNotice = { from: this.id, sites: [...written] };
          this.redis.publish(this.channel, JSON.stringify(notice)).catch((error: Error) => this.link.complain(error));
        }
      } catch (error) {
        this.link.complain(error as Error);
      }
    }
  }
}
