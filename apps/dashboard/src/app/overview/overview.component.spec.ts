import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { BreakdownResponse, Site, SummaryResponse, TimeseriesResponse } from '@cairn/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { REALTIME_REFRESH_MS, timeseriesCsv } from './overview.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

const SITE: Site = { domain: 'shop.example', timezone: 'UTC', createdAt: '2026-01-01T00:00:00Z', role: 'owner' };
const SUMMARY: SummaryResponse = { visitors: 1234, visits: 1300, pageviews: 4000, viewsPerVisit: 3.08, bounceRate: 40, visitDuration: 95, events: 2 };
const SERIES: TimeseriesResponse = {
  interval: 'day',
  results: [{ time: '2026-03-10T00:00:00+00:00', visitors: 3, visits: 4, pageviews: 5, bounceRate: 25, visitDuration: 60 }],
};

describe('OverviewComponent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'en-US' });
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'sites/:domain', loadChildren: () => import('../site/site.routes') }]),
      ],
    });
    await loadTranslations('site', 'overview');
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function open(url: string): Promise<HTMLElement> {
    await harness.navigateByUrl(url);
    (await vi.waitFor(() => http.expectOne('/api/sites/shop.example'))).flush(SITE);
    await answerStats();
    return harness.routeNativeElement!;
  }

  /** Answers every pending stats request; returns their URLs with parameters. */
  async function answerStats(summary = SUMMARY): Promise<URL[]> {
    // Not whenStable(): loading resources keep the app unstable until they are answered.
    harness.fixture.detectChanges();
    const requests = await vi.waitFor(() => {
      const pending = http.match((r) => r.url.startsWith('/api/stats/')).filter((r) => !r.cancelled);
      if (pending.length === 0) throw new Error('no stats requests yet');
      return pending;
    });
    // The segment picker lists the site's segments: none here.
    for (const request of http.match((r) => r.url === '/api/sites/shop.example/segments')) if (!request.cancelled) request.flush([]);
    for (const request of requests) {
      if (request.request.url.endsWith('/summary')) request.flush(summary);
      else if (request.request.url.endsWith('/timeseries')) request.flush(SERIES);
      else request.flush({ dimension: request.request.params.get('dimension')!, results: [{ value: '/pricing', visitors: 7, visits: 7, pageviews: 9 }] } satisfies BreakdownResponse);
    }
    await harness.fixture.whenStable();
    return requests.map((r) => new URL(r.request.urlWithParams, 'http://x'));
  }

  it('asks the API for the view in the URL and shows its figures', async () => {
    await harness.navigateByUrl('/sites/shop.example?period=7d&compare=previous&filter.country=FR');
    (await vi.waitFor(() => http.expectOne('/api/sites/shop.example'))).flush(SITE);
    const urls = await answerStats();
    const element = harness.routeNativeElement!;

    const paths = urls.map((u) => u.pathname).sort();
    expect(paths.filter((p) => p.endsWith('/breakdown'))).toHaveLength(6);
    expect(paths).toContain('/api/stats/summary');
    expect(paths).toContain('/api/stats/timeseries');
    for (const url of urls) {
      expect(url.searchParams.get('site')).toBe('shop.example');
      expect(url.searchParams.get('period')).toBe('7d');
      expect(url.searchParams.getAll('filter.country')).toEqual(['FR']);
    }
    expect(urls.find((u) => u.pathname.endsWith('/summary'))!.searchParams.get('compare')).toBe('previous');
    // The chart asks for the previous period too, to draw it beside this one.
    expect(urls.find((u) => u.pathname.endsWith('/timeseries'))!.searchParams.get('compare')).toBe('previous');
    expect(urls.filter((u) => u.pathname.endsWith('/breakdown')).every((u) => !u.searchParams.has('compare'))).toBe(true);
    expect(element.querySelector('[data-metric=visitors] .value')!.textContent!.trim()).toBe('1,234');
    expect(element.querySelector('#time-slice')).not.toBeNull();
    expect(element.querySelector('[aria-label="Active filters"]')!.textContent).toContain('France');
  });

  it('filters every panel by a clicked row, through the URL', async () => {
    const element = await open('/sites/shop.example?period=30d');
    element.querySelector<HTMLButtonElement>('cairn-breakdown-panel .rows button')!.click();
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sites/shop.example?period=30d&filter.page=%2Fpricing'));

    const urls = await answerStats({ ...SUMMARY, visitors: 7 });
    expect(urls.length).toBeGreaterThanOrEqual(7);
    for (const url of urls) expect(url.searchParams.getAll('filter.page')).toEqual(['/pricing']);
    expect(element.querySelector('[data-metric=visitors] .value')!.textContent!.trim()).toBe('7');

    element.querySelector<HTMLButtonElement>('.chip .remove')!.click();
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sites/shop.example?period=30d'));
    await answerStats();
  });

  it('puts a new time slice in the URL', async () => {
    const element = await open('/sites/shop.example');
    const select = element.querySelector<HTMLSelectElement>('#time-slice')!;
    select.value = 'yesterday';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sites/shop.example?period=yesterday'));
    const urls = await answerStats();
    for (const url of urls) expect(url.searchParams.get('period')).toBe('yesterday');
  });

  it('says so when the site does not exist', async () => {
    await harness.navigateByUrl('/sites/nope.example');
    (await vi.waitFor(() => http.expectOne('/api/sites/nope.example'))).flush({ error: 'Not found' }, { status: 404, statusText: 'Not Found' });
    await vi.waitFor(() => expect(harness.routeNativeElement!.querySelector('[role=alert]')?.textContent).toContain('There is no site nope.example'));
    http.match(() => true).filter((r) => !r.cancelled).forEach((r) => r.flush({}));
  });

  it('asks again every 30 seconds while showing realtime', async () => {
    await open('/sites/shop.example?period=realtime');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await harness.navigateByUrl('/sites/shop.example?period=realtime&compare=previous');
      await answerStats();
      vi.advanceTimersByTime(REALTIME_REFRESH_MS);
      const urls = await answerStats();
      expect(urls.map((u) => u.pathname).filter((p) => p.endsWith('/summary'))).toHaveLength(1);
      expect(urls.filter((u) => u.pathname.endsWith('/breakdown'))).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes the chart figures as CSV, the previous period beside each bucket when compared', () => {
    expect(timeseriesCsv(SERIES)).toBe('time,visitors,visits,pageviews,bounce_rate,visit_duration\r\n2026-03-10T00:00:00+00:00,3,4,5,25,60\r\n');
    const previous = [{ time: '2026-03-09T00:00:00+00:00', visitors: 1, visits: 1, pageviews: 2, bounceRate: 0, visitDuration: 12 }];
    expect(timeseriesCsv({ ...SERIES, results: [...SERIES.results, { ...SERIES.results[0], time: '2026-03-11T00:00:00+00:00' }], previous })).toBe(
      'time,visitors,visits,pageviews,bounce_rate,visit_duration,previous_time,previous_visitors,previous_visits,previous_pageviews,previous_bounce_rate,previous_visit_duration\r\n' +
        '2026-03-10T00:00:00+00:00,3,4,5,25,60,2026-03-09T00:00:00+00:00,1,1,2,0,12\r\n' +
        '2026-03-11T00:00:00+00:00,3,4,5,25,60,,,,,,\r\n',
    );
  });
});
