import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SummaryMetrics, SummaryResponse } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatChange, formatCount, formatDecimal, formatDuration, formatPercent, percentChange } from '../format/number-format';
import { t } from '../i18n/translate';
import { overviewTranslations } from './overview.translations';

interface MetricCard {
  key: keyof SummaryMetrics;
  label: string;
  value: string;
  /** Against the previous period, when compared. */
  change: { text: string; tone: 'good' | 'bad' | 'flat' } | null;
}

/** `label`: the shared `metrics.*` key. */
const METRICS: { key: keyof SummaryMetrics; label: string; format: (v: number) => string; lowerIsBetter?: boolean }[] = [
  { key: 'visitors', label: 'metrics.visitors', format: formatCount },
  { key: 'visits', label: 'metrics.visits', format: formatCount },
  { key: 'pageviews', label: 'metrics.pageviews', format: formatCount },
  { key: 'viewsPerVisit', label: 'metrics.viewsPerVisit', format: formatDecimal },
  { key: 'bounceRate', label: 'metrics.bounceRate', format: formatPercent, lowerIsBetter: true },
  { key: 'visitDuration', label: 'metrics.visitDuration', format: formatDuration },
];

/** The period's headline figures, with the change against the previous period when compared. */
@Component({
  selector: 'cairn-metric-cards',
  imports: [TranslocoDirective],
  providers: [overviewTranslations],
  template: `
    <dl class="cards" *transloco="let t" [attr.aria-busy]="loading()">
      @for (card of cards(); track card.key) {
        <div class="card metric" [attr.data-metric]="card.key">
          <dt>{{ card.label }}</dt>
          <dd class="value">{{ card.value }}</dd>
          @if (card.change; as change) {
            <dd class="change" [class]="change.tone">
              <span class="visually-hidden">{{ t('overview.cards.change') }}</span> {{ change.text }}
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
        if (delta === null) change = { text: t('overview.cards.new'), tone: 'flat' };
        else {
          const better = lowerIsBetter ? delta < 0 : delta > 0;
          change = { text: formatChange(delta), tone: delta === 0 ? 'flat' : better ? 'good' : 'bad' };
        }
      }
      return { key, label: t(label), value, change };
    });
  });
}
