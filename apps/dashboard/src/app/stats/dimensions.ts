import type { Dimension } from '@cairn/contracts';
import { countryName } from '../format/number-format';
import { t } from '../i18n/translate';

/** "Entry page", "Property plan" for prop:plan, in the reader's language (the shared `dimensions.*`). */
export function dimensionLabel(dimension: Dimension): string {
  if (dimension.startsWith('prop:')) return t('dimensions.prop', { key: dimension.slice('prop:'.length) });
  return t(`dimensions.${dimension}`);
}

/** A value as shown to the reader: country codes named, missing values said plainly. */
export function displayValue(dimension: Dimension, value: string | null): string {
  if (value === null || value === '') return t('common.notSet');
  if (dimension === 'country') return countryName(value);
  return value;
}
