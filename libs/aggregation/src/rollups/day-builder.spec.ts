import { buildDay, type RawEvent, type RawVisit, type RollupRow } from './day-builder.js';

const DAY = 86_400_000;
const D1 = Date.parse('2026-03-10T00:00:00Z');

let nextId = 1;
function visit(visitor: string, startedAt: number, minutes: number, extra: Partial<RawVisit> = {}): RawVisit {
  const blank = Object.fromEntries(['entry_page', 'exit_page', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'country', 'region', 'city', 'browser', 'browser_version', 'os', 'os_version', 'screen'].map((c) => [c, null]));
  return { ...(blank as unknown as RawVisit), id: nextId++, visitor_id: visitor, started_at: startedAt, last_event_at: startedAt + minutes * 60_000, pageviews: 1, events: 0, source: 'Direct / None', device: 'desktop', entry_page: '/', exit_page: '/', ...extra };
}
const pageview = (v: RawVisit, ts: number, path = '/'): RawEvent => ({ visit_id: v.id, visitor_id: v.visitor_id, ts, type: 'pageview', path, name: null, props: null, engaged_ms: null, scroll_depth: null });
const find = (rows: RollupRow[], dimension: string, value: string | null) => rows.find((r) => r.dimension === dimension && r.value === value);

describe(buildDay.name, () => {
  it('counts a day’s visits, bounces, duration, pageviews by their own time, and custom events with their props', () => {
    const a = visit('a', D1 + 3_600_000, 10, { pageviews: 2, events: 1, source: 'Google' });
    const b = visit('b', D1 + 7_200_000, 0);
    const events: RawEvent[] = [
      pageview(a, a.started_at),
      { ...pageview(a, a.started_at + 60_000, '/pricing'), type: 'event', name: 'Signup', props: '{"plan":"pro","annual":true,"seats":2}' },
      pageview(a, a.started_at + 120_000, '/pricing'),
      { ...pageview(a, a.started_at + 180_000, '/pricing'), type: 'engagement', engaged_ms: 30_000, scroll_depth: 80 },
      { ...pageview(a, a.started_at + 190_000, '/pricing'), type: 'engagement', engaged_ms: 1_000, scroll_depth: 45 },
      { ...pageview(a, a.started_at + 200_000, '/pricing'), type: 'engagement', engaged_ms: 1_000 },
      pageview(b, b.started_at),
    ];
    const rows = buildDay(D1, D1 + DAY, [a, b], events);
    expect(find(rows, '', '')).toMatchObject({ visitors: 2, newVisitors: 2, visits: 2, bounces: 1, durationMs: 600_000, pageviews: 3, events: 1 });
    expect(find(rows, 'source', 'Google')).toMatchObject({ visitors: 1, visits: 1, pageviews: 2 });
    // Three engagement reports, two with a scroll depth.
    expect(find(rows, 'page', '/pricing')).toMatchObject({ visitors: 1, visits: 1, pageviews: 1, engagedMs: 32_000, engagements: 3, scrollSum: 125, scrolls: 2 });
    expect(find(rows, 'event', 'Signup')).toMatchObject({ visitors: 1, events: 1 });
    expect(find(rows, 'prop:annual', 'true')).toMatchObject({ events: 1 });
    expect(find(rows, 'prop:seats', '2')).toMatchObject({ events: 1 });
  });

  it('marks visitors seen the day before as not new, so days can be summed into distinct visitors', () => {
    // One hash seen on both sides of a (local) midnight: distinct over the two days is 1.
    const before = visit('same', D1 - 600_000, 5);
    const after = visit('same', D1 + 600_000, 5);
    const other = visit('other', D1 + 900_000, 5);
    const events = [pageview(before, before.started_at), pageview(after, after.started_at), pageview(other, other.started_at)];
    const day2 = buildDay(D1, D1 + DAY, [before, after, other], events);
    expect(find(day2, '', '')).toMatchObject({ visitors: 2, newVisitors: 1, visits: 2, newVisits: 2 });
    expect(find(day2, 'page', '/')).toMatchObject({ visitors: 2, newVisitors: 1 });
  });

  it('keeps a visit that views a page on both sides of midnight as one visit of that page', () => {
    const long = visit('x', D1 - 300_000, 20, { pageviews: 2 });
    const events = [pageview(long, long.started_at), pageview(long, D1 + 300_000)];
    const day2 = buildDay(D1, D1 + DAY, [long], events);
    expect(find(day2, 'page', '/')).toMatchObject({ visits: 1, newVisits: 0, pageviews: 1 });
    expect(find(day2, '', '')).toMatchObject({ visits: 0, pageviews: 1 }); // the visit belongs to the day it started
  });
});
