import { signal } from '@angular/core';

/**
 * The locale figures and dates are written in (LanguageService sets it with the language). A signal,
 * so what formats with it (a computed(), a chart's labels) follows a switch; plain functions such
 * as formatCount read it without needing injection.
 */
const locale = signal<string>(typeof navigator === 'undefined' ? 'en' : navigator.language || 'en');

export const activeLocale = locale.asReadonly();

export function setActiveLocale(next: string): void {
  locale.set(next);
}
