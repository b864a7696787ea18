import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { BreakdownRow, Dimension } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { describeRequestProblem } from '../http/api-error';
import { displayValue } from '../stats/dimensions';
import { StatsService } from '../stats/stats.service';
import type { Filter, ViewState } from '../stats/view-state';
import type { BreakdownPanel, BreakdownTab } from './breakdown-panels';
import { overviewTranslations } from './overview.translations';

/** Rows in the panel; "More" pages through the rest this many at a time. */
export const TOP_ROWS = 10;
export const PAGE_ROWS = 25;
/** Custom events offered in the Properties tab's event list. */
export const PROP_EVENTS = 100;

/** Keys a `prop:<key>` breakdown accepts (the API's rule); others were sent but cannot be broken down. */
const PROP_KEY = /^[\p{L}\p{N}_ .-]{1,64}$/u;

/** What a panel's CSV button asks for: the dimension, over the view its rows were asked for. */
export interface PanelExport {
  dataset: Dimension;
  view: ViewState;
}

/**
 * One breakdown panel: tabs over dimensions, a bar per value (click to filter by it), and a
 * "More" view paging through every value. Values come from visitors: text interpolation only.
 * The Properties tab offers the custom events of the view and the property keys each one carried.
 */
@Component({
  selector: 'cairn-breakdown-panel',
  imports: [TranslocoDirective],
  providers: [overviewTranslations],
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
  readonly exportCsv = output<PanelExport>();

  protected readonly topRows = TOP_ROWS;
  protected readonly tab = linkedSignal(() => this.panel().tabs[0]);
  private readonly onProperties = computed(() => this.tab().dimension === 'prop:');

  /** Properties tab: the view's custom events, most visitors first. */
  protected readonly propEvents = rxResource({
    params: () => (this.onProperties() ? { site: this.site(), view: this.view(), refresh: this.refresh() } : undefined),
    stream: ({ params }) => this.stats.breakdown(params.site, params.view, 'event', PROP_EVENTS),
  });
  protected readonly eventNames = computed(() =>
    this.propEvents.hasValue() ? this.propEvents.value().results.flatMap((row) => (row.value ? [row.value] : [])) : [],
  );
  /** What the reader picked in the event list ('' for every custom event); undefined until they do. */
  private readonly chosenEvent = signal<string | undefined>(undefined);
  /** The event whose properties are shown, '' for every custom event: the reader's pick while the view has it, else the busiest. */
  protected readonly propEvent = computed(() => {
    const chosen = this.chosenEvent();
    const names = this.eventNames();
    return chosen !== undefined && (chosen === '' || names.includes(chosen)) ? chosen : (names[0] ?? '');
  });
  /** The keys that event carried in the view. */
  protected readonly propKeys = rxResource({
    params: () =>
      this.onProperties() && this.propEvents.hasValue() ? { site: this.site(), view: this.view(), event: this.propEvent() || null, refresh: this.refresh() } : undefined,
    stream: ({ params }) => this.stats.propKeys(params.site, params.view, params.event),
  });
  protected readonly keyNames = computed(() =>
    this.propKeys.hasValue() ? this.propKeys.value().results.flatMap((row) => (PROP_KEY.test(row.key) ? [row.key] : [])) : [],
  );
  protected readonly propKey = linkedSignal<string[], string>({
    source: this.keyNames,
    computation: (keys, previous) => (previous && keys.includes(previous.value) ? previous.value : (keys[0] ?? '')),
  });
  protected readonly noKeys = computed(() => this.onProperties() && this.propKeys.hasValue() && this.keyNames().length === 0);

  protected readonly dimension = computed<Dimension | null>(() => {
    const dimension = this.tab().dimension;
    if (dimension !== 'prop:') return dimension;
    return this.propKey() ? `prop:${this.propKey()}` : null;
  });

  /** The view the rows are asked for: the page's, with a property's event put in place of any event filter. */
  private readonly rowsView = computed<ViewState>(() => {
    const view = this.view();
    const event = this.onProperties() ? this.propEvent() : '';
    if (!event) return view;
    return { ...view, filters: [...view.filters.filter((f) => f.dimension !== 'event'), { dimension: 'event', value: event }] };
  });

  /** null: the top rows; a number: the "More" view at that offset. */
  protected readonly offset = linkedSignal<{ dimension: Dimension | null; view: ViewState }, number | null>({
    source: () => ({ dimension: this.dimension(), view: this.rowsView() }),
    computation: () => null,
  });

  private readonly limit = computed(() => (this.offset() === null ? TOP_ROWS : PAGE_ROWS));

  protected readonly rows = rxResource({
    params: () => {
      const dimension = this.dimension();
      if (!dimension) return undefined;
      // One row more than shown tells whether there is a next page.
      return { site: this.site(), view: this.rowsView(), dimension, limit: this.limit() + 1, offset: this.offset() ?? 0, refresh: this.refresh() };
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
  protected readonly panelId = computed(() => `panel-${this.panel().id}`);

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

  protected chooseEvent(name: string): void {
    this.chosenEvent.set(name);
  }

  protected download(dataset: Dimension): void {
    this.exportCsv.emit({ dataset, view: this.rowsView() });
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
