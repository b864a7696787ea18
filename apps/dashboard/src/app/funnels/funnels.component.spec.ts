import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { FunnelResponse, SavedFunnel, Site } from '@cairn/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { FunnelStore } from './funnel-store.service';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';
import '../site/site.translations';
import './funnels.translations';

const SITE: Site = { domain: 'shop.example', timezone: 'UTC', createdAt: '2026-01-01T00:00:00Z', role: 'owner' };
const ANSWER: FunnelResponse = {
  steps: [
    { label: '/', visitors: 1000, conversionRate: 100, dropoff: 0, dropoffRate: 0 },
    { label: 'Signup', visitors: 250, conversionRate: 25, dropoff: 750, dropoffRate: 75 },
  ],
};

describe('FunnelsComponent', () => {
  let http: HttpTestingController;
  let element: HTMLElement;
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
    await loadTranslations('site', 'funnels');
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    vi.unstubAllGlobals();
  });

  const FUNNELS = '/api/sites/shop.example/funnels';
  async function open(url = '/sites/shop.example/funnels?period=7d&filter.source=Google', saved: SavedFunnel[] = []): Promise<void> {
    harness = await RouterTestingHarness.create(url);
    (await vi.waitFor(() => http.expectOne('/api/sites/shop.example'))).flush(SITE);
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: FUNNELS }))).flush(saved);
    await harness.fixture.whenStable();
    element = harness.routeNativeElement!;
  }

  const field = (label: string) => element.querySelector<HTMLInputElement | HTMLSelectElement>(`[aria-label="${label}"]`)!;
  const button = (name: string) => [...element.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;
  function type(target: HTMLInputElement | HTMLSelectElement, value: string): void {
    target.value = value;
    target.dispatchEvent(new Event(target instanceof HTMLSelectElement ? 'change' : 'input'));
  }

  it('counts a funnel of a page and an event over the view, and shows conversion and drop-off per step', async () => {
    await open();
    type(field('Step 1 page path'), '/');
    type(field('Step 2 kind'), 'event');
    harness.fixture.detectChanges();
    type(field('Step 2 event name'), 'Signup');
    button('Show funnel').click();
    harness.fixture.detectChanges();

    const request = await vi.waitFor(() => http.expectOne('/api/stats/funnel'));
    expect(request.request.body).toEqual({ site: 'shop.example', period: '7d', steps: [{ page: '/' }, { event: 'Signup' }], filters: { source: ['Google'] } });
    request.flush(ANSWER);
    await harness.fixture.whenStable();

    const steps = [...element.querySelectorAll('.funnel-step')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(steps[0]).toContain('1,000 visitors');
    expect(steps[0]).not.toContain('dropped off');
    expect(steps[1]).toContain('250 visitors');
    expect(steps[1]).toContain('25% conversion');
    expect(steps[1]).toContain('−750 (75%) dropped off');
  });

  it('asks for every step before counting', async () => {
    await open();
    button('Show funnel').click();
    harness.fixture.detectChanges();
    http.expectNone('/api/stats/funnel');
    expect(element.querySelector('[role=alert]')!.textContent).toContain('Every step needs');
  });

  it('saves a funnel on the server for the site, lists it, and deletes it', async () => {
    await open();
    type(field('Step 2 page path'), '/pricing');
    type(element.querySelector<HTMLInputElement>('#funnel-name')!, 'Pricing');
    button('Save for the site').click();
    harness.fixture.detectChanges();
    (await vi.waitFor(() => http.expectOne('/api/stats/funnel'))).flush(ANSWER);
    const post = await vi.waitFor(() => http.expectOne({ method: 'POST', url: FUNNELS }));
    expect(post.request.body).toEqual({ name: 'Pricing', steps: [{ page: '/' }, { page: '/pricing' }] });
    const stored: SavedFunnel = { id: 7, name: 'Pricing', steps: [{ page: '/' }, { page: '/pricing' }], createdAt: '2026-01-02T00:00:00Z' };
    post.flush(stored);
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: FUNNELS }))).flush([stored]);
    await harness.fixture.whenStable();
    expect(element.querySelector('.saved')!.textContent).toContain('Pricing');
    expect(localStorage.getItem(FunnelStore.key('shop.example'))).toBeNull();

    button('Delete')!.click();
    (await vi.waitFor(() => http.expectOne({ method: 'DELETE', url: `${FUNNELS}/7` }))).flush(null);
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: FUNNELS }))).flush([]);
    await harness.fixture.whenStable();
    expect(element.querySelector('.saved')).toBeNull();
  });

  it('offers the funnels an older dashboard kept in this browser for upload once, then keeps none there', async () => {
    const old = [{ name: 'Old', steps: [{ page: '/' }, { event: 'Signup' }] }, { name: 'Broken', steps: [{ page: 1 }] }];
    localStorage.setItem(FunnelStore.key('shop.example'), JSON.stringify(old));
    await open();
    expect(element.textContent).toContain('An earlier version kept these funnels in this browser only: Old.');
    button('Upload to the site').click();
    const post = await vi.waitFor(() => http.expectOne({ method: 'POST', url: FUNNELS }));
    expect(post.request.body).toEqual({ name: 'Old', steps: [{ page: '/' }, { event: 'Signup' }] });
    post.flush({ id: 1, ...old[0], createdAt: '2026-01-02T00:00:00Z' });
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: FUNNELS }))).flush([{ id: 1, ...old[0], createdAt: '2026-01-02T00:00:00Z' }]);
    await harness.fixture.whenStable();
    expect(localStorage.getItem(FunnelStore.key('shop.example'))).toBeNull();
    expect(element.textContent).not.toContain('An earlier version');
    expect(element.querySelector('.saved')!.textContent).toContain('Old');
  });

  it('adds steps up to eight and keeps at least two', async () => {
    await open();
    for (let i = 0; i < 10; i++) button('Add step').click();
    harness.fixture.detectChanges();
    expect(element.querySelectorAll('.step')).toHaveLength(8);
    expect(button('Add step').disabled).toBe(true);
    for (let i = 0; i < 10; i++) element.querySelector<HTMLButtonElement>('[aria-label="Remove step 1"]')!.click();
    harness.fixture.detectChanges();
    expect(element.querySelectorAll('.step')).toHaveLength(2);
  });
});
