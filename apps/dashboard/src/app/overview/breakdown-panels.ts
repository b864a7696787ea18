import type { BreakdownRow, Dimension } from '@cairn/contracts';
import { formatCount, formatDuration, formatMoney, formatPercent } from '../format/number-format';

// Every `label` and `title` here is a translation key (the shared `metrics.*`, the overview's own
// `overview.panels.*` and `overview.tabs.*`).

export interface BreakdownColumn {
  label: string;
  value: (row: BreakdownRow) => string;
}

export interface BreakdownTab {
  label: string;
  /** `prop:` asks the reader for the property's key. */
  dimension: Dimension | 'prop:';
  columns: BreakdownColumn[];
}

export interface BreakdownPanel {
  /** Stable, whatever the language: element ids and tracking. */
  id: string;
  title: string;
  tabs: BreakdownTab[];
}

const count = (value: number | undefined) => formatCount(value ?? 0);
const visitors: BreakdownColumn = { label: 'metrics.visitors', value: (row) => count(row.visitors) };
const visits: BreakdownColumn = { label: 'metrics.visits', value: (row) => count(row.visits) };
const pageviews: BreakdownColumn = { label: 'metrics.pageviews', value: (row) => count(row.pageviews) };
const events: BreakdownColumn = { label: 'metrics.events', value: (row) => count(row.events) };
const bounceRate: BreakdownColumn = { label: 'metrics.bounce', value: (row) => (row.bounceRate === undefined ? '—' : formatPercent(row.bounceRate)) };
const timeOnPage: BreakdownColumn = { label: 'metrics.timeOnPage', value: (row) => formatDuration(row.timeOnPage) };
const scrollDepth: BreakdownColumn = { label: 'metrics.scrollDepth', value: (row) => (row.scrollDepth == null ? '—' : formatPercent(row.scrollDepth)) };
const completions: BreakdownColumn = { label: 'metrics.completions', value: (row) => count(row.events) };
const conversionRate: BreakdownColumn = { label: 'metrics.conversionRate', value: (row) => formatPercent(row.conversionRate ?? 0) };
/** A revenue goal's total in its currency (the API's exact decimal text, formatted for the reader); — for other goals. */
const revenue: BreakdownColumn = { label: 'metrics.revenue', value: (row) => (row.revenue ? formatMoney(row.revenue.total, row.revenue.currency) : '—') };

const plain = (label: string, dimension: Dimension): BreakdownTab => ({ label, dimension, columns: [visitors] });

/** The overview's panels and the dimensions each one switches between. */
export const BREAKDOWN_PANELS: BreakdownPanel[] = [
  {
    id: 'pages',
    title: 'overview.panels.pages',
    tabs: [
      { label: 'overview.tabs.topPages', dimension: 'page', columns: [visitors, pageviews, timeOnPage, scrollDepth] },
      { label: 'overview.tabs.entryPages', dimension: 'entry_page', columns: [visitors, visits, bounceRate] },
      { label: 'overview.tabs.exitPages', dimension: 'exit_page', columns: [visitors, visits] },
    ],
  },
  {
    id: 'sources',
    title: 'overview.panels.sources',
    tabs: [
      { label: 'overview.tabs.sources', dimension: 'source', columns: [visitors, bounceRate] },
      plain('overview.tabs.referrers', 'referrer'),
      plain('overview.tabs.utmSource', 'utm_source'),
      plain('overview.tabs.utmMedium', 'utm_medium'),
      plain('overview.tabs.utmCampaign', 'utm_campaign'),
      plain('overview.tabs.utmTerm', 'utm_term'),
      plain('overview.tabs.utmContent', 'utm_content'),
    ],
  },
  {
    id: 'locations',
    title: 'overview.panels.locations',
    tabs: [plain('overview.tabs.countries', 'country'), plain('overview.tabs.regions', 'region'), plain('overview.tabs.cities', 'city')],
  },
  {
    id: 'devices',
    title: 'overview.panels.devices',
    tabs: [
      plain('overview.tabs.browsers', 'browser'),
      plain('overview.tabs.os', 'os'),
      plain('overview.tabs.devices', 'device'),
      plain('overview.tabs.screens', 'screen'),
    ],
  },
  {
    id: 'goals',
    title: 'overview.panels.goals',
    tabs: [{ label: 'overview.tabs.goals', dimension: 'goal', columns: [visitors, completions, conversionRate, revenue] }],
  },
  {
    id: 'custom-events',
    title: 'overview.panels.customEvents',
    tabs: [
      { label: 'overview.tabs.events', dimension: 'event', columns: [visitors, events] },
      { label: 'overview.tabs.properties', dimension: 'prop:', columns: [visitors, events] },
    ],
  },
];
