import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom, forkJoin, of } from 'rxjs';
import { setActiveLocale } from './active-locale';
import { featureLoaders } from './feature-translations';
import { chooseLanguage, LANGUAGE_KEY, type Language, localeFor } from './languages';
import { setTranslator, translationsChanged } from './translate';

/**
 * The dashboard's language: the user's choice (kept in this browser), else the browser's. Figures
 * and dates follow it (activeLocale), and <html lang> says it for screen readers. Provided with the
 * language runtime (provideI18n), in the screens' route, not in the initial bundle.
 */
@Injectable()
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(chooseLanguage(readStored(), this.browserLanguages()));

  readonly language = this.current.asReadonly();

  constructor() {
    setTranslator((key, params) => this.transloco.translate(key, params));
    inject(DestroyRef).onDestroy(() => setTranslator(null));
    this.transloco.events$.subscribe((event) => {
      if (event.type === 'translationLoadSuccess' || event.type === 'langChanged') translationsChanged();
    });
    this.apply(this.current());
    // Asked for at once, not awaited: it arrives while the first screen's code loads.
    this.transloco.load(this.current()).subscribe({ error: () => undefined });
  }

  /**
   * Switches: the new language's files for everything already on screen are fetched first, then
   * every text changes at once (no moment of half one language, half the other).
   */
  async use(language: Language): Promise<void> {
    if (language === this.current()) return;
    const previous = this.current();
    const loads = [this.transloco.load(language)];
    for (const [scope, inlineLoader] of featureLoaders()) {
      const onScreen = Object.keys(this.transloco.getTranslation(`${scope}/${previous}`)).length > 0;
      if (onScreen) loads.push(this.transloco.load(`${scope}/${language}`, { inlineLoader }));
    }
    await firstValueFrom(loads.length ? forkJoin(loads) : of(null));
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Storage refused (a private window's quota): the choice lasts for this visit only.
    }
    this.apply(language);
  }

  private apply(language: Language): void {
    this.current.set(language);
    setActiveLocale(localeFor(language, this.browserLanguages()));
    this.document.documentElement.lang = language;
    this.transloco.setActiveLang(language);
  }

  private browserLanguages(): readonly string[] {
    const navigator = this.document.defaultView?.navigator;
    return navigator?.languages?.length ? navigator.languages : navigator?.language ? [navigator.language] : [];
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}
