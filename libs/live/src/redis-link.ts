import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * The Redis connections a process holds with REDIS_URL: one for commands (presence; publishing for
 * the socket.io adapter), one in subscriber mode (the adapter's channels and presence's change
 * channel). Every key and channel starts with the prefix.
 */
export class RedisLink {
  private readonly logger = new Logger(RedisLink.name);
  readonly commands: Redis;
  readonly subscriber: Redis;
  private lastComplaint = 0;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    // Fail a command after a couple of retries rather than queueing it for ever: presence is
    // best-effort next to durable events, and the next batch brings it up to date again.
    this.commands = new Redis(url, { maxRetriesPerRequest: 2, connectionName: 'cairn-live' });
    // Subscriptions wait for Redis however long it takes (and are renewed on reconnection): a failed
    // SUBSCRIBE would reject a promise that socket.io's adapter does not handle.
    this.subscriber = this.commands.duplicate({ connectionName: 'cairn-live-sub', maxRetriesPerRequest: null });
    for (const connection of [this.commands, this.subscriber]) connection.on('error', (error: Error) => this.complain(error));
  }

  /** `<prefix>:live:{<siteId>}:<what>`: the braces keep a site's keys in one slot of a Redis Cluster. */
  siteKey(siteId: number, what: string): string {
    return `${this.prefix}:live:{${siteId}}:${what}`;
  }

  /** Logs a Redis problem at most every 10 s, so an outage does not flood the log. */
  complain(error: Error): void {
    const now = Date.now();
    if (now - this.lastComplaint < 10_000) return;
    this.lastComplaint = now;
    this.logger.warn(`Redis: ${error.message}`);
  }

  /** Quits both connections (at most a second's wait for a Redis that is away). */
  async close(): Promise<void> {
    const quit = Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
    const timeout = new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    await Promise.race([quit, timeout]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
