import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  BreakdownResponse,
  Dimension,
  FunnelResponse,
  FunnelStep,
  Interval,
  PropKeysResponse,
  SummaryResponse,
  TimeseriesResponse,
} from '@cairn/contracts';
import type { Observable } from 'rxjs';
import { groupFilters, sliceParams, statsParams, type ViewState } from './view-state';

/** The /api/stats area. Observables, so a view that changes cancels the requests it no longer needs. */
@Injectable({ providedIn: 'root' })
export class StatsService {
  private readonly http = inject(HttpClient);

  summary(site: string, view: ViewState): Observable<SummaryResponse> {
    const params = { ...statsParams(site, view), ...(view.compare ? { compare: 'previous' } : {}) };
    return this.http.get<SummaryResponse>('/api/stats/summary', { params });
  }

  /** With the view's comparison on, `previous` holds the slice before, bucket for bucket. */
  timeseries(site: string, view: ViewState, interval?: Interval): Observable<TimeseriesResponse> {
    const params = { ...statsParams(site, view), ...(interval ? { interval } : {}), ...(view.compare ? { compare: 'previous' } : {}) };
    return this.http.get<TimeseriesResponse>('/api/stats/timeseries', { params });
  }

  breakdown(site: string, view: ViewState, dimension: Dimension, limit: number, offset = 0): Observable<BreakdownResponse> {
    const params = { ...statsParams(site, view), dimension, limit, offset };
    return this.http.get<BreakdownResponse>('/api/stats/breakdown', { params });
  }

  /** The property keys custom events carried in the view, of one event name (`null`: every custom event). */
  propKeys(site: string, view: ViewState, event: string | null, limit = 100): Observable<PropKeysResponse> {
    const params = { ...statsParams(site, view), ...(event === null ? {} : { event }), limit };
    return this.http.get<PropKeysResponse>('/api/stats/prop-keys', { params });
  }

  funnel(site: string, view: ViewState, steps: FunnelStep[]): Observable<FunnelResponse> {
    const filters = Object.fromEntries(groupFilters(view.filters));
    return this.http.post<FunnelResponse>('/api/stats/funnel', {
      site,
      ...sliceParams(view.slice),
      steps,
      ...(view.filters.length ? { filters } : {}),
    });
  }
}
