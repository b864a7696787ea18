import { DIMENSIONS, PROP_KEY_PATTERN, type Dimension, type FieldProblem, type Interval, type Period } from '@cairn/contracts';
import type { Filters } from '@cairn/read-store';
import { explicitRange, INTERVALS, PERIODS, periodRange, TimeSliceError, type TimeRange } from './time-range.js';

export type { Filters };

/** What a query string or body said, before the site is known. */
export type RawParams = Record<string, unknown>;

export class ParamsError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.problems.join(', ')}`).join('; '));
  }
}

const isPropDimension = (raw: string): boolean => raw.startsWith('prop:') && PROP_KEY_PATTERN.test(raw.slice('prop:'.length));

export function parseDimension(raw: unknown, field = 'dimension'): Dimension {
  if (typeof raw !== 'string' || raw === '') throw new ParamsError([{ field, problems: [`${field} is required`] }]);
  if ((DIMENSIONS as readonly string[]).includes(raw) || raw === 'goal' || isPropDimension(raw)) return raw as Dimension;
  throw new ParamsError([{ field, problems: [`${field} must be one of ${DIMENSIONS.join(', ')}, goal or prop:<key> (got ${JSON.stringify(raw)})`] }]);
}

function single(raw: RawParams, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ParamsError([{ field: name, problems: [`${name} must be given once, as text`] }]);
}

export function requiredText(raw: RawParams, name: string): string {
  const value = single(raw, name);
  if (value === undefined || value.trim() === '') throw new ParamsError([{ field: name, problems: [`${name} is required`] }]);
  return value;
}

/**
 * `filter.<dimension>=value`, repeatable, from a query string; or a `filters` object
 * (`{ "<dimension>": "v" | ["v", …] }`) from a JSON body.
 */
export function parseFilters(raw: RawParams): Filters {
  const filters: Filters = new Map();
  const problems: FieldProblem[] = [];
  const add = (field: string, dimensionName: string, value: unknown) => {
    let dimension: Dimension;
    try {
      dimension = parseDimension(dimensionName, field);
    } catch (error) {
      problems.push(...(error as ParamsError).problems);
      return;
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => typeof v !== 'string' || v.length === 0 || v.length > 1024)) {
      problems.push({ field, problems: [`${field} must be one or more non-empty texts of at most 1024 characters`] });
      return;
    }
    filters.set(dimension, [...(filters.get(dimension) ?? []), ...(values as string[])]);
  };
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('filter.')) add(key, key.slice('filter.'.length), value);
  }
  if (raw.filters !== undefined) {
    if (typeof raw.filters !== 'object' || raw.filters === null || Array.isArray(raw.filters)) {
      problems.push({ field: 'filters', problems: ['filters must be an object of dimension → value(s)'] });
    } else {
      for (const [key, value] of Object.entries(raw.filters)) add(`filters.${key}`, key, value);
    }
  }
  if (problems.length) throw new ParamsError(problems);
  return filters;
}

/** The time slice: `period`, or `start` and `end`; `period` defaults to 30d. */
export function parseSlice(raw: RawParams, zone: string, now: number, earliest: number): { range: TimeRange; period: Period | null } {
  const start = single(raw, 'start');
  const end = single(raw, 'end');
  const period = single(raw, 'period');
  try {
    if (start !== undefined || end !== undefined) {
      if (period !== undefined) throw new TimeSliceError('period', 'give either period, or start and end — not both');
      if (start === undefined || end === undefined) throw new TimeSliceError(start === undefined ? 'start' : 'end', 'start and end go together');
      return { range: explicitRange(start, end, zone), period: null };
    }
    const chosen = (period ?? '30d') as Period;
    if (!PERIODS.includes(chosen)) throw new TimeSliceError('period', `period must be one of ${PERIODS.join(', ')} (got ${JSON.stringify(period)})`);
    return { range: periodRange(chosen, zone, now, earliest), period: chosen };
  } catch (error) {
    if (error instanceof TimeSliceError) throw new ParamsError([{ field: error.parameter, problems: [error.message] }]);
    throw error;
  }
}

export function parseInterval(raw: RawParams): Interval | null {
  const interval = single(raw, 'interval');
  if (interval === undefined) return null;
  if (!(INTERVALS as readonly string[]).includes(interval)) {
    throw new ParamsError([{ field: 'interval', problems: [`interval must be one of ${INTERVALS.join(', ')} (got ${JSON.stringify(interval)})`] }]);
  }
  return interval as Interval;
}

export function parseCount(raw: RawParams, name: string, fallback: number, min: number, max: number): number {
  const text = single(raw, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ParamsError([{ field: name, problems: [`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`] }]);
  }
  return value;
}

export function parseCompare(raw: RawParams): boolean {
  const compare = single(raw, 'compare');
  if (compare === undefined) return false;
  if (compare !== 'previous') throw new ParamsError([{ field: 'compare', problems: [`compare may only be "previous" (got ${JSON.stringify(compare)})`] }]);
  return true;
}

/** Parameters no stats call knows are refused: a typo should not look accepted. */
export function refuseUnknown(raw: RawParams, known: readonly string[]): void {
  const unknown = Object.keys(raw).filter((key) => !known.includes(key) && !key.startsWith('filter.'));
  if (unknown.length) throw new ParamsError(unknown.map((field) => ({ field, problems: [`${field} is not a parameter of this call`] })));
}

/** Who answers: `auto` (rollups where they can, else the read store), `raw` (the read store), `sql` (the primary database's raw tables). */
export type Source = 'auto' | 'raw' | 'sql';

const SOURCES: readonly Source[] = ['auto', 'raw', 'sql'];

/**
 * `source=raw` answers from raw events even where rollups could; `source=sql` from the primary
 * database's own tables even where a faster read store could (both slower; for checking the others).
 */
export function parseSource(raw: RawParams): Source {
  const source = single(raw, 'source') ?? 'auto';
  if (!(SOURCES as readonly string[]).includes(source)) {
    throw new ParamsError([{ field: 'source', problems: [`source may be ${SOURCES.map((s) => `"${s}"`).join(', ')} (got ${JSON.stringify(source)})`] }]);
  }
  return source as Source;
}
