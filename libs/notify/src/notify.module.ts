import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertEntity, ReportEntity, ReportSendEntity, SiteEntity, WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from '@cairn/storage';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertsService } from './alerts/alerts.service.js';
import { NOTIFY_OPTIONS, NotifyScheduler, type NotifyOptions } from './notify-scheduler.js';
import { PublicLinks } from './public-links.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { UnsubscribeController } from './reports/unsubscribe.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/** Reports, spike alerts and webhooks (contract §9), on the Mailer of MailModule. */
@Module({})
export class NotifyModule {
  /** `aggregation` is the app's own AggregationModule.forRoot(…) object (the same StatsService, see ExportModule). */
  static register(aggregation: DynamicModule, options: NotifyOptions): DynamicModule {
    return {
      module: NotifyModule,
      imports: [aggregation, TypeOrmModule.forFeature([ReportEntity, ReportSendEntity, WebhookEntity, WebhookDeliveryEntity, WebhookAttemptEntity, AlertEntity, SiteEntity])],
      controllers: [ReportsController, UnsubscribeController, WebhooksController, AlertsController],
      providers: [{ provide: NOTIFY_OPTIONS, useValue: options }, PublicLinks, ReportsService, WebhooksService, AlertsService, NotifyScheduler],
    };
  }
}
