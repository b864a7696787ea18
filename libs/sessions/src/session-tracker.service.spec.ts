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
    async latestEventAt(siteId: number) {
      const times = rows.filter((v) => v.siteId === siteId).map((v) => v.lastEventAt);
      return times.length > 0 ? Math.max(...times) : null;
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

  it('keeps two sites\' visits apart when their visitors share a hash, in one batch and across batches', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    const on = (siteId: number, event: CollectedEvent) => ({ ...event, siteId });
    expect(await ingest(sut, [on(1, pageview(t, '/one', 'same')), on(2, pageview(t + 1, '/two', 'same'))])).toEqual([1, 2]);
    // Site 2's visit displaced site 1's in the cache: site 1's next event finds its visit in the database.
    expect(await ingest(sut, [on(1, pageview(t + MINUTE, '/one-b', 'same'))])).toEqual([1]);
    expect(await ingest(sut, [on(2, pageview(t + 2 * MINUTE, '/two-b', 'same'))])).toEqual([2]);
    expect(fake.rows.map((v) => [v.siteId, v.pageviews, v.exitPage])).toEqual([
      [1, 2, '/one-b'],
      [2, 2, '/two-b'],
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

  it('does not ask the database about new visitors when it wrote every visit that could still be open', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(sut, [pageview(t, '/', 'v1'), pageview(t + 1, '/', 'v2')]);
    await ingest(sut, [pageview(t + MINUTE, '/', 'v3'), pageview(t + MINUTE, '/b', 'v1')]);
    expect(fake.store.lookups).toBe(0);
    expect(fake.rows.map((v) => [v.visitorId, v.pageviews])).toEqual([['v1', 2], ['v2', 1], ['v3', 1]]);
  });

  it('after a restart, asks until the last stored event is a session timeout old', async () => {
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(sut, [pageview(t, '/', 'v1')]);
    const restarted = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT });
    await ingest(restarted, [pageview(t + TIMEOUT, '/', 'v2')]);
    expect(fake.store.lookups).toBe(1);
    // v1's visit can no longer be open: nothing stored is worth asking about.
    await ingest(restarted, [pageview(t + TIMEOUT + 1, '/', 'v3'), pageview(t + TIMEOUT + 2, '/', 'v1')]);
    expect(fake.store.lookups).toBe(1);
    expect(fake.rows.map((v) => v.visitorId)).toEqual(['v1', 'v2', 'v3', 'v1']);
  });

  it('asks about every visitor when another process may write the same database', async () => {
    const shared = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT, sharedDatabase: true });
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(shared, [pageview(t, '/', 'v1')]);
    await ingest(shared, [pageview(t + MINUTE, '/', 'v1'), pageview(t + MINUTE, '/', 'v2')]);
    expect(fake.store.lookups).toBe(3);
    expect(fake.rows.map((v) => [v.visitorId, v.pageviews])).toEqual([['v1', 2], ['v2', 1]]);
  });

  it('asks about a new visitor while a visit it dropped could still be open, not after', async () => {
    const small = new SessionTracker(fake.store as unknown as IngestStore, { sessionTimeoutMs: TIMEOUT, cacheSize: 1 });
    const t = Date.UTC(2026, 10, 25, 10);
    await ingest(small, [pageview(t, '/', 'v1'), pageview(t, '/', 'v2')]); // v1 dropped
    await ingest(small, [pageview(t + MINUTE, '/', 'v3')]);
    expect(fake.store.lookups).toBe(1);
    await ingest(small, [pageview(t + TIMEOUT + 1, '/', 'v4')]);
    expect(fake.store.lookups).toBe(1);
  });
});
