import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The funnels page's strings (`funnels.*`). */
export const funnelsTranslations = provideFeatureTranslations('funnels', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
