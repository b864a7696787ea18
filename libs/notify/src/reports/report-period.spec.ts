import { duePeriods, lastFinishedPeriod, periodAt } from './report-period.js';

const at = (iso: string) => Date.parse(iso);

describe(duePeriods.name, () => {
  const NY = 'America/New_York';

  it('covers Monday to Sunday in the site’s zone and is due Monday 08:00 there', () => {
    const week = lastFinishedPeriod('weekly', at('2026-11-04T12:00:00Z'), NY);
    expect(week).toMatchObject({ key: '2026-10-26', lastDay: '2026-11-01' });
    // Monday 00:00 EDT (UTC-4) to Monday 00:00 EST (UTC-5): the week of the DST change has 169 hours.
    expect(new Date(week.start).toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect(new Date(week.end).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(new Date(week.dueAt).toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('is nothing before Monday 08:00 site time, the week just ended from then on', () => {
    const created = at('2026-11-18T10:00:00Z');
    // Monday 2026-11-23 07:59 in New York is 12:59 UTC.
    expect(duePeriods('weekly', at('2026-11-23T12:59:00Z'), NY, created, 4)).toEqual([]);
    expect(duePeriods('weekly', at('2026-11-23T13:00:00Z'), NY, created, 4).map((p) => p.key)).toEqual(['2026-11-16']);
  });

  it('catches up the weeks missed while down, oldest first, at most `limit`', () => {
    const created = at('2026-10-01T00:00:00Z');
    expect(duePeriods('weekly', at('2026-11-24T00:00:00Z'), 'UTC', created, 3).map((p) => p.key)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  });

  it('takes calendar months, due on the 1st at 08:00', () => {
    const october = lastFinishedPeriod('monthly', at('2026-11-01T08:00:00+01:00'), 'Europe/Paris');
    expect(october).toMatchObject({ key: '2026-10-01', lastDay: '2026-10-31' });
    expect(duePeriods('monthly', at('2026-11-01T07:59:00+01:00'), 'Europe/Paris', at('2026-10-15T00:00:00Z'), 2)).toEqual([]);
    expect(duePeriods('monthly', at('2026-11-01T08:00:00+01:00'), 'Europe/Paris', at('2026-10-15T00:00:00Z'), 2).map((p) => p.key)).toEqual(['2026-10-01']);
  });

  it('finds the week of an instant on a Sunday night and a Monday morning', () => {
    expect(periodAt('weekly', at('2026-11-29T23:30:00-05:00'), NY).key).toBe('2026-11-23');
    expect(periodAt('weekly', at('2026-11-30T00:30:00-05:00'), NY).key).toBe('2026-11-30');
  });
});
