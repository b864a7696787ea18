import { randomBytes, randomInt } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Visitor } from './traffic.js';

/** Browsers the load is made of; each visitor gets one with a token of its own appended (see visitorPool). */
const BROWSERS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
];

/**
 * The mark in every User-Agent the suite sends: `CairnProbe/<12 digits>`, distinct per visitor, so a
 * leak of any of them is one search. Digits, because isbot takes words for bots: a hex token spelling
 * "feed" made a visitor a bot (202, nothing stored), and so would a name ending in "Agent".
 */
export const PROBE_UA_MARK = 'CairnProbe/';

/**
 * `count` distinct people, each an address of their own: IPv4 from 198.18.0.0/15 (set aside for
 * benchmarks, RFC 2544) and IPv6 from 2001:db8::/32 (documentation, RFC 3849), one in eight. Their
 * User-Agents are real browsers' with a random mark, 2,000 different ones shared round the pool: real
 * traffic has a few thousand distinct strings, and the server caches what it parsed from each.
 * Nothing here is anyone's real address.
 */
export function visitorPool(count: number, distinctUserAgents = 2000): Visitor[] {
  const run = randomBytes(2).toString('hex');
  const userAgents = Array.from({ length: Math.min(count, distinctUserAgents) }, (_, i) => probeUserAgent(i));
  return Array.from({ length: count }, (_, i) => ({
    ip: i % 8 === 7 ? `2001:db8:${run}:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}` : `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`,
    userAgent: userAgents[i % userAgents.length],
  }));
}

/** A real browser's User-Agent (the `variant`th of a few) with a probe mark of its own. */
export function probeUserAgent(variant: number): string {
  return `${BROWSERS[variant % BROWSERS.length]} ${PROBE_UA_MARK}${String(randomInt(1e12)).padStart(12, '0')}`;
}

/** One event of the load: `key` is unique, and sent as its title so that the stored row can be found again. */
export interface LoadEvent {
  key: string;
  visitor: Visitor;
  body: Record<string, unknown>;
}

/** What became of every request; `unanswered` are those whose fate the client never learnt (connection lost, timeout). */
export interface LoadTally {
  sent: number;
  statuses: Map<number, number>;
  acknowledged: Set<string>;
  unanswered: Set<string>;
  /** Requests answered with a status other than 202, by key. */
  refused: Map<string, number>;
  /** Milliseconds the load actually ran. */
  elapsedMs: number;
}

export interface LoadOptions {
  /** The server's base URL, asked before each request: a restarted server may listen elsewhere. */
  target: () => string;
  /** Concurrent keep-alive connections, each with one request in flight. */
  connections: number;
  /** Stops by itself after this long (every run is bounded); `stop()` ends it sooner. */
  durationMs: number;
  /** Per request; longer counts as unanswered. */
  requestTimeoutMs?: number;
}

const PAGES = ['/', '/pricing', '/docs', '/docs/install', '/docs/api', '/blog', '/blog/launch', '/blog/privacy', '/about', '/contact'];
const REFERRERS = [undefined, undefined, 'https://www.google.com/', 'https://news.ycombinator.com/', 'https://duckduckgo.com/'];
const SCREENS = ['1920x1080', '1440x900', '390x844', '1280x720'];

/**
 * Traffic like a site's, as fast as the server takes it: mostly pageviews, and once a visitor has a
 * pageview acknowledged, custom events and engagement reports too (an engagement report with no
 * open visit is dropped by design, so it is only sent when its visit is known to exist).
 */
export class SiteTraffic {
  private seq = 0;
  private readonly seen = new Set<number>();
  private readonly runTag = randomBytes(3).toString('hex');

  constructor(
    readonly site: string,
    readonly visitors: Visitor[],
  ) {}

