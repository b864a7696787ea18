import { applyEvent, utcDay, type CollectedEvent, type VisitState } from '@cairn/sessions';
import type { EventRow, VisitRow } from '@cairn/storage';
import { DateTime } from 'luxon';
import { visitorHex } from './prng.js';
import { TrafficGenerator, type TrafficBatch, type TrafficOptions } from './traffic-generator.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const END = Date.UTC(2026, 2, 18, 14, 37, 12, 345);
const OPTIONS: TrafficOptions = {
  siteId: 7,
  domain: 'demo.example',
  timezone: 'America/New_York',
  end: END,
  days: 28,
  events: 60_000,
  seed: 42,
  sessionTimeoutMs: 30 * MINUTE,
  batchEvents: 5_000,
};

function generate(options: Partial<TrafficOptions> = {}): TrafficBatch[] {
  return [...new TrafficGenerator({ ...OPTIONS, ...options }).batches()];
}

function eventsOf(batches: TrafficBatch[]): EventRow[] {
  return batches.flatMap((batch) => batch.events);
}

function visitsOf(batches: TrafficBatch[]): VisitRow[] {
  return batches.flatMap((batch) => batch.visits);
}

/** Folds each visitor's events in time order with the ingest path's own applyEvent: the visits collection would have stored. */
function rederive(events: EventRow[], timeoutMs: number): VisitState[] {
  const byVisitor = new Map<string, EventRow[]>();
  for (const row of events) {
    const list = byVisitor.get(row.visit.visitorId) ?? [];
    list.push(row);
    byVisitor.set(row.visit.visitorId, list);
  }
  const visits: VisitState[] = [];
  for (const [visitorId, rows] of byVisitor) {
    let open: VisitState | null = null;
    for (const { event } of rows.sort((a, b) => a.event.ts - b.event.ts)) {
      const collected: CollectedEvent = { ...event, type: event.type as CollectedEvent['type'], visitorIds: { today: visitorId, yesterday: null } };
      const next = applyEvent(open, collected, timeoutMs);
      if (!next) throw new Error(`event at ${event.ts} of ${visitorId} belongs to no visit`);
      if (next.startedAt !== open?.startedAt) visits.push(next);
      else visits[visits.length - 1] = next;
      open = next;
    }
  }
  return visits;
}

const byStart = (a: VisitRow, b: VisitRow) => a.visitorId.localeCompare(b.visitorId) || a.startedAt - b.startedAt;

