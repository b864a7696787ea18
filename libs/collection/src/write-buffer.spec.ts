import { jest } from '@jest/globals';
import type { CollectedEvent, PlacedEvent, SessionTracker } from '@cairn/sessions';
import type { IngestStore, VisitRow } from '@cairn/storage';
import type { IngestObserver } from './ingest-observer.js';
import { WriteBuffer } from './write-buffer.js';

const event = (path: string) => ({ siteId: 1, ts: 0, type: 'pageview', path }) as CollectedEvent;

describe(WriteBuffer.name, () => {
  let log: string[];
  let failWrite: boolean;
  let store: { writeBatch: ReturnType<typeof jest.fn> };
  let sessions: { assignBatch: ReturnType<typeof jest.fn> };
  let observer: { committed: ReturnType<typeof jest.fn> };

  beforeEach(() => {
    log = [];
    failWrite = false;
    store = {
      writeBatch: jest.fn(async (_visits: Iterable<VisitRow>, placed: PlacedEvent[]) => {
        if (failWrite) throw new Error('disk full');
        log.push(`written ${placed.length}`);
      }),
    };
    sessions = {
      assignBatch: jest.fn(async (events: CollectedEvent[]) => ({
        visits: new Set(),
        placed: events.map((e) => ({ event: e, visit: {} })),
        commit: () => log.push('committed'),
      })),
    };
    observer = { committed: jest.fn((placed: readonly PlacedEvent[]) => void log.push(`observed ${placed.map((p) => p.event.path).join(',')}`)) };
  });

  const make = (withObserver = true) =>
    new WriteBuffer(store as unknown as IngestStore, sessions as unknown as SessionTracker, withObserver ? (observer as unknown as IngestObserver) : null);

  it('tells the observer of a batch once it is durable, with its placed events', async () => {
    const sut = make();
    await Promise.all([sut.enqueue(event('/a')), sut.enqueue(event('/b'))]);
    expect(log).toEqual(['written 2', 'committed', 'observed /a,/b']);
  });

  it('tells it nothing of a batch that was not written', async () => {
    failWrite = true;
    await expect(make().enqueue(event('/a'))).rejects.toThrow('disk full');
    expect(observer.committed).not.toHaveBeenCalled();
  });

  it('acknowledges the events even when the observer fails', async () => {
    observer.committed.mockImplementation(() => {
      throw new Error('observer broke');
    });
    await expect(make().enqueue(event('/a'))).resolves.toBeUndefined();
  });

  it('works without an observer', async () => {
    await expect(make(false).enqueue(event('/a'))).resolves.toBeUndefined();
    expect(log).toEqual(['written 1', 'committed']);
  });
});
