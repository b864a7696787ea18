import { Component, ChangeDetectionStrategy } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslocoDirective } from '@jsverse/transloco';
import { formatCount } from '../format/number-format';
import { provideFeatureTranslations } from './feature-translations';
import { loadTranslations, provideI18nTesting } from './i18n.testing';
import { LANGUAGE_KEY } from './languages';
import { LanguageService } from './language.service';
import { t } from './translate';

const probeTranslations = provideFeatureTranslations('probe', {
  en: async () => ({ greeting: 'Hello {{ name }}' }),
  de: async () => ({ greeting: 'Hallo {{ name }}' }),
  fr: async () => ({ greeting: 'Bonjour {{ name }}' }),
  es: async () => ({ greeting: 'Hola {{ name }}' }),
});

@Component({
  imports: [TranslocoDirective],
  providers: [probeTranslations],
  template: `<p *transloco="let t">{{ t('probe.greeting', { name: 'Ada' }) }} · {{ t('metrics.visitors') }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class ProbeComponent {}

describe(LanguageService.name, () => {
  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations('probe');
  });

  it('switches every text on screen, the figures and <html lang> together, and remembers the choice', async () => {
    const fixture = TestBed.createComponent(ProbeComponent);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('Hello Ada · Visitors');
    expect(formatCount(1234)).toBe('1,234');

    await TestBed.inject(LanguageService).use('de');
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('Hallo Ada · Besucher');
    expect(t('probe.greeting', { name: 'Grace' })).toBe('Hallo Grace');
    expect(formatCount(1234)).toBe('1.234');
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('de');

    await TestBed.inject(LanguageService).use('en');
  });
});
