import { setActiveLocale } from '../i18n/active-locale';
import { countryName, formatChange, formatCount, formatDuration, formatPercent, percentChange } from './number-format';

describe('number formats', () => {
  afterEach(() => setActiveLocale('en-US'));

  it("writes figures in the reader's locale", () => {
    setActiveLocale('en-US');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(40)).toBe('40%');
    setActiveLocale('de-DE');
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatPercent(12.5).replace(/\s/u, ' ')).toBe('12,5 %');
  });

  it("writes durations in hours, minutes and seconds, in the locale's short units", () => {
    setActiveLocale('en-US');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(200)).toBe('3m 20s');
    expect(formatDuration(4500)).toBe('1h 15m');
    expect(formatDuration(3605)).toBe('1h 00m');
    expect(formatDuration(null)).toBe('—');
    setActiveLocale('de-DE');
    expect(formatDuration(200).replace(/\s/gu, ' ')).toBe('3 Min. 20 Sek.');
  });

  it('gives the change against the previous period, or none when it was 0', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 0)).toBe(0);
    setActiveLocale('en-US');
    expect(formatChange(-50)).toBe('−50%');
    expect(formatChange(12)).toBe('+12%');
  });

  it('names countries in the chosen language, keeping codes it cannot name', () => {
    setActiveLocale('en-US');
    expect(countryName('FR')).toBe('France');
    setActiveLocale('de-DE');
    expect(countryName('FR')).toBe('Frankreich');
    expect(countryName('not a code')).toBe('not a code');
  });
});
