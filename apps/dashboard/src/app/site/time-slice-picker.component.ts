import type { Period } from '@cairn/contracts';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { dateIn, sliceBounds } from '../stats/calendar';
import { PERIOD_CHOICES, type TimeSlice, type ViewState } from '../stats/view-state';
import { siteTranslations } from './site.translations';

/** The time slice (a named period or a custom range of days) and the compare-with-previous switch. */
@Component({
  selector: 'cairn-time-slice-picker',
  imports: [TranslocoDirective],
  providers: [siteTranslations],
  templateUrl: './time-slice-picker.component.html',
  styleUrl: './time-slice-picker.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeSlicePickerComponent {
  readonly view = input.required<ViewState>();
  /** The site's zone: "today" for the calendar's defaults and limits. */
  readonly timezone = input('UTC');
  /** Hide the comparison switch where it means nothing (funnels). */
  readonly showCompare = input(true);
  readonly viewChange = output<ViewState>();

  protected readonly periods = PERIOD_CHOICES;
  protected readonly today = computed(() => dateIn(this.timezone(), Date.now()));

  /** The select's value: a period, or 'custom' while a range is shown or being chosen. */
  protected readonly choice = linkedSignal<string>(() => {
    const slice = this.view().slice;
    return 'period' in slice ? slice.period : 'custom';
  });
  /** The range in the date inputs: the current one, or the days of the current period. */
  protected readonly range = linkedSignal(() => {
    const slice = this.view().slice;
    if ('period' in slice && slice.period === 'realtime') return { start: this.today(), end: this.today() };
    return sliceBounds(slice, this.timezone(), Date.now(), this.today());
  });
  /** The key of what is wrong with the chosen range. */
  protected readonly rangeError = linkedSignal<ViewState, string | null>({ source: this.view, computation: () => null });

  protected choose(value: string): void {
    this.choice.set(value);
    if (value === 'custom') return; // wait for the dates
    this.emitSlice({ period: value as Period });
  }

  protected applyRange(start: string, end: string): void {
    if (!start || !end) {
      this.rangeError.set('site.picker.bothDays');
      return;
    }
    if (end < start) {
      this.rangeError.set('site.picker.order');
      return;
    }
    this.rangeError.set(null);
    this.emitSlice({ start, end });
  }

  protected setCompare(compare: boolean): void {
    this.viewChange.emit({ ...this.view(), compare });
  }

  private emitSlice(slice: TimeSlice): void {
    this.viewChange.emit({ ...this.view(), slice });
  }
}
