import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '@cairn/clock';
import { Metrics } from '@cairn/metrics';
import { IngestStore } from '@cairn/storage';
import { buildDay, LOOKBACK_MS, type RollupRow } from './day-builder.js';
import { RollupRepository, type DayRow, type RollupProgress } from './rollup.repository.js';

export interface RollupOptions {
  sessionTimeoutMs: number;
  /** Days raw events are kept once rolled up; null keeps them. */
  retentionDays: number | null;
  /** Several processes write the database: another process's writes do not reach this one's cache. */
  sharedDatabase: boolean;
  /** How often finished days are rolled up (ms); 0 disables the background loop (tests, the CLI). */
  intervalMs: number;
}

export const ROLLUP_OPTIONS = Symbol('ROLLUP_OPTIONS');

/** Provisional rollups of unfinished days, this old at most when other processes write too. */
const SHARED_PROVISIONAL_MS = 5_000;
/** Unfinished days a query may build in memory; a longer unfinished stretch is answered from raw events. */
export const MAX_PROVISIONAL_DAYS = 2;

interface Provisional {
  rows: RollupRow[];
  version: number;
  builtAt: number;
}

/**
 * Keeps the daily rollups: a finished day (no visit touching it can still change) is built once from
 * raw events and stored; the days still going on are built in memory on demand and rebuilt after each
 * write to the site. Reads then never scan raw events for whole days.
 */
