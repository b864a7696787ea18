import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * The Redis connections a process holds with REDIS_URL: one for commands (presence, and publishing
 * for the socket.io adapter), one in subscriber mode for the adapter. Every key starts with the prefix.
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
    this.subscriber = this.commands.duplicate({ connectionName: 'cairn-live-sub' });
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

  async close(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
  }
}
