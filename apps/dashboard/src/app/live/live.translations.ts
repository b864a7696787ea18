import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The live view's strings (`live.*`). */
export const liveTranslations = provideFeatureTranslations('live', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
