import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import type { LiveEvent } from '@cairn/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatClock } from '../format/date-format';
import { countryName, formatCount } from '../format/number-format';
import { t } from '../i18n/translate';
import { SiteContext } from '../site/site-context.service';
import { liveTranslations } from './live.translations';
import { type LiveFeed, LiveFeedService } from './live-feed.service';

interface LiveList {
  /** The key of its heading. */
  title: string;
  rows: { label: string; visitors: string; width: string; muted: boolean }[];
}

/** One line of the feed of recent events, every part of it text. */
export interface FeedLine {
  /** ISO 8601, for <time datetime>. */
  at: string;
  time: string;
  kind: LiveEvent['type'];
  /** "Pageview", or the custom event's name. */
  what: string;
  page: string;
  /** Source · country · device. */
  where: string;
}

const DEVICES = new Set(['desktop', 'mobile', 'tablet', 'other']);

/** The feed as shown: times in the reader's locale, countries named, nothing left as markup. */
export function feedLines(events: readonly LiveEvent[] | undefined): FeedLine[] {
  return (events ?? []).map((event) => ({
    at: event.at,
    time: formatClock(event.at),
    kind: event.type,
    what: event.type === 'event' ? event.name || t('live.feed.unnamed') : t('live.feed.pageview'),
    page: event.page,
    where: [event.source, event.country ? countryName(event.country) : null, DEVICES.has(event.device) ? t(`devices.${event.device}`) : event.device]
      .filter(Boolean)
      .join(' · '),
  }));
}

/** Current visitors of a site, pushed by the server: the number, where they are, where they came from, what they just did. */
@Component({
  selector: 'cairn-live',
  imports: [TranslocoDirective],
  providers: [liveTranslations],
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
    return message ? formatClock(message.at) : null;
  });
  protected readonly lists = computed<LiveList[]>(() => {
    const message = this.message();
    if (!message) return [];
    const list = (title: string, rows: { label: string | null; visitors: number }[], name = (v: string) => v): LiveList => {
      const max = Math.max(1, ...rows.map((r) => r.visitors));
      return {
        title,
        rows: rows.map((row) => ({
          label: row.label === null || row.label === '' ? t('common.notSet') : name(row.label),
          visitors: formatCount(row.visitors),
          width: `${Math.round((row.visitors / max) * 100)}%`,
          muted: row.label === null || row.label === '',
        })),
      };
    };
    return [
      list('live.lists.pages', message.pages.map((p) => ({ label: p.page, visitors: p.visitors }))),
      list('live.lists.sources', message.sources.map((s) => ({ label: s.source, visitors: s.visitors }))),
      list('live.lists.countries', message.countries.map((c) => ({ label: c.country, visitors: c.visitors })), countryName),
    ];
  });

  /** The latest pageviews and custom events, newest first (from the same pushed message). */
  protected readonly recent = computed(() => feedLines(this.message()?.recent));

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
