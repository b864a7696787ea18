import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { CreateGoalRequest, Goal } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { describeRequestProblem } from '../http/api-error';
import { t } from '../i18n/translate';
import { SiteContext } from '../site/site-context.service';
import { goalsTranslations } from './goals.translations';

/** The site's goals: listed for every member, added and deleted by admins (the API says 403 otherwise). */
@Component({
  selector: 'cairn-goals',
  imports: [TranslocoDirective],
  providers: [goalsTranslations],
  templateUrl: './goals.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GoalsComponent {
  protected readonly context = inject(SiteContext);
  private readonly http = inject(HttpClient);

  private readonly listed = signal(0);
  protected readonly list = rxResource({
    params: () => (this.context.domain() ? { site: this.context.domain(), listed: this.listed() } : undefined),
    stream: ({ params }) => this.http.get<Goal[]>(`/api/sites/${encodeURIComponent(params.site)}/goals`),
  });
  protected readonly goals = computed(() => (this.list.hasValue() ? this.list.value() : []));

  protected readonly kind = signal<'page' | 'event'>('page');
  protected readonly name = signal('');
  protected readonly target = signal('');
  /** `key=value` pairs, comma-separated, for an event goal. */
  protected readonly props = signal('');
  protected readonly currency = signal('');
  protected readonly notice = signal('');
  protected readonly problems = signal<string[]>([]);

  protected describe(goal: Goal): string {
    if (goal.page !== null) return t('goals.list.page', { page: goal.page });
    const props = Object.entries(goal.props ?? {}).map(([key, value]) => `${key}=${value}`).join(', ');
    return [t('goals.list.event', { event: goal.event }), props, goal.currency ? t('goals.list.revenue', { currency: goal.currency }) : ''].filter(Boolean).join(' · ');
  }

  protected async add(): Promise<void> {
    const target = this.target().trim();
    const body: CreateGoalRequest = this.kind() === 'page' ? { page: target } : { event: target };
    if (this.name().trim()) body.name = this.name().trim();
    if (this.kind() === 'event') {
      const pairs = this.props().split(',').map((pair) => pair.trim()).filter(Boolean);
      if (pairs.length) body.props = Object.fromEntries(pairs.map((pair) => [pair.split('=')[0].trim(), pair.split('=').slice(1).join('=').trim()]));
      if (this.currency().trim()) body.currency = this.currency().trim().toUpperCase();
    }
    try {
      const goal = await firstValueFrom(this.http.post<Goal>(`/api/sites/${encodeURIComponent(this.context.domain())}/goals`, body));
      this.notice.set(t('goals.notice.added', { name: goal.name }));
      this.problems.set([]);
      this.name.set('');
      this.target.set('');
      this.props.set('');
      this.currency.set('');
      this.listed.update((n) => n + 1);
    } catch (error) {
      const problem = describeRequestProblem(error);
      this.problems.set([problem.message, ...Object.values(problem.fields).flat()]);
    }
  }

  protected async remove(goal: Goal): Promise<void> {
    try {
      await firstValueFrom(this.http.delete<void>(`/api/sites/${encodeURIComponent(this.context.domain())}/goals/${goal.id}`));
      this.notice.set(t('goals.notice.deleted', { name: goal.name }));
    } catch (error) {
      this.notice.set(describeRequestProblem(error).message);
    }
    this.listed.update((n) => n + 1);
  }
}
