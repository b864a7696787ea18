// npm run seed -- --site <domain> [--days 30] [--events 100000] [--seed 1] [--end <ISO date or instant>]
// Writes made-up but realistic traffic for a site through the application's own IngestStore (the
// path collected events take), on the database DATABASE_URL names. On an empty database the admin
// and the demo site are created first, exactly as the first start of the server does.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Presets, SingleBar } from 'cli-progress';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessModule } from '@cairn/access';
import { AccountsModule, AuthService } from '@cairn/accounts';
import { ClockModule } from '@cairn/clock';
import { TrafficGenerator, writeTraffic, type WriteProgress } from '@cairn/demo-data';
import { SitesModule, SitesService, normalizeDomain } from '@cairn/sites';
import { IngestStore, StorageModule, UserEntity } from '@cairn/storage';
import { ConfigError, validateConfig, type AppConfig } from './config/app-config.js';
import { FIRST_RUN_OPTIONS, FirstRun } from './first-run.js';

const USAGE = 'usage: npm run seed -- --site <domain> [--days 30] [--events 100000] [--seed 1] [--end <ISO date or instant>]';
const DEFAULT_SEED = 1;

interface SeedOptions {
  site: string;
  days: number;
  events: number;
  seed: number;
  /** As given: resolved in the site's time zone once the site is known. */
  end: string | null;
}

class UsageError extends Error {}

function parseOptions(args: string[]): SeedOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args,
      options: { site: { type: 'string' }, days: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${raw}")`);
    }
    return Number(raw);
  };
  if (values.site === undefined) throw new UsageError('--site is required');
  const site = normalizeDomain(values.site);
  if (!site) throw new UsageError(`--site must be a domain such as example.com (got "${values.site}")`);
  const end = values.end ?? null;
  if (end !== null && !DateTime.fromISO(end, { zone: 'UTC' }).isValid) throw new UsageError(`--end must be an ISO 8601 date or instant such as 2026-03-31 or 2026-03-31T18:00:00Z (got "${end}")`);
  // With its own offset an instant needs no site zone: refuse it before anything is written.
  if (end !== null && /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(end) && end.includes('T')) resolveEnd(end, 'UTC', Date.now());
  return {
    site,
    days: whole('days', 30, 1, 3650),
    events: whole('events', 100_000, 1, 1_000_000_000),
    seed: whole('seed', DEFAULT_SEED, 0, 4_294_967_295),
    end,
  };
}

/**
 * When the traffic ends: now by default; a bare date is the end of that day in the site's zone (as in
 * the stats API), an instant without an offset is read in that zone. Never later than now.
 */
function resolveEnd(end: string | null, timezone: string, now: number): number {
  if (end === null) return now;
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(end);
  const parsed = DateTime.fromISO(end, { zone: timezone });
  const at = bareDate ? parsed.plus({ days: 1 }).startOf('day').toMillis() : parsed.toMillis();
  if (at <= now) return at;
  if (bareDate) return now;
  throw new UsageError(`--end must not be in the future (got "${end}")`);
}

/** What the seeder needs of the application: storage with its migrations, accounts and sites, and first-run. */
@Module({})
class SeedModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        ClockModule.forRoot(config.testClockFile),
        StorageModule.forRoot({ databaseUrl: config.databaseUrl, sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000 }),
        AccountsModule.forRoot({
          sessionTtlMs: config.loginTtlHours * 3_600_000,
          admin: { email: config.adminEmail, password: config.adminPassword ?? undefined },
          loginBackoffAfter: config.loginBackoffAfter,
        }),
        SitesModule.forRoot({ defaultTimezone: config.defaultTimezone }),
        // Sites ask it for roles (SiteAuthorizer).
        AccessModule,
        // The accounts controllers' guards want it; nothing is served here.
        ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: config.rateLimitLoginPerMinute }] }),
      ],
      // First start, as the server makes it, but without demo data: this run writes the traffic.
      providers: [FirstRun, { provide: FIRST_RUN_OPTIONS, useValue: { demoData: false, sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000 } }],
    };
  }
}

/** A bar with the rate on a terminal; otherwise a plain line every 10 %, fit for logs. */
function progressReporter(total: number): { update(written: WriteProgress, eventsPerSecond: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: 'seeding |{bar}| {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(total, 0, { speed: 0 });
    return { update: (written, speed) => bar.update(written.events, { speed: Math.round(speed) }), stop: () => bar.stop() };
  }
  let reported = 0;
  return {
    update: (written, speed) => {
      const tenths = Math.floor((written.events / total) * 10);
      if (tenths <= reported) return;
      reported = tenths;
      process.stderr.write(`seeding: ${tenths * 10} % (${written.events} of ${total} events, ${Math.round(speed)} events/s)\n`);
    },
    stop: () => undefined,
  };
}

async function main(): Promise<number> {
  let options: SeedOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message} (${USAGE})\n`);
    return 2;
  }
  const config = validateConfig(process.env);
  const app = await NestFactory.createApplicationContext(SeedModule.register(config), { logger: false, abortOnError: false });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping after the batches being written…\n');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const firstRun = app.get(FirstRun);
    if (firstRun.adminCreated) process.stdout.write(`${app.get(AuthService).adminLoginHint}\n`);
    const sites = app.get(SitesService);
    const existing = await sites.lookup(options.site);
    let end: number;
    try {
      // A new site gets DEFAULT_TIMEZONE, as when it is registered without a zone.
      end = resolveEnd(options.end, existing?.timezone ?? config.defaultTimezone, Date.now());
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${error.message} (${USAGE})\n`);
      return 2;
    }
    if (!existing) {
      const owner = await app.get(DataSource).getRepository(UserEntity).findOne({ where: { role: 'admin' }, order: { id: 'ASC' } });
      if (!owner) throw new Error('the database has no admin to own the site');
      await sites.ensureSite(options.site, owner.id);
    }
    const site = (await sites.lookup(options.site))!;

    const started = performance.now();
    const generator = new TrafficGenerator({
      siteId: site.id,
      domain: site.domain,
      timezone: site.timezone,
      end,
      days: options.days,
      events: options.events,
      seed: options.seed,
      sessionTimeoutMs: config.sessionTimeoutMinutes * 60_000,
      batchEvents: BATCH_EVENTS,
    });
    const progress = progressReporter(options.events);
    const rate = (events: number) => events / Math.max((performance.now() - started) / 1000, 0.001);
    let written: WriteProgress;
    try {
      written = await writeTraffic(app.get(IngestStore), generator.batches(), {
        onProgress: (so) => progress.update(so, rate(so.events)),
        shouldStop: () => stopping,
      });
    } finally {
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const line = `${written.events} events in ${written.visits} visits for ${site.domain} in ${seconds.toFixed(1)} s (${Math.round(rate(written.events))} events/s)`;
    if (stopping) {
      process.stderr.write(`stopped: seeded ${line}; every batch written is complete\n`);
      return 130;
    }
    process.stdout.write(`seeded ${line}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

/**
 * Events per transaction. Fewer means more syncs to disk; more means each batch outlives the SQLite
 * writer thread's young generation once copied there, and garbage collection takes over (measured:
 * 10,000 is the best of 2,000–100,000).
 */
const BATCH_EVENTS = 10_000;

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof ConfigError) for (const line of error.lines()) process.stderr.write(`${line}\n`);
    else process.stderr.write(`Seeding failed: ${error.message}\n`);
    process.exit(1);
  },
);
