import { Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { IngestObserver } from '@cairn/collection';
import type { LiveMessage, LiveResponse } from '@cairn/contracts';
import type { PlacedEvent } from '@cairn/sessions';
import { Presence, type PresenceEntry } from './presence/presence.js';

/** How often presence held in memory is swept of visitors who left the window. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Live visitors (contract §3): fed by the write path once a batch is durable, read by GET /api/live
 * and the gateway. Presence is keyed by the visitor hash, with the visit's current page, source and
 * country; beside it, a feed of the latest pageviews and custom events (with no visitor hash).
 */
@Injectable()
export class LiveService implements IngestObserver, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveService.name);
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly presence: Presence,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.presence.sweep(this.clock.now()), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  committed(placed: readonly PlacedEvent[]): void {
    const entries: PresenceEntry[] = new Array(placed.length);
    for (let i = 0; i < placed.length; i++) {
      const { event, visit } = placed[i];
      entries[i] = {
        siteId: event.siteId,
        visitorId: visit.visitorId,
        seenAt: event.ts,
        // The visit's last pageview: an engagement report or custom event does not move the visitor.
        page: visit.exitPage ?? event.path,
        source: visit.source,
        country: visit.country,
        // The feed shows pageviews and custom events; engagement reports are bookkeeping.
        activity:
          event.type === 'engagement'
            ? undefined
            : { at: event.ts, type: event.type, name: event.name, page: event.path, source: visit.source, country: visit.country, device: visit.device },
      };
    }
    this.presence.record(entries);
  }

  /** GET /api/live: the site if this principal may see it (404 otherwise), then its live visitors. */
  async current(principal: Principal, domain: string): Promise<LiveResponse> {
    const { site } = await this.access.require(principal, domain, 'viewer');
    try {
      return await this.presence.snapshot(site.id, this.clock.now());
    } catch (error) {
      this.logger.warn(`Live counts of ${site.domain} unavailable: ${(error as Error).message}`);
      throw new ServiceUnavailableException('Live counts are unavailable just now; try again');
    }
  }

  /** The socket's `live` message for a site. */
  async message(siteId: number, domain: string): Promise<LiveMessage> {
    const now = this.clock.now();
    const counts = await this.presence.snapshot(siteId, now);
    return { site: domain, at: new Date(now).toISOString(), ...counts };
  }

  /** Called with the sites whose visitors changed, once the change can be read (see Presence.onRecorded). */
  onRecorded(listener: (siteIds: ReadonlySet<number>) => void): void {
    this.presence.onRecorded(listener);
  }
}