  next(): LoadEvent & { visitorIndex: number } {
    const n = this.seq++;
    const visitorIndex = n % this.visitors.length;
    const key = `k${this.runTag}-${n}`;
    const page = PAGES[(n * 7 + (n >> 4)) % PAGES.length];
    const body: Record<string, unknown> = { site: this.site, url: `https://${this.site}${page}${n % 13 === 0 ? '?utm_source=newsletter' : ''}`, title: key };
    const roll = n % 10;
    if (this.seen.has(visitorIndex) && roll === 3) Object.assign(body, { type: 'event', name: 'Signup', props: { plan: n % 2 ? 'pro' : 'free', seats: n % 5 } });
    else if (this.seen.has(visitorIndex) && roll === 6) Object.assign(body, { type: 'engagement', engagedMs: 1000 + (n % 60_000) });
    else Object.assign(body, { referrer: REFERRERS[n % REFERRERS.length], screen: SCREENS[n % SCREENS.length] });
    return { key, visitor: this.visitors[visitorIndex], body, visitorIndex };
  }

  /** A pageview of this visitor was acknowledged: its visit exists. */
  acknowledged(event: { visitorIndex: number; body: Record<string, unknown> }): void {
    if (event.body.type === undefined) this.seen.add(event.visitorIndex);
  }
}

/**
 * Drives POST /api/event from `connections` keep-alive connections until `durationMs` or `stop()`.
 * Every request is accounted for: a 202, another status, or no answer at all (server killed or
 * gone); a failed connection is retried after a short pause, so a restarting server is waited for.
 */
export class LoadRun {
  readonly tally: LoadTally = { sent: 0, statuses: new Map(), acknowledged: new Set(), unanswered: new Set(), refused: new Map(), elapsedMs: 0 };
  readonly done: Promise<LoadTally>;
  private stopped = false;
  private agents = new Map<string, Agent>();
  private readonly listeners: Array<(status: number | null, event: LoadEvent) => void> = [];

  constructor(
    private readonly traffic: SiteTraffic,
    private readonly options: LoadOptions,
  ) {
    const started = Date.now();
    const timer = setTimeout(() => this.stop(), options.durationMs);
    this.done = Promise.all(Array.from({ length: options.connections }, () => this.lane())).then(() => {
      clearTimeout(timer);
      this.tally.elapsedMs = Date.now() - started;
      for (const agent of this.agents.values()) agent.destroy();
      return this.tally;
    });
  }

  stop(): void {
    this.stopped = true;
  }

  /** Called with each answer (null: none) as it comes. */
  onAnswer(listener: (status: number | null, event: LoadEvent) => void): void {
    this.listeners.push(listener);
  }

  count(status: number): number {
    return this.tally.statuses.get(status) ?? 0;
  }

  private async lane(): Promise<void> {
    while (!this.stopped) {
      const event = this.traffic.next();
      this.tally.sent += 1;
      const status = await this.post(event);
      if (status === null) {
        this.tally.unanswered.add(event.key);
      } else {
        this.tally.statuses.set(status, (this.tally.statuses.get(status) ?? 0) + 1);
        if (status === 202) {
          this.tally.acknowledged.add(event.key);
          this.traffic.acknowledged(event);
        } else this.tally.refused.set(event.key, status);
      }
      for (const listener of this.listeners) listener(status, event);
      if (status === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private post(event: LoadEvent): Promise<number | null> {
    const url = new URL('/api/event', this.options.target());
    let agent = this.agents.get(url.host);
    if (!agent) this.agents.set(url.host, (agent = new Agent({ keepAlive: true, maxSockets: this.options.connections })));
    const payload = JSON.stringify(event.body);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (status: number | null) => {
        if (settled) return;
        settled = true;
        resolve(status);
      };
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            'content-length': Buffer.byteLength(payload),
            'x-forwarded-for': event.visitor.ip,
            'user-agent': event.visitor.userAgent,
          },
          timeout: this.options.requestTimeoutMs ?? 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => settle(res.statusCode ?? null));
          res.on('error', () => settle(null));
          res.on('aborted', () => settle(null));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => settle(null));
      req.end(payload);
    });
  }
}

/** Reads a process's resident memory (kB) from /proc, as `ps` would show it. */
export async function residentKb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}
