import type { Dimension } from '@cairn/contracts';
import { countryName } from '../format/number-format';

const LABELS: Record<string, string> = {
  page: 'Page',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  referrer: 'Referrer',
  source: 'Source',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  utm_term: 'UTM term',
  utm_content: 'UTM content',
  country: 'Country',
  region: 'Region',
  city: 'City',
  browser: 'Browser',
  browser_version: 'Browser version',
  os: 'Operating system',
  os_version: 'OS version',
  device: 'Device',
  screen: 'Screen size',
  event: 'Event',
};

/** "Entry page", "Property plan" for prop:plan. */
export function dimensionLabel(dimension: Dimension): string {
  if (dimension.startsWith('prop:')) return `Property ${dimension.slice('prop:'.length)}`;
  return LABELS[dimension] ?? dimension;
}

/** A value as shown to the reader: country codes named, missing values said plainly. */
export function displayValue(dimension: Dimension, value: string | null): string {
  if (value === null || value === '') return '(not set)';
  if (dimension === 'country') return countryName(value);
  return value;
}
