import { DIMENSION_COLUMNS, VISIT_COLUMNS, type EventRow } from './ingest-rows.js';

/**
 * One batch for the writer thread. Visits as column values (VISIT_COLUMNS order). Events packed
 * one after another into one flat array (see packEvent): an event's dimensions are nearly always
 * its visit's, and copying them to the thread and back out of the message for every event cost about
 * as much as writing them.
 */
export interface WriteRequest {
  seq: number;
  visits: Array<{ id: number | null; values: unknown[] }>;
  events: unknown[];
}

/** The ids of the batch's visits, in order; or why the transaction was rolled back. */
export type WriteResult = { seq: number; visitIds: number[]; error?: undefined } | { seq: number; error: string };

/** Where a visit's dimension values start among its VISIT_COLUMNS values (they come last). */
const VISIT_DIMENSIONS_AT = VISIT_COLUMNS.length - DIMENSION_COLUMNS.length;
const VISIT_SITE_ID = VISIT_COLUMNS.findIndex(([property]) => property === 'siteId');
const VISIT_VISITOR_ID = VISIT_COLUMNS.findIndex(([property]) => property === 'visitorId');
/** Where an event's dimensions start among its EVENT_COLUMNS values: visit_id, visitor_id, site_id, then the event's own 10 fields. */
const EVENT_FIELDS_END = 13;

/**
 * Appends an event to a packed list: the index of its visit in the request, ts, type, path, title,
 * name, props, engaged_ms, revenue_cents, revenue_currency, scroll_depth, then a mask whose bit i says the i-th dimension differs from the visit's,
 * then those differing values in DIMENSION_COLUMNS order.
 */
export function packEvent(out: unknown[], visitIndex: number, { event, visit }: EventRow): void {
  out.push(visitIndex, event.ts, event.type, event.path, event.title, event.name, event.props, event.engagedMs, event.revenueCents ?? null, event.revenueCurrency ?? null, event.scrollDepth ?? null);
  const maskAt = out.push(0) - 1;
  let mask = 0;
  for (let i = 0; i < DIMENSION_COLUMNS.length; i++) {
    const property = DIMENSION_COLUMNS[i][0];
    const value = event.dimensions[property];
    if (value !== visit[property]) {
      mask |= 1 << i;
      out.push(value);
    }
  }
  out[maskAt] = mask;
}

/**
 * Unpacks the packed events, calling `row` with each one's EVENT_COLUMNS values. `visitIds` are the
 * batch's visits' ids (as written), `visits` their values as sent. The values array is reused.
 */
export function unpackEvents(events: unknown[], visits: WriteRequest['visits'], visitIds: number[], row: (values: unknown[]) => void): void {
  const values: unknown[] = new Array(EVENT_FIELDS_END + DIMENSION_COLUMNS.length);
  let at = 0;
  while (at < events.length) {
    const visitIndex = events[at] as number;
    const visit = visits[visitIndex].values;
    values[0] = visitIds[visitIndex];
    values[1] = visit[VISIT_VISITOR_ID];
    values[2] = visit[VISIT_SITE_ID];
    for (let i = 3; i < EVENT_FIELDS_END; i++) values[i] = events[at + i - 2];
    const mask = events[at + EVENT_FIELDS_END - 2] as number;
    at += EVENT_FIELDS_END - 1;
    for (let i = 0; i < DIMENSION_COLUMNS.length; i++) values[EVENT_FIELDS_END + i] = mask & (1 << i) ? events[at++] : visit[VISIT_DIMENSIONS_AT + i];
    row(values);
  }
}
