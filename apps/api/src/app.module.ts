import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from '@cairn/accounts';
import { ClockModule } from '@cairn/clock';
import { SitesModule } from '@cairn/sites';
import { StorageModule } from '@cairn/storage';
import type { AppConfig } from './config/app-config.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { HealthController } from './health/health.controller.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The composition root: validated configuration in, feature modules wired with their options. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ClockModule,
        StorageModule.forRoot({ databaseUrl: config.databaseUrl }),
        ThrottlerModule.forRoot({
          // Only the login route uses ThrottlerGuard; the name 'default' makes it send a plain Retry-After.
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitLoginPerMinute }],
          errorMessage: 'Too many login attempts from this client; wait a minute',
        }),
        AccountsModule.forRoot({
          sessionTtlMs: config.loginTtlHours * 3_600_000,
          admin: { email: config.adminEmail, password: config.adminPassword ?? undefined },
        }),
        SitesModule.forRoot({ defaultTimezone: config.defaultTimezone }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty' }),
        DashboardModule.forRoot(),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
