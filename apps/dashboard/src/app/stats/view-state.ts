import type { Params } from '@angular/router';
import { DIMENSIONS, type Dimension, type Period } from '@cairn/contracts';

/** The time slices the picker offers, in its order; `label` is the key of its name (shared `periods.*`). */
export const PERIOD_CHOICES: readonly { period: Period; label: string }[] = (['realtime', 'today', 'yesterday', '7d', '30d', 'month', 'year', 'all'] as const).map(
  (period) => ({ period, label: `periods.${period}` }),
);

export const DEFAULT_PERIOD: Period = '30d';

/** A named period, or a custom range of the site's days (YYYY-MM-DD, both inclusive). */
export type TimeSlice = { period: Period } | { start: string; end: string };

export interface Filter {
  dimension: Dimension;
  value: string;
}

/** What the screen shows, all of it in the URL so a view can be bookmarked and shared. */
export interface ViewState {
  slice: TimeSlice;
  compare: boolean;
  filters: Filter[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROP_KEY = /^prop:[\p{L}\p{N}_ .-]{1,64}$/u;

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name) || name === 'goal' || PROP_KEY.test(name);
}

/**
 * Reads the query string. Anything unknown or malformed is left out rather than refused, so a
 * hand-edited link still opens (on the default 30 days).
 */
export function viewStateFromParams(params: Params): ViewState {
  const start = text(params['start']);
  const end = text(params['end']);
  const period = text(params['period']);
  let slice: TimeSlice = { period: DEFAULT_PERIOD };
  if (start && end && DATE.test(start) && DATE.test(end)) slice = start <= end ? { start, end } : { start: end, end: start };
  else if (period && PERIOD_CHOICES.some((choice) => choice.period === period)) slice = { period: period as Period };

  const filters: Filter[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (!key.startsWith('filter.')) continue;
    const dimension = key.slice('filter.'.length);
    if (!isDimension(dimension)) continue;
    for (const value of [raw].flat()) {
      if (typeof value === 'string' && value !== '' && !filters.some((f) => f.dimension === dimension && f.value === value)) {
        filters.push({ dimension, value });
      }
    }
  }
  return { slice, compare: text(params['compare']) === 'previous', filters };
}

/** The query string of a view; keys it does not set are removed (null) when merged into the URL. */
export function viewStateToParams(state: ViewState): Params {
  const params: Params = { period: null, start: null, end: null, compare: state.compare ? 'previous' : null };
  if ('period' in state.slice) params['period'] = state.slice.period;
  else {
    params['start'] = state.slice.start;
    params['end'] = state.slice.end;
  }
  for (const { dimension, value } of state.filters) {
    const key = `filter.${dimension}`;
    params[key] = [...((params[key] as string[] | undefined) ?? []), value];
  }
  return params;
}

/** The params to merge into the current URL: the new state, and null for filters no longer there. */
export function viewStateNavigation(current: Params, next: ViewState): Params {
  const params = viewStateToParams(next);
  for (const key of Object.keys(current)) if (key.startsWith('filter.') && !(key in params)) params[key] = null;
  return params;
}

export function withFilter(state: ViewState, filter: Filter): ViewState {
  if (state.filters.some((f) => f.dimension === filter.dimension && f.value === filter.value)) return state;
  return { ...state, filters: [...state.filters, filter] };
}

export function withoutFilter(state: ViewState, filter: Filter): ViewState {
  return { ...state, filters: state.filters.filter((f) => !(f.dimension === filter.dimension && f.value === filter.value)) };
}

/** The stats API's own parameters for a view: `site`, the slice and `filter.<dimension>`. */
export function statsParams(site: string, state: ViewState): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = { site, ...sliceParams(state.slice) };
  for (const [dimension, values] of groupFilters(state.filters)) params[`filter.${dimension}`] = values;
  return params;
}

/** `period`, or `start` and `end`. */
export function sliceParams(slice: TimeSlice): Record<string, string> {
  return 'period' in slice ? { period: slice.period } : { start: slice.start, end: slice.end };
}

/** Filters as the funnel body wants them: `{ dimension: value | [values] }`. */
export function groupFilters(filters: Filter[]): Map<Dimension, string[]> {
  const grouped = new Map<Dimension, string[]>();
  for (const { dimension, value } of filters) grouped.set(dimension, [...(grouped.get(dimension) ?? []), value]);
  return grouped;
}

function text(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
