import { applyEvent, type CollectedEvent, type VisitState } from './visit.js';

const MINUTE = 60_000;
const TIMEOUT = 30 * MINUTE;
const T0 = Date.UTC(2026, 10, 25, 10, 0);

function event(overrides: Partial<CollectedEvent> = {}): CollectedEvent {
  return {
    siteId: 1,
    ts: T0,
    type: 'pageview',
    path: '/',
    title: null,
    name: null,
    props: null,
    engagedMs: null,
    visitorIds: { today: 'aaaaaaaaaaaaaaaa', yesterday: 'bbbbbbbbbbbbbbbb' },
    dimensions: {
      referrer: 'news.ycombinator.com/item',
      source: 'Hacker News',
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmTerm: null,
      utmContent: null,
      country: 'GB',
      region: null,
      city: null,
      browser: 'Firefox',
      browserVersion: '128',
      os: 'Linux',
      osVersion: null,
      device: 'desktop',
      screen: '1920x1080',
    },
    ...overrides,
  };
}

/** Folds a script of events into visits the way the tracker does, one visitor at a time. */
function replay(events: CollectedEvent[]): VisitState[] {
  const visits: VisitState[] = [];
  let open: VisitState | null = null;
  for (const e of events) {
    const next = applyEvent(open, e, TIMEOUT);
    if (!next) continue;
    if (next.startedAt !== open?.startedAt) visits.push(next);
    else visits[visits.length - 1] = next;
    open = next;
  }
  return visits;
}

describe(applyEvent.name, () => {
  it('keeps events within the timeout in one visit, with entry and exit pages and counts', () => {
    const [visit, ...more] = replay([
      event({ path: '/' }),
      event({ ts: T0 + 5 * MINUTE, path: '/pricing' }),
      event({ ts: T0 + 6 * MINUTE, type: 'event', name: 'Signup', path: '/pricing' }),
      event({ ts: T0 + 7 * MINUTE, type: 'engagement', engagedMs: 42_000, path: '/pricing' }),
      event({ ts: T0 + 8 * MINUTE, path: '/signup', dimensions: { ...event().dimensions, source: 'Google' } }),
    ]);
    expect(more).toEqual([]);
    expect(visit).toMatchObject({
      startedAt: T0,
      lastEventAt: T0 + 8 * MINUTE,
      entryPage: '/',
      exitPage: '/signup',
      pageviews: 3,
      events: 1,
      engagedMs: 42_000,
      source: 'Hacker News', // the first event's, not a later one's
      visitorId: 'aaaaaaaaaaaaaaaa',
    });
  });

  it('splits at a gap longer than the timeout, and not at a gap of exactly the timeout', () => {
    const visits = replay([
      event({ path: '/a' }),
      event({ ts: T0 + TIMEOUT, path: '/b' }),
      event({ ts: T0 + 2 * TIMEOUT + 1, path: '/c' }),
    ]);
    expect(visits.map((v) => [v.entryPage, v.exitPage, v.pageviews])).toEqual([
      ['/a', '/b', 2],
      ['/c', '/c', 1],
    ]);
  });

  it('drops an engagement report that arrives after its visit has ended, and never starts a visit with one', () => {
    expect(applyEvent(null, event({ type: 'engagement', engagedMs: 1000 }), TIMEOUT)).toBeNull();
    const visits = replay([event(), event({ ts: T0 + TIMEOUT + 1, type: 'engagement', engagedMs: 5000 })]);
    expect(visits).toHaveLength(1);
    expect(visits[0].engagedMs).toBe(0);
  });

  it('starts a visit with a custom event and sets the entry page at the first pageview', () => {
    const [visit] = replay([event({ type: 'event', name: 'Play', path: '/video' }), event({ ts: T0 + MINUTE, path: '/next' })]);
    expect(visit).toMatchObject({ events: 1, pageviews: 1, entryPage: '/next', exitPage: '/next' });
  });

  it('never moves a visit back in time for a late event', () => {
    const [visit] = replay([event({ ts: T0 + MINUTE }), event({ ts: T0, type: 'event', name: 'x' })]);
    expect(visit.lastEventAt).toBe(T0 + MINUTE);
  });
});
