import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Goal, Site } from '@cairn/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';
import '../site/site.translations';
import './goals.translations';

const SITE: Site = { domain: 'shop.example', timezone: 'UTC', createdAt: '2026-01-01T00:00:00Z', role: 'owner' };
const GOALS = '/api/sites/shop.example/goals';
const PURCHASE: Goal = { id: 2, name: 'Purchase', page: null, event: 'Purchase', props: { plan: 'pro' }, currency: 'EUR', createdAt: '2026-01-02T00:00:00Z' };

describe('GoalsComponent', () => {
  let http: HttpTestingController;
  let element: HTMLElement;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
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
    await loadTranslations('site', 'goals');
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function open(goals: Goal[]): Promise<void> {
    harness = await RouterTestingHarness.create('/sites/shop.example/goals');
    (await vi.waitFor(() => http.expectOne('/api/sites/shop.example'))).flush(SITE);
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: GOALS }))).flush(goals);
    await harness.fixture.whenStable();
    element = harness.routeNativeElement!;
  }
  const set = (selector: string, value: string) => {
    const target = element.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    target.value = value;
    target.dispatchEvent(new Event(target instanceof HTMLSelectElement ? 'change' : 'input'));
    harness.fixture.detectChanges();
  };

  it('lists the site’s goals and adds a revenue goal from the form', async () => {
    await open([PURCHASE]);
    expect(element.querySelector('.goals strong')!.textContent).toBe('Purchase');
    expect(element.querySelector('.goals .muted')!.textContent!.trim()).toBe('Event Purchase · plan=pro · revenue in EUR');
    set('#goal-kind', 'event');
    set('#goal-target', 'Signup');
    set('#goal-props', 'plan=pro, seats=3');
    set('#goal-currency', 'usd');
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    const post = await vi.waitFor(() => http.expectOne({ method: 'POST', url: GOALS }));
    expect(post.request.body).toEqual({ event: 'Signup', props: { plan: 'pro', seats: '3' }, currency: 'USD' });
    post.flush({ ...PURCHASE, id: 3, name: 'Signup', event: 'Signup', props: { plan: 'pro', seats: '3' }, currency: 'USD' });
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: GOALS }))).flush([PURCHASE]);
    await harness.fixture.whenStable();
    expect(element.textContent).toContain('Added the goal “Signup”.');
  });

  it('shows what the API refused', async () => {
    await open([]);
    set('#goal-target', 'pricing');
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    (await vi.waitFor(() => http.expectOne({ method: 'POST', url: GOALS }))).flush(
      { error: 'Invalid request', details: [{ field: 'page', problems: ['page must be a path starting with /'] }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await harness.fixture.whenStable();
    expect(element.querySelector('[role=alert]')!.textContent).toContain('page must be a path starting with /');
  });
});
