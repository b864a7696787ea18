import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { countryName, formatCount } from '../format/number-format';
import { SiteContext } from '../site/site-context.service';
import { type LiveFeed, LiveFeedService } from './live-feed.service';

interface LiveList {
  title: string;
  rows: { label: string; visitors: string; width: string; muted: boolean }[];
}

/** Current visitors of a site, pushed by the server: the number, where they are, where they came from. */
@Component({
  selector: 'cairn-live',
  templateUrl: './live.component.html',
  styleUrl: './live.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveComponent {
  private readonly context = inject(SiteContext);
  private readonly feeds = inject(LiveFeedService);
  private readonly feed = signal<LiveFeed | null>(null);

  protected readonly message = computed(() => this.feed()?.message() ?? null);
  protected readonly status = computed(() => this.feed()?.status() ?? 'connecting');
  protected readonly problem = computed(() => this.feed()?.problem() ?? null);
  protected readonly visitors = computed(() => {
    const message = this.message();
    return message ? formatCount(message.visitors) : '—';
  });
  protected readonly updatedAt = computed(() => {
    const message = this.message();
    return message ? new Intl.DateTimeFormat(navigator.language, { timeStyle: 'medium' }).format(Date.parse(message.at)) : null;
  });
  protected readonly lists = computed<LiveList[]>(() => {
    const message = this.message();
    if (!message) return [];
    const list = (title: string, rows: { label: string | null; visitors: number }[], name = (v: string) => v): LiveList => {
      const max = Math.max(1, ...rows.map((r) => r.visitors));
      return {
        title,
        rows: rows.map((row) => ({
          label: row.label === null || row.label === '' ? '(not set)' : name(row.label),
          visitors: formatCount(row.visitors),
          width: `${Math.round((row.visitors / max) * 100)}%`,
          muted: row.label === null || row.label === '',
        })),
      };
    };
    return [
      list('Pages', message.pages.map((p) => ({ label: p.page, visitors: p.visitors }))),
      list('Sources', message.sources.map((s) => ({ label: s.source, visitors: s.visitors }))),
      list('Countries', message.countries.map((c) => ({ label: c.country, visitors: c.visitors })), countryName),
    ];
  });

  constructor() {
    // One connection per site shown; closed when the site changes or the page is left.
    effect((onCleanup) => {
      const domain = this.context.domain();
      if (!domain) return;
      const feed = this.feeds.open(domain);
      this.feed.set(feed);
      onCleanup(() => feed.close());
    });
    inject(DestroyRef).onDestroy(() => this.feed()?.close());
  }
}
