/** The dashboard's languages, each named in itself (the switch lists them so). */
export const LANGUAGES = [
  { id: 'en', name: 'English' },
  { id: 'de', name: 'Deutsch' },
  { id: 'fr', name: 'Français' },
  { id: 'es', name: 'Español' },
] as const;

export type Language = (typeof LANGUAGES)[number]['id'];

export const DEFAULT_LANGUAGE: Language = 'en';

/** The localStorage key of the dashboard user's choice (their browser's, never a tracked visitor's). */
export const LANGUAGE_KEY = 'cairn.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.id === value);
}

/** `de-AT` → `de`. */
function primary(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0];
}

/** The stored choice; else the first of the browser's languages the dashboard has; else English. */
export function chooseLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const language = primary(tag);
    if (isLanguage(language)) return language;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The locale numbers and dates are written in: the browser's own variant of the chosen language
 * (en-GB keeps its day-first dates, de-CH its apostrophes), else the language itself.
 */
export function localeFor(language: Language, browser: readonly string[]): string {
  return browser.find((tag) => primary(tag) === language) ?? language;
}
