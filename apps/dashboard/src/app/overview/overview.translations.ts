import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The overview's strings (`overview.*`): cards, chart, panels, export. */
export const overviewTranslations = provideFeatureTranslations('overview', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
