import { HttpException, Inject, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Namespace, Socket } from 'socket.io';
import { SiteAccess } from '@cairn/access';
import { AuthService } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import { Metrics } from '@cairn/metrics';
import type { LiveMessage, LiveSubscribeAck } from '@cairn/contracts';
import { normalizeDomain } from '@cairn/sites';
import { LiveService } from './live.service.js';
import { PushPacer } from './push-pacer.js';
import { RedisLink } from './redis-link.js';
import { SubscribeBudget } from './subscribe-budget.js';

/** What the client may send. */
export interface LiveClientEvents {
  subscribe: (request: { site: string }, ack?: (answer: LiveSubscribeAck) => void) => void;
  unsubscribe: (request: { site: string }, ack?: (answer: LiveSubscribeAck) => void) => void;
}

/** What the server sends: the site's live visitors, on subscribe, within a second of a change, and every 10 s. */
export interface LiveServerEvents {
  live: (message: LiveMessage) => void;
}

/** Nothing goes between processes through socket.io (presence has its own channel). */
export type LiveInterServerEvents = Record<string, never>;

export interface LiveSocketData {
  /** Kept to check it again at each subscribe. */
  token: string;
  /** The sites this socket has joined, by the domain it asked for (normalised): asking again costs nothing. */
  joined: Map<string, string>;
  /** Subscribes that cost work, per socket. */
  budget: SubscribeBudget;
}

type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, LiveInterServerEvents, LiveSocketData>;
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, LiveInterServerEvents, LiveSocketData>;

/** How often the pacer is asked what is due (a change due at once does not wait for it). */
const TICK_MS = 100;

/** How often connected sockets' tokens are checked again: an expired login or a deleted key stops receiving within this. */
const TOKEN_CHECK_MS = 5_000;

const roomOf = (siteId: number) => `site:${siteId}`;

/**
 * socket.io namespace `/live` (contract §5). The token is checked before the connection is accepted;
 * `subscribe {site}` joins the site's room once the site is visible to the token's user. Each process
 * pushes to the sockets connected to it, paced per site: with REDIS_URL, presence is shared and tells
 * every process of every change, so a socket sees what any process accepted, and at most one push a
 * second whichever processes the events went to.
 */