@Injectable()
export class RollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RollupService.name);
  private readonly versions = new Map<number, number>();
  private readonly provisional = new Map<string, Provisional>();
  private readonly building = new Map<string, Promise<RollupRow[]>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly repository: RollupRepository,
    private readonly clock: Clock,
    store: IngestStore,
    @Inject(ROLLUP_OPTIONS) private readonly options: RollupOptions,
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {
    store.onCommitted((sites) => {
      for (const site of sites) this.versions.set(site, (this.versions.get(site) ?? 0) + 1);
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.intervalMs <= 0) return;
    const tick = () => {
      this.timer = setTimeout(() => void this.catchUp().finally(() => !this.stopped && tick()), this.options.intervalMs);
      this.timer.unref();
    };
    void this.catchUp().finally(() => !this.stopped && tick());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Rolls up every finished day of every site, then applies retention. One run at a time. */
  catchUp(): Promise<void> {
    this.running ??= this.catchUpAll().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Drops a site's rollups and builds them again from raw events (npm run rollups -- --rebuild).
   * Refused once retention has purged raw events, unless forced: those days would be lost.
   */
  async rebuild(siteId: number, timezone: string, force = false): Promise<number> {
    const progress = await this.repository.progress(siteId);
    if (progress?.purgedBefore != null && !force) {
      throw new RebuildRefused(
        `raw events before ${new Date(progress.purgedBefore).toISOString()} were deleted by RETENTION_DAYS; rebuilding would lose those days (--force rebuilds from what remains)`,
      );
    }
    await this.repository.clear(siteId);
    return this.catchUpSite(siteId, timezone);
  }

  private async catchUpAll(): Promise<void> {
    try {
      for (const site of await this.repository.sites()) {
        if (this.stopped) return;
        await this.catchUpSite(site.id, site.timezone);
      }
      this.metrics.rollupCompleted();
    } catch (error) {
      this.logger.error(`Rolling up failed: ${(error as Error).message}`);
    }
  }

  /** Builds the finished days after the stored ones; returns how many were built. */
  async catchUpSite(siteId: number, timezone: string): Promise<number> {
    const first = await this.repository.firstVisitAt(siteId);
    if (first === null) return 0;
    const firstDay = localDay(first, timezone);
    let progress = await this.repository.progress(siteId);
    if (progress && progress.purgedBefore === null && (progress.timezone !== timezone || firstDay < progress.fromDay)) {
      // The zone changed, or older traffic was written (a seed): day boundaries or counts moved.
      await this.repository.clear(siteId);
      progress = null;
    }
    let built = 0;
    let day = progress ? nextDay(progress.throughDay, timezone) : firstDay;
    while (!this.stopped) {
      const { start, end } = dayBounds(day, timezone);
      if (!(await this.isFinished(siteId, start, end))) break;
      const { visits, events } = await this.repository.dayInputs(siteId, start, end);
      const rows = buildDay(start, end, visits, events);
      const next: RollupProgress = { timezone, fromDay: progress?.fromDay ?? firstDay, throughDay: day, purgedBefore: progress?.purgedBefore ?? null };
      await this.repository.storeDay(siteId, day, rows, next, this.clock.now());
      progress = next;
      this.provisional.delete(`${siteId}:${day}`);
      built += 1;
      day = nextDay(day, timezone);
    }
    if (progress && this.options.retentionDays !== null) {
      // Raw rows go only where rollups stand in for them.
      const keepFrom = Math.min(this.clock.now() - this.options.retentionDays * 86_400_000, dayBounds(progress.throughDay, timezone).start - LOOKBACK_MS);
      const purged = await this.repository.purgeRaw(siteId, keepFrom);
      if (purged.events > 0) this.logger.log(`Retention: deleted ${purged.events} raw events and ${purged.visits} visits of site ${siteId}`);
    }
    return built;
  }

  /** A day is finished once it is over and no visit that touched it can still go on. */
  private async isFinished(siteId: number, start: number, end: number): Promise<boolean> {
    const now = this.clock.now();
    if (end + this.options.sessionTimeoutMs >= now) return false;
    const last = await this.repository.lastActivity(siteId, start - LOOKBACK_MS, end);
    return last === null || last + this.options.sessionTimeoutMs < now;
  }

  /**
   * The rollup rows of one dimension for the site-local days [fromDay, toDay], stored or built now;
   * null when too many days are unfinished (the caller reads raw events instead).
   */
  async rows(siteId: number, timezone: string, dimension: string, fromDay: string, toDay: string): Promise<DayRow[] | null> {
    const progress = await this.repository.progress(siteId);
    const stored = progress && progress.timezone === timezone ? progress.throughDay : null;
    const pending: string[] = [];
    // Days still to come hold nothing: only days up to today may need building.
    const today = localDay(this.clock.now(), timezone);
    const lastDay = toDay < today ? toDay : today;
    for (let day = stored && stored >= fromDay ? nextDay(stored, timezone) : fromDay; day <= lastDay; day = nextDay(day, timezone)) {
      if (pending.length === MAX_PROVISIONAL_DAYS) return null;
      pending.push(day);
    }
    const rows = stored && stored >= fromDay ? await this.repository.rows(siteId, dimension, fromDay, stored < toDay ? stored : toDay) : [];
    for (const day of pending) {
      for (const row of await this.provisionalDay(siteId, timezone, day)) {
        if (row.dimension === dimension) rows.push({ ...row, day });
      }
    }
    return rows;
  }

  private async provisionalDay(siteId: number, timezone: string, day: string): Promise<RollupRow[]> {
    const key = `${siteId}:${day}`;
    const version = this.versions.get(siteId) ?? 0;
    const cached = this.provisional.get(key);
    const now = this.clock.now();
    if (cached && cached.version === version && (!this.options.sharedDatabase || now - cached.builtAt < SHARED_PROVISIONAL_MS)) return cached.rows;
    const inFlight = this.building.get(key);
    if (inFlight) return inFlight;
    const { start, end } = dayBounds(day, timezone);
    const build = this.repository
      .dayInputs(siteId, start, end)
      .then(({ visits, events }) => {
        const rows = buildDay(start, end, visits, events);
        this.provisional.set(key, { rows, version, builtAt: now });
        // Keep the cache to the days in use: drop other days of this site built long ago.
        for (const [other, entry] of this.provisional) if (other !== key && now - entry.builtAt > 3_600_000) this.provisional.delete(other);
        return rows;
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, build);
    return build;
  }
}

export class RebuildRefused extends Error {}

export function localDay(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate()!;
}

export function dayBounds(day: string, zone: string): { start: number; end: number } {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

export function nextDay(day: string, zone: string): string {
  return DateTime.fromISO(day, { zone }).plus({ days: 1 }).toISODate()!;
}
