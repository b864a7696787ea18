import { type EnvironmentProviders, inject, isDevMode, makeEnvironmentProviders, provideEnvironmentInitializer } from '@angular/core';
import { provideTransloco, TranslocoService } from '@jsverse/transloco';
import { LanguageService } from './language.service';
import { DEFAULT_LANGUAGE, LANGUAGES } from './languages';
import { RootTranslationLoader } from './root-translations';

/**
 * The language runtime: Transloco with the shared files, each feature's own files lazily (see
 * provideFeatureTranslations), and the language chosen at start. For the route every screen sits
 * under (app-screens.routes.ts): Transloco's own service is root-provided, so it is named here to
 * be made in that route's injector, beside its configuration.
 */
export function provideI18n(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideTransloco({
      config: {
        availableLangs: LANGUAGES.map((language) => language.id),
        defaultLang: DEFAULT_LANGUAGE,
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
        // Every language has every key (test/i18n checks it): no second file per screen as a fallback.
        missingHandler: { useFallbackTranslation: false, logMissingKey: true },
        scopes: { keepCasing: true },
      },
      loader: RootTranslationLoader,
    }),
    TranslocoService,
    LanguageService,
    provideEnvironmentInitializer(() => {
      inject(LanguageService);
    }),
  ]);
}
