import { chooseLanguage, localeFor } from './languages';

describe('languages', () => {
  it("takes the stored choice, else the first of the browser's languages the dashboard has, else English", () => {
    expect(chooseLanguage('fr', ['de-DE'])).toBe('fr');
    expect(chooseLanguage(null, ['nl-NL', 'es-MX', 'de'])).toBe('es');
    expect(chooseLanguage('xx', ['pt-BR'])).toBe('en');
    expect(chooseLanguage(null, [])).toBe('en');
  });

  it("writes figures in the browser's own variant of the chosen language", () => {
    expect(localeFor('de', ['de-CH', 'en-US'])).toBe('de-CH');
    expect(localeFor('en', ['de-CH', 'en-GB'])).toBe('en-GB');
    expect(localeFor('fr', ['de-CH'])).toBe('fr');
  });
});
