import { jest } from '@jest/globals';
import type { CollectedEvent, PlacedEvent, SessionTracker } from '@cairn/sessions';
import { CommitOutcomeUnknown, type IngestStore, type VisitRow } from '@cairn/storage';
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

  describe('under load', () => {
    /** The first write is held until `release`, so that more events arrive while it is under way. */
    function holdFirstWrite() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let first = true;
      store.writeBatch.mockImplementation(async (_visits: Iterable<VisitRow>, placed: PlacedEvent[]) => {
        if (first) {
          first = false;
          await held;
        }
        log.push(`written ${placed.map((p) => p.event.path).join(',')}`);
      });
      return release;
    }

    it('lets the next batch wait for the clients of the last one, and writes it once it has grown by half', async () => {
      const release = holdFirstWrite();
      const sut = make(false);
      const first = [sut.enqueue(event('/1')), sut.enqueue(event('/2'))];
      await new Promise((resolve) => setImmediate(resolve)); // the first batch is being written
      const next = [sut.enqueue(event('/3'))];
      release();
      await Promise.all(first);
      // /3 alone is a third of the last batch: it waits. Two more make three, half again as many as before.
      next.push(sut.enqueue(event('/4')), sut.enqueue(event('/5')));
      await Promise.all(next);
      expect(log.filter((line) => line.startsWith('written'))).toEqual(['written /1,/2', 'written /3,/4,/5']);
    });

    it('writes what it has once the wait is over, even if nothing more came', async () => {
      const release = holdFirstWrite();
      const sut = make(false);
      const first = [sut.enqueue(event('/1')), sut.enqueue(event('/2'))];
      await new Promise((resolve) => setImmediate(resolve));
      const lone = sut.enqueue(event('/3'));
      release();
      await lone; // after GATHER_MS: a wait that never ended would time the test out
      await Promise.all(first);
      expect(log.filter((line) => line.startsWith('written'))).toEqual(['written /1,/2', 'written /3']);
    });
  });

  it('holds the requests of a batch whose commit went unanswered until the database says, while later batches go on', async () => {
    let answer!: (committed: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (answer = resolve));
    let first = true;
    store.writeBatch.mockImplementation(async (_visits: Iterable<VisitRow>, placed: PlacedEvent[]) => {
      if (first) {
        first = false;
        throw new CommitOutcomeUnknown(new Error('connection terminated'), outcome);
      }
      log.push(`written ${placed.map((p) => p.event.path).join(',')}`);
    });
    const sut = make(false);
    const settled: string[] = [];
    const track = (path: string) =>
      sut.enqueue(event(path)).then(
        () => settled.push(`${path} 202`),
        () => settled.push(`${path} 503`),
      );
    const unknown = [track('/1'), track('/2')];
    await new Promise((resolve) => setImmediate(resolve));
    await track('/3');
    // Only /3's batch went into the cache of visits.
    expect(log).toEqual(['written /3', 'committed']);
    expect(settled).toEqual(['/3 202']);
    const drained = sut.drain();
    answer(true);
    await drained;
    await Promise.all(unknown);
    expect(settled).toEqual(['/3 202', '/1 202', '/2 202']);
  });

  it('refuses them when the database says the commit did not happen', async () => {
    store.writeBatch.mockImplementation(async () => {
      throw new CommitOutcomeUnknown(new Error('connection terminated'), Promise.resolve(false));
    });
    await expect(make(false).enqueue(event('/1'))).rejects.toThrow('connection terminated');
  });

  it('works without an observer', async () => {
    await expect(make(false).enqueue(event('/a'))).resolves.toBeUndefined();
    expect(log).toEqual(['written 1', 'committed']);
  });
});
