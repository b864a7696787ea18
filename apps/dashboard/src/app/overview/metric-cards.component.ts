import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SummaryMetrics, SummaryResponse } from '@cairn/contracts';
import { formatChange, formatCount, formatDecimal, formatDuration, formatPercent, percentChange } from '../format/number-format';

interface MetricCard {
  key: keyof SummaryMetrics;
  label: string;
  value: string;
  /** Against the previous period, when compared. */
  change: { text: string; tone: 'good' | 'bad' | 'flat' } | null;
}

const METRICS: { key: keyof SummaryMetrics; label: string; format: (v: number) => string; lowerIsBetter?: boolean }[] = [
  { key: 'visitors', label: 'Visitors', format: formatCount },
  { key: 'visits', label: 'Visits', format: formatCount },
  { key: 'pageviews', label: 'Pageviews', format: formatCount },
  { key: 'viewsPerVisit', label: 'Views per visit', format: formatDecimal },
  { key: 'bounceRate', label: 'Bounce rate', format: formatPercent, lowerIsBetter: true },
  { key: 'visitDuration', label: 'Visit duration', format: formatDuration },
];

/** The period's headline figures, with the change against the previous period when compared. */
@Component({
  selector: 'cairn-metric-cards',
  template: `
    <dl class="cards" [attr.aria-busy]="loading()">
      @for (card of cards(); track card.key) {
        <div class="card metric" [attr.data-metric]="card.key">
          <dt>{{ card.label }}</dt>
          <dd class="value">{{ card.value }}</dd>
          @if (card.change; as change) {
            <dd class="change" [class]="change.tone">
              <span class="visually-hidden">Change from the previous period:</span> {{ change.text }}
            </dd>
          }
        </div>
      }
    </dl>
  `,
  styleUrl: './metric-cards.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MetricCardsComponent {
  readonly summary = input<SummaryResponse | undefined>();
  readonly loading = input(false);

  protected readonly cards = computed<MetricCard[]>(() => {
    const summary = this.summary();
    return METRICS.map(({ key, label, format, lowerIsBetter }) => {
      const value = summary ? format(summary[key]) : '—';
      const previous = summary?.previous;
      let change: MetricCard['change'] = null;
      if (summary && previous) {
        const delta = percentChange(summary[key], previous[key]);
        if (delta === null) change = { text: 'new', tone: 'flat' };
        else {
          const better = lowerIsBetter ? delta < 0 : delta > 0;
          change = { text: formatChange(delta), tone: delta === 0 ? 'flat' : better ? 'good' : 'bad' };
        }
      }
      return { key, label, value, change };
    });
  });
}
