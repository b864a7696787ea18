import type { IngestStore, VisitRow } from '@cairn/storage';
import { SessionTracker } from './session-tracker.service.js';
import type { CollectedEvent } from './visit.js';

const MINUTE = 60_000;
const TIMEOUT = 30 * MINUTE;

/** The store's two methods over an in-memory table, with the same semantics as the SQL. */
function fakeStore() {
  const rows: VisitRow[] = [];
  let nextId = 1;
  const store = {
    lookups: 0,
    async findOpenVisit(siteId: number, visitorIds: string[], since: number) {
      store.lookups += 1;
      const open = rows
        .filter((v) => v.siteId === siteId && visitorIds.includes(v.visitorId) && v.lastEventAt >= since)
        .sort((a, b) => b.lastEventAt - a.lastEventAt)[0];
      return open ? { ...open } : null;
    },
    async writeBatch(visits: Iterable<VisitRow>) {
      for (const visit of visits) {
        if (visit.id === null) {
          visit.id = nextId++;
          rows.push({ ...visit });
        } else rows.splice(rows.findIndex((r) => r.id === visit.id), 1, { ...visit });
      }
    },
  };
  return { rows, store };
}

function pageview(ts: number, path: string, today: string, yesterday: string | null = null): CollectedEvent {
  return {
    siteId: 1,
    ts,
    type: 'pageview',
    path,
    title: null,
    name: null,
    props: null,
    engagedMs: null,
    visitorIds: { today, yesterday },
    dimensions: {
      referrer: null,
      source: 'Direct / None',
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmTerm: null,
      utmContent: null,
      country: null,
      region: null,
      city: null,
      browser: null,
      browserVersion: null,
      os: null,
      osVersion: null,
      device: 'desktop',
      screen: null,
    },
  };
}

describe(SessionTracker.name, () => {
  let fake: ReturnType<typeof fakeStore>;
  let sut: SessionTracker;

  /** What the write buffer does with a batch: assign, write, commit. */
  async function ingest(tracker: SessionTracker, events: CollectedEvent[]) {
    const batch = await tracker.assignBatch(events);
    await fake.store.writeBatch(batch.visits);
    batch.commit();
    return batch.placed.map(({ visit }) => visit.id);
  }

  beforeEach(() => {
    fake = fakeStore();
    sut = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT });
  });

  it('writes one visit per visitor per batch, however many events it has', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    const ids = await ingest(sut, [pageview(t, '/', 'aaaa'), pageview(t + 1, '/b', 'bbbb'), pageview(t + 2, '/a2', 'aaaa')]);
    expect(ids).toEqual([1, 2, 1]);
    expect(fake.rows.map((v) => [v.visitorId, v.entryPage, v.exitPage, v.pageviews])).toEqual([
      ['aaaa', '/', '/a2', 2],
      ['bbbb', '/b', '/b', 1],
    ]);
  });

  it('continues a visit across UTC midnight through yesterday\'s hash', async () => {
    await ingest(sut, [pageview(Date.UTC(2026, 10, 25, 23, 50), '/late', 'monday-hash')]);
    // After midnight the same person hashes differently; yesterday's hash finds the open visit.
    const ids = await ingest(sut, [pageview(Date.UTC(2026, 10, 26, 0, 5), '/early', 'tuesday-hash', 'monday-hash')]);
    expect(ids).toEqual([1]);
    expect(fake.rows).toHaveLength(1);
    expect(fake.rows[0]).toMatchObject({ visitorId: 'monday-hash', pageviews: 2, entryPage: '/late', exitPage: '/early' });
  });

  it('starts a new visit with today\'s hash once yesterday\'s visit has timed out', async () => {
    await ingest(sut, [pageview(Date.UTC(2026, 10, 25, 23, 0), '/late', 'monday-hash')]);
    await ingest(sut, [pageview(Date.UTC(2026, 10, 26, 0, 5), '/early', 'tuesday-hash', 'monday-hash')]);
    expect(fake.rows.map((v) => v.visitorId)).toEqual(['monday-hash', 'tuesday-hash']);
  });

  it('picks visits up from the database after a restart (an empty cache)', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(sut, [pageview(t, '/', 'aaaa')]);
    const restarted = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT });
    const ids = await ingest(restarted, [pageview(t + 10 * MINUTE, '/next', 'aaaa')]);
    expect(ids).toEqual([1]);
    expect(fake.rows[0]).toMatchObject({ pageviews: 2, exitPage: '/next' });
  });

  it('leaves the cache untouched when a batch is not committed', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(sut, [pageview(t, '/', 'aaaa')]);
    await sut.assignBatch([pageview(t + MINUTE, '/lost', 'aaaa')]); // the write failed: no commit
    await ingest(sut, [pageview(t + 2 * MINUTE, '/again', 'aaaa')]);
    expect(fake.rows[0]).toMatchObject({ pageviews: 2, exitPage: '/again' });
  });

  it('keeps its cache bounded and falls back to the database for what it dropped', async () => {
    const small = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT, cacheSize: 2 });
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(small, [pageview(t, '/', 'v1'), pageview(t, '/', 'v2'), pageview(t, '/', 'v3')]);
    fake.store.lookups = 0;
    await ingest(small, [pageview(t + MINUTE, '/x', 'v1')]); // evicted: read back
    expect(fake.store.lookups).toBe(1);
    expect(fake.rows.find((v) => v.visitorId === 'v1')).toMatchObject({ pageviews: 2 });
  });
});
