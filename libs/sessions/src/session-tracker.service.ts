import { Inject, Injectable } from '@nestjs/common';
import { IngestStore } from '@cairn/storage';
import { applyEvent, foldEvent, isOpen, type CollectedEvent, type VisitState } from './visit.js';

export interface SessionsOptions {
  /** A gap longer than this ends a visit. */
  sessionTimeoutMs: number;
  /** Open visits kept in memory; older ones are read back from the database when needed. */
  cacheSize?: number;
  /**
   * Several processes write the same database (REDIS_URL set): another process may have moved a
   * visit on, so always read it from the database instead of trusting this process's copy.
   */
  sharedDatabase?: boolean;
}

export const SESSIONS_OPTIONS = Symbol('SESSIONS_OPTIONS');

export interface PlacedEvent {
  event: CollectedEvent;
  visit: VisitState;
}

export interface BatchAssignment {
  /** Each visit the batch created or moved on, as it is after the batch: write each once. */
  visits: Set<VisitState>;
  /** The batch's events that belong to a visit; the others (late engagement reports) were dropped. */
  placed: PlacedEvent[];
  /** Call once the batch is durable: only then does the in-memory cache take the new state. */
  commit(): void;
}

/**
 * Puts each event in its visit. Open visits are cached in memory (bounded, least recently used
 * first out) and read from the database after a restart, so visits survive restarts.
 */
@Injectable()
export class SessionTracker {
  /**
   * Open visits by visitor hash. The hash already covers the site (see visitorHash), so it is the
   * key on its own, with no key string to build per lookup. The site is still checked on each hit,
   * and a visit pushed out by another site's under the same hash (a 64-bit collision, which would
   * as well merge two visitors of one site) counts as dropped, so it is looked up in the database.
   */
  private readonly open = new Map<string, VisitState>();
  private readonly cacheSize: number;
  /**
   * Per site, the time of the latest event the database held when this process first met the site.
   * The visits the cache can lack are those written before (by an earlier run) and those it dropped.
   */
  private readonly storedBefore = new Map<number, number>();
  /** The latest last event of a visit dropped from the cache. */
  private droppedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: IngestStore,
    @Inject(SESSIONS_OPTIONS) private readonly options: SessionsOptions,
  ) {
    this.cacheSize = options.cacheSize ?? 100_000;
  }

  /** Folds a batch of events into drafts of their visits; nothing is written here. */
  async assignBatch(events: CollectedEvent[]): Promise<BatchAssignment> {
    const latest = new Map<string, VisitState>();
    const visits = new Set<VisitState>();
    const placed: PlacedEvent[] = [];
    for (const event of events) {
      // Most events find their visit in memory; only the others wait for the database.
      const ids = visitorIds(event);
      const known = this.openInMemory(event, ids, latest);
      if (known !== undefined && visits.has(known)) {
        // Already a draft of this batch: moved on in place, so each visit is one object, written once.
        placed.push({ event, visit: foldEvent(known, event) });
        continue;
      }
      const since = event.ts - this.options.sessionTimeoutMs;
      const current = known !== undefined ? known : (await this.mayBeOnlyStored(event.siteId, since)) ? await this.store.findOpenVisit(event.siteId, ids, since) : null;
      const draft = applyEvent(current, event, this.options.sessionTimeoutMs);
      if (!draft) continue;
      visits.add(draft);
      latest.set(draft.visitorId, draft);
      placed.push({ event, visit: draft });
    }
    return { visits, placed, commit: () => this.remember(visits, events.at(-1)?.ts ?? 0) };
  }

  /**
   * The open visit an event continues (its visitor being `ids`: today's hash, then yesterday's), from
   * this batch's drafts or the cache; undefined when it is in neither (after a restart, or evicted),
   * and only the database, which has every visit, can tell.
   */
  private openInMemory(event: CollectedEvent, ids: string[], drafts: Map<string, VisitState>): VisitState | undefined {
    for (const id of ids) {
      const draft = drafts.get(id);
      if (draft && draft.siteId === event.siteId && isOpen(draft, event.ts, this.options.sessionTimeoutMs)) return draft;
    }
    for (const id of this.options.sharedDatabase ? [] : ids) {
      const known = this.open.get(id);
      // Not copied: applyEvent makes a new object, so the cached visit stays as committed until the batch is.
      if (known && known.siteId === event.siteId && isOpen(known, event.ts, this.options.sessionTimeoutMs)) return known;
    }
    return undefined;
  }

  /**
   * Whether the database may hold a visit of this site that was still open at `since` and that the
   * cache does not have. Most often it cannot: this process wrote every visit since it started,
   * and the database's latest event for the site is older than `since` (a new visitor, a server up
   * longer than the session timeout). Then the lookup (about 20 µs on SQLite) is skipped.
   * With a shared database another process may have written anything, so the answer is yes.
   * (The demo data is written beside the tracker, but its made-up visitor ids match no one's hash.)
   */
  private async mayBeOnlyStored(siteId: number, since: number): Promise<boolean> {
    if (this.options.sharedDatabase) return true;
    let storedBefore = this.storedBefore.get(siteId);
    if (storedBefore === undefined) {
      // Read before this batch is written; what batches before it wrote is in the cache.
      storedBefore = (await this.store.latestEventAt(siteId)) ?? Number.NEGATIVE_INFINITY;
      this.storedBefore.set(siteId, storedBefore);
    }
    return since <= Math.max(storedBefore, this.droppedUntil);
  }

  private remember(visits: Iterable<VisitState>, now: number): void {
    for (const visit of visits) {
      const held = this.open.get(visit.visitorId);
      // Another site's visit under the same hash (a 64-bit collision) leaves the cache like an evicted one.
      if (held && held.siteId !== visit.siteId) this.droppedUntil = Math.max(this.droppedUntil, held.lastEventAt);
      this.open.delete(visit.visitorId); // re-insert at the end: Map order is our recency order
      this.open.set(visit.visitorId, visit);
    }
    for (const [k, visit] of this.open) {
      if (this.open.size <= this.cacheSize && isOpen(visit, now, this.options.sessionTimeoutMs)) break;
      this.open.delete(k);
      this.droppedUntil = Math.max(this.droppedUntil, visit.lastEventAt);
    }
  }
}

function visitorIds(event: CollectedEvent): string[] {
  return event.visitorIds.yesterday ? [event.visitorIds.today, event.visitorIds.yesterday] : [event.visitorIds.today];
}
