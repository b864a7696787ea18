import { ManualClock } from '@cairn/clock';
import { MemoryPresence } from './memory-presence.js';
import { keepRecent, LIVE_LIST_LIMIT, LIVE_RECENT_LIMIT, type PresenceEntry, type RecentEvent } from './presence.js';

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
      recent: [],
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
    expect(await snapshot()).toEqual({ visitors: 0, pages: [], sources: [], countries: [], recent: [] });
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

  describe('the feed of recent events', () => {
    const happened = (visitorId: string, page: string, name: string | null = null, extra: Partial<PresenceEntry> = {}): PresenceEntry => {
      const entry = seen(visitorId, page, extra);
      return { ...entry, activity: { at: entry.seenAt, type: name ? 'event' : 'pageview', name, page, source: entry.source, country: entry.country, device: 'mobile' } };
    };

    it('lists pageviews and custom events newest first, with no visitor id, and leaves engagement reports out', async () => {
      sut.record([happened('a', '/')]);
      clock.advance(1000);
      sut.record([happened('b', '/pricing'), seen('a', '/')]); // a's engagement report: no activity
      clock.advance(1000);
      sut.record([happened('a', '/pricing', 'Signup', { source: 'Google' })]);
      const { recent } = await snapshot();
      expect(recent).toEqual([
        { at: '2026-03-10T12:00:02.000Z', type: 'event', name: 'Signup', page: '/pricing', source: 'Google', country: 'FR', device: 'mobile' },
        { at: '2026-03-10T12:00:01.000Z', type: 'pageview', name: null, page: '/pricing', source: 'Direct / None', country: 'FR', device: 'mobile' },
        { at: '2026-03-10T12:00:00.000Z', type: 'pageview', name: null, page: '/', source: 'Direct / None', country: 'FR', device: 'mobile' },
      ]);
      expect(JSON.stringify(recent)).not.toMatch(/"a"|"b"|visitor/);
    });

    it(`keeps the latest ${LIVE_RECENT_LIMIT} of a site, in time order whatever order they arrive in`, async () => {
      const start = clock.now();
      const entries = Array.from({ length: 30 }, (_, i) => happened(`v${i}`, `/p${i}`, null, { seenAt: start + i * 10 }));
      sut.record(entries.slice(15));
      sut.record(entries.slice(0, 15).reverse()); // older news, late
      clock.advance(1000);
      const { recent } = await snapshot();
      expect(recent.map((event) => event.page)).toEqual(Array.from({ length: LIVE_RECENT_LIMIT }, (_, i) => `/p${29 - i}`));
      expect((await snapshot(2)).recent).toEqual([]);
    });

    it('lets events go once they are a window old, and forgets a quiet site', async () => {
      sut.record([happened('a', '/first')]);
      clock.advance(3 * MINUTE);
      sut.record([happened('b', '/second', null, { siteId: 2 }), happened('a', '/later')]);
      clock.advance(2 * MINUTE);
      expect((await snapshot()).recent.map((event) => event.page)).toEqual(['/later']);
      clock.advance(3 * MINUTE);
      sut.sweep(clock.now());
      expect((await snapshot()).recent).toEqual([]);
      expect((await snapshot(2)).recent).toEqual([]);
    });

    it('tells listeners of a new event even when the visitor’s place does not change', () => {
      const changes: number[][] = [];
      sut.record([happened('a', '/now')]);
      sut.onRecorded((sites) => changes.push([...sites]));
      sut.record([happened('a', '/before', 'Late', { seenAt: clock.now() - 1000 })]);
      expect(changes).toEqual([[1]]);
    });
  });
});

describe(keepRecent.name, () => {
  const event = (at: number, page = `/${at}`): RecentEvent => ({ at, type: 'pageview', name: null, page, source: 'Direct / None', country: null, device: 'desktop' });

  it('puts a later event of the same millisecond first, and drops what is older than a full feed', () => {
    const feed: RecentEvent[] = [];
    for (const at of [5, 1, 3, 3]) keepRecent(feed, event(at, `/${at}-${feed.length}`), 3);
    expect(feed.map((e) => e.page)).toEqual(['/5-0', '/3-3', '/3-2']);
    expect(keepRecent(feed, event(2), 3)).toBe(false);
    expect(keepRecent(feed, event(4), 3)).toBe(true);
    expect(feed.map((e) => e.at)).toEqual([5, 4, 3]);
  });
});
