import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyEvent, isOpen, type CollectedEvent, type VisitState } from './visit.js';
import { VisitsRepository } from './visits.repository.js';

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

export interface AssignedEvent {
  event: CollectedEvent;
  visitId: number;
  visitorId: string;
}

export interface BatchAssignment {
  /** The batch's events that belong to a visit, with that visit's id; the rest were dropped. */
  assigned: AssignedEvent[];
  /** Visits as they are after the batch; call `commit` once the transaction is durable. */
  commit(): void;
}

/**
 * Puts each event in its visit. Open visits are cached in memory (bounded, least recently used
 * first out) and read from the database after a restart, so visits survive restarts.
 */
@Injectable()
export class SessionTracker {
  private readonly open = new Map<string, VisitState>();
  private readonly cacheSize: number;

  constructor(
    private readonly visits: VisitsRepository,
    @Inject(SESSIONS_OPTIONS) private readonly options: SessionsOptions,
  ) {
    this.cacheSize = options.cacheSize ?? 100_000;
  }

  /**
   * Runs inside the batch's transaction: folds every event into a draft of its visit, then writes
   * each draft once (INSERT for a new visit, UPDATE otherwise). The in-memory cache changes only
   * when `commit` is called, after the transaction is durable.
   */
  async assignBatch(manager: EntityManager, events: CollectedEvent[]): Promise<BatchAssignment> {
    const latest = new Map<string, VisitState>();
    const drafts = new Set<VisitState>();
    const placed: Array<{ event: CollectedEvent; draft: VisitState }> = [];
    for (const event of events) {
      const current = await this.findOpen(manager, event, latest);
      const next = applyEvent(current, event, this.options.sessionTimeoutMs);
      if (!next) continue;
      const continues = current !== null && next.startedAt === current.startedAt && next.visitorId === current.visitorId;
      let draft: VisitState;
      if (continues && drafts.has(current)) {
        draft = Object.assign(current, next);
      } else {
        draft = next;
        drafts.add(draft);
        latest.set(key(draft.siteId, draft.visitorId), draft);
      }
      placed.push({ event, draft });
    }
    for (const draft of drafts) draft.id = await this.visits.saveVisit(manager, draft);
    return {
      assigned: placed.map(({ event, draft }) => ({ event, visitId: draft.id!, visitorId: draft.visitorId })),
      commit: () => this.remember(latest.values(), events.at(-1)?.ts ?? 0),
    };
  }

  /** The open visit an event continues: this batch's draft, else the cache, else the database. */
  private async findOpen(manager: EntityManager, event: CollectedEvent, drafts: Map<string, VisitState>): Promise<VisitState | null> {
    const ids = [event.visitorIds.today, ...(event.visitorIds.yesterday ? [event.visitorIds.yesterday] : [])];
    for (const id of ids) {
      const draft = drafts.get(key(event.siteId, id));
      if (draft && isOpen(draft, event.ts, this.options.sessionTimeoutMs)) return draft;
    }
    for (const id of this.options.sharedDatabase ? [] : ids) {
      const known = this.open.get(key(event.siteId, id));
      // A copy: the cached visit must stay as committed until the batch is.
      if (known && isOpen(known, event.ts, this.options.sessionTimeoutMs)) return { ...known };
    }
    // Not in memory: after a restart, or evicted. The database has every visit.
    return this.visits.findOpenVisit(manager, event.siteId, ids, event.ts - this.options.sessionTimeoutMs);
  }

  private remember(visits: Iterable<VisitState>, now: number): void {
    for (const visit of visits) {
      const k = key(visit.siteId, visit.visitorId);
      this.open.delete(k); // re-insert at the end: Map order is our recency order
      this.open.set(k, visit);
    }
    for (const [k, visit] of this.open) {
      if (this.open.size <= this.cacheSize && isOpen(visit, now, this.options.sessionTimeoutMs)) break;
      this.open.delete(k);
    }
  }
}

function key(siteId: number, visitorId: string): string {
  return `${siteId}:${visitorId}`;
}
