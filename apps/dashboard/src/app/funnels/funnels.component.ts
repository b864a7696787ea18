import { KeyValuePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { FunnelStep, FunnelStepResult, SavedFunnel } from '@cairn/contracts';
import { firstValueFrom } from 'rxjs';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatCount, formatPercent } from '../format/number-format';
import { describeRequestProblem } from '../http/api-error';
import { t, tCount } from '../i18n/translate';
import { FilterChipsComponent } from '../site/filter-chips.component';
import { SiteContext } from '../site/site-context.service';
import { TimeSlicePickerComponent } from '../site/time-slice-picker.component';
import { StatsService } from '../stats/stats.service';
import { type Filter, type ViewState, withoutFilter } from '../stats/view-state';
import { FunnelStore, type LocalFunnel } from './funnel-store.service';
import { funnelsTranslations } from './funnels.translations';

export const MIN_STEPS = 2;
export const MAX_STEPS = 8;

interface DraftStep {
  kind: 'page' | 'event';
  value: string;
}

const draftOf = (steps: FunnelStep[]): DraftStep[] =>
  steps.map((step) => (step.page !== undefined ? { kind: 'page', value: step.page } : { kind: 'event', value: step.event }));

/** Funnels: steps of pages and events, the visitors reaching each in order, saved on the server for the site. */
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
  /** Changes to list the saved funnels again (after a save, a delete or an upload). */
  private readonly listed = signal(0);
  protected readonly savedList = rxResource({
    params: () => (this.context.domain() ? { site: this.context.domain(), listed: this.listed() } : undefined),
    stream: ({ params }) => this.store.list(params.site),
  });
  protected readonly saved = computed<SavedFunnel[]>(() => (this.savedList.hasValue() ? this.savedList.value() : []));
  /** Funnels an older dashboard kept in this browser, offered for upload once. */
  protected readonly local = linkedSignal<LocalFunnel[]>(() => this.store.local(this.context.domain()));
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

  protected readonly localNames = computed(() => this.local().map((f) => f.name).join(', '));

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

  /** Saves on the server under its name, replacing the site's funnel of the same name. */
  protected async save(): Promise<void> {
    const steps = this.validSteps();
    const name = this.name().trim();
    if (!steps) return;
    if (!name) {
      this.draftError.set('funnels.build.noName');
      return;
    }
    const domain = this.context.domain();
    const replaced = this.saved().filter((f) => f.name === name);
    this.applied.set(steps);
    try {
      await firstValueFrom(this.store.save(domain, { name, steps }));
      for (const old of replaced) await firstValueFrom(this.store.remove(domain, old.id));
      this.notice.set(t('funnels.notice.saved', { name }));
    } catch (error) {
      this.notice.set(t('funnels.notice.failed', { message: describeRequestProblem(error).message }));
    }
    this.listed.update((n) => n + 1);
  }

  /** The funnels an older dashboard kept in this browser: uploaded to the server, then gone from the browser. */
  protected async upload(): Promise<void> {
    const domain = this.context.domain();
    const names = new Set(this.saved().map((f) => f.name));
    try {
      for (const funnel of this.local()) if (!names.has(funnel.name)) await firstValueFrom(this.store.save(domain, funnel));
      this.store.forgetLocal(domain);
      this.local.set([]);
      this.notice.set(t('funnels.notice.uploaded'));
    } catch (error) {
      this.notice.set(t('funnels.notice.failed', { message: describeRequestProblem(error).message }));
    }
    this.listed.update((n) => n + 1);
  }

  protected discardLocal(): void {
    this.store.forgetLocal(this.context.domain());
    this.local.set([]);
  }

  protected open(id: number): void {
    const funnel = this.saved().find((f: SavedFunnel) => f.id === id);
    if (!funnel) return;
    this.name.set(funnel.name);
    this.draft.set(draftOf(funnel.steps));
    this.draftError.set(null);
    this.applied.set(funnel.steps);
    this.notice.set('');
  }

  protected async remove(funnel: SavedFunnel): Promise<void> {
    try {
      await firstValueFrom(this.store.remove(this.context.domain(), funnel.id));
      this.notice.set(t('funnels.notice.deleted', { name: funnel.name }));
    } catch (error) {
      this.notice.set(t('funnels.notice.failed', { message: describeRequestProblem(error).message }));
    }
    this.listed.update((n) => n + 1);
  }
}
