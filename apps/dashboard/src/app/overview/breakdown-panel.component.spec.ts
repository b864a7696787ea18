import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { BreakdownRow } from '@cairn/contracts';
import type { Filter, ViewState } from '../stats/view-state';
import { BreakdownPanelComponent, PAGE_ROWS, TOP_ROWS } from './breakdown-panel.component';
import { BREAKDOWN_PANELS } from './breakdown-panels';

const PAGES = BREAKDOWN_PANELS.find((p) => p.title === 'Pages')!;
const EVENTS = BREAKDOWN_PANELS.find((p) => p.title === 'Custom events')!;
const VIEW: ViewState = { slice: { period: '7d' }, compare: false, filters: [{ dimension: 'country', value: 'FR' }] };
const XSS = '<img src=x onerror=alert(1)>';

const rows = (n: number, from = 0): BreakdownRow[] =>
  Array.from({ length: n }, (_, i) => ({ value: `/page-${from + i}`, visitors: 100 - i, visits: 100 - i, pageviews: 200, timeOnPage: 65 }));

describe('BreakdownPanelComponent', () => {
  let fixture: ComponentFixture<BreakdownPanelComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let filters: Filter[];

  async function render(panel = PAGES): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BreakdownPanelComponent);
    fixture.componentRef.setInput('panel', panel);
    fixture.componentRef.setInput('site', 'shop.example');
    fixture.componentRef.setInput('view', VIEW);
    filters = [];
    fixture.componentInstance.filter.subscribe((f) => filters.push(f));
    element = fixture.nativeElement;
    // Not whenStable(): a loading resource keeps the component unstable until it is answered.
    fixture.detectChanges();
  }

  async function answer(results: BreakdownRow[], dimension = 'page'): Promise<TestRequest> {
    const request = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/stats/breakdown'));
    request.flush({ dimension, results });
    await fixture.whenStable();
    return request;
  }

  const shownValues = () => [...element.querySelectorAll('.rows li .value')].map((e) => e.textContent!.trim());
  const button = (name: string) => [...element.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);

  beforeEach(() => vi.stubGlobal('navigator', { ...navigator, language: 'en-US' }));
  afterEach(() => {
    http.verify();
    vi.unstubAllGlobals();
  });

  it('asks for the top values of the view, one more than shown, and draws a bar for each', async () => {
    await render();
    const request = await answer([...rows(TOP_ROWS), ...rows(1, 99)]);
    const params = request.request.params;
    expect(params.get('dimension')).toBe('page');
    expect(params.get('limit')).toBe(String(TOP_ROWS + 1));
    expect(params.get('offset')).toBe('0');
    expect(params.get('period')).toBe('7d');
    expect(params.getAll('filter.country')).toEqual(['FR']);

    expect(shownValues()).toHaveLength(TOP_ROWS);
    expect(element.querySelector<HTMLElement>('.rows li .bar')!.style.width).toBe('100%');
    expect(element.querySelector('.rows li')!.textContent).toContain('1m 05s');
    expect(button('More top pages')).toBeDefined();
  });

  it('filters by the value clicked', async () => {
    await render();
    await answer(rows(2));
    element.querySelector<HTMLButtonElement>('.rows li button')!.click();
    expect(filters).toEqual([{ dimension: 'page', value: '/page-0' }]);
  });

  it('pages through every value in the "More" view', async () => {
    await render();
    await answer([...rows(TOP_ROWS), ...rows(1, 99)]);
    button('More top pages')!.click();
    const first = await answer(rows(PAGE_ROWS + 1));
    expect(first.request.params.get('limit')).toBe(String(PAGE_ROWS + 1));
    expect(shownValues()).toHaveLength(PAGE_ROWS);
    expect(button('Previous')!.disabled).toBe(true);

    button('Next')!.click();
    const second = await answer(rows(3, PAGE_ROWS));
    expect(second.request.params.get('offset')).toBe(String(PAGE_ROWS));
    expect(shownValues()[0]).toBe(`/page-${PAGE_ROWS}`);
    expect(button('Next')!.disabled).toBe(true);
    expect(element.textContent).toContain('Page 2');
  });

  it('switches dimension with its tabs', async () => {
    await render();
    await answer(rows(1));
    button('Entry pages')!.click();
    const request = await answer([{ value: '/', visitors: 3, visits: 4, bounceRate: 25 }], 'entry_page');
    expect(request.request.params.get('dimension')).toBe('entry_page');
    expect(element.querySelector('.rows li')!.textContent).toContain('25%');
  });

  it("shows visitors' values as text, never as HTML, and does not offer to filter by a missing value", async () => {
    await render(EVENTS);
    await answer(
      [
        { value: XSS, visitors: 2, visits: 2, events: 3 },
        { value: null, visitors: 1, visits: 1, events: 1 },
      ],
      'event',
    );
    expect(shownValues()).toEqual([XSS, '(not set)']);
    expect(element.querySelector('img')).toBeNull();
    expect(element.querySelectorAll('.rows li button')).toHaveLength(1);
  });

  it('asks for a property key before breaking a property down', async () => {
    await render(EVENTS);
    await answer([], 'event');
    button('Properties')!.click();
    fixture.detectChanges();
    http.expectNone((r) => r.url === '/api/stats/breakdown');
    const input = element.querySelector<HTMLInputElement>('.prop-key input')!;
    input.value = 'plan';
    button('Show')!.click();
    const request = await answer([{ value: 'pro', visitors: 1, visits: 1, events: 1 }], 'prop:plan');
    expect(request.request.params.get('dimension')).toBe('prop:plan');
    element.querySelector<HTMLButtonElement>('.rows li button')!.click();
    expect(filters).toEqual([{ dimension: 'prop:plan', value: 'pro' }]);
  });
});
