/** Dimension properties and their columns, shared by events and visits (see EventDimensions). */
export const DIMENSION_COLUMNS = [
  ['referrer', 'referrer'],
  ['source', 'source'],
  ['utmSource', 'utm_source'],
  ['utmMedium', 'utm_medium'],
  ['utmCampaign', 'utm_campaign'],
  ['utmTerm', 'utm_term'],
  ['utmContent', 'utm_content'],
  ['country', 'country'],
  ['region', 'region'],
  ['city', 'city'],
  ['browser', 'browser'],
  ['browserVersion', 'browser_version'],
  ['os', 'os'],
  ['osVersion', 'os_version'],
  ['device', 'device'],
  ['screen', 'screen'],
] as const;

export type DimensionValues = { [K in (typeof DIMENSION_COLUMNS)[number][0]]: K extends 'source' | 'device' ? string : string | null };

export interface VisitRow extends DimensionValues {
  /** Null until inserted; writeBatch sets it. */
  id: number | null;
  siteId: number;
  visitorId: string;
  startedAt: number;
  lastEventAt: number;
  entryPage: string | null;
  exitPage: string | null;
  pageviews: number;
  events: number;
  engagedMs: number;
  /**
   * The row as this process last read or wrote it (absent until then). On PostgreSQL another process
   * may have moved the visit on since: the batch writer compares, and recounts the visit from its
   * events when they differ. Not a column.
   */
  stored?: StoredVisitState;
}

/** What of a stored visit changes with each event: enough to tell whether someone else wrote it. */
export interface StoredVisitState {
  lastEventAt: number;
  pageviews: number;
  events: number;
  engagedMs: number;
}

export function storedState(visit: StoredVisitState): StoredVisitState {
  return { lastEventAt: visit.lastEventAt, pageviews: visit.pageviews, events: visit.events, engagedMs: visit.engagedMs };
}

export interface EventFields {
  siteId: number;
  ts: number;
  type: string;
  path: string;
  title: string | null;
  name: string | null;
  props: string | null;
  engagedMs: number | null;
  /** A custom event's revenue: the amount times 100 (exact), and its ISO 4217 currency. */
  revenueCents?: number | null;
  revenueCurrency?: string | null;
  /** An engagement report's deepest percent of the page seen (0–100). */
  scrollDepth?: number | null;
  dimensions: DimensionValues;
}

export interface EventRow {
  event: EventFields;
  /** The visit the event belongs to; its id is known once writeBatch has inserted it. */
  visit: VisitRow;
}

export const VISIT_COLUMNS = [
  ['siteId', 'site_id'],
  ['visitorId', 'visitor_id'],
  ['startedAt', 'started_at'],
  ['lastEventAt', 'last_event_at'],
  ['entryPage', 'entry_page'],
  ['exitPage', 'exit_page'],
  ['pageviews', 'pageviews'],
  ['events', 'events'],
  ['engagedMs', 'engaged_ms'],
  ...DIMENSION_COLUMNS,
] as const;

/** What changes on a visit once it exists (identity and start stay). */
export const VISIT_UPDATABLE = VISIT_COLUMNS.slice(3);

/** An event row's columns, in the order eventValues() gives them. */
export const EVENT_COLUMNS = [
  'visit_id',
  'visitor_id',
  'site_id',
  'ts',
  'type',
  'path',
  'title',
  'name',
  'props',
  'engaged_ms',
  'revenue_cents',
  'revenue_currency',
  'scroll_depth',
  ...DIMENSION_COLUMNS.map(([, column]) => column),
];

export function eventValues({ event, visit }: EventRow): unknown[] {
  const values: unknown[] = [visit.id, visit.visitorId, event.siteId, event.ts, event.type, event.path, event.title, event.name, event.props, event.engagedMs, event.revenueCents ?? null, event.revenueCurrency ?? null, event.scrollDepth ?? null];
  for (const [property] of DIMENSION_COLUMNS) values.push(event.dimensions[property]);
  return values;
}

/**
 * Columns of a visit row as stored, back to a VisitRow (PostgreSQL returns BIGINT as strings). The
 * properties in the order applyEvent gives a new visit, the dimensions spread last: one shape for
 * every visit, which V8 copies fast (a row built property by property took ~10 µs to copy).
 */
export function visitFromColumns(row: Record<string, unknown>): VisitRow {
  const dimensions: Record<string, unknown> = {};
  for (const [property, column] of DIMENSION_COLUMNS) dimensions[property] = row[column];
  const visit: VisitRow = {
    id: Number(row.id),
    siteId: Number(row.site_id),
    visitorId: row.visitor_id as string,
    startedAt: Number(row.started_at),
    lastEventAt: Number(row.last_event_at),
    entryPage: row.entry_page as string | null,
    exitPage: row.exit_page as string | null,
    pageviews: Number(row.pageviews),
    events: Number(row.events),
    engagedMs: Number(row.engaged_ms),
    stored: undefined,
    ...(dimensions as DimensionValues),
  };
  visit.stored = storedState(visit);
  return visit;
}

/**
 * A batch's COMMIT was sent but its answer lost (the database went away): whether it committed is
 * learnt later. `outcome` resolves to the answer (false when it cannot be had) and never rejects.
 * Meanwhile the batch counts as not written for the cache of visits; PostgreSQL's batch writer
 * recounts any visit whose stored row turns out to differ from what this process held.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(
    readonly failure: Error,
    readonly outcome: Promise<boolean>,
  ) {
    super(`the batch's commit went unanswered (${failure.message})`);
  }
}

/**
 * The ingest path's storage: the batch writer and the open-visit lookup. One transaction per batch,
 * written with prepared statements rather than the ORM: this is the hot path.
 */
export abstract class IngestStore {
  private readonly listeners: Array<(siteIds: ReadonlySet<number>) => void> = [];

  /** Called after each committed batch with the sites it wrote to (rollups of the current day go stale). */
  onCommitted(listener: (siteIds: ReadonlySet<number>) => void): void {
    this.listeners.push(listener);
  }

  protected committed(events: EventRow[]): void {
    if (this.listeners.length === 0 || events.length === 0) return;
    const sites = new Set(events.map((row) => row.event.siteId));
    for (const listener of this.listeners) listener(sites);
  }

  /** The latest visit of any of these visitor hashes with an event at or after `since`. */
  abstract findOpenVisit(siteId: number, visitorIds: string[], since: number): Promise<VisitRow | null>;

  /** The time of the site's latest stored event, null when it has none: no stored visit of the site lasts past it. */
  abstract latestEventAt(siteId: number): Promise<number | null>;

  /** In one transaction: inserts new visits (setting their ids), updates the others, inserts the events. */
  abstract writeBatch(visits: Iterable<VisitRow>, events: EventRow[]): Promise<void>;
}
