import { TestBed } from '@angular/core/testing';
import type { TimeseriesResponse } from '@cairn/contracts';
import { TimeseriesChartComponent, axisLabels, bucketLabel, chartLines } from './timeseries-chart.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

const point = (time: string, visitors: number) => ({ time, visitors, visits: visitors, pageviews: 2 * visitors, bounceRate: 50, visitDuration: 30 });
const COMPARED: TimeseriesResponse = {
  interval: 'day',
  results: [point('2026-03-10T00:00:00Z', 3), point('2026-03-11T00:00:00Z', 1234), point('2026-03-12T00:00:00Z', 0)],
  previous: [point('2026-03-07T00:00:00Z', 1), point('2026-03-08T00:00:00Z', 2)],
};

describe('TimeseriesChartComponent', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations('overview');
  });

  it('lays the previous period over the slice bucket by bucket, padded where it is shorter', () => {
    expect(chartLines(COMPARED, 'visitors')).toEqual({
      labels: ['Mar 10, 2026', 'Mar 11, 2026', 'Mar 12, 2026'],
      values: [3, 1234, 0],
      previous: { labels: ['Mar 7, 2026', 'Mar 8, 2026', ''], values: [1, 2, null] },
    });
    expect(chartLines({ ...COMPARED, previous: [...COMPARED.previous!, point('2026-03-09T00:00:00Z', 5), point('2026-03-10T00:00:00Z', 9)] }, 'pageviews').previous!.values).toEqual([2, 4, 10]);
    expect(chartLines({ interval: 'day', results: COMPARED.results }, 'visitors').previous).toBeNull();
  });

  it('labels buckets from the site-zone digits the API gives, not the browser’s zone', () => {
    expect(bucketLabel('2026-03-10T23:00:00-04:00', 'hour')).toBe('Mar 10 23:00');
    expect(bucketLabel('2026-03-01T00:00:00+01:00', 'month')).toBe('Mar 2026');
  });

  it('shortens the axis labels to what differs between buckets', () => {
    expect(axisLabels(['2026-03-10T00:00:00Z', '2026-03-10T01:00:00Z'], 'hour')).toEqual(['00:00', '01:00']);
    expect(axisLabels(['2026-03-10T23:00:00Z', '2026-03-11T00:00:00Z'], 'hour')).toEqual(['Mar 10 23:00', 'Mar 11 00:00']);
    expect(axisLabels(['2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'], 'day')).toEqual(['Mar 10', 'Mar 11']);
    expect(axisLabels(['2025-12-31T00:00:00Z', '2026-01-01T00:00:00Z'], 'day')).toEqual(['Dec 31, 2025', 'Jan 1, 2026']);
    expect(axisLabels(['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'], 'month')).toEqual(['Feb 2026', 'Mar 2026']);
  });

  it('gives both periods in the table of figures, and says so to screen readers', async () => {
    const fixture = TestBed.createComponent(TimeseriesChartComponent);
    fixture.componentRef.setInput('series', COMPARED);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const rows = [...element.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
    expect([...element.querySelectorAll('thead th')].map((th) => th.textContent!.trim())).toEqual(['Time', 'Visitors', 'Previous period', 'Visitors, previous']);
    expect(rows).toEqual([
      ['Mar 10, 2026', '3', 'Mar 7, 2026', '1'],
      ['Mar 11, 2026', '1,234', 'Mar 8, 2026', '2'],
      ['Mar 12, 2026', '0', '—', '—'],
    ]);
    expect(element.querySelector('[role=img]')!.getAttribute('aria-label')).toBe(
      'Visitors from Mar 10, 2026 to Mar 12, 2026, with the previous period (Mar 7, 2026 to Mar 8, 2026) as a dashed line',
    );

    fixture.componentRef.setInput('series', { ...COMPARED, previous: undefined });
    await fixture.whenStable();
    expect(element.querySelectorAll('thead th')).toHaveLength(2);
  });
});