@WebSocketGateway({
  namespace: '/live',
  serveClient: false,
  // Clients only ever send `subscribe {site}`: a small message limit (the default is 1 MB).
  maxHttpBufferSize: 16 * 1024,
})
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private readonly namespace: LiveNamespace;
  private readonly pacer = new PushPacer();
  /** Pushes keep to real time even when a test sets the server's clock (that one dates the counts). */
  private readonly pacing = new Clock();
  private readonly domains = new Map<number, string>();
  private readonly pushing = new Set<number>();
  private ticker: NodeJS.Timeout | null = null;
  private tickQueued = false;
  private tokenChecker: NodeJS.Timeout | null = null;
  private checkingTokens = false;

  constructor(
    private readonly live: LiveService,
    private readonly auth: AuthService,
    private readonly access: SiteAccess,
    @Optional() @Inject(RedisLink) private readonly redis: RedisLink | null,
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {}

  afterInit(namespace: LiveNamespace): void {
    // Rooms span processes. Pushes stay local (see the class comment), so the adapter is not asked
    // to publish: every process hears of every change from presence and pushes to its own sockets.
    if (this.redis) namespace.server.adapter(createAdapter(this.redis.commands, this.redis.subscriber, { key: `${this.redis.prefix}:socket.io` }));
    // Refused here rather than after connecting, so the client gets connect_error with the reason.
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token === '') return next(new Error('Send auth: { token } with a login token or an API key'));
      this.auth.authenticate(token).then(
        (principal) => {
          if (!principal) return next(new Error('Token unknown, revoked or expired'));
          socket.data.token = token;
          socket.data.joined = new Map();
          socket.data.budget = new SubscribeBudget(this.pacing.now());
          next();
        },
        (error: Error) => {
          this.logger.error(`Could not check a socket's token: ${error.message}`);
          next(new Error('Could not check the token; try again'));
        },
      );
    });
    this.live.onRecorded((siteIds) => this.changed(siteIds));
    this.metrics.gauge('cairn_live_sockets', 'Dashboard sockets connected to this process (socket.io namespace /live)', () => namespace.sockets.size);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
    this.tokenChecker = setInterval(() => void this.dropSocketsOfStaleTokens(), TOKEN_CHECK_MS);
    this.tokenChecker.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.tokenChecker) clearInterval(this.tokenChecker);
    await this.redis?.close();
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() request: unknown): Promise<LiveSubscribeAck> {
    const domain = siteOf(request);
    if (!domain) return { error: 'Send { site: "<domain>" }' };
    // Already in that site's room: the counts come with the next push, and nothing is looked up again.
    const joined = socket.data.joined.get(normalizeDomain(domain) ?? domain);
    if (joined !== undefined) return { site: joined };
    const now = this.pacing.now();
    if (!socket.data.budget.take(now)) {
      return { error: `Too many subscribes from this connection; wait ${socket.data.budget.retryAfterSeconds(now)} s` };
    }
    let site;
    try {
      // Checked again: a key deleted (or a login expired) since the connection subscribes no further.
      const principal = await this.auth.authenticate(socket.data.token);
      if (!principal) {
        socket.disconnect(true);
        return { error: 'Token unknown, revoked or expired' };
      }
      ({ site } = await this.access.require(principal, domain, 'viewer'));
    } catch (error) {
      if (error instanceof HttpException) return { error: error.message };
      this.logger.error(`subscribe failed: ${(error as Error).message}`);
      return { error: 'Could not subscribe; try again' };
    }
    await socket.join(roomOf(site.id));
    socket.data.joined.set(normalizeDomain(domain) ?? domain, site.domain);
    this.domains.set(site.id, site.domain);
    this.pacer.watch(site.id, this.pacing.now());
    try {
      socket.emit('live', await this.live.message(site.id, site.domain));
    } catch (error) {
      this.logger.warn(`Live counts of ${site.domain} unavailable: ${(error as Error).message}`);
    }
    return { site: site.domain };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() request: unknown): Promise<LiveSubscribeAck> {
    const domain = normalizeDomain(siteOf(request) ?? '');
    if (!domain) return { error: 'Send { site: "<domain>" }' };
    for (const [siteId, known] of this.domains) if (known === domain) await socket.leave(roomOf(siteId));
    for (const [asked, known] of socket.data.joined) if (known === domain) socket.data.joined.delete(asked);
    return { site: domain };
  }

  /**
   * Disconnects this process's sockets whose token no longer checks out (a login past LOGIN_TTL_HOURS,
   * a logout, a deleted API key): without it a socket kept receiving its rooms' pushes for as long as
   * it stayed connected. One check per distinct token, never two sweeps at once.
   */
  private async dropSocketsOfStaleTokens(): Promise<void> {
    if (this.checkingTokens) return;
    this.checkingTokens = true;
    try {
      const byToken = new Map<string, LiveSocket[]>();
      for (const socket of this.namespace.sockets.values()) byToken.set(socket.data.token, [...(byToken.get(socket.data.token) ?? []), socket]);
      for (const [token, sockets] of byToken) {
        if (await this.auth.authenticate(token)) continue;
        for (const socket of sockets) socket.disconnect(true);
      }
    } catch (error) {
      // The database is away: keep the sockets, check again next time.
      this.logger.warn(`Could not check the live sockets' tokens: ${(error as Error).message}`);
    } finally {
      this.checkingTokens = false;
    }
  }

  /** These sites' visitors changed: push each within a second. */
  private changed(siteIds: Iterable<number>): void {
    const now = this.pacing.now();
    let dueNow = false;
    for (const siteId of siteIds) dueNow = this.pacer.changed(siteId, now) || dueNow;
    if (dueNow && !this.tickQueued) {
      this.tickQueued = true;
      setImmediate(() => {
        this.tickQueued = false;
        this.tick();
      });
    }
  }

  private tick(): void {
    for (const siteId of this.pacer.due(this.pacing.now())) void this.push(siteId);
  }

  private async push(siteId: number): Promise<void> {
    const room = roomOf(siteId);
    if (!this.namespace.adapter.rooms.get(room)?.size) {
      this.pacer.unwatch(siteId);
      this.domains.delete(siteId);
      return;
    }
    if (this.pushing.has(siteId)) {
      // The previous read is still going (a slow Redis): try again in a second.
      this.pacer.changed(siteId, this.pacing.now());
      return;
    }
    this.pushing.add(siteId);
    try {
      const message = await this.live.message(siteId, this.domains.get(siteId) ?? '');
      // Only this process's sockets: every process pushes to its own (see the class comment).
      this.namespace.local.to(room).emit('live', message);
    } catch (error) {
      this.logger.warn(`Live push skipped: ${(error as Error).message}`);
    } finally {
      this.pushing.delete(siteId);
    }
  }
}

function siteOf(request: unknown): string | null {
  const site = typeof request === 'object' && request !== null ? (request as { site?: unknown }).site : undefined;
  return typeof site === 'string' && site.trim() !== '' ? site.trim() : null;
}
