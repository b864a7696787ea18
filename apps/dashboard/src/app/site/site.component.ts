import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { describeRequestProblem } from '../http/api-error';
import { SiteContext } from './site-context.service';
import { siteTranslations } from './site.translations';

/** One site's pages (overview, funnels), under its name, sharing the view held in the URL. */
@Component({
  selector: 'cairn-site',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoDirective],
  providers: [SiteContext, siteTranslations],
  templateUrl: './site.component.html',
  styleUrl: './site.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteComponent {
  protected readonly context = inject(SiteContext);
  protected readonly loadProblem = computed(() => {
    const error = this.context.site.error();
    return error ? describeRequestProblem(error) : null;
  });
}
