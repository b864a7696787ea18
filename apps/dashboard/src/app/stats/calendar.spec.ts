import { addDays, dateIn, sliceBounds } from './calendar';

// 2026-03-10 23:30 UTC: already the 11th in Berlin, still the 10th in New York.
const NOW = Date.parse('2026-03-10T23:30:00Z');

describe('calendar', () => {
  it("gives the date in the site's zone", () => {
    expect(dateIn('Europe/Berlin', NOW)).toBe('2026-03-11');
    expect(dateIn('America/New_York', NOW)).toBe('2026-03-10');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('turns periods into the days the API counts', () => {
    const bounds = (period: Parameters<typeof sliceBounds>[0]) => sliceBounds(period, 'Europe/Berlin', NOW, '2025-06-15');
    expect(bounds({ period: 'today' })).toEqual({ start: '2026-03-11', end: '2026-03-11' });
    expect(bounds({ period: 'yesterday' })).toEqual({ start: '2026-03-10', end: '2026-03-10' });
    expect(bounds({ period: '7d' })).toEqual({ start: '2026-03-05', end: '2026-03-11' });
    expect(bounds({ period: '30d' })).toEqual({ start: '2026-02-10', end: '2026-03-11' });
    expect(bounds({ period: 'month' })).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    expect(bounds({ period: 'year' })).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(bounds({ period: 'all' })).toEqual({ start: '2025-06-15', end: '2026-03-11' });
    expect(bounds({ start: '2026-01-01', end: '2026-01-02' })).toEqual({ start: '2026-01-01', end: '2026-01-02' });
  });

  it('gives realtime as the last 30 minutes in UNIX seconds', () => {
    const { start, end } = sliceBounds({ period: 'realtime' }, 'UTC', NOW, '2026-01-01');
    expect(Number(end) - Number(start)).toBe(30 * 60 + 1);
    expect(Number(start)).toBe(NOW / 1000 - 30 * 60);
  });
});
