import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  ViewEncapsulation,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { Interval, TimeseriesResponse } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import type uPlot from 'uplot';
import { formatDay } from '../format/date-format';
import { formatCompact, formatCount, formatDuration, formatPercent } from '../format/number-format';
import { t } from '../i18n/translate';
import { overviewTranslations } from './overview.translations';

export type ChartMetric = 'visitors' | 'visits' | 'pageviews' | 'bounceRate' | 'visitDuration';

/** `label`: the shared `metrics.*` key. */
export const CHART_METRICS: { key: ChartMetric; label: string; format: (v: number) => string }[] = [
  { key: 'visitors', label: 'metrics.visitors', format: formatCount },
  { key: 'visits', label: 'metrics.visits', format: formatCount },
  { key: 'pageviews', label: 'metrics.pageviews', format: formatCount },
  { key: 'bounceRate', label: 'metrics.bounceRate', format: formatPercent },
  { key: 'visitDuration', label: 'metrics.visitDuration', format: formatDuration },
];

/**
 * A bucket's label from its ISO time, which the API already gives in the site's zone: the wall
 * clock digits are read as they are, never converted to the browser's zone.
 */
export function bucketLabel(time: string, interval: Interval): string {
  if (interval === 'minute' || interval === 'hour') {
    const [date, clock] = [time.slice(0, 10), time.slice(11, 16)];
    return `${formatDay(date, { month: 'short', day: 'numeric' })} ${clock}`;
  }
  if (interval === 'month') return formatDay(time.slice(0, 10), { month: 'short', year: 'numeric' });
  return formatDay(time.slice(0, 10), { month: 'short', day: 'numeric', year: 'numeric' });
}

/**
 * The x axis's shorter labels: the clock alone when every bucket is on one day, the day without
 * the year when all are in one year (the legend and the table keep the whole label).
 */
export function axisLabels(times: readonly string[], interval: Interval): string[] {
  const same = (length: number) => times.every((time) => time.slice(0, length) === times[0].slice(0, length));
  if (interval === 'minute' || interval === 'hour') return times.map((time) => (same(10) ? time.slice(11, 16) : bucketLabel(time, interval)));
  if (interval === 'month' || !same(4)) return times.map((time) => bucketLabel(time, interval));
  return times.map((time) => formatDay(time.slice(0, 10), { month: 'short', day: 'numeric' }));
}

/** What the chart draws: one point per bucket of the slice, and the previous period's bucket i beside bucket i. */
export interface ChartLines {
  labels: string[];
  values: number[];
  /** Cut or padded (null) to the slice's buckets; null without a comparison. */
  previous: { labels: string[]; values: (number | null)[] } | null;
}

export function chartLines(series: TimeseriesResponse, key: ChartMetric): ChartLines {
  const before = series.previous;
  return {
    labels: series.results.map((point) => bucketLabel(point.time, series.interval)),
    values: series.results.map((point) => point[key]),
    previous: before
      ? {
          labels: series.results.map((_, i) => (before[i] ? bucketLabel(before[i].time, series.interval) : '')),
          values: series.results.map((_, i) => before[i]?.[key] ?? null),
        }
      : null,
  };
}

/**
 * The time series drawn with uPlot (loaded with this component, not in the initial bundle); hover
 * shows values. With a comparison, the previous period is a second, dashed line laid over the first
 * bucket by bucket (bucket i of one against bucket i of the other), its own times shown on hover.
 */
