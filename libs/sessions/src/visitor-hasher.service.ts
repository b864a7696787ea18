import { hash, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@cairn/clock';
import { SaltsRepository } from './salts.repository.js';
import type { VisitorIds } from './visit.js';

const DAY_MS = 86_400_000;
/** How often the clock is checked for salts past their 48 h: by this much at most does one outlive them. */
const SWEEP_INTERVAL_MS = 10_000;

export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Midnight UTC at or before `at`. */
function dayStart(at: number): number {
  return at - (at % DAY_MS);
}

/**
 * Visitor identity without cookies: hash(daily salt ‖ site ‖ ip ‖ user agent). One random salt per
 * UTC day lives in the database; salts from before yesterday are deleted, so a hash can be
 * recomputed for at most 48 hours and the same person on two days counts as two visitors. They are
 * deleted when the first event of a day comes, and by a timer when none does (a quiet site).
 */
@Injectable()
export class VisitorHasher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VisitorHasher.name);
  private sweeper: NodeJS.Timeout | null = null;
  /** The day before which salts were last deleted. */
  private sweptBefore = '';
  /** Today's and yesterday's salts; anything older is never needed again. */
  private readonly salts = new Map<string, string>();
  private rotation: Promise<void> | null = null;
  /** The UTC day the salts are for, as [start, end) in epoch ms: checking it costs no date formatting. */
  private validFrom = 0;
  private validUntil = 0;
  private today = '';
  private yesterday = '';

  constructor(
    private readonly repository: SaltsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Deletes the salts from before yesterday, in the database and here, once the day has turned. */
  async sweep(): Promise<void> {
    const yesterday = utcDay(this.clock.now() - DAY_MS);
    if (yesterday === this.sweptBefore) return;
    try {
      await this.repository.deleteSaltsBefore(yesterday);
      this.sweptBefore = yesterday;
    } catch (error) {
      this.logger.warn(`Old salts not deleted yet: ${(error as Error).message}`);
    }
    // Held from a day now past: the next event makes (or reads) the current ones.
    if (this.yesterday !== '' && this.yesterday < yesterday) {
      this.salts.clear();
      this.today = this.yesterday = '';
      this.validFrom = this.validUntil = 0;
    }
  }

  /**
   * The visitor's hash for today, and for yesterday when yesterday's salt still exists. Computed at
   * once while the day's salts are held (all day long); a promise when they must first be made or read.
   */
  visitorIds(site: string, ip: string, userAgent: string): VisitorIds | Promise<VisitorIds> {
    const now = this.clock.now();
    if (now < this.validFrom || now >= this.validUntil) return this.rotate(now).then(() => this.hashes(site, ip, userAgent));
    return this.hashes(site, ip, userAgent);
  }

  private hashes(site: string, ip: string, userAgent: string): VisitorIds {
    const todaySalt = this.salts.get(this.today)!;
    const yesterdaySalt = this.salts.get(this.yesterday);
    return {
      today: visitorHash(todaySalt, site, ip, userAgent),
      yesterday: yesterdaySalt ? visitorHash(yesterdaySalt, site, ip, userAgent) : null,
    };
  }

  /** Once per UTC day: make (or read) today's salt, keep yesterday's, delete everything older. */
  private rotate(now: number): Promise<void> {
    const today = utcDay(now);
    const yesterday = utcDay(now - DAY_MS);
    this.rotation ??= (async () => {
      try {
        const stored = await this.repository.createSalt({ day: today, salt: randomBytes(32).toString('hex'), createdAt: this.clock.now() });
        const previous = await this.repository.findSalt(yesterday);
        await this.repository.deleteSaltsBefore(yesterday);
        this.salts.clear();
        this.salts.set(today, stored.salt);
        if (previous) this.salts.set(yesterday, previous.salt);
        this.today = today;
        this.yesterday = yesterday;
        this.validFrom = dayStart(now);
        this.validUntil = this.validFrom + DAY_MS;
      } finally {
        this.rotation = null;
      }
    })();
    return this.rotation;
  }
}

export function visitorHash(salt: string, site: string, ip: string, userAgent: string): string {
  return hash('sha256', `${salt}\0${site}\0${ip}\0${userAgent}`).slice(0, 16);
}
