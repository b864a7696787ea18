import { jest } from '@jest/globals';
import type { EventRow, IngestStore, VisitRow } from '@cairn/storage';
import type { TrafficBatch } from './traffic-generator.js';
import { writeTraffic, type WriteProgress } from './write-traffic.js';

/** Batches of `size` events, one visit each: the writer only counts and hands them over. */
function batches(count: number, size: number): TrafficBatch[] {
  return Array.from({ length: count }, () => {
    const visit = { id: null } as VisitRow;
    return { visits: [visit], events: Array.from({ length: size }, () => ({ visit }) as EventRow) };
  });
}

type Write = (visits: Iterable<VisitRow>, events: EventRow[]) => Promise<void>;

/** An IngestStore whose writeBatch is a typed mock; nothing else is called. */
function storeWriting(write: Write): IngestStore & { writeBatch: jest.Mock<Write> } {
  return { writeBatch: jest.fn(write) } as unknown as IngestStore & { writeBatch: jest.Mock<Write> };
}

describe(writeTraffic.name, () => {
  it('writes every batch through the store, in order, reporting the totals after each', async () => {
    const sut = storeWriting(async () => undefined);
    const given = batches(5, 3);
    const progress: WriteProgress[] = [];
    const written = await writeTraffic(sut, given, { onProgress: (so) => progress.push(so) });
    expect(written).toEqual({ events: 15, visits: 5 });
    expect(sut.writeBatch.mock.calls.map(([, events]) => events)).toEqual(given.map((batch) => batch.events));
    expect(progress.map((so) => so.events)).toEqual([3, 6, 9, 12, 15]);
  });

  it('keeps no more than two batches in the store at once', async () => {
    let inStore = 0;
    let most = 0;
    const sut = storeWriting(async () => {
      most = Math.max(most, ++inStore);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inStore--;
    });
    await writeTraffic(sut, batches(6, 1));
    expect(most).toBe(2);
  });

  it('stops between batches when asked, after those already handed over are written', async () => {
    let stop = false;
    const sut = storeWriting(async () => undefined);
    const written = await writeTraffic(sut, batches(10, 2), {
      onProgress: (so) => (stop = so.events >= 4),
      shouldStop: () => stop,
    });
    expect(written.events).toBeGreaterThanOrEqual(4);
    expect(written.events).toBeLessThan(20);
    expect(sut.writeBatch).toHaveBeenCalledTimes(written.events / 2);
  });

  it('fails with the store error and hands over nothing more', async () => {
    const sut = storeWriting(async (_, events) => {
      if (events.length === 1) throw new Error('disk full');
    });
    const given = [...batches(2, 2), ...batches(1, 1), ...batches(5, 2)];
    await expect(writeTraffic(sut, given)).rejects.toThrow('disk full');
    expect(sut.writeBatch.mock.calls.length).toBeLessThanOrEqual(4);
  });
});
