import type { BreakdownRow, SummaryMetrics } from '@cairn/contracts';
import type { ReportPeriod } from './report-period.js';

/** The figures of one report: the period's summary, the one before, and the top rows of each list. */
export interface ReportFigures {
  domain: string;
  period: ReportPeriod;
  current: SummaryMetrics;
  previous: SummaryMetrics;
  lists: Array<{ title: string; column: string; rows: BreakdownRow[] }>;
  /** The dashboard at this slice. */
  dashboardUrl: string;
  unsubscribeUrl: string;
}

export interface ReportMail {
  subject: string;
  text: string;
  html: string;
}

const integer = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 125 s → "2m 05s"; 42 s → "42s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (minutes === 0) return `${rest}s`;
  if (minutes < 60) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** The change of a count against the period before: "+12%", "−5%", "0%", or "new" from nothing. */
export function formatChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '0%' : 'new';
  const change = Math.round(((current - previous) / previous) * 100);
  return change > 0 ? `+${change}%` : change < 0 ? `−${-change}%` : '0%';
}

/** A rate's change in percentage points: "+3.2 pts". */
function formatPoints(current: number, previous: number): string {
  const diff = Math.round((current - previous) * 10) / 10;
  return diff > 0 ? `+${oneDecimal.format(diff)} pts` : diff < 0 ? `−${oneDecimal.format(-diff)} pts` : '0 pts';
}

interface MetricLine {
  label: string;
  value: string;
  change: string;
}

function metricLines(current: SummaryMetrics, previous: SummaryMetrics): MetricLine[] {
  return [
    { label: 'Visitors', value: integer.format(current.visitors), change: formatChange(current.visitors, previous.visitors) },
    { label: 'Visits', value: integer.format(current.visits), change: formatChange(current.visits, previous.visits) },
    { label: 'Pageviews', value: integer.format(current.pageviews), change: formatChange(current.pageviews, previous.pageviews) },
    { label: 'Bounce rate', value: `${oneDecimal.format(current.bounceRate)}%`, change: formatPoints(current.bounceRate, previous.bounceRate) },
    { label: 'Visit duration', value: formatDuration(current.visitDuration), change: formatChange(current.visitDuration, previous.visitDuration) },
  ];
}

/** "Nov 23 – Nov 29, 2026" or "November 2026". */
export function periodLabel(period: ReportPeriod): string {
  const [y1, m1, d1] = period.key.split('-').map(Number);
  const [y2, m2, d2] = period.lastDay.split('-').map(Number);
  const month = (m: number, style: 'short' | 'long') => new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en-US', { month: style, timeZone: 'UTC' });
  if (period.frequency === 'monthly') return `${month(m1, 'long')} ${y1}`;
  const first = `${month(m1, 'short')} ${d1}${y1 !== y2 ? `, ${y1}` : ''}`;
  return `${first} – ${month(m2, 'short')} ${d2}, ${y2}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as mail: a subject with the headline figure, plain text and HTML with the same content. */
export function renderReport(figures: ReportFigures): ReportMail {
  const { domain, period, current, previous } = figures;
  const label = periodLabel(period);
  const kind = period.frequency === 'weekly' ? 'Weekly' : 'Monthly';
  const metrics = metricLines(current, previous);
  const subject = `${kind} report for ${domain}: ${integer.format(current.visitors)} visitors (${metrics[0].change}) · ${label}`;
  const against = period.frequency === 'weekly' ? 'the week before' : 'the month before';

  const text: string[] = [`${kind} report for ${domain}`, label, '', `Change against ${against} in brackets.`, ''];
  for (const m of metrics) text.push(`${`${m.label}:`.padEnd(16)}${m.value} (${m.change})`);
  for (const list of figures.lists) {
    text.push('', list.title);
    if (list.rows.length === 0) text.push('  (none)');
    for (const row of list.rows) text.push(`  ${integer.format(row.visitors).padStart(7)}  ${row.value ?? '(none)'}`);
  }
  text.push('', `Open the dashboard at this period: ${figures.dashboardUrl}`, '', `Stop these mails: ${figures.unsubscribeUrl}`, '');

  const cell = 'padding:4px 12px 4px 0;border-bottom:1px solid #eee';
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#222;max-width:600px">',
    `<h1 style="font-size:20px;margin-bottom:0">${kind} report for ${escapeHtml(domain)}</h1>`,
    `<p style="color:#666;margin-top:4px">${escapeHtml(label)} · change against ${against}</p>`,
    '<table style="border-collapse:collapse" role="presentation">',
    ...metrics.map((m) => `<tr><td style="${cell}">${m.label}</td><td style="${cell};font-weight:bold;text-align:right">${escapeHtml(m.value)}</td><td style="${cell};color:#666">${escapeHtml(m.change)}</td></tr>`),
    '</table>',
    ...figures.lists.flatMap((list) => [
      `<h2 style="font-size:16px;margin-top:24px">${escapeHtml(list.title)}</h2>`,
      '<table style="border-collapse:collapse;width:100%" role="presentation">',
      `<tr><th style="${cell};text-align:left">${escapeHtml(list.column)}</th><th style="${cell};text-align:right">Visitors</th></tr>`,
      ...(list.rows.length === 0 ? [`<tr><td style="${cell};color:#666" colspan="2">None</td></tr>`] : []),
      ...list.rows.map((row) => `<tr><td style="${cell}">${escapeHtml(row.value ?? '(none)')}</td><td style="${cell};text-align:right">${integer.format(row.visitors)}</td></tr>`),
      '</table>',
    ]),
    `<p style="margin-top:24px"><a href="${escapeHtml(figures.dashboardUrl)}">Open the dashboard at this period</a></p>`,
    `<p style="color:#888;font-size:12px">You get this mail because an admin of ${escapeHtml(domain)} on Cairn added you. <a href="${escapeHtml(figures.unsubscribeUrl)}">Unsubscribe</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: text.join('\n'), html };
}
