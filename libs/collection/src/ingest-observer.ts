import type { PlacedEvent } from '@cairn/sessions';

/**
 * Told of each batch once it is durable, with its events and their visits: how live presence is
 * fed from the write path without collection knowing about it. Runs on the hot path, so it must be
 * quick and synchronous (queue anything slow); a throw is logged and never fails the batch.
 */
export abstract class IngestObserver {
  abstract committed(placed: readonly PlacedEvent[]): void;
}
