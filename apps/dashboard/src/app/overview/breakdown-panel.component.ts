import { LowerCasePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { BreakdownRow, Dimension } from '@cairn/contracts';
import { describeRequestProblem } from '../http/api-error';
import { displayValue } from '../stats/dimensions';
import { StatsService } from '../stats/stats.service';
import type { Filter, ViewState } from '../stats/view-state';
import type { BreakdownPanel, BreakdownTab } from './breakdown-panels';

/** Rows in the panel; "More" pages through the rest this many at a time. */
export const TOP_ROWS = 10;
export const PAGE_ROWS = 25;

const PROP_KEY = /^[\p{L}\p{N}_ .-]{1,64}$/u;

/**
 * One breakdown panel: tabs over dimensions, a bar per value (click to filter by it), and a
 * "More" view paging through every value. Values come from visitors: text interpolation only.
 */
@Component({
  selector: 'cairn-breakdown-panel',
  imports: [LowerCasePipe],
  templateUrl: './breakdown-panel.component.html',
  styleUrl: './breakdown-panel.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BreakdownPanelComponent {
  private readonly stats = inject(StatsService);

  readonly panel = input.required<BreakdownPanel>();
  readonly site = input.required<string>();
  readonly view = input.required<ViewState>();
  /** Changes when the figures should be asked for again (a realtime view). */
  readonly refresh = input(0);
  readonly filter = output<Filter>();
  readonly exportCsv = output<Dimension>();

  protected readonly topRows = TOP_ROWS;
  protected readonly tab = linkedSignal(() => this.panel().tabs[0]);
  protected readonly propKey = signal('');
  protected readonly propKeyError = signal<string | null>(null);
  /** null: the top rows; a number: the "More" view at that offset. */
  protected readonly offset = linkedSignal<{ tab: BreakdownTab; view: ViewState }, number | null>({
    source: () => ({ tab: this.tab(), view: this.view() }),
    computation: () => null,
  });

  protected readonly dimension = computed<Dimension | null>(() => {
    const dimension = this.tab().dimension;
    if (dimension !== 'prop:') return dimension;
    return this.propKey() ? `prop:${this.propKey()}` : null;
  });

  private readonly limit = computed(() => (this.offset() === null ? TOP_ROWS : PAGE_ROWS));

  protected readonly rows = rxResource({
    params: () => {
      const dimension = this.dimension();
      if (!dimension) return undefined;
      // One row more than shown tells whether there is a next page.
      return { site: this.site(), view: this.view(), dimension, limit: this.limit() + 1, offset: this.offset() ?? 0, refresh: this.refresh() };
    },
    stream: ({ params }) => this.stats.breakdown(params.site, params.view, params.dimension, params.limit, params.offset),
  });

  protected readonly shown = computed<BreakdownRow[]>(() => (this.rows.hasValue() ? this.rows.value().results.slice(0, this.limit()) : []));
  protected readonly hasNext = computed(() => this.rows.hasValue() && this.rows.value().results.length > this.limit());
  protected readonly error = computed(() => {
    const error = this.rows.error();
    return error ? describeRequestProblem(error).message : null;
  });
  private readonly maxVisitors = computed(() => Math.max(1, ...this.shown().map((row) => row.visitors)));
  protected readonly panelId = computed(() => `panel-${this.panel().title.toLowerCase().replace(/\W+/g, '-')}`);

  protected select(tab: BreakdownTab): void {
    this.tab.set(tab);
  }

  protected barWidth(row: BreakdownRow): string {
    return `${Math.round((row.visitors / this.maxVisitors()) * 1000) / 10}%`;
  }

  protected label(row: BreakdownRow): string {
    return displayValue(this.dimension()!, row.value);
  }

  protected choose(row: BreakdownRow): void {
    const dimension = this.dimension();
    if (dimension && row.value !== null && row.value !== '') this.filter.emit({ dimension, value: row.value });
  }

  protected showProperty(key: string): void {
    const trimmed = key.trim();
    if (!PROP_KEY.test(trimmed)) {
      this.propKeyError.set('A property key is 1 to 64 letters, digits, spaces, dots, dashes or underscores.');
      return;
    }
    this.propKeyError.set(null);
    this.propKey.set(trimmed);
  }

  protected more(): void {
    this.offset.set(0);
  }

  protected less(): void {
    this.offset.set(null);
  }

  protected page(step: 1 | -1): void {
    this.offset.update((offset) => Math.max(0, (offset ?? 0) + step * PAGE_ROWS));
  }

  protected pageNumber(): number {
    return Math.floor((this.offset() ?? 0) / PAGE_ROWS) + 1;
  }
}
