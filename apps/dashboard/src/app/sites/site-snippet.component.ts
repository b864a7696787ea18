import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, type ElementRef, computed, inject, input, signal, viewChild } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { t } from '../i18n/translate';
import { sitesTranslations } from './sites.translations';

/** The two lines a site owner pastes into their pages: the script, and a pixel for visitors without JavaScript. */
export function trackingSnippet(origin: string, domain: string): string {
  return [
    `<script defer src="${origin}/tracker.js" data-site="${domain}"></script>`,
    `<noscript><img src="${origin}/pixel.gif?site=${encodeURIComponent(domain)}&path=%2F" alt=""></noscript>`,
  ].join('\n');
}

@Component({
  selector: 'cairn-site-snippet',
  imports: [TranslocoDirective],
  providers: [sitesTranslations],
  templateUrl: './site-snippet.component.html',
  styleUrl: './site-snippet.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteSnippetComponent {
  private readonly document = inject(DOCUMENT);
  private readonly code = viewChild.required<ElementRef<HTMLTextAreaElement>>('code');

  readonly domain = input.required<string>();

  protected readonly snippet = computed(() => trackingSnippet(this.document.location.origin, this.domain()));
  protected readonly codeId = computed(() => `snippet-code-${this.domain()}`);
  protected readonly copyStatus = signal('');

  protected async copy(): Promise<void> {
    const clipboard = this.document.defaultView?.navigator.clipboard;
    try {
      // Missing outside secure contexts, e.g. a dashboard opened over plain http on the LAN.
      if (!clipboard) throw new Error('No clipboard');
      await clipboard.writeText(this.snippet());
      this.copyStatus.set(t('sites.snippet.copied'));
    } catch {
      this.selectAll();
      this.copyStatus.set(t('sites.snippet.blocked'));
    }
  }

  protected selectAll(): void {
    const textarea = this.code().nativeElement;
    textarea.focus();
    textarea.select();
  }
}
