import { countryName, formatChange, formatCount, formatDuration, formatPercent, percentChange } from './number-format';

describe('number formats', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("writes figures in the reader's locale", () => {
    vi.stubGlobal('navigator', { language: 'en-US' });
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(40)).toBe('40%');
    vi.stubGlobal('navigator', { language: 'de-DE' });
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatPercent(12.5).replace(/\s/u, ' ')).toBe('12,5 %');
  });

  it('writes durations in hours, minutes and seconds', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(200)).toBe('3m 20s');
    expect(formatDuration(4500)).toBe('1h 15m');
    expect(formatDuration(null)).toBe('—');
  });

  it('gives the change against the previous period, or none when it was 0', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 0)).toBe(0);
    vi.stubGlobal('navigator', { language: 'en-US' });
    expect(formatChange(-50)).toBe('−50%');
    expect(formatChange(12)).toBe('+12%');
  });

  it('names countries, keeping codes it cannot name', () => {
    vi.stubGlobal('navigator', { language: 'en-US' });
    expect(countryName('FR')).toBe('France');
    expect(countryName('not a code')).toBe('not a code');
  });
});
