import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { Metrics } from '@cairn/metrics';
import { SessionTracker, type CollectedEvent } from '@cairn/sessions';
import { CommitOutcomeUnknown, IngestStore } from '@cairn/storage';
import { IngestObserver } from './ingest-observer.js';

interface Pending {
  event: CollectedEvent;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Events per transaction at most; a burst larger than this is written in several. */
const MAX_BATCH = 1000;

/**
 * Under load, how long a batch may wait to grow (see flushAll), and by how much it should grow on
 * the one before. Each transaction costs the same few pages whatever its size (the tails of the
 * tables and indexes), so on the ingest bench batches of ~35 instead of ~24 took a tenth off each
 * event's CPU time; the price is at most a millisecond more before the 202.
 */
const GATHER_MS = 1;
const GROWTH = 1.5;

/**
 * Group commit: events wait here while a transaction is being written, then all of them go in the
 * next one. `enqueue` resolves only once the transaction holding the event has committed, so a 202
 * is never sent for an event a crash could still lose; a failed transaction rejects all its events.
 */
@Injectable()
export class WriteBuffer implements OnApplicationShutdown {
  private readonly logger = new Logger(WriteBuffer.name);
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Batches whose commit went unanswered, until the database tells whether they were written. */
  private readonly settling = new Set<Promise<void>>();
  /** Set while a batch waits to grow: how many events it waits for, and what ends the wait. */
  private gathering: { target: number; done: () => void } | null = null;
  /** Events in the transaction being written. */
  private writing = 0;

  constructor(
    private readonly store: IngestStore,
    private readonly sessions: SessionTracker,
    @Optional() @Inject(IngestObserver) private readonly observer: IngestObserver | null = null,
    @Optional() private readonly metrics: Metrics = new Metrics(),
  ) {
    metrics.gauge('cairn_write_queue_events', 'Events received and not yet committed: waiting for a transaction or in the one being written', () => this.pending.length + this.writing);
  }

  enqueue(event: CollectedEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (this.gathering && this.pending.length >= this.gathering.target) this.gathering.done();
      this.flushing ??= this.flushAll().finally(() => (this.flushing = null));
    });
  }

  /** Resolves once everything enqueued so far is written (or refused). */
  async drain(): Promise<void> {
    while (this.flushing || this.settling.size > 0) await Promise.all([this.flushing, ...this.settling]);
  }

  /** After the HTTP server has stopped taking requests: write what is left before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async flushAll(): Promise<void> {
    // Let the requests already in this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    let target = 0;
    while (this.pending.length > 0) {
      // Events arrived while the last batch was written: there is load. Its clients are sending their
      // next events now; wait (briefly) for them to join this batch rather than write it half full.
      if (this.pending.length < target) await this.gather(target);
      const batch = this.pending.splice(0, MAX_BATCH);
      target = Math.min(MAX_BATCH, Math.ceil(batch.length * GROWTH));
      try {
        await this.write(batch.map((item) => item.event));
        for (const item of batch) item.resolve();
      } catch (error) {
        if (error instanceof CommitOutcomeUnknown) this.settleLater(batch, error);
        else {
          this.logger.error(`A batch of ${batch.length} events was not written: ${(error as Error).message}`);
          for (const item of batch) item.reject(error as Error);
        }
      }
    }
  }

  /**
   * The batch's COMMIT went unanswered: its requests wait for the database to say whether it
   * committed (202) or not (503), while the batches after it go on. (Its visits stay out of the
   * cache, and its events out of the live view, either way.)
   */
  private settleLater(batch: Pending[], unknown: CommitOutcomeUnknown): void {
    this.logger.warn(`A batch of ${batch.length} events waits to learn whether it was written: ${unknown.message}`);
    const settled = unknown.outcome.then((committed) => {
      if (committed) for (const item of batch) item.resolve();
      else {
        this.logger.error(`A batch of ${batch.length} events was not written: ${unknown.failure.message}`);
        for (const item of batch) item.reject(unknown.failure);
      }
    });
    this.settling.add(settled);
    void settled.finally(() => this.settling.delete(settled));
  }

  /** Resolves once `target` events are pending, or after GATHER_MS. */
  private gather(target: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.gathering = null;
        resolve();
      };
      const timer = setTimeout(done, GATHER_MS);
      this.gathering = { target, done };
    });
  }

  private async write(events: CollectedEvent[]): Promise<void> {
    const started = performance.now();
    this.writing = events.length;
    try {
      const { visits, placed, commit } = await this.sessions.assignBatch(events);
      await this.store.writeBatch(visits, placed);
      commit();
      this.metrics.batchWritten(events.length, (performance.now() - started) / 1000);
      this.tell(placed);
    } catch (error) {
      // One whose commit went unanswered may yet turn out written (see settleLater).
      if (!(error instanceof CommitOutcomeUnknown)) this.metrics.batchFailed();
      throw error;
    } finally {
      this.writing = 0;
    }
  }

  private tell(placed: Parameters<IngestObserver['committed']>[0]): void {
    if (!this.observer) return;
    try {
      this.observer.committed(placed);
    } catch (error) {
      // The batch is durable: whatever the observer does, its requests get their 202.
      this.logger.warn(`Ingest observer failed: ${(error as Error).message}`);
    }
  }
}
