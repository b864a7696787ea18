import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Site } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { type RequestProblem, describeRequestProblem } from '../http/api-error';
import { SitesService } from './sites.service';
import { sitesTranslations } from './sites.translations';
import { browserTimeZone, timeZoneChoices } from './time-zones';

/** Registers a site: a domain and the time zone its days are counted in. */
@Component({
  selector: 'cairn-site-form',
  imports: [ReactiveFormsModule, TranslocoDirective],
  providers: [sitesTranslations],
  templateUrl: './site-form.component.html',
  styleUrl: './site-form.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteFormComponent {
  private readonly sites = inject(SitesService);

  readonly created = output<Site>();

  protected readonly timeZones = timeZoneChoices();
  protected readonly form = inject(NonNullableFormBuilder).group({
    domain: ['', Validators.required],
    timezone: [browserTimeZone(), Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly missingDomain = signal(false);
  protected readonly problem = signal<RequestProblem | null>(null);

  protected readonly domainProblems = computed(() => this.problem()?.fields['domain'] ?? []);
  protected readonly timezoneProblems = computed(() => this.problem()?.fields['timezone'] ?? []);
  /** Problems the API tied to no field of this form (or to one it does not have). */
  protected readonly otherProblems = computed(() =>
    Object.entries(this.problem()?.fields ?? {})
      .filter(([field]) => field !== 'domain' && field !== 'timezone')
      .flatMap(([field, problems]) => problems.map((problem) => (field ? `${field}: ${problem}` : problem))),
  );
  /** A 409 is about the domain: mark that field too. */
  protected readonly domainInvalid = computed(
    () => this.missingDomain() || this.domainProblems().length > 0 || this.problem()?.status === 409,
  );

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const domain = this.form.controls.domain.value.trim();
    this.missingDomain.set(!domain);
    this.problem.set(null);
    if (!domain) return;

    this.submitting.set(true);
    try {
      const site = await this.sites.create({ domain, timezone: this.form.controls.timezone.value });
      this.form.controls.domain.reset();
      this.created.emit(site);
    } catch (error) {
      this.problem.set(describeRequestProblem(error));
    } finally {
      this.submitting.set(false);
    }
  }
}
