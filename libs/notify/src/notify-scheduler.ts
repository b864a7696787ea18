import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertsService } from './alerts/alerts.service.js';
import { ReportsService } from './reports/reports.service.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

export interface NotifyOptions {
  /** How often due reports, alerts and webhook deliveries are looked at (NOTIFY_INTERVAL_SECONDS). */
  intervalMs: number;
}

export const NOTIFY_OPTIONS = Symbol('NOTIFY_OPTIONS');

/**
 * The one timer of reports, alerts and webhooks. It only looks at what is due: what to send is
 * decided by rows in the database (claims, the delivery queue, the alerts' state), so a restart, a
 * downtime or a second process changes nothing about what goes out, or how many times.
 */
@Injectable()
export class NotifyScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotifyScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly reports: ReportsService,
    private readonly webhooks: WebhooksService,
    private readonly alerts: AlertsService,
    @Inject(NOTIFY_OPTIONS) private readonly options: NotifyOptions,
  ) {}

  onApplicationBootstrap(): void {
    // First pass at once: whatever fell due while the server was down goes out now.
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A mail or POST under way finishes and is recorded before the database closes.
    await this.running;
  }

  /** One pass; a pass still running when the timer fires again is not doubled. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const step = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        this.logger.error(`${name}: ${(error as Error).message}`);
      }
    };
    await step('reports', () => this.reports.sendDue());
    await step('alerts', () => this.alerts.check());
    await step('report webhooks', () => this.webhooks.queueReports());
    await step('webhook deliveries', () => this.webhooks.deliverDue());
  }
}
