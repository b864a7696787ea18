import type { BreakdownRow, Dimension } from '@cairn/contracts';
import { formatCount, formatDuration, formatPercent } from '../format/number-format';

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
  title: string;
  tabs: BreakdownTab[];
}

const count = (value: number | undefined) => formatCount(value ?? 0);
const visitors: BreakdownColumn = { label: 'Visitors', value: (row) => count(row.visitors) };
const visits: BreakdownColumn = { label: 'Visits', value: (row) => count(row.visits) };
const pageviews: BreakdownColumn = { label: 'Pageviews', value: (row) => count(row.pageviews) };
const events: BreakdownColumn = { label: 'Events', value: (row) => count(row.events) };
const bounceRate: BreakdownColumn = { label: 'Bounce', value: (row) => (row.bounceRate === undefined ? '—' : formatPercent(row.bounceRate)) };
const timeOnPage: BreakdownColumn = { label: 'Time on page', value: (row) => formatDuration(row.timeOnPage) };

const plain = (label: string, dimension: Dimension): BreakdownTab => ({ label, dimension, columns: [visitors] });

/** The overview's panels and the dimensions each one switches between. */
export const BREAKDOWN_PANELS: BreakdownPanel[] = [
  {
    title: 'Pages',
    tabs: [
      { label: 'Top pages', dimension: 'page', columns: [visitors, pageviews, timeOnPage] },
      { label: 'Entry pages', dimension: 'entry_page', columns: [visitors, visits, bounceRate] },
      { label: 'Exit pages', dimension: 'exit_page', columns: [visitors, visits] },
    ],
  },
  {
    title: 'Sources',
    tabs: [
      { label: 'Sources', dimension: 'source', columns: [visitors, bounceRate] },
      plain('Referrers', 'referrer'),
      plain('UTM source', 'utm_source'),
      plain('UTM medium', 'utm_medium'),
      plain('UTM campaign', 'utm_campaign'),
      plain('UTM term', 'utm_term'),
      plain('UTM content', 'utm_content'),
    ],
  },
  {
    title: 'Locations',
    tabs: [plain('Countries', 'country'), plain('Regions', 'region'), plain('Cities', 'city')],
  },
  {
    title: 'Devices',
    tabs: [plain('Browsers', 'browser'), plain('Operating systems', 'os'), plain('Devices', 'device'), plain('Screen sizes', 'screen')],
  },
  {
    title: 'Custom events',
    tabs: [
      { label: 'Events', dimension: 'event', columns: [visitors, events] },
      { label: 'Properties', dimension: 'prop:', columns: [visitors, events] },
    ],
  },
];
