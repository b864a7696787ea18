import { ChangeDetectionStrategy, Component, type OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Site } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatDate } from '../format/date-format';
import { describeRequestProblem } from '../http/api-error';
import { SiteFormComponent } from './site-form.component';
import { SiteSnippetComponent } from './site-snippet.component';
import { SitesService } from './sites.service';
import { sitesTranslations } from './sites.translations';
import { t } from '../i18n/translate';

/** The sites page: what is registered, adding one, its snippet, deleting one. */
@Component({
  selector: 'cairn-sites',
  imports: [RouterLink, SiteFormComponent, SiteSnippetComponent, TranslocoDirective],
  providers: [sitesTranslations],
  templateUrl: './sites.component.html',
  styleUrl: './sites.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SitesComponent implements OnInit {
  private readonly sitesApi = inject(SitesService);

  protected readonly sites = signal<Site[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  /** The domain whose snippet is shown; one at a time keeps the list readable on a phone. */
  protected readonly snippetFor = signal<string | null>(null);
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly deleting = signal(false);
  protected readonly deleteError = signal<string | null>(null);
  protected readonly notice = signal('');

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      this.sites.set(sortByDomain(await this.sitesApi.list()));
    } catch (error) {
      this.loadError.set(describeRequestProblem(error).message);
    } finally {
      this.loading.set(false);
    }
  }

  protected added(site: Site): void {
    this.sites.update((sites) => sortByDomain([...sites.filter((s) => s.domain !== site.domain), site]));
    // The next thing a new site needs is its snippet.
    this.snippetFor.set(site.domain);
    this.notice.set(t('sites.notice.added', { domain: site.domain }));
  }

  protected addedOn(site: Site): string {
    return formatDate(site.createdAt);
  }

  protected toggleSnippet(domain: string): void {
    this.snippetFor.update((open) => (open === domain ? null : domain));
  }

  protected askDelete(domain: string): void {
    this.deleteError.set(null);
    this.confirmingDelete.set(domain);
  }

  protected cancelDelete(): void {
    this.confirmingDelete.set(null);
    this.deleteError.set(null);
  }

  protected async confirmDelete(domain: string): Promise<void> {
    this.deleting.set(true);
    this.deleteError.set(null);
    try {
      await this.sitesApi.remove(domain);
      this.removeFromList(domain);
    } catch (error) {
      const problem = describeRequestProblem(error);
      // Already gone (deleted elsewhere): the list was stale, the user's intent is met.
      if (problem.status === 404) this.removeFromList(domain);
      else this.deleteError.set(problem.message);
    } finally {
      this.deleting.set(false);
    }
  }

  private removeFromList(domain: string): void {
    this.sites.update((sites) => sites.filter((site) => site.domain !== domain));
    this.confirmingDelete.set(null);
    if (this.snippetFor() === domain) this.snippetFor.set(null);
    this.notice.set(t('sites.notice.deleted', { domain }));
  }
}

function sortByDomain(sites: Site[]): Site[] {
  return [...sites].sort((a, b) => a.domain.localeCompare(b.domain));
}
