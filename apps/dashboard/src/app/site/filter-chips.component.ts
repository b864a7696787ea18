import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { dimensionLabel, displayValue } from '../stats/dimensions';
import type { Filter } from '../stats/view-state';

/** The active filters, each removable; values are visitors' data, so shown as text only. */
@Component({
  selector: 'cairn-filter-chips',
  template: `
    @if (filters().length) {
      <ul class="chips" aria-label="Active filters">
        @for (filter of filters(); track filter.dimension + '\\u0000' + filter.value) {
          <li class="chip">
            <span class="label">{{ label(filter) }} is</span>
            <span class="value" [title]="filter.value">{{ value(filter) }}</span>
            <button type="button" class="remove" (click)="remove.emit(filter)" [attr.aria-label]="'Remove filter ' + label(filter) + ' is ' + value(filter)">×</button>
          </li>
        }
        @if (filters().length > 1) {
          <li><button type="button" class="clear" (click)="clear.emit()">Clear all</button></li>
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
