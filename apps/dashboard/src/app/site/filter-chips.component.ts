import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { dimensionLabel, displayValue } from '../stats/dimensions';
import type { Filter } from '../stats/view-state';
import { siteTranslations } from './site.translations';

/** The active filters, each removable; values are visitors' data, so shown as text only. */
@Component({
  selector: 'cairn-filter-chips',
  imports: [TranslocoDirective],
  providers: [siteTranslations],
  template: `
    @if (filters().length) {
      <ul class="chips" *transloco="let t" [attr.aria-label]="t('site.filters.label')">
        @for (filter of filters(); track filter.dimension + '\\u0000' + filter.value) {
          <li class="chip">
            <span class="label">{{ t('site.filters.is', { dimension: label(filter) }) }}</span>
            <span class="value" [title]="filter.value">{{ value(filter) }}</span>
            <button type="button" class="remove" (click)="remove.emit(filter)" [attr.aria-label]="t('site.filters.remove', { dimension: label(filter), value: value(filter) })">×</button>
          </li>
        }
        @if (filters().length > 1) {
          <li><button type="button" class="clear" (click)="clear.emit()">{{ t('site.filters.clear') }}</button></li>
        }
      </ul>
    }
  `,
  styleUrl: './filter-chips.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterChipsComponent {
  readonly filters = input.required<Filter[]>();
  readonly remove = output<Filter>();
  readonly clear = output<void>();

  protected label(filter: Filter): string {
    return dimensionLabel(filter.dimension);
  }

  protected value(filter: Filter): string {
    return displayValue(filter.dimension, filter.value);
  }
}
