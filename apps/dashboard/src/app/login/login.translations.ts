import { provideFeatureTranslations } from '../i18n/feature-translations';

/** The login page's strings (`login.*`), one lazy file per language. */
export const loginTranslations = provideFeatureTranslations('login', {
  en: () => import('./i18n/en.json'),
  de: () => import('./i18n/de.json'),
  fr: () => import('./i18n/fr.json'),
  es: () => import('./i18n/es.json'),
});
