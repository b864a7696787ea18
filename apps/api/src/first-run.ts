import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthService } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import { TrafficGenerator, writeTraffic } from '@cairn/demo-data';
import { SitesService } from '@cairn/sites';
import { IngestStore } from '@cairn/storage';

/** The site the /demo page reports to, registered for the admin on first start. */
export const DEMO_SITE = 'demo.localhost';

/** What the demo site gets on first start, so a newcomer's dashboard is not empty. */
export const DEMO_TRAFFIC = { days: 14, events: 20_000, seed: 1 };

export interface FirstRunOptions {
  /** DEMO_DATA: seed the demo site with made-up traffic on first start. */
  demoData: boolean;
  sessionTimeoutMs: number;
}

export const FIRST_RUN_OPTIONS = Symbol('FIRST_RUN_OPTIONS');

/**
 * What an empty database gets on first start: the admin account, the demo site so /demo works at
 * once, and (DEMO_DATA) two weeks of made-up traffic on it, written in the background once the
 * server listens.
 */
@Injectable()
export class FirstRun implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FirstRun.name);
  /** True when this start created the admin: the database was empty. */
  adminCreated = false;
  private seeding: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly auth: AuthService,
    private readonly sites: SitesService,
    private readonly store: IngestStore,
    private readonly clock: Clock,
    @Inject(FIRST_RUN_OPTIONS) private readonly options: FirstRunOptions,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adminId = await this.auth.ensureAdmin();
    if (adminId === null) return;
    this.adminCreated = true;
    // The demo page is served by Cairn itself, at whatever host Cairn is reached by: any host counts.
    await this.sites.ensureSite(DEMO_SITE, adminId, ['*']);
    if (this.options.demoData) this.afterListening(() => (this.seeding = this.seedDemoSite()));
  }

  /** SIGTERM while seeding: the transaction under way completes (or rolls back) before storage closes. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.seeding;
  }

  private afterListening(start: () => void): void {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as { listening?: boolean; once?: (event: string, listener: () => void) => void } | undefined;
    if (server?.once && !server.listening) server.once('listening', start);
    else start();
  }

  /** Never throws: the demo data is a convenience, not a reason to stop the server. */
  private async seedDemoSite(): Promise<void> {
    const started = performance.now();
    try {
      const site = await this.sites.lookup(DEMO_SITE);
      if (!site || this.stopping) return;
      const generator = new TrafficGenerator({
        ...DEMO_TRAFFIC,
        siteId: site.id,
        domain: site.domain,
        timezone: site.timezone,
        end: this.clock.now(),
        sessionTimeoutMs: this.options.sessionTimeoutMs,
        // One transaction: the site shows all of it or none, never a part the rollups could catch half-way.
        batchEvents: DEMO_TRAFFIC.events,
      });
      const written = await writeTraffic(this.store, generator.batches(), { shouldStop: () => this.stopping });
      if (written.events === 0) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.logger.log(`Demo data: ${written.events} events in ${written.visits} visits over the last ${DEMO_TRAFFIC.days} days written for ${DEMO_SITE} in ${seconds} s`);
    } catch (error) {
      this.logger.warn(`Demo data for ${DEMO_SITE} was not written: ${(error as Error).message}`);
    }
  }
}
