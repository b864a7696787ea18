import type { DimensionValues, EventType, VisitRow } from '@cairn/storage';

/** Everything an event or visit is broken down by, derived from the request and then cut loose from it. */
export type Dimensions = DimensionValues;

/** Hash with today's salt, and with yesterday's (to continue a visit across midnight). */
export interface VisitorIds {
  today: string;
  yesterday: string | null;
}

/** An accepted, enriched event: no IP address or User-Agent left in it, only the visitor hashes. */
export interface CollectedEvent {
  siteId: number;
  /** Server clock, epoch ms. */
  ts: number;
  type: EventType;
  path: string;
  title: string | null;
  name: string | null;
  /** Flat JSON object, already serialised. */
  props: string | null;
  engagedMs: number | null;
  /** A custom event's revenue, the amount times 100, and its ISO 4217 currency. */
  revenueCents?: number | null;
  revenueCurrency?: string | null;
  /** An engagement report's deepest percent of the page seen. */
  scrollDepth?: number | null;
  visitorIds: VisitorIds;
  dimensions: Dimensions;
}

/** A visit as the ingest path holds it: the stored row, with a null id until first written. */
export type VisitState = VisitRow;

/** True while a new event at `at` still belongs to the visit. */
export function isOpen(visit: VisitState, at: number, timeoutMs: number): boolean {
  return at - visit.lastEventAt <= timeoutMs;
}

/**
 * Folds an event into the visit it belongs to and returns the visit as it now is (a new object),
 * or null when the event belongs to no visit: an engagement report arriving after its visit ended.
 */
export function applyEvent(open: VisitState | null, event: CollectedEvent, timeoutMs: number): VisitState | null {
  if (open && isOpen(open, event.ts, timeoutMs)) return foldEvent({ ...open }, event);
  if (event.type === 'engagement') return null;
  // A visit's source, UTM, location and device are those of its first event. Spread last, and in
  // visitFromColumns' order: V8 builds a literal that starts with a spread property by property
  // (~20 µs here), and every visit having one shape keeps copying them cheap.
  return foldEvent(
    {
      id: null,
      siteId: event.siteId,
      visitorId: event.visitorIds.today,
      startedAt: event.ts,
      lastEventAt: event.ts,
      entryPage: null,
      exitPage: null,
      pageviews: 0,
      events: 0,
      engagedMs: 0,
      stored: undefined,
      ...event.dimensions,
    },
    event,
  );
}

/** Moves an open visit on by one of its events, in place; returns it. */
export function foldEvent(visit: VisitState, event: CollectedEvent): VisitState {
  if (event.ts > visit.lastEventAt) visit.lastEventAt = event.ts;
  switch (event.type) {
    case 'pageview':
      visit.pageviews += 1;
      visit.entryPage ??= event.path;
      visit.exitPage = event.path;
      break;
    case 'event':
      visit.events += 1;
      break;
    case 'engagement':
      visit.engagedMs += event.engagedMs ?? 0;
      break;
  }
  return visit;
}
