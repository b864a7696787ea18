import { Injectable, computed, inject, resource } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import type { Site } from '@cairn/contracts';
import { map } from 'rxjs';
import { SitesService } from '../sites/sites.service';
import { type ViewState, viewStateFromParams, viewStateNavigation } from '../stats/view-state';

/**
 * The site being looked at and the view of it (slice, comparison, filters), read from the URL.
 * Provided by SiteComponent, so its pages (overview, funnels) share one instance.
 */
@Injectable()
export class SiteContext {
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly sites = inject(SitesService);

  readonly domain = toSignal(this.route.paramMap.pipe(map((params) => params.get('domain') ?? '')), { initialValue: '' });
  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });
  readonly view = computed(() => viewStateFromParams(this.queryParams()), { equal: sameView });

  /** The registered site: its time zone gives the days for the calendar and exports. */
  readonly site = resource({
    params: () => this.domain() || undefined,
    loader: ({ params }): Promise<Site> => this.sites.get(params),
  });

  readonly timezone = computed(() => (this.site.hasValue() ? this.site.value().timezone : 'UTC'));

  /** Shows another view: a new history entry, so back and forward step through views. */
  show(next: ViewState): Promise<boolean> {
    // No commands: the current page (overview, funnels…) with new query params.
    return this.router.navigate([], {
      queryParams: viewStateNavigation(this.queryParams(), next),
      queryParamsHandling: 'merge',
    });
  }
}

/** Query-param emissions that change nothing of the view (e.g. an unrelated param) reload nothing. */
function sameView(a: ViewState, b: ViewState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
