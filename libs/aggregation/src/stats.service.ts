import { Injectable } from '@nestjs/common';
import { SiteAccess } from '@cairn/access';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { BreakdownResponse, BreakdownRow, Dimension, FunnelResponse, FunnelStep, Interval, PropKeysResponse, SummaryResponse, TimeseriesPoint, TimeseriesResponse } from '@cairn/contracts';
import { invalidFields } from '@cairn/http';
import { bounceRate, percent, ReadStore, SqlReadStore, summaryMetrics, visitDuration, type StatsQuery, type TimeRange } from '@cairn/read-store';
import {
  parseCompare,
  parseCount,
  parseDimension,
  parseFilters,
  parseInterval,
  parseSlice,
  parseSource,
  ParamsError,
  type Source,
  refuseUnknown,
  requiredText,
  type RawParams,
} from './stats-params.js';
import { goalDefinition, GoalsService } from './goals/goals.service.js';
import { SegmentsService } from './goals/segments.service.js';
import { RollupStats } from './rollups/rollup-stats.js';
import { buckets, defaultInterval, previousRange, TimeSliceError } from './time-range.js';

const SLICE = ['site', 'period', 'start', 'end', 'source', 'segment'];

/** The stats calls of contract §4: parameters checked, the site found (404 if not yours), then the queries. */
@Injectable()
export class StatsService {
  constructor(
    private readonly store: ReadStore,
    private readonly primary: SqlReadStore,
    private readonly rollups: RollupStats,
    private readonly access: SiteAccess,
    private readonly clock: Clock,
    private readonly goals: GoalsService,
    private readonly segments: SegmentsService,
  ) {}

  /** Who answers raw questions: the read store, or with `source=sql` the primary database's own tables. */
  private raw(source: Source): ReadStore {
    return source === 'sql' ? this.primary : this.store;
  }

  async summary(principal: Principal, raw: RawParams): Promise<SummaryResponse> {
    return this.run(raw, [...SLICE, 'compare'], async () => {
      const compare = parseCompare(raw);
      const source = parseSource(raw);
      const { scope, zone } = await this.scope(principal, raw);
      const totals = async (s: StatsQuery) => (source === 'auto' && (await this.rollups.summary(s, zone))) || (await this.raw(source).summary(s));
      // Under a goal filter: the converted visitors as a percent of the slice's visitors without it.
      const summary = async (s: StatsQuery) => {
        const metrics = summaryMetrics(await totals(s));
        if (!s.filters.has('goal')) return metrics;
        const filters = new Map(s.filters);
        filters.delete('goal');
        return { ...metrics, conversionRate: percent(metrics.visitors, (await totals({ ...s, filters })).visitors) };
      };
      const current = await summary(scope);
      if (!compare) return current;
      return { ...current, previous: await summary({ ...scope, range: previousRange(scope.range, zone) }) };
    });
  }

  async timeseries(principal: Principal, raw: RawParams): Promise<TimeseriesResponse> {
    return this.run(raw, [...SLICE, 'interval', 'compare'], async () => {
      const chosen = parseInterval(raw);
      const compare = parseCompare(raw);
      const source = parseSource(raw);
      const { scope, zone } = await this.scope(principal, raw);
      const interval = chosen ?? defaultInterval(scope.range);
      const results = await this.series(scope, zone, interval, source);
      if (!compare) return { interval, results };
      // The same interval over the slice before: the chart lays the two over each other bucket by bucket.
      return { interval, results, previous: await this.series({ ...scope, range: previousRange(scope.range, zone) }, zone, interval, source) };
    });
  }

  /** Every bucket of the scope's range, from rollups where they can answer. */
  private async series(scope: StatsQuery, zone: string, interval: Interval, source: Source): Promise<TimeseriesPoint[]> {
    let list;
    try {
      list = buckets(scope.range, interval, zone);
    } catch (error) {
      if (error instanceof TimeSliceError) throw new ParamsError([{ field: error.parameter, problems: [error.message] }]);
      throw error;
    }
    const rows = (source === 'auto' && (await this.rollups.timeseries(scope, zone, interval, list))) || (await this.raw(source).timeseries(scope, list));
    return list.map((bucket, i) => ({
      time: bucket.time,
      visitors: rows[i].visitors,
      visits: rows[i].visits,
      pageviews: rows[i].pageviews,
      bounceRate: bounceRate(rows[i]),
      visitDuration: visitDuration(rows[i]),
    }));
  }

  async breakdown(principal: Principal, raw: RawParams): Promise<BreakdownResponse> {
    return this.run(raw, [...SLICE, 'dimension', 'limit', 'offset'], async () => {
      const dimension = parseDimension(raw.dimension);
      const limit = parseCount(raw, 'limit', 10, 1, 1000);
      const offset = parseCount(raw, 'offset', 0, 0, 10_000_000);
      const source = parseSource(raw);
      const { scope, zone } = await this.scope(principal, raw);
      const results = (source === 'auto' && (await this.rollups.breakdown(scope, zone, dimension, limit, offset))) || (await this.raw(source).breakdown(scope, dimension, limit, offset));
      return { dimension, results };
    });
  }

