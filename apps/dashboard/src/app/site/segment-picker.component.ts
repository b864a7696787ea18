import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Segment } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { describeRequestProblem } from '../http/api-error';
import { t } from '../i18n/translate';
import { groupFilters, isDimension, type Filter } from '../stats/view-state';
import { siteTranslations } from './site.translations';

/**
 * The site's segments (named filter sets kept on the server): picking one shows the view with its
 * filters, as chips the reader can still remove; "Save as segment" keeps the view's filters under a name.
 */
@Component({
  selector: 'cairn-segment-picker',
  imports: [TranslocoDirective],
  providers: [siteTranslations],
  template: `
    <div class="segments" *transloco="let t">
      <label for="segment-picker">{{ t('site.segments.label') }}</label>
      <select id="segment-picker" (change)="pick($any($event.target).value); $any($event.target).value = ''" [disabled]="segments().length === 0">
        <option value="" selected>{{ segments().length ? t('site.segments.choose') : t('site.segments.none') }}</option>
        @for (segment of segments(); track segment.id) {
          <option [value]="segment.id">{{ segment.name }}</option>
        }
      </select>
      @if (naming()) {
        <input id="segment-name" [attr.aria-label]="t('site.segments.name')" [value]="name()" (input)="name.set($any($event.target).value)" (keydown.enter)="save()" autocomplete="off" />
        <button type="button" (click)="save()">{{ t('site.segments.save') }}</button>
        <button type="button" class="link" (click)="naming.set(false)">{{ t('site.segments.cancel') }}</button>
      } @else {
        <button type="button" class="link" (click)="naming.set(true)" [disabled]="filters().length === 0">{{ t('site.segments.saveAs') }}</button>
      }
      <span role="status" class="muted">{{ notice() }}</span>
    </div>
  `,
  styles: `
    .segments { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    .segments input { max-width: 14rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SegmentPickerComponent {
  private readonly http = inject(HttpClient);

  readonly site = input.required<string>();
  readonly filters = input.required<Filter[]>();
  /** The filters of the segment picked: they replace the view's. */
  readonly apply = output<Filter[]>();

  protected readonly naming = signal(false);
  protected readonly name = signal('');
  protected readonly notice = signal('');
  private readonly listed = signal(0);
  private readonly list = rxResource({
    params: () => ({ site: this.site(), listed: this.listed() }),
    stream: ({ params }) => this.http.get<Segment[]>(`/api/sites/${encodeURIComponent(params.site)}/segments`),
  });
  protected readonly segments = computed(() => (this.list.hasValue() ? this.list.value() : []));

  protected pick(id: string): void {
    const segment = this.segments().find((s) => String(s.id) === id);
    if (!segment) return;
    const filters: Filter[] = [];
    for (const [dimension, values] of Object.entries(segment.filters)) {
      if (isDimension(dimension)) for (const value of values) filters.push({ dimension, value });
    }
    this.apply.emit(filters);
  }

  protected async save(): Promise<void> {
    const name = this.name().trim();
    if (!name) return;
    try {
      await firstValueFrom(
        this.http.post<Segment>(`/api/sites/${encodeURIComponent(this.site())}/segments`, { name, filters: Object.fromEntries(groupFilters(this.filters())) }),
      );
      this.notice.set(t('site.segments.saved', { name }));
      this.naming.set(false);
      this.name.set('');
      this.listed.update((n) => n + 1);
    } catch (error) {
      this.notice.set(t('site.segments.failed', { message: describeRequestProblem(error).message }));
    }
  }
}
