import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The sites page's strings (`sites.*`): the list, the form, the snippet. */
export const sitesTranslations = provideFeatureTranslations('sites', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
