import type { EnvironmentProviders } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom, forkJoin } from 'rxjs';
import { featureLoaders } from './feature-translations';
import { provideI18n } from './i18n.providers';
import { LanguageService } from './language.service';

/** For specs: the real language runtime, with the real files (English unless a spec switches). */
export function provideI18nTesting(): EnvironmentProviders {
  return provideI18n();
}

/**
 * Loads the shared strings and the named features' files before a spec renders, so templates
 * show their text at once (as they do in the app once the file has arrived).
 */
export async function loadTranslations(...scopes: string[]): Promise<void> {
  const transloco = TestBed.inject(TranslocoService);
  const language = TestBed.inject(LanguageService).language();
  const loads = [transloco.load(language)];
  for (const scope of scopes) {
    const loader = featureLoaders().get(scope);
    if (!loader) throw new Error(`No translations registered for ${scope}: import the component that provides them first`);
    loads.push(transloco.load(`${scope}/${language}`, { inlineLoader: loader }));
  }
  await firstValueFrom(forkJoin(loads));
}
