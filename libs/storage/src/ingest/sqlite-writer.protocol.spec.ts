import { DIMENSION_COLUMNS, eventValues, VISIT_COLUMNS, type DimensionValues, type EventRow, type VisitRow } from './ingest-rows.js';
import { packEvent, unpackEvents, type WriteRequest } from './sqlite-writer.protocol.js';

function dimensions(overrides: Partial<DimensionValues> = {}): DimensionValues {
  const base = Object.fromEntries(DIMENSION_COLUMNS.map(([property], i) => [property, i % 3 === 0 ? null : `${property}-value`])) as DimensionValues;
  return { ...base, source: 'Google', device: 'desktop', ...overrides };
}

function visit(id: number | null, visitorId: string, dims: DimensionValues): VisitRow {
  return { id, siteId: 7, visitorId, startedAt: 1000, lastEventAt: 2000, entryPage: '/', exitPage: '/b', pageviews: 2, events: 1, engagedMs: 30, ...dims };
}

describe('the SQLite writer’s packed events', () => {
  it('unpack to exactly the rows eventValues gives, whichever dimensions differ from the visit’s, after a copy to another thread', () => {
    const first = visit(null, 'aaaa', dimensions());
    const second = visit(41, 'bbbb', dimensions({ country: 'GB', city: 'London' }));
    const events: EventRow[] = [
      { visit: first, event: { siteId: 7, ts: 1000, type: 'pageview', path: '/', title: 'Home', name: null, props: null, engagedMs: null, dimensions: dimensions() } },
      // Each dimension in turn differs: null ↔ a value, a value ↔ another, the empty string.
      ...DIMENSION_COLUMNS.map(([property], i): EventRow => ({
        visit: i % 2 ? first : second,
        event: { siteId: 7, ts: 1001 + i, type: 'event', path: `/p${i}`, title: null, name: 'Signup', props: '{"plan":"pro"}', engagedMs: null, revenueCents: 2990 + i, revenueCurrency: 'EUR', dimensions: dimensions({ [property]: i % 3 === 0 ? `new-${i}` : i % 3 === 1 ? null : '' }) },
      })),
      { visit: second, event: { siteId: 7, ts: 3000, type: 'engagement', path: '/b', title: null, name: null, props: null, engagedMs: 1234, scrollDepth: 87, dimensions: dimensions({ country: 'GB', city: 'London' }) } },
      { visit: first, event: { siteId: 7, ts: 3001, type: 'pageview', path: '/c', title: null, name: null, props: null, engagedMs: null, dimensions: dimensions({ referrer: 'x.com', source: 'X', screen: '390x844', browser: 'Firefox' }) } },
    ];
    const visits = [first, second];
    const packed: unknown[] = [];
    for (const row of events) packEvent(packed, visits.indexOf(row.visit), row);
    const request: WriteRequest = structuredClone({ seq: 1, visits: visits.map((v) => ({ id: v.id, values: VISIT_COLUMNS.map(([property]) => v[property]) })), events: packed });

    const ids = [99, 41];
    const rows: unknown[][] = [];
    unpackEvents(request.events, request.visits, ids, (values) => rows.push([...values]));

    first.id = 99;
    expect(rows).toEqual(events.map((row) => eventValues(row)));
    // What the visit already says is not sent again: the first event carries no dimension at all.
    expect(packed.slice(0, 12)).toEqual([0, 1000, 'pageview', '/', 'Home', null, null, null, null, null, null, 0]);
  });
});
