import { ManualClock } from '@cairn/clock';
import { HEARTBEAT_MS, PushPacer } from './push-pacer.js';

describe(PushPacer.name, () => {
  const SITE = 7;
  let clock: ManualClock;
  let sut: PushPacer;

  /** Asks the pacer every 100 ms (as the gateway does) for `ms`; returns the instants, relative to the start, at which SITE was pushed. */
  const run = (ms: number, changesAt: number[] = []): number[] => {
    const start = clock.now();
    const pushes: number[] = [];
    for (let t = 0; t <= ms; t += 100) {
      clock.set(start + t);
      for (const at of changesAt) if (at === t) sut.changed(SITE, clock.now());
      if (sut.due(clock.now()).includes(SITE)) pushes.push(t);
    }
    return pushes;
  };

  beforeEach(() => {
    clock = new ManualClock();
    sut = new PushPacer();
    sut.watch(SITE, clock.now());
  });

  it('pushes a change at once when the last push is a second old', () => {
    clock.advance(5_000);
    expect(sut.changed(SITE, clock.now())).toBe(true);
    expect(sut.due(clock.now())).toEqual([SITE]);
  });

  it('coalesces changes: at most one push a second, none lost', () => {
    // Changes every 200 ms for 3 s: one push a second, the last one carrying the last change.
    const changes = Array.from({ length: 15 }, (_, i) => 1_000 + i * 200);
    expect(run(4_000, changes)).toEqual([1_000, 2_000, 3_000, 4_000]);
  });

  it('a change just after a push waits for the second to be up, not longer', () => {
    expect(run(3_000, [1_000, 1_100])).toEqual([1_000, 2_000]);
  });

  it('pushes every 10 s without changes, so a quiet screen can be trusted', () => {
    expect(run(35_000)).toEqual([HEARTBEAT_MS, 2 * HEARTBEAT_MS, 3 * HEARTBEAT_MS]);
  });

  it('a push for a change restarts the 10 s', () => {
    expect(run(20_000, [4_000])).toEqual([4_000, 14_000]);
  });

  it('ignores sites nobody here watches', () => {
    expect(sut.changed(99, clock.now())).toBe(false);
    sut.unwatch(SITE);
    clock.advance(HEARTBEAT_MS);
    expect(sut.due(clock.now())).toEqual([]);
    expect(sut.isWatched(SITE)).toBe(false);
  });
});
