import { buckets, defaultInterval, explicitRange, parseBoundary, periodRange, previousRange, TimeSliceError } from './time-range.js';

const at = (iso: string) => Date.parse(iso);

describe('time slices in a site’s zone', () => {
  const now = at('2026-03-10T12:00:00Z');

  it.each([
    ['today', '2026-03-10T00:00:00+01:00', '2026-03-11T00:00:00+01:00'],
    ['yesterday', '2026-03-09T00:00:00+01:00', '2026-03-10T00:00:00+01:00'],
    ['7d', '2026-03-04T00:00:00+01:00', '2026-03-11T00:00:00+01:00'],
    ['30d', '2026-02-09T00:00:00+01:00', '2026-03-11T00:00:00+01:00'],
    ['month', '2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00'],
    ['year', '2026-01-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00'],
  ] as const)('%s in Berlin', (period, from, to) => {
    expect(periodRange(period, 'Europe/Berlin', now, now)).toEqual({ from: at(from), to: at(to) });
  });

  it('realtime is the last 30 minutes; all starts on the day of the first data', () => {
    expect(periodRange('realtime', 'UTC', now, now)).toEqual({ from: now - 30 * 60_000, to: now + 1 });
    expect(periodRange('all', 'UTC', now, at('2025-06-15T13:00:00Z')).from).toBe(at('2025-06-15T00:00:00Z'));
  });

  it('reads UNIX seconds, dates (end inclusive), and instants with or without an offset', () => {
    expect(parseBoundary('1773100800', 'start', 'UTC')).toBe(1773100800_000);
    expect(parseBoundary('2026-03-10', 'start', 'America/New_York')).toBe(at('2026-03-10T04:00:00Z'));
    expect(parseBoundary('2026-03-10', 'end', 'America/New_York')).toBe(at('2026-03-11T04:00:00Z'));
    expect(parseBoundary('2026-03-10T10:00:00Z', 'end', 'America/New_York')).toBe(at('2026-03-10T10:00:00Z'));
    expect(parseBoundary('2026-03-10T10:00', 'start', 'Asia/Kolkata')).toBe(at('2026-03-10T04:30:00Z'));
  });

  it('refuses what is not a time, and an end before the start', () => {
    expect(() => parseBoundary('2026-02-30', 'start', 'UTC')).toThrow(TimeSliceError);
    expect(() => parseBoundary('next tuesday', 'end', 'UTC')).toThrow(/UNIX seconds or an ISO 8601/);
    expect(() => explicitRange('2026-03-10', '2026-03-09', 'UTC')).toThrow(/after start/);
  });

  it('the previous slice has the same length and ends where this one starts', () => {
    expect(previousRange({ from: 100, to: 250 })).toEqual({ from: -50, to: 100 });
  });

  it('compares whole days with as many whole days, across a daylight-saving change', () => {
    const november = { from: at('2026-11-01T00:00:00+01:00'), to: at('2026-11-08T00:00:00+01:00') };
    expect(previousRange(november, 'Europe/Berlin')).toEqual({ from: at('2026-10-25T00:00:00+02:00'), to: november.from });
  });

  it('picks an interval by length', () => {
    expect(defaultInterval({ from: 0, to: 3_600_000 })).toBe('minute');
    expect(defaultInterval({ from: 0, to: 86_400_000 })).toBe('hour');
    expect(defaultInterval({ from: 0, to: 30 * 86_400_000 })).toBe('day');
    expect(defaultInterval({ from: 0, to: 365 * 86_400_000 })).toBe('month');
  });
});

describe(buckets.name, () => {
  it('gives 23 and 25 hour days across daylight saving, each labelled with its own offset', () => {
    const spring = buckets({ from: at('2026-03-29T00:00:00+01:00'), to: at('2026-03-30T00:00:00+02:00') }, 'hour', 'Europe/Berlin');
    expect(spring).toHaveLength(23);
    expect(spring[2].time).toBe('2026-03-29T03:00:00+02:00');
    const autumn = buckets({ from: at('2026-10-25T00:00:00+02:00'), to: at('2026-10-26T00:00:00+01:00') }, 'hour', 'Europe/Berlin');
    expect(autumn.map((b) => b.time).slice(1, 4)).toEqual(['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00']);
    const days = buckets({ from: at('2026-10-24T00:00:00+02:00'), to: at('2026-10-27T00:00:00+01:00') }, 'day', 'Europe/Berlin');
    expect(days.map((b) => (b.to - b.from) / 3_600_000)).toEqual([24, 25, 24]);
  });

  it('starts weeks on Monday and cuts the first and last bucket to the range', () => {
    const weeks = buckets({ from: at('2026-03-04T00:00:00Z'), to: at('2026-03-12T00:00:00Z') }, 'week', 'UTC');
    expect(weeks.map((b) => b.time)).toEqual(['2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z']);
    expect(weeks[0].from).toBe(at('2026-03-04T00:00:00Z'));
    expect(weeks[1].to).toBe(at('2026-03-12T00:00:00Z'));
  });

  it('refuses more buckets than it can draw', () => {
    expect(() => buckets({ from: 0, to: 365 * 86_400_000 }, 'minute', 'UTC')).toThrow(TimeSliceError);
  });
});