@Component({
  selector: 'cairn-timeseries-chart',
  imports: [TranslocoDirective],
  providers: [overviewTranslations],
  template: `
    <div class="chart-head" *transloco="let t">
      <label for="chart-metric">{{ t('overview.chart.metric') }}</label>
      <select id="chart-metric" [value]="metric()" (change)="metric.set($any($event.target).value)">
        @for (option of metrics; track option.key) {
          <option [value]="option.key" [selected]="option.key === metric()">{{ t(option.label) }}</option>
        }
      </select>
    </div>
    <div #plot class="plot" role="img" [attr.aria-label]="summary()"></div>
    <ng-container *transloco="let t">
    @if (unavailable()) {
      <p class="muted">{{ t('overview.chart.unavailable') }}</p>
    }
    <details class="chart-table">
      <summary>{{ t('overview.chart.table') }}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{{ t('overview.chart.time') }}</th>
            <th scope="col">{{ metricLabel() }}</th>
            @if (compared()) {
              <th scope="col">{{ t('overview.chart.previous') }}</th>
              <th scope="col">{{ t('overview.chart.previousMetric', { metric: metricLabel() }) }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.time) {
            <tr>
              <td>{{ row.label }}</td>
              <td>{{ row.value }}</td>
              @if (compared()) {
                <td>{{ row.previousLabel }}</td>
                <td>{{ row.previousValue }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </details>
    </ng-container>
  `,
  styleUrl: './timeseries-chart.component.css',
  // uPlot builds its own DOM; its stylesheet must reach it unscoped.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeseriesChartComponent {
  readonly series = input<TimeseriesResponse | undefined>();

  protected readonly metrics = CHART_METRICS;
  protected readonly metric = signal<ChartMetric>('visitors');
  private readonly plotElement = viewChild.required<ElementRef<HTMLDivElement>>('plot');
  private chart: uPlot | null = null;
  /** Each draw awaits the library; only the latest one may build the chart. */
  private drawing = 0;
  private readonly width = signal(0);

  private readonly metricInfo = computed(() => CHART_METRICS.find((m) => m.key === this.metric())!);
  protected readonly metricLabel = computed(() => t(this.metricInfo().label));
  protected readonly compared = computed(() => this.series()?.previous !== undefined);
  protected readonly rows = computed(() => {
    const series = this.series();
    if (!series) return [];
    const { key, format } = this.metricInfo();
    const lines = chartLines(series, key);
    return series.results.map((point, i) => ({
      time: point.time,
      label: lines.labels[i],
      value: format(lines.values[i]),
      previousLabel: lines.previous?.labels[i] || '—',
      previousValue: lines.previous?.values[i] != null ? format(lines.previous.values[i]) : '—',
    }));
  });
  protected readonly summary = computed(() => {
    const rows = this.rows();
    if (!rows.length) return t('common.noData');
    const span = { metric: this.metricLabel(), start: rows[0].label, end: rows[rows.length - 1].label };
    const before = rows.map((row) => row.previousLabel).filter((label) => label !== '—');
    return before.length
      ? t('overview.chart.spanCompared', { ...span, previousStart: before[0], previousEnd: before[before.length - 1] })
      : t('overview.chart.span', span);
  });

  /**
   * The library, asked for as soon as the chart exists: it loads while the figures are on their way.
   * Null when it could not be loaded (the figures are still in the table).
   */
  private readonly library = import('uplot').catch(() => null);
  protected readonly unavailable = signal(false);

  constructor() {
    // Redrawn at the container's width (a phone turned, a window resized).
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(([entry]) => this.width.set(Math.floor(entry.contentRect.width)));
    afterRenderEffect(() => observer?.observe(this.plotElement().nativeElement));
    inject(DestroyRef).onDestroy(() => {
      observer?.disconnect();
      this.chart?.destroy();
    });

    afterRenderEffect(async () => {
      const series = this.series();
      const width = this.width();
      const { key, format } = this.metricInfo();
      const label = this.metricLabel();
      const [timeLabel, previousLabel] = [t('overview.chart.time'), t('overview.chart.previous')];
      const element = this.plotElement().nativeElement;
      if (!series || width === 0) return;
      const draw = ++this.drawing;
      const loaded = await this.library;
      if (!loaded) {
        this.unavailable.set(true);
        return;
      }
      if (draw !== this.drawing) return;
      const UPlot = loaded.default;
      this.chart?.destroy();
      const { labels, values, previous } = chartLines(series, key);
      const ticks = axisLabels(series.results.map((point) => point.time), series.interval);
      // Room between ticks for the longest label (about 7 px a character at the axis's size).
      const tickSpace = Math.max(48, 12 + 7 * Math.max(0, ...ticks.map((tick) => tick.length)));
      const colors = getComputedStyle(element);
      const accent = colors.getPropertyValue('--accent').trim() || '#2f6b4f';
      const muted = colors.getPropertyValue('--muted').trim() || '#5c625e';
      const grid = colors.getPropertyValue('--border').trim() || '#d6d8d4';
      const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      this.chart = new UPlot(
        {
          width,
          height: Math.max(180, Math.min(280, Math.round(width * 0.4))),
          // Room on the right for the last bucket's label, centred under the last point.
          padding: [12, 36, 0, 0],
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(key === 'bounceRate' ? 100 : 1, max)] } },
          series: [
            { label: timeLabel, value: (_u, i) => (i === null ? '—' : (labels[i] ?? '')) },
            { label, stroke: accent, width: 2, fill: `${accent}22`, points: { show: labels.length <= 31 }, value: (_u, v) => (v === null ? '—' : format(v)) },
            ...(previous
              ? [
                  {
                    label: previousLabel,
                    stroke: muted,
                    width: 1.5,
                    dash: [6, 4],
                    points: { show: false },
                    // The previous bucket's own time beside its value: "1,204 (Oct 3, 2026)".
                    value: (_u: uPlot, v: number | null, _s: number, i: number | null) =>
                      v === null ? '—' : `${format(v)}${i !== null && previous.labels[i] ? ` (${previous.labels[i]})` : ''}`,
                  },
                ]
              : []),
          ],
          axes: [
            { ...axis, values: (_u, splits) => splits.map((i) => ticks[i] ?? ''), space: tickSpace },
            {
              ...axis,
              // Whole steps only: there is no half a visitor.
              incrs: [1, 2, 5, 10, 15, 30, 60, 100, 120, 300, 600, 1000, 1800, 3600, 5000, 10_000, 50_000, 100_000, 500_000, 1e6, 5e6, 1e7, 5e7, 1e8],
              values: (_u, splits) => splits.map((v) => (key === 'visitDuration' ? formatDuration(v) : key === 'bounceRate' ? formatPercent(v) : formatCompact(v))),
              size: 60,
            },
          ],
          legend: { live: true },
          cursor: { drag: { x: false, y: false } },
        },
        [labels.map((_, i) => i), values, ...(previous ? [previous.values] : [])] as uPlot.AlignedData,
        element,
      );
    });
  }
}
