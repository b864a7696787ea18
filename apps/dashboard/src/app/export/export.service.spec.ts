import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Site } from '@cairn/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { describeRequestProblem } from '../http/api-error';
import { downloadName, ExportService, exportParams } from './export.service';

const SITE: Site = { domain: 'shop.example', timezone: 'Europe/Berlin', createdAt: '2026-01-05T10:00:00Z', role: 'owner' };

describe('ExportService', () => {
  let http: HttpTestingController;
  let sut: ExportService;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    sut = TestBed.inject(ExportService);
  });
  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  it('asks for the slice and filters on screen', () => {
    const view = { slice: { period: '7d' as const }, compare: true, filters: [{ dimension: 'page' as const, value: '/a' }] };
    expect(exportParams(SITE, view, 'page')).toEqual({ site: 'shop.example', period: '7d', format: 'csv', dataset: 'page', 'filter.page': ['/a'] });
    const range = { slice: { start: '2026-03-01', end: '2026-03-02' }, compare: false, filters: [] };
    expect(exportParams(SITE, range, 'events')).toEqual({ site: 'shop.example', start: '2026-03-01', end: '2026-03-02', format: 'csv', dataset: 'events' });
  });

  it('fetches the file with the Bearer token and saves it under the name the server gave', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:cairn/1');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('shop.example-events.csv');
      expect(this.href).toBe('blob:cairn/1');
    });
    const done = sut.download(SITE, { slice: { start: '2026-03-01', end: '2026-03-02' }, compare: false, filters: [] }, 'events');

    const request = http.expectOne((r) => r.url === '/api/export');
    expect(request.request.headers.get('Authorization')).toBe('Bearer tok');
    expect(request.request.params.get('dataset')).toBe('events');
    expect(request.request.params.get('start')).toBe('2026-03-01');
    request.flush(new Blob(['time,path\r\n']), { headers: { 'Content-Disposition': 'attachment; filename="shop.example-events.csv"' } });
    await done;

    expect(click).toHaveBeenCalledTimes(1);
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
  });

  it("reads the API's error out of a failed download", async () => {
    const done = sut.download(SITE, { slice: { period: 'today' }, compare: false, filters: [] }, 'events');
    http
      .expectOne((r) => r.url === '/api/export')
      .flush(new Blob([JSON.stringify({ error: 'dataset must be one of events, visits' })], { type: 'application/json' }), {
        status: 400,
        statusText: 'Bad Request',
      });
    const error = await done.catch((e: unknown) => e);
    expect(describeRequestProblem(error).message).toBe('dataset must be one of events, visits');
  });

  it('reads file names from Content-Disposition', () => {
    expect(downloadName("attachment; filename*=UTF-8''caf%C3%A9.csv", 'x.csv')).toBe('café.csv');
    expect(downloadName('attachment; filename=a.csv', 'x.csv')).toBe('a.csv');
    expect(downloadName(null, 'x.csv')).toBe('x.csv');
  });
});
