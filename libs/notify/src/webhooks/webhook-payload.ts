import { createHmac } from 'node:crypto';
import type { SummaryMetrics, WebhookFormat } from '@cairn/contracts';

/** `X-Cairn-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes with the webhook's secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface SpikeMessage {
  site: string;
  alert: { id: string; threshold: number };
  visitors: number;
  at: string;
  url: string;
}

export interface ReportMessage {
  site: string;
  frequency: 'weekly' | 'monthly';
  period: { start: string; end: string };
  summary: SummaryMetrics;
  previous: SummaryMetrics;
  topPages: Array<{ value: string | null; visitors: number }>;
  topSources: Array<{ value: string | null; visitors: number }>;
  topCountries: Array<{ value: string | null; visitors: number }>;
  url: string;
}

const integer = new Intl.NumberFormat('en-US');

/** The body POSTed for a spike: Cairn's JSON, or a Slack incoming-webhook message. */
export function spikeBody(format: WebhookFormat, message: SpikeMessage): string {
  if (format === 'slack') {
    return JSON.stringify({
      text: `:chart_with_upwards_trend: ${integer.format(message.visitors)} visitors on ${message.site} right now (alert at ${integer.format(message.alert.threshold)}). <${message.url}|See them live>`,
    });
  }
  return JSON.stringify({ event: 'spike', ...message });
}

/** The body POSTed for a finished week: Cairn's JSON, or a Slack message with the headline figures. */
export function reportBody(format: WebhookFormat, message: ReportMessage): string {
  if (format === 'slack') {
    const top = message.topPages.slice(0, 3).map((row) => `${row.value ?? '(none)'} (${integer.format(row.visitors)})`).join(', ');
    return JSON.stringify({
      text: [
        `*${message.frequency === 'weekly' ? 'Weekly' : 'Monthly'} report for ${message.site}*, ${message.period.start} to ${message.period.end}`,
        `Visitors ${integer.format(message.summary.visitors)} (before: ${integer.format(message.previous.visitors)}) · Pageviews ${integer.format(message.summary.pageviews)} · Bounce rate ${message.summary.bounceRate}%`,
        top ? `Top pages: ${top}` : 'No pageviews',
        `<${message.url}|Open the dashboard>`,
      ].join('\n'),
    });
  }
  return JSON.stringify({ event: 'report', ...message });
}