  /** The property keys of the slice's custom events, of one event name (`event`) or of all. */
  async propKeys(principal: Principal, raw: RawParams): Promise<PropKeysResponse> {
    return this.run(raw, [...SLICE, 'event', 'limit'], async () => {
      const event = raw.event === undefined ? null : requiredText(raw, 'event');
      const limit = parseCount(raw, 'limit', 100, 1, 1000);
      const source = parseSource(raw);
      const { scope } = await this.scope(principal, raw);
      return { event, results: await this.raw(source).propKeys(scope, event, limit) };
    });
  }

  /** `steps` were checked by the DTO; the rest of the body is read like a query string. */
  async funnel(principal: Principal, body: RawParams & { steps: Array<{ page?: string; event?: string }> }): Promise<FunnelResponse> {
    return this.run(body, [...SLICE, 'steps', 'filters'], async () => {
      const both = body.steps.findIndex((step) => step.page !== undefined && step.event !== undefined);
      if (both >= 0) throw new ParamsError([{ field: `steps.${both}`, problems: ['a step is a page or an event, not both'] }]);
      const source = parseSource(body);
      const { scope } = await this.scope(principal, body);
      const steps: FunnelStep[] = body.steps.map((step) => (step.page !== undefined ? { page: step.page } : { event: step.event! }));
      const visitors = await this.raw(source).funnel(scope, steps);
      return {
        steps: steps.map((step, i) => {
          const dropoff = i === 0 ? 0 : visitors[i - 1] - visitors[i];
          return {
            label: step.page ?? step.event!,
            visitors: visitors[i],
            conversionRate: percent(visitors[i], visitors[0]),
            dropoff,
            dropoffRate: i === 0 ? 0 : percent(dropoff, visitors[i - 1]),
          };
        }),
      };
    });
  }

  /** Site, time slice and filters of any stats call; also what export needs. */
  async scope(principal: Principal, raw: RawParams): Promise<{ scope: StatsQuery; zone: string; domain: string }> {
    const domain = requiredText(raw, 'site');
    const filters = parseFilters(raw);
    const { site } = await this.access.require(principal, domain, 'viewer');
    const now = this.clock.now();
    const earliest = (await this.store.firstVisitAt(site.id)) ?? site.createdAt;
    const { range } = parseSlice(raw, site.timezone, now, earliest);
    await this.applySegment(raw, site.id, site.domain, filters);
    const goals = (await this.goals.ofSite(site.id)).map(goalDefinition);
    const unknown = (filters.get('goal') ?? []).filter((name) => !goals.some((goal) => goal.name === name));
    if (unknown.length) throw new ParamsError([{ field: 'filter.goal', problems: unknown.map((name) => `${site.domain} has no goal named ${JSON.stringify(name)}`) }]);
    return { scope: { siteId: site.id, range, filters, goals }, zone: site.timezone, domain: site.domain };
  }

  /**
   * `segment=<id>`: the segment's filters join the call's own (AND). A dimension both filter must
   * name the same values: two different sets of one dimension cannot be told apart from one OR list.
   */
  private async applySegment(raw: RawParams, siteId: number, domain: string, filters: Map<string, string[]>): Promise<void> {
    if (raw.segment === undefined) return;
    const text = typeof raw.segment === 'number' ? String(raw.segment) : raw.segment;
    const id = typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : NaN;
    const stored = id <= 2 ** 31 - 1 ? await this.segments.segmentFilters(siteId, id) : null;
    if (!stored) throw new ParamsError([{ field: 'segment', problems: [`${domain} has no segment ${JSON.stringify(raw.segment)}`] }]);
    const problems: string[] = [];
    for (const [dimension, values] of Object.entries(stored)) {
      const own = filters.get(dimension as never);
      if (own && (own.length !== values.length || own.some((value) => !values.includes(value)))) {
        problems.push(`the segment already filters ${dimension} (${values.join(', ')}); filter.${dimension} cannot narrow it further here`);
      } else filters.set(dimension as never, values);
    }
    if (problems.length) throw new ParamsError([{ field: 'segment', problems }]);
  }

  /** A site's summary over a range, for the server's own callers (reports, webhooks): no principal, no filters. */
  async siteSummary(siteId: number, zone: string, range: TimeRange): Promise<SummaryResponse> {
    const scope: StatsQuery = { siteId, range, filters: new Map() };
    return summaryMetrics((await this.rollups.summary(scope, zone)) || (await this.store.summary(scope)));
  }

  /** A site's top values of a dimension over a range, for the server's own callers. */
  async siteBreakdown(siteId: number, zone: string, range: TimeRange, dimension: Dimension, limit: number): Promise<BreakdownRow[]> {
    const scope: StatsQuery = { siteId, range, filters: new Map() };
    return (await this.rollups.breakdown(scope, zone, dimension, limit, 0)) || (await this.store.breakdown(scope, dimension, limit, 0));
  }

  /** Runs a call, its parameter problems answered 400 `{ error, details }`. */
  private async run<T>(raw: RawParams, known: readonly string[], call: () => Promise<T>): Promise<T> {
    try {
      refuseUnknown(raw, known);
      return await call();
    } catch (error) {
      if (error instanceof ParamsError) throw invalidFields(error.problems);
      throw error;
    }
  }
}
