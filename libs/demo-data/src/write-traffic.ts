import type { IngestStore } from '@cairn/storage';
import type { TrafficBatch } from './traffic-generator.js';

export interface WriteProgress {
  events: number;
  visits: number;
}

export interface WriteTrafficOptions {
  /** After each committed batch, with the totals so far. */
  onProgress?: (written: WriteProgress) => void;
  /** Checked before each batch: true stops after the batches already handed to the store. */
  shouldStop?: () => boolean;
}

/** Batches handed to the store at once: the next one is generated while the previous is written. */
const IN_FLIGHT = 2;

/**
 * Writes generated traffic through the application's own IngestStore, one transaction per batch,
 * so it lands exactly as collected events do (and whatever writeBatch maintains besides follows).
 * A batch holds whole visits, so stopping between batches leaves consistent data.
 */
export async function writeTraffic(store: IngestStore, batches: Iterable<TrafficBatch>, options: WriteTrafficOptions = {}): Promise<WriteProgress> {
  const written: WriteProgress = { events: 0, visits: 0 };
  const inFlight: Array<Promise<void>> = [];
  let failure: unknown = null;
  for (const batch of batches) {
    if (failure !== null || options.shouldStop?.()) break;
    const write = store.writeBatch(batch.visits, batch.events).then(
      () => {
        written.events += batch.events.length;
        written.visits += batch.visits.length;
        options.onProgress?.({ ...written });
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    inFlight.push(write);
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return written;
}
