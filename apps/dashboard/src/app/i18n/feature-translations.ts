import type { Provider } from '@angular/core';
import { type InlineLoader, type Translation, provideTranslocoScope } from '@jsverse/transloco';
import type { Language } from './languages';

/** One file per language, each a lazy import (its own small chunk, fetched when first needed). */
export type TranslationFiles = Record<Language, () => Promise<{ default: Translation } | Translation>>;

/**
 * Every feature's files, known once the feature's code has loaded (keyed `<scope>/<language>`, as
 * Transloco's load() wants them): a language switch preloads the ones on screen.
 */
const features = new Map<string, InlineLoader>();

export function featureLoaders(): ReadonlyMap<string, InlineLoader> {
  return features;
}

/**
 * The providers of a feature's strings: its own `i18n/<language>.json`, read under the feature's
 * name (`overview.title` from `overview/i18n/en.json`). Put them in the providers of the
 * component (or route) that shows them; Record<Language, …> makes a missing language a build error.
 */
export function provideFeatureTranslations(scope: string, files: TranslationFiles): Provider[] {
  const loader = files as InlineLoader;
  features.set(scope, Object.fromEntries(Object.entries(loader).map(([language, load]) => [`${scope}/${language}`, load])));
  return provideTranslocoScope({ scope, loader });
}
