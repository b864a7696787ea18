/**
 * One site-local day's rollup rows, computed from the raw rows around it. Pure: the same code builds
 * the stored rollups of finished days and the provisional ones of the days still going on.
 *
 * Distinct counts cannot be summed across days, so each row keeps two: `visitors`, distinct that day,
 * and `newVisitors`, those not seen (with the same value) in the two days before. A visitor hash
 * lives one UTC day (plus the tail of a visit crossing midnight), so it touches at most two adjacent
 * local days, and the distinct visitors of days d1..dn are exactly
 * visitors(d1) + newVisitors(d2) + … + newVisitors(dn). Visits of a page or an event (a visit can view
 * a page on both sides of midnight) are kept the same way.
 */

/** Dimensions stored on the visit, with how to read each from a visit row. */
export const VISIT_DIMENSIONS: ReadonlyArray<[dimension: string, read: (v: RawVisit) => string | null]> = [
  ['', () => ''],
  ['entry_page', (v) => v.entry_page],
  ['exit_page', (v) => v.exit_page],
  ['referrer', (v) => v.referrer],
  ['source', (v) => v.source],
  ['utm_source', (v) => v.utm_source],
  ['utm_medium', (v) => v.utm_medium],
  ['utm_campaign', (v) => v.utm_campaign],
  ['utm_term', (v) => v.utm_term],
  ['utm_content', (v) => v.utm_content],
  ['country', (v) => v.country],
  ['region', (v) => v.region],
  ['city', (v) => v.city],
  ['browser', (v) => v.browser],
  ['browser_version', (v) => (v.browser === null || v.browser_version === null ? null : `${v.browser} ${v.browser_version}`)],
  ['os', (v) => v.os],
  ['os_version', (v) => (v.os === null || v.os_version === null ? null : `${v.os} ${v.os_version}`)],
  ['device', (v) => v.device],
  ['screen', (v) => v.screen],
];

/** Visit columns the builder reads. */
export const RAW_VISIT_COLUMNS = [
  'id',
  'visitor_id',
  'started_at',
  'last_event_at',
  'pageviews',
  'events',
  'entry_page',
  'exit_page',
  'referrer',
  'source',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'region',
  'city',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'device',
  'screen',
] as const;

export type RawVisit = { id: number; visitor_id: string; started_at: number; last_event_at: number; pageviews: number; events: number } & {
  [K in Exclude<(typeof RAW_VISIT_COLUMNS)[number], 'id' | 'visitor_id' | 'started_at' | 'last_event_at' | 'pageviews' | 'events'>]: string | null;
};

export interface RawEvent {
  visit_id: number;
  visitor_id: string;
  ts: number;
  type: string;
  path: string;
  name: string | null;
  props: string | null;
  engaged_ms: number | null;
  scroll_depth: number | null;
}

export interface RollupRow {
  dimension: string;
  value: string | null;
  visitors: number;
  newVisitors: number;
  visits: number;
  newVisits: number;
  bounces: number;
  durationMs: number;
  pageviews: number;
  events: number;
  engagedMs: number;
  engagements: number;
  /** Page rows: the sum and the number of the scroll depths the page's engagement reports carried. */
  scrollSum: number;
  scrolls: number;
}

/** How far back "seen before" looks: longer than any visitor hash lives. */
export const LOOKBACK_MS = 2 * 86_400_000;

/** A property value as text, the way the stats queries read it. */
export function propText(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  return String(value);
}

function props(json: string | null): Array<[string, string]> {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
    return Object.entries(parsed).flatMap(([key, value]) => {
      const text = propText(value);
      return text === null ? [] : [[key, text] as [string, string]];
    });
  } catch {
    return [];
  }
}

class Counter {
  readonly visitors = new Set<string>();
  readonly newVisitors = new Set<string>();
  readonly visitIds = new Set<number>();
  readonly newVisitIds = new Set<number>();
  visits = 0;
  newVisits = 0;
  bounces = 0;
  durationMs = 0;
  pageviews = 0;
  events = 0;
  engagedMs = 0;
  engagements = 0;
  scrollSum = 0;
  scrolls = 0;
}

const SEP = '\u0000';
const NULL_KEY = '\u0001null';

/**
 * @param visits every visit started in the day, every visit an event of the day belongs to, and the
 *   visits in [dayStart - LOOKBACK_MS, dayStart) of every visitor in the day (others cannot matter)
 * @param events every pageview, custom event and engagement of the day, and those of the visits above
 *   in [dayStart - LOOKBACK_MS, dayStart)
 */
