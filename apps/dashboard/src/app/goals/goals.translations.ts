import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The goals settings page's strings (`goals.*`). */
export const goalsTranslations = provideFeatureTranslations('goals', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
