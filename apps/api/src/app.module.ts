import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '@cairn/access';
import { AccountsModule } from '@cairn/accounts';
import { AggregationModule } from '@cairn/aggregation';
import { ClockModule } from '@cairn/clock';
import { CollectionModule } from '@cairn/collection';
import { ExportModule } from '@cairn/export';
import { GeoModule } from '@cairn/geo';
import { InvitationsModule } from '@cairn/invitations';
import { LiveModule } from '@cairn/live';
import { MetricsModule } from '@cairn/metrics';
import { MailModule, NotifyModule } from '@cairn/notify';
import { ReadStoreModule } from '@cairn/read-store';
import { SessionsModule } from '@cairn/sessions';
import { SitesModule } from '@cairn/sites';
import { StorageModule } from '@cairn/storage';
import type { AppConfig } from './config/app-config.js';
import { DashboardModule, projectRoot } from './dashboard/dashboard.module.js';
import { DEMO_SITE, FIRST_RUN_OPTIONS, FirstRun } from './first-run.js';
import { HealthController } from './health/health.controller.js';

/** The composition root: validated configuration in, feature modules wired with their options. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    // One object for both imports: export reads through the same aggregation module.
    const aggregation = AggregationModule.forRoot({
      sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000,
      retentionDays: config.retentionDays,
      sharedDatabase: config.redisUrl !== null,
      intervalMs: config.rollupIntervalSeconds * 1000,
    });
    return {
      module: AppModule,
      imports: [
        ClockModule.forRoot(config.testClockFile),
        MetricsModule.forRoot({ token: config.metricsToken }),
        StorageModule.forRoot({ databaseUrl: config.databaseUrl, sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000 }),
        ThrottlerModule.forRoot({
          // 'default' guards login (the name makes it send a plain Retry-After); 'events' guards the pixel
          // (POST /api/event gets the same limit from EventIngress's own RateLimiter). Each route skips the other's.
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.rateLimitLoginPerMinute },
            { name: 'events', ttl: 60_000, limit: config.rateLimitEventsPerMinute },
          ],
          errorMessage: (context) => {
            const name = context.getClass().name;
            if (name === 'AuthController') return 'Too many login attempts from this client; wait a minute';
            if (name === 'PixelController') return 'Too many events from this client; slow down';
            return 'Too many attempts from this client; wait a minute';
          },
        }),
        AccountsModule.forRoot({
          sessionTtlMs: config.loginTtlHours * 3_600_000,
          admin: { email: config.adminEmail, password: config.adminPassword ?? undefined },
          loginBackoffAfter: config.loginBackoffAfter,
        }),
        SitesModule.forRoot({ defaultTimezone: config.defaultTimezone }),
        AccessModule,
        GeoModule.forRoot({ databasePath: config.geoipDb }),
        SessionsModule.forRoot({ sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000, sharedDatabase: config.redisUrl !== null }),
        CollectionModule.forRoot({
          trackerFile: join(projectRoot(), 'dist', 'tracker', 'tracker.js'),
          demoSite: DEMO_SITE,
          eventsPerMinute: config.rateLimitEventsPerMinute,
          trackerPath: config.trackerPath,
          collectPath: config.collectPath,
        }),
        ReadStoreModule.forRoot({ engine: config.readStore, mirrorFile: config.readStoreFile }),
        aggregation,
        ExportModule.register(aggregation),
        LiveModule.forRoot({ windowMs: config.liveWindowMinutes * 60_000, redisUrl: config.redisUrl, redisKeyPrefix: config.redisKeyPrefix }),
        MailModule.forRoot({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, publicUrl: config.publicUrl }),
        InvitationsModule,
        NotifyModule.register(aggregation, { intervalMs: config.notifyIntervalSeconds * 1000 }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty' }),
        DashboardModule.forRoot(),
      ],
      controllers: [HealthController],
      providers: [FirstRun, { provide: FIRST_RUN_OPTIONS, useValue: { demoData: config.demoData, sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000 } }],
    };
  }
}
