import { ManualClock } from '@cairn/clock';
import { MemoryPresence } from './memory-presence.js';
import { LIVE_LIST_LIMIT, type PresenceEntry } from './presence.js';

const MINUTE = 60_000;
const SITE = 1;

describe(MemoryPresence.name, () => {
  let clock: ManualClock;
  let sut: MemoryPresence;

  const seen = (visitorId: string, page = '/', extra: Partial<PresenceEntry> = {}): PresenceEntry => ({
    siteId: SITE,
    visitorId,
    seenAt: clock.now(),
    page,
    source: 'Direct / None',
    country: 'FR',
    ...extra,
  });
  const snapshot = (siteId = SITE) => sut.snapshot(siteId, clock.now());

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 2, 10, 12));
    sut = new MemoryPresence(5 * MINUTE);
  });

  it('counts each visitor once, on the page they were last seen on', async () => {
    sut.record([seen('a', '/'), seen('b', '/pricing', { source: 'Google', country: 'DE' })]);
    clock.advance(MINUTE);
    sut.record([seen('a', '/pricing')]);
    expect(await snapshot()).toEqual({
      visitors: 2,
      pages: [{ page: '/pricing', visitors: 2 }],
      sources: [
        { source: 'Direct / None', visitors: 1 },
        { source: 'Google', visitors: 1 },
      ],
      countries: [
        { country: 'DE', visitors: 1 },
        { country: 'FR', visitors: 1 },
      ],
    });
  });

  it('keeps sites apart', async () => {
    sut.record([seen('a'), seen('a', '/', { siteId: 2 }), seen('b', '/', { siteId: 2 })]);
    expect((await snapshot(1)).visitors).toBe(1);
    expect((await snapshot(2)).visitors).toBe(2);
    expect((await snapshot(3)).visitors).toBe(0);
  });

  it('lets a visitor go once their last event is a whole window old', async () => {
    sut.record([seen('a')]);
    clock.advance(2 * MINUTE);
    sut.record([seen('b')]);
    clock.advance(3 * MINUTE - 1);
    expect((await snapshot()).visitors).toBe(2);
    clock.advance(1);
    expect(await snapshot()).toMatchObject({ visitors: 1, pages: [{ page: '/', visitors: 1 }] });
    clock.advance(2 * MINUTE);
    expect(await snapshot()).toEqual({ visitors: 0, pages: [], sources: [], countries: [] });
    expect(sut.entries).toBe(0);
  });

  it('a new event keeps a visitor live for another window', async () => {
    sut.record([seen('a')]);
    clock.advance(4 * MINUTE);
    sut.record([seen('a', '/next')]);
    clock.advance(4 * MINUTE);
    expect(await snapshot()).toMatchObject({ visitors: 1, pages: [{ page: '/next', visitors: 1 }] });
  });

  it('ignores news older than what it holds (a batch from a slower path)', async () => {
    sut.record([seen('a', '/new')]);
    sut.record([seen('a', '/old', { seenAt: clock.now() - 1000 })]);
    expect((await snapshot()).pages).toEqual([{ page: '/new', visitors: 1 }]);
  });

  it('is bounded: past the cap the least recently seen visitors go first', async () => {
    sut = new MemoryPresence(5 * MINUTE, 3);
    sut.record([seen('a'), seen('b', '/', { siteId: 2 })]);
    clock.advance(1000);
    sut.record([seen('c'), seen('a')]); // a is seen again: b is now the least recent
    clock.advance(1000);
    sut.record([seen('d')]);
    expect(sut.entries).toBe(3);
    expect((await snapshot(2)).visitors).toBe(0);
    expect((await snapshot(1)).visitors).toBe(3);
  });

  it('sweeps sites nobody reads', () => {
    sut.record([seen('a'), seen('b', '/', { siteId: 2 })]);
    clock.advance(6 * MINUTE);
    sut.sweep(clock.now());
    expect(sut.entries).toBe(0);
  });

  it('tells listeners which sites changed, once per record', () => {
    const changes: number[][] = [];
    sut.onRecorded((sites) => changes.push([...sites]));
    sut.record([seen('a'), seen('b'), seen('c', '/', { siteId: 2 })]);
    sut.record([]);
    expect(changes).toEqual([[1, 2]]);
  });

  it('lists the top pages by visitors, then by name', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => seen(`v${i}`, `/p${String(i % 25).padStart(2, '0')}`));
    sut.record(entries);
    const { visitors, pages } = await snapshot();
    expect(visitors).toBe(30);
    expect(pages).toHaveLength(LIVE_LIST_LIMIT);
    expect(pages.slice(0, 6)).toEqual([
      ...['/p00', '/p01', '/p02', '/p03', '/p04'].map((page) => ({ page, visitors: 2 })),
      { page: '/p05', visitors: 1 },
    ]);
  });
});
