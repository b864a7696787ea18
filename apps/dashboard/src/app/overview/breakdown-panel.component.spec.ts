import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { BreakdownRow } from '@cairn/contracts';
import type { Filter, ViewState } from '../stats/view-state';
import { BreakdownPanelComponent, PAGE_ROWS, type PanelExport, TOP_ROWS } from './breakdown-panel.component';
import { BREAKDOWN_PANELS } from './breakdown-panels';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

const PAGES = BREAKDOWN_PANELS.find((p) => p.id === 'pages')!;
const EVENTS = BREAKDOWN_PANELS.find((p) => p.id === 'custom-events')!;
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
    TestBed.configureTestingModule({ providers: [provideI18nTesting(), provideHttpClient(), provideHttpClientTesting()] });
    await loadTranslations('overview');
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

  /** Answers the one breakdown request; `settle: false` when answering it starts another request (which keeps the component unstable). */
  async function answer(results: BreakdownRow[], dimension = 'page', settle = true): Promise<TestRequest> {
    const request = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/stats/breakdown'));
    request.flush({ dimension, results });
    if (settle) await fixture.whenStable();
    else await rendered();
    return request;
  }

  /** Lets an answer reach the template while another request is still open. */
  async function rendered(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
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
    expect(button('More: Top pages')).toBeDefined();
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
    button('More: Top pages')!.click();
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

  it('offers the custom events of the view and the property keys each carried, then breaks the chosen one down for that event', async () => {
    await render(EVENTS);
    await answer([], 'event');
    const exports: PanelExport[] = [];
    fixture.componentInstance.exportCsv.subscribe((e) => exports.push(e));
    button('Properties')!.click();
    fixture.detectChanges();

    const events = await answer(
      [
        { value: 'Signup', visitors: 5, visits: 5, events: 6 },
        { value: XSS, visitors: 2, visits: 2, events: 2 },
        { value: null, visitors: 1, visits: 1, events: 1 },
      ],
      'event',
      false,
    );
    expect(events.request.params.get('limit')).toBe('100');
    const keys = await propKeys([{ key: 'plan', visitors: 4, events: 5 }, { key: 'seats', visitors: 1, events: 1 }, { key: 'a/b', visitors: 1, events: 1 }]);
    expect(keys.request.params.get('event')).toBe('Signup');
    expect(keys.request.params.getAll('filter.country')).toEqual(['FR']);
    expect(options('#panel-custom-events-prop-event')).toEqual(['Signup', XSS, 'Every custom event']);
    // A key the API cannot break down (a slash) is not offered.
    expect(options('#panel-custom-events-prop-key')).toEqual(['plan', 'seats']);

    const plan = await answer([{ value: 'pro', visitors: 3, visits: 3, events: 4 }], 'prop:plan');
    expect(plan.request.params.get('dimension')).toBe('prop:plan');
    expect(plan.request.params.getAll('filter.event')).toEqual(['Signup']);
    expect(plan.request.params.getAll('filter.country')).toEqual(['FR']);
    element.querySelector<HTMLButtonElement>('.rows li button')!.click();
    expect(filters).toEqual([{ dimension: 'prop:plan', value: 'pro' }]);
    button('CSV')!.click();
    expect(exports).toEqual([{ dataset: 'prop:plan', view: { ...VIEW, filters: [...VIEW.filters, { dimension: 'event', value: 'Signup' }] } }]);

    choose('#panel-custom-events-prop-key', 'seats');
    expect((await answer([], 'prop:seats')).request.params.get('dimension')).toBe('prop:seats');

    choose('#panel-custom-events-prop-event', XSS);
    expect((await propKeys([])).request.params.get('event')).toBe(XSS);
    expect(element.querySelector('.panel > p.empty')!.textContent!.trim()).toBe(`No properties were sent with ${XSS} in this time.`);
    expect(element.querySelector('img')).toBeNull();

    choose('#panel-custom-events-prop-event', '');
    expect((await propKeys([{ key: 'url', visitors: 1, events: 1 }])).request.params.has('event')).toBe(false);
    expect((await answer([], 'prop:url')).request.params.has('filter.event')).toBe(false);
  });

  async function propKeys(results: { key: string; visitors: number; events: number }[]): Promise<TestRequest> {
    const request = await vi.waitFor(() => {
      const pending = http.match((r) => r.url === '/api/stats/prop-keys').filter((r) => !r.cancelled);
      if (pending.length !== 1) throw new Error(`${pending.length} prop-keys requests`);
      return pending[0];
    });
    request.flush({ event: request.request.params.get('event'), results });
    // Keys start the breakdown of the first one: settled only once that is answered.
    if (results.length === 0) await fixture.whenStable();
    else await rendered();
    return request;
  }
  const options = (selector: string) => [...element.querySelectorAll<HTMLOptionElement>(`${selector} option`)].map((o) => o.textContent!.trim());
  function choose(selector: string, value: string): void {
    const select = element.querySelector<HTMLSelectElement>(selector)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }
});
