import type { BreakdownRow, Dimension } from '@cairn/contracts';
import { propKey } from '@cairn/read-store';
import type { Cell, ExportRow } from './export-formats.js';
import { isoTime } from './iso-time.js';

/** `events`, `visits`, or a breakdown dimension (its rows as /api/stats/breakdown gives them). */
export type ExportDataset = 'events' | 'visits' | Dimension;

/** The columns events and visits share (those of EventDimensions), in the tables' names. */
export const DIMENSION_COLUMNS = [
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

export const EVENT_COLUMNS = ['time', 'type', 'path', 'title', 'name', 'props', 'engaged_seconds', 'visit_id', 'visitor_id', ...DIMENSION_COLUMNS];

export const VISIT_COLUMNS = [
  'id',
  'visitor_id',
  'started_at',
  'ended_at',
  'entry_page',
  'exit_page',
  'pageviews',
  'events',
  'duration_seconds',
  'engaged_seconds',
  ...DIMENSION_COLUMNS,
];

/** The fields of a breakdown row, as /api/stats/breakdown names them for that dimension. */
export function breakdownColumns(dimension: Dimension): string[] {
  if (dimension === 'goal') return ['value', 'visitors', 'visits', 'events', 'conversionRate', 'revenueCurrency', 'revenueTotal', 'revenueAverage'];
  if (dimension === 'page') return ['value', 'visitors', 'visits', 'pageviews', 'bounceRate', 'timeOnPage', 'scrollDepth'];
  if (dimension === 'event' || propKey(dimension) !== null) return ['value', 'visitors', 'visits', 'events'];
  return ['value', 'visitors', 'visits', 'pageviews', 'bounceRate', 'visitDuration'];
}

export function columnsOf(dataset: ExportDataset): string[] {
  if (dataset === 'events') return EVENT_COLUMNS;
  if (dataset === 'visits') return VISIT_COLUMNS;
  return breakdownColumns(dataset);
}

/**
 * What export reads of each table, in this order: time and id first (the keyset of the next page),
 * then the rest. Rows come back as arrays in this order.
 */
export const EVENT_SELECT = ['ts', 'id', 'type', 'path', 'title', 'name', 'props', 'engaged_ms', 'visit_id', 'visitor_id', ...DIMENSION_COLUMNS];
export const VISIT_SELECT = ['started_at', 'id', 'visitor_id', 'last_event_at', 'entry_page', 'exit_page', 'pageviews', 'events', 'engaged_ms', ...DIMENSION_COLUMNS];
const EVENT_DIMENSIONS_AT = EVENT_SELECT.indexOf(DIMENSION_COLUMNS[0]);
const VISIT_DIMENSIONS_AT = VISIT_SELECT.indexOf(DIMENSION_COLUMNS[0]);

/** A row as read: values in EVENT_SELECT or VISIT_SELECT order (PostgreSQL answers BIGINT as text). */
export type RawRow = unknown[];

const ms = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
const iso = (value: unknown): string => isoTime(ms(value));
const seconds = (value: unknown): number | null => (value === null || value === undefined ? null : ms(value) / 1000);
const cell = (value: unknown): Cell => (value === undefined ? null : (value as Cell));

function pushDimensions(row: Cell[], raw: RawRow, from: number): Cell[] {
  for (let i = from; i < from + DIMENSION_COLUMNS.length; i++) row.push(cell(raw[i]));
  return row;
}

/**
 * A page's row indices in (time, id) order, from its first two columns (time and id, as EVENT_SELECT
 * and VISIT_SELECT have them): 0, 1, 2, … when the page is in that order already.
 */
export function pageOrder(times: number[], ids: number[]): number[] {
  const order = times.map((_, i) => i);
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1] || (times[i] === times[i - 1] && ids[i] < ids[i - 1])) {
      return order.sort((a, b) => times[a] - times[b] || ids[a] - ids[b]);
    }
  }
  return order;
}

/** The keyset of a raw events or visits row: its time and id. */
export function keysetOf(raw: RawRow): { at: number; id: number } {
  return { at: ms(raw[0]), id: ms(raw[1]) };
}

/** EVENT_SELECT → EVENT_COLUMNS. */
export function eventRow(raw: RawRow): ExportRow {
  return pushDimensions([iso(raw[0]), cell(raw[2]), cell(raw[3]), cell(raw[4]), cell(raw[5]), cell(raw[6]), seconds(raw[7]), ms(raw[8]), cell(raw[9])], raw, EVENT_DIMENSIONS_AT);
}

/** VISIT_SELECT → VISIT_COLUMNS. */
export function visitRow(raw: RawRow): ExportRow {
  const started = ms(raw[0]);
  const ended = ms(raw[3]);
  return pushDimensions(
    [ms(raw[1]), cell(raw[2]), iso(started), iso(ended), cell(raw[4]), cell(raw[5]), ms(raw[6]), ms(raw[7]), (ended - started) / 1000, seconds(raw[8])],
    raw,
    VISIT_DIMENSIONS_AT,
  );
}

export function breakdownRow(row: BreakdownRow, columns: readonly string[]): ExportRow {
  // A revenue goal's revenue object is spread into columns of its own.
  const flat: Record<string, unknown> = { ...row, revenueCurrency: row.revenue?.currency, revenueTotal: row.revenue?.total, revenueAverage: row.revenue?.average };
  return columns.map((column) => cell(flat[column] ?? null));
}
