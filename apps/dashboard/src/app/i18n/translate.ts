import { signal } from '@angular/core';
import { activeLocale } from './active-locale';

type Translator = (key: string, params?: Record<string, unknown>) => string;

/** Transloco's translate, once the language runtime (a lazy chunk, see app-screens.routes.ts) is up. */
let translator: Translator | null = null;
/** Bumped whenever a translation file arrives or the language changes (see LanguageService). */
const revision = signal(0);

export function setTranslator(next: Translator | null): void {
  translator = next;
  translationsChanged();
}

export function translationsChanged(): void {
  revision.update((n) => n + 1);
}

/**
 * A translated text, for code outside templates (labels built in a computed(), messages set on an
 * event). Read inside a computed() it is worked out again when the language changes or the file
 * of its feature arrives. Keys are whole: `overview.export.title` (a feature's own file),
 * `common.retry` (the shared file). Templates use `*transloco="let t"` with the same keys. Before
 * the runtime is up, the key itself.
 */
export function t(key: string, params?: Record<string, unknown>): string {
  revision();
  return translator ? translator(key, params) : key;
}

/**
 * A text with a count in it, in the form the language uses for that number: `key.one`,
 * `key.other` (and any other CLDR category the language has, e.g. `key.many`), with `{{ count }}`
 * already written for the locale.
 */
export function tCount(key: string, count: number, params?: Record<string, unknown>): string {
  const locale = activeLocale();
  const category = new Intl.PluralRules(locale).select(count);
  const all = { ...params, count: new Intl.NumberFormat(locale).format(count) };
  const text = t(`${key}.${category}`, all);
  return text === `${key}.${category}` ? t(`${key}.other`, all) : text;
}
