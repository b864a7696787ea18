import { Injectable } from '@angular/core';
import type { Translation, TranslocoLoader } from '@jsverse/transloco';
import { isLanguage, type Language } from './languages';

/** The shared strings (the header, the language switch, metric and period names, common words). */
const ROOT: Record<Language, () => Promise<{ default: Translation }>> = {
  en: () => import('./translations/en.json'),
  de: () => import('./translations/de.json'),
  fr: () => import('./translations/fr.json'),
  es: () => import('./translations/es.json'),
};

/** Transloco's loader for the shared files; each feature's own files come through its scope. */
@Injectable()
export class RootTranslationLoader implements TranslocoLoader {
  async getTranslation(lang: string): Promise<Translation> {
    if (!isLanguage(lang)) throw new Error(`No translations for ${lang}`);
    return (await ROOT[lang]()).default;
  }
}
