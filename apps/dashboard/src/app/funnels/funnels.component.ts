import { KeyValuePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { FunnelStep, FunnelStepResult } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatCount, formatPercent } from '../format/number-format';
import { describeRequestProblem } from '../http/api-error';
import { t, tCount } from '../i18n/translate';
import { FilterChipsComponent } from '../site/filter-chips.component';
import { SiteContext } from '../site/site-context.service';
import { TimeSlicePickerComponent } from '../site/time-slice-picker.component';
import { StatsService } from '../stats/stats.service';
import { type Filter, type ViewState, withoutFilter } from '../stats/view-state';
import { FunnelStore, type SavedFunnel } from './funnel-store.service';
import { funnelsTranslations } from './funnels.translations';

export const MIN_STEPS = 2;
export const MAX_STEPS = 8;

interface DraftStep {
  kind: 'page' | 'event';
  value: string;
}

const draftOf = (steps: FunnelStep[]): DraftStep[] =>
  steps.map((step) => (step.page !== undefined ? { kind: 'page', value: step.page } : { kind: 'event', value: step.event }));

/** Funnels: steps of pages and events, the visitors reaching each in order, saved per site in this browser. */
@Component({
  selector: 'cairn-funnels',
  imports: [TimeSlicePickerComponent, FilterChipsComponent, KeyValuePipe, TranslocoDirective],
  providers: [funnelsTranslations],
  templateUrl: './funnels.component.html',
  styleUrl: './funnels.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FunnelsComponent {
  protected readonly context = inject(SiteContext);
  private readonly stats = inject(StatsService);
  private readonly store = inject(FunnelStore);

  protected readonly maxSteps = MAX_STEPS;
  protected readonly saved = linkedSignal(() => this.store.list(this.context.domain()));
  protected readonly name = signal('');
  protected readonly draft = signal<DraftStep[]>([
    { kind: 'page', value: '/' },
    { kind: 'page', value: '' },
  ]);
  /** The key of what is wrong with the draft. */
  protected readonly draftError = signal<string | null>(null);
  protected readonly notice = signal('');
  /** The steps last asked for; the chart follows them and the view (slice, filters). */
  protected readonly applied = signal<FunnelStep[] | null>(null);

  protected readonly result = rxResource({
    params: () => {
      const steps = this.applied();
      const site = this.context.domain();
      return steps && site ? { site, view: this.context.view(), steps } : undefined;
    },
    stream: ({ params }) => this.stats.funnel(params.site, params.view, params.steps),
  });
  protected readonly resultError = computed(() => {
    const error = this.result.error();
    return error ? describeRequestProblem(error) : null;
  });
  protected readonly bars = computed(() => {
    if (!this.result.hasValue()) return [];
    const steps = this.result.value().steps;
    const first = Math.max(1, steps[0]?.visitors ?? 0);
    return steps.map((step: FunnelStepResult, index) => ({
      index: index + 1,
      label: step.label,
      visitors: formatCount(step.visitors),
      conversion: formatPercent(step.conversionRate),
      width: `${Math.round((step.visitors / first) * 1000) / 10}%`,
      dropoff: index === 0 ? null : `${formatCount(step.dropoff)} (${formatPercent(step.dropoffRate)})`,
    }));
  });

  protected stepCount(count: number): string {
    return tCount('funnels.saved.steps', count);
  }

  protected show(view: ViewState): void {
    void this.context.show(view);
  }

  protected removeFilter(filter: Filter): void {
    void this.context.show(withoutFilter(this.context.view(), filter));
  }

  protected clearFilters(): void {
    void this.context.show({ ...this.context.view(), filters: [] });
  }

  protected setKind(index: number, kind: string): void {
    this.draft.update((steps) => steps.map((step, i) => (i === index ? { ...step, kind: kind === 'event' ? 'event' : 'page' } : step)));
  }

  protected setValue(index: number, value: string): void {
    this.draft.update((steps) => steps.map((step, i) => (i === index ? { ...step, value } : step)));
  }

  protected addStep(): void {
    this.draft.update((steps) => (steps.length < MAX_STEPS ? [...steps, { kind: 'page', value: '' }] : steps));
  }

  protected removeStep(index: number): void {
    this.draft.update((steps) => (steps.length > MIN_STEPS ? steps.filter((_, i) => i !== index) : steps));
  }

  /** The draft as API steps, or null (with the reason shown) when a step is empty. */
  private validSteps(): FunnelStep[] | null {
    const steps = this.draft().map((step) => ({ ...step, value: step.value.trim() }));
    if (steps.some((step) => step.value === '')) {
      this.draftError.set('funnels.build.emptyStep');
      return null;
    }
    this.draftError.set(null);
    return steps.map((step) => (step.kind === 'page' ? { page: step.value } : { event: step.value }));
  }

  protected run(): void {
    const steps = this.validSteps();
    if (steps) this.applied.set(steps);
  }

  protected save(): void {
    const steps = this.validSteps();
    const name = this.name().trim();
    if (!steps) return;
    if (!name) {
      this.draftError.set('funnels.build.noName');
      return;
    }
    this.saved.set(this.store.save(this.context.domain(), { name, steps }));
    this.applied.set(steps);
    this.notice.set(t('funnels.notice.saved', { name }));
  }

  protected open(name: string): void {
    const funnel = this.saved().find((f: SavedFunnel) => f.name === name);
    if (!funnel) return;
    this.name.set(funnel.name);
    this.draft.set(draftOf(funnel.steps));
    this.draftError.set(null);
    this.applied.set(funnel.steps);
    this.notice.set('');
  }

  protected remove(name: string): void {
    this.saved.set(this.store.remove(this.context.domain(), name));
    this.notice.set(t('funnels.notice.deleted', { name }));
  }
}
