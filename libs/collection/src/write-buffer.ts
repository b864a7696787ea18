import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { SessionTracker, type CollectedEvent } from '@cairn/sessions';
import { IngestStore } from '@cairn/storage';
import { IngestObserver } from './ingest-observer.js';

interface Pending {
  event: CollectedEvent;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Events per transaction at most; a burst larger than this is written in several. */
const MAX_BATCH = 1000;

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

  constructor(
    private readonly store: IngestStore,
    private readonly sessions: SessionTracker,
    @Optional() @Inject(IngestObserver) private readonly observer: IngestObserver | null = null,
  ) {}

  enqueue(event: CollectedEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.flushing ??= this.flushAll().finally(() => (this.flushing = null));
    });
  }

  /** Resolves once everything enqueued so far is written (or refused). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** After the HTTP server has stopped taking requests: write what is left before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async flushAll(): Promise<void> {
    // Let the requests already in this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.write(batch.map((item) => item.event));
        for (const item of batch) item.resolve();
      } catch (error) {
        this.logger.error(`A batch of ${batch.length} events was not written: ${(error as Error).message}`);
        for (const item of batch) item.reject(error as Error);
      }
    }
  }

  private async write(events: CollectedEvent[]): Promise<void> {
    const { visits, placed, commit } = await this.sessions.assignBatch(events);
    await this.store.writeBatch(visits, placed);
    commit();
    if (!this.observer) return;
    try {
      this.observer.committed(placed);
    } catch (error) {
      // The batch is durable: whatever the observer does, its requests get their 202.
      this.logger.warn(`Ingest observer failed: ${(error as Error).message}`);
    }
  }
}
