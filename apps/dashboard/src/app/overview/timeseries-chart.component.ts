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
import type { Interval, TimeseriesPoint, TimeseriesResponse } from '@cairn/contracts';
import type uPlot from 'uplot';
import { formatCompact, formatCount, formatDuration, formatPercent } from '../format/number-format';

export type ChartMetric = 'visitors' | 'visits' | 'pageviews' | 'bounceRate' | 'visitDuration';

export const CHART_METRICS: { key: ChartMetric; label: string; format: (v: number) => string }[] = [
  { key: 'visitors', label: 'Visitors', format: formatCount },
  { key: 'visits', label: 'Visits', format: formatCount },
  { key: 'pageviews', label: 'Pageviews', format: formatCount },
  { key: 'bounceRate', label: 'Bounce rate', format: formatPercent },
  { key: 'visitDuration', label: 'Visit duration', format: formatDuration },
];

/**
 * A bucket's label from its ISO time, which the API already gives in the site's zone: the wall
 * clock digits are read as they are, never converted to the browser's zone.
 */
export function bucketLabel(time: string, interval: Interval): string {
  if (interval === 'minute' || interval === 'hour') {
    const [date, clock] = [time.slice(0, 10), time.slice(11, 16)];
    return `${dayLabel(date, { month: 'short', day: 'numeric' })} ${clock}`;
  }
  if (interval === 'month') return dayLabel(time.slice(0, 10), { month: 'short', year: 'numeric' });
  return dayLabel(time.slice(0, 10), { month: 'short', day: 'numeric', year: 'numeric' });
}

function dayLabel(date: string, options: Intl.DateTimeFormatOptions): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(navigator.language, { ...options, timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** The time series drawn with uPlot (loaded with this component, not in the initial bundle); hover shows values. */
@Component({
  selector: 'cairn-timeseries-chart',
  template: `
    <div class="chart-head">
      <label for="chart-metric">Chart</label>
      <select id="chart-metric" [value]="metric()" (change)="metric.set($any($event.target).value)">
        @for (option of metrics; track option.key) {
          <option [value]="option.key" [selected]="option.key === metric()">{{ option.label }}</option>
        }
      </select>
    </div>
    <div #plot class="plot" role="img" [attr.aria-label]="summary()"></div>
    <details class="chart-table">
      <summary>Show the figures as a table</summary>
      <table>
        <thead>
          <tr><th scope="col">Time</th><th scope="col">{{ metricLabel() }}</th></tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.time) {
            <tr><td>{{ row.label }}</td><td>{{ row.value }}</td></tr>
          }
        </tbody>
      </table>
    </details>
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
  protected readonly metricLabel = computed(() => this.metricInfo().label);
  protected readonly rows = computed(() => {
    const series = this.series();
    if (!series) return [];
    const { key, format } = this.metricInfo();
    return series.results.map((point: TimeseriesPoint) => ({ time: point.time, label: bucketLabel(point.time, series.interval), value: format(point[key]) }));
  });
  protected readonly summary = computed(() => {
    const rows = this.rows();
    return rows.length ? `${this.metricLabel()} from ${rows[0].label} to ${rows[rows.length - 1].label}` : 'No data';
  });

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
      const { key, label, format } = this.metricInfo();
      const element = this.plotElement().nativeElement;
      if (!series || width === 0) return;
      const draw = ++this.drawing;
      const { default: UPlot } = await import('uplot');
      if (draw !== this.drawing) return;
      this.chart?.destroy();
      const labels = series.results.map((point) => bucketLabel(point.time, series.interval));
      const colors = getComputedStyle(element);
      const accent = colors.getPropertyValue('--accent').trim() || '#2f6b4f';
      const muted = colors.getPropertyValue('--muted').trim() || '#5c625e';
      const grid = colors.getPropertyValue('--border').trim() || '#d6d8d4';
      const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      this.chart = new UPlot(
        {
          width,
          height: Math.max(180, Math.min(280, Math.round(width * 0.4))),
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(key === 'bounceRate' ? 100 : 1, max)] } },
          series: [
            { label: 'Time', value: (_u, i) => (i === null ? '—' : (labels[i] ?? '')) },
            { label, stroke: accent, width: 2, fill: `${accent}22`, points: { show: labels.length <= 31 }, value: (_u, v) => (v === null ? '—' : format(v)) },
          ],
          axes: [
            { ...axis, values: (_u, splits) => splits.map((i) => labels[i] ?? ''), space: 70 },
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
        [series.results.map((_, i) => i), series.results.map((point) => point[key])],
        element,
      );
    });
  }
}