export function buildDay(dayStart: number, dayEnd: number, visits: RawVisit[], events: RawEvent[]): RollupRow[] {
  const counters = new Map<string, Counter>();
  const counter = (dimension: string, value: string | null): Counter => {
    const key = dimension + SEP + (value ?? NULL_KEY);
    let found = counters.get(key);
    if (!found) counters.set(key, (found = new Counter()));
    return found;
  };
  const byId = new Map<number, RawVisit>();
  for (const visit of visits) byId.set(visit.id, visit);

  // What was seen before the day: visitor (and visit) per dimension value.
  const seen = new Set<string>();
  for (const visit of visits) {
    if (visit.started_at >= dayStart || visit.started_at < dayStart - LOOKBACK_MS) continue;
    for (const [dimension, read] of VISIT_DIMENSIONS) seen.add(`${dimension}${SEP}${read(visit) ?? NULL_KEY}${SEP}${visit.visitor_id}`);
  }
  const eventKeys = (event: RawEvent): Array<[string, string]> => {
    if (event.type === 'pageview') return [['page', event.path]];
    if (event.type !== 'event' || event.name === null) return [];
    return [['event', event.name], ...props(event.props).map(([key, value]): [string, string] => [`prop:${key}`, value])];
  };
  for (const event of events) {
    if (event.ts >= dayStart) continue;
    for (const [dimension, value] of eventKeys(event)) {
      seen.add(`${dimension}${SEP}${value}${SEP}${event.visitor_id}`);
      seen.add(`${dimension}${SEP}${value}${SEP}#${event.visit_id}`);
    }
  }

  // Visits started in the day.
  for (const visit of visits) {
    if (visit.started_at < dayStart || visit.started_at >= dayEnd) continue;
    const bounce = visit.pageviews === 1 && visit.events === 0 ? 1 : 0;
    for (const [dimension, read] of VISIT_DIMENSIONS) {
      const value = read(visit);
      const c = counter(dimension, value);
      c.visitors.add(visit.visitor_id);
      if (!seen.has(`${dimension}${SEP}${value ?? NULL_KEY}${SEP}${visit.visitor_id}`)) c.newVisitors.add(visit.visitor_id);
      c.visits += 1;
      c.newVisits += 1;
      c.bounces += bounce;
      c.durationMs += visit.last_event_at - visit.started_at;
    }
  }

  // Events of the day, by their own time.
  for (const event of events) {
    if (event.ts < dayStart || event.ts >= dayEnd) continue;
    if (event.type === 'engagement') {
      if (event.engaged_ms === null) continue;
      const c = counter('page', event.path);
      if (event.scroll_depth !== null) {
        c.scrollSum += event.scroll_depth;
        c.scrolls += 1;
      }
      c.engagedMs += event.engaged_ms;
      c.engagements += 1;
      continue;
    }
    const visit = byId.get(event.visit_id);
    if (event.type === 'pageview' && visit) {
      for (const [dimension, read] of VISIT_DIMENSIONS) counter(dimension, read(visit)).pageviews += 1;
    } else if (event.type === 'event') {
      counter('', '').events += 1;
    }
    for (const [dimension, value] of eventKeys(event)) {
      const c = counter(dimension, value);
      c.visitors.add(event.visitor_id);
      if (!seen.has(`${dimension}${SEP}${value}${SEP}${event.visitor_id}`)) c.newVisitors.add(event.visitor_id);
      c.visitIds.add(event.visit_id);
      if (!seen.has(`${dimension}${SEP}${value}${SEP}#${event.visit_id}`)) c.newVisitIds.add(event.visit_id);
      if (event.type === 'pageview') c.pageviews += 1;
      else c.events += 1;
    }
  }

  const rows: RollupRow[] = [];
  for (const [key, c] of counters) {
    const at = key.indexOf(SEP);
    const rawValue = key.slice(at + SEP.length);
    const eventLevel = c.visitIds.size > 0 || c.engagements > 0;
    rows.push({
      dimension: key.slice(0, at),
      value: rawValue === NULL_KEY ? null : rawValue,
      visitors: c.visitors.size,
      newVisitors: c.newVisitors.size,
      visits: eventLevel ? c.visitIds.size : c.visits,
      newVisits: eventLevel ? c.newVisitIds.size : c.newVisits,
      bounces: c.bounces,
      durationMs: c.durationMs,
      pageviews: c.pageviews,
      events: c.events,
      engagedMs: c.engagedMs,
      engagements: c.engagements,
      scrollSum: c.scrollSum,
      scrolls: c.scrolls,
    });
  }
  return rows;
}