describe(TrafficGenerator.name, () => {
  let batches: TrafficBatch[];
  let events: EventRow[];
  let visits: VisitRow[];

  beforeAll(() => {
    batches = generate();
    events = eventsOf(batches);
    visits = visitsOf(batches);
  });

  it.each([1, 2, 7, 999, 12_345])('makes exactly %i events', (count) => {
    const generator = new TrafficGenerator({ ...OPTIONS, events: count });
    const made = [...generator.batches()];
    expect(eventsOf(made)).toHaveLength(count);
    expect(visitsOf(made)).toHaveLength(generator.visitCount);
  });

  it('makes exactly the events asked for, in batches of whole visits', () => {
    expect(events).toHaveLength(OPTIONS.events);
    for (const [i, batch] of batches.entries()) {
      if (i < batches.length - 1) expect(batch.events.length).toBeGreaterThanOrEqual(OPTIONS.batchEvents!);
      const own = new Set(batch.visits);
      expect(batch.events.every((row) => own.has(row.visit))).toBe(true);
      expect(batch.visits.every((visit) => visit.id === null && visit.siteId === OPTIONS.siteId)).toBe(true);
    }
  });

  it('keeps every event inside the window and none at or after the end', () => {
    const times = events.map((row) => row.event.ts);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END - OPTIONS.days * DAY);
    expect(Math.max(...times)).toBeLessThan(END);
    // The whole window is used, up to the last hour.
    expect(Math.min(...times)).toBeLessThan(END - (OPTIONS.days - 1) * DAY);
    expect(Math.max(...times)).toBeGreaterThan(END - 3_600_000);
  });

  it('stores each visit exactly as applyEvent derives it from its events', () => {
    const derived = rederive(events, OPTIONS.sessionTimeoutMs).sort(byStart);
    expect(derived).toHaveLength(visits.length);
    expect(derived).toEqual([...visits].sort(byStart).map((visit) => ({ ...visit })));
    expect(events.filter(({ event, visit }) => event.ts < visit.startedAt || event.ts > visit.lastEventAt)).toEqual([]);
  });

  it('stays consistent with a short session timeout', () => {
    const made = generate({ events: 5_000, sessionTimeoutMs: MINUTE });
    const derived = rederive(eventsOf(made), MINUTE).sort(byStart);
    expect(derived).toEqual(visitsOf(made).sort(byStart).map((visit) => ({ ...visit })));
  });

  it('gives visitor ids of 16 hex characters that live one UTC day, kept by returning visitors that day', () => {
    const days = new Map<string, Set<string>>();
    for (const visit of visits) {
      expect(visit.visitorId).toMatch(/^[0-9a-f]{16}$/);
      const set = days.get(visit.visitorId) ?? new Set<string>();
      set.add(utcDay(visit.startedAt));
      days.set(visit.visitorId, set);
    }
    expect([...days.values()].every((set) => set.size === 1)).toBe(true);
    const returning = visits.length - days.size;
    expect(returning / visits.length).toBeGreaterThan(0.05);
    // The same person on another UTC day has another id.
    expect(visitorHex(42, 1234, 20_000)).not.toBe(visitorHex(42, 1234, 20_001));
    expect(visitorHex(42, 1234, 20_000)).toBe(visitorHex(42, 1234, 20_000));
  });

  it('is the same for the same seed and different for another', () => {
    const flat = (made: TrafficBatch[]) => JSON.stringify(eventsOf(made).map(({ event, visit }) => [event, visit.visitorId]));
    const small = { events: 3_000 };
    expect(flat(generate(small))).toBe(flat(generate(small)));
    expect(flat(generate({ ...small, seed: 43 }))).not.toBe(flat(generate(small)));
  });

  it('has a realistic share of bounces, multi-page visits and engagement reports', () => {
    const bounces = visits.filter((visit) => visit.pageviews === 1 && visit.events === 0).length / visits.length;
    expect(bounces).toBeGreaterThan(0.3);
    expect(bounces).toBeLessThan(0.6);
    expect(Math.max(...visits.map((visit) => visit.pageviews))).toBeLessThanOrEqual(8);
    expect(visits.filter((visit) => visit.pageviews >= 4).length / visits.length).toBeGreaterThan(0.08);
    const pageviews = events.filter((row) => row.event.type === 'pageview').length;
    const engagements = events.filter((row) => row.event.type === 'engagement');
    expect(engagements.length / pageviews).toBeGreaterThan(0.85);
    expect(engagements.every((row) => row.event.engagedMs! > 0 && row.event.name === null)).toBe(true);
    // One-page visits have a duration too.
    expect(visits.filter((visit) => visit.pageviews === 1 && visit.lastEventAt > visit.startedAt).length).toBeGreaterThan(0);
  });

  it('has visits that follow the signup funnel in order: / → /pricing → /signup → Signup', () => {
    const steps = ['/', '/pricing', '/signup'];
    const byVisit = new Map<VisitRow, EventRow[]>();
    for (const row of events) byVisit.set(row.visit, [...(byVisit.get(row.visit) ?? []), row]);
    let converted = 0;
    for (const rows of byVisit.values()) {
      let step = 0;
      for (const { event } of rows) {
        if (step < 3 && event.type === 'pageview' && event.path === steps[step]) step++;
        else if (step === 3 && event.type === 'event' && event.name === 'Signup') step++;
      }
      if (step === 4) converted++;
    }
    expect(converted / visits.length).toBeGreaterThan(0.01);
    const signups = events.filter((row) => row.event.name === 'Signup');
    expect(signups.every((row) => row.event.path === '/signup' && /^\{"plan":"(free|pro|team)"\}$/.test(row.event.props!))).toBe(true);
  });

  it('has custom events with props, sources with UTM campaigns, countries and devices', () => {
    const names = new Set(events.map((row) => row.event.name));
    expect(names).toEqual(new Set([null, 'Signup', 'File Download', 'Outbound Link: Click', 'Newsletter']));
    const sources = new Set(visits.map((visit) => visit.source));
    for (const source of ['Direct / None', 'Google', 'Bing', 'DuckDuckGo', 'Hacker News', 'Reddit', 'GitHub', 'X', 'Facebook', 'LinkedIn', 'Newsletter']) {
      expect(sources).toContain(source);
    }
    expect(new Set(visits.map((visit) => visit.utmCampaign))).toEqual(new Set([null, 'monthly-update', 'release-1-4', 'launch-week', 'brand']));
    expect(new Set(visits.map((visit) => visit.device))).toEqual(new Set(['desktop', 'mobile', 'tablet']));
    expect(new Set(visits.map((visit) => visit.country)).size).toBeGreaterThan(20);
    // A visit's later pages come without referrer or campaign, as the snippet sends them.
    const later = events.filter((row) => row.event.type === 'pageview' && row.event.ts > row.visit.startedAt);
    expect(later.every((row) => row.event.dimensions.referrer === null && row.event.dimensions.source === 'Direct / None')).toBe(true);
  });

  it('follows the site-local day and week: busy office hours, quiet nights and weekends', () => {
    const byHour = new Array(24).fill(0);
    const byWeekday = new Array(7).fill(0);
    for (const visit of visits) {
      const local = DateTime.fromMillis(visit.startedAt, { zone: OPTIONS.timezone });
      byHour[local.hour]++;
      byWeekday[local.weekday - 1]++;
    }
    expect(byHour[11] / byHour[3]).toBeGreaterThan(4);
    const weekday = (byWeekday[1] + byWeekday[2]) / 2;
    const weekend = (byWeekday[5] + byWeekday[6]) / 2;
    expect(weekday / weekend).toBeGreaterThan(1.4);
  });
});
