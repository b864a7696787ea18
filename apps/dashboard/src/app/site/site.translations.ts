import { provideFeatureTranslations } from '../i18n/feature-translations';

/** A site's frame (`site.*`): its header and tabs, the time slice picker, the filter chips. */
export const siteTranslations = provideFeatureTranslations('site', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
