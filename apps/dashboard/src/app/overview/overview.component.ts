import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Dimension, TimeseriesPoint, TimeseriesResponse } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { type ExportDataset, ExportService } from '../export/export.service';
import { describeRequestProblem } from '../http/api-error';
import { t } from '../i18n/translate';
import { SegmentPickerComponent } from '../site/segment-picker.component';
import { FilterChipsComponent } from '../site/filter-chips.component';
import { SiteContext } from '../site/site-context.service';
import { TimeSlicePickerComponent } from '../site/time-slice-picker.component';
import { dimensionLabel } from '../stats/dimensions';
import { StatsService } from '../stats/stats.service';
import { type Filter, type ViewState, withFilter, withoutFilter } from '../stats/view-state';
import { BreakdownPanelComponent } from './breakdown-panel.component';
import { BREAKDOWN_PANELS } from './breakdown-panels';
import { MetricCardsComponent } from './metric-cards.component';
import { overviewTranslations } from './overview.translations';
import { TimeseriesChartComponent } from './timeseries-chart.component';

/** How often a realtime view (the last 30 minutes) is asked for again. */
export const REALTIME_REFRESH_MS = 30_000;

const CSV_FIELDS = ['time', 'visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration'];

/**
 * The chart's figures as CSV (times and whole numbers only: nothing a spreadsheet could run); with a
 * comparison, the previous period's bucket on the same line, in `previous_` columns.
 */
export function timeseriesCsv(series: TimeseriesResponse): string {
  const cells = (p: TimeseriesPoint | undefined) => (p ? [p.time, p.visitors, p.visits, p.pageviews, p.bounceRate, p.visitDuration] : CSV_FIELDS.map(() => ''));
  const lines = [[...CSV_FIELDS, ...(series.previous ? CSV_FIELDS.map((field) => `previous_${field}`) : [])].join(',')];
  series.results.forEach((p, i) => lines.push([...cells(p), ...(series.previous ? cells(series.previous[i]) : [])].join(',')));
  return `${lines.join('\r\n')}\r\n`;
}

/** A site's overview: the slice and filters from the URL, the headline figures, the chart and the panels. */
@Component({
  selector: 'cairn-overview',
  imports: [TimeSlicePickerComponent, FilterChipsComponent, SegmentPickerComponent, MetricCardsComponent, TimeseriesChartComponent, BreakdownPanelComponent, TranslocoDirective],
  providers: [overviewTranslations],
  templateUrl: './overview.component.html',
  styleUrl: './overview.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverviewComponent {
  protected readonly context = inject(SiteContext);
  private readonly stats = inject(StatsService);
  private readonly exports = inject(ExportService);

  protected readonly panels = BREAKDOWN_PANELS;
  protected readonly view = this.context.view;
  protected readonly domain = this.context.domain;

  /** Counts the refreshes of a realtime view, which asks again every REALTIME_REFRESH_MS. */
  protected readonly refresh = signal(0);
  private readonly query = computed(() => (this.domain() ? { site: this.domain(), view: this.view(), refresh: this.refresh() } : undefined));

  protected readonly summary = rxResource({
    params: this.query,
    stream: ({ params }) => this.stats.summary(params.site, params.view),
  });
  protected readonly timeseries = rxResource({
    params: this.query,
    stream: ({ params }) => this.stats.timeseries(params.site, params.view),
  });
  protected readonly summaryError = computed(() => problemText(this.summary.error()));
  protected readonly timeseriesError = computed(() => problemText(this.timeseries.error()));

  protected readonly exporting = signal<string | null>(null);
  protected readonly exportStatus = signal('');

  constructor() {
    effect((onCleanup) => {
      const slice = this.view().slice;
      if (!('period' in slice) || slice.period !== 'realtime') return;
      const timer = setInterval(() => this.refresh.update((n) => n + 1), REALTIME_REFRESH_MS);
      onCleanup(() => clearInterval(timer));
    });
  }

  protected show(next: ViewState): void {
    void this.context.show(next);
  }

  protected addFilter(filter: Filter): void {
    void this.context.show(withFilter(this.view(), filter));
  }

  protected removeFilter(filter: Filter): void {
    void this.context.show(withoutFilter(this.view(), filter));
  }

  /** A segment picked: its filters replace the view's. */
  protected applySegment(filters: Filter[]): void {
    this.show({ ...this.view(), filters });
  }

  protected clearFilters(): void {
    void this.context.show({ ...this.view(), filters: [] });
  }

  /** `view`: a panel's own (its Properties tab narrows to one event), else the page's. */
  protected async download(dataset: ExportDataset, view: ViewState = this.view()): Promise<void> {
    if (!this.context.site.hasValue() || this.exporting()) return;
    const what = dataset === 'events' ? t('overview.export.rawEventsName') : dimensionLabel(dataset as Dimension);
    this.exporting.set(what);
    this.exportStatus.set(t('overview.export.preparing', { what }));
    try {
      await this.exports.download(this.context.site.value(), view, dataset);
      this.exportStatus.set(t('overview.export.done', { what }));
    } catch (error) {
      this.exportStatus.set(t('overview.export.failed', { what, message: describeRequestProblem(error).message }));
    } finally {
      this.exporting.set(null);
    }
  }

  protected downloadChart(): void {
    if (!this.timeseries.hasValue()) return;
    this.exports.saveText(timeseriesCsv(this.timeseries.value()), `${this.domain()}-timeseries.csv`);
    this.exportStatus.set(t('overview.export.chartDone'));
  }
}

function problemText(error: Error | undefined): string | null {
  return error ? describeRequestProblem(error).message : null;
}
