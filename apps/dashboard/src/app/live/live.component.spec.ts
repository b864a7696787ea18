import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { FakeSocket, message } from './fake-socket.testing';
import { LIVE_SOCKET } from './live-feed.service';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';
import '../site/site.translations';
import './live.translations';

const XSS = '<img src=x onerror=alert(1)>';

describe('LiveComponent', () => {
  let socket: FakeSocket;
  let harness: RouterTestingHarness;
  let element: HTMLElement;

  beforeEach(async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'en-US' });
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    socket = new FakeSocket();
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'sites/:domain', loadChildren: () => import('../site/site.routes') }]),
        { provide: LIVE_SOCKET, useValue: () => socket },
      ],
    });
    await loadTranslations('site', 'live');
    harness = await RouterTestingHarness.create('/sites/shop.example/live');
    const http = TestBed.inject(HttpTestingController);
    (await vi.waitFor(() => http.expectOne('/api/sites/shop.example'))).flush({ domain: 'shop.example', timezone: 'UTC', createdAt: '2026-01-01T00:00:00Z', role: 'owner' });
    await harness.fixture.whenStable();
    element = harness.routeNativeElement!;
  });
  afterEach(() => vi.unstubAllGlobals());

  const text = (selector: string) => element.querySelector(selector)!.textContent!.replace(/\s+/g, ' ').trim();

  it('shows the number of current visitors as it is pushed, and where they are', async () => {
    expect(text('[role=status]')).toContain('Connecting');
    socket.receive('connect');
    socket.emitted[0].ack!({ site: 'shop.example' });
    socket.receive('live', { ...message(1234), pages: [{ page: XSS, visitors: 2 }], countries: [{ country: 'FR', visitors: 1 }, { country: null, visitors: 1 }] });
    await harness.fixture.whenStable();

    expect(text('[data-live=visitors]')).toBe('1,234');
    expect(text('[role=status]')).toBe('Live');
    expect(text('[aria-label=Pages]')).toContain(XSS);
    expect(element.querySelector('img')).toBeNull();
    expect(text('[aria-label=Countries]')).toContain('France');
    expect(text('[aria-label=Countries]')).toContain('(not set)');

    socket.receive('live', message(1235));
    await harness.fixture.whenStable();
    expect(text('[data-live=visitors]')).toBe('1,235');
  });

  it('lists the recent events newest first, as text, with where they happened', async () => {
    socket.receive('connect');
    socket.receive('live', {
      ...message(2),
      recent: [
        { at: '2026-03-10T12:00:05.000Z', type: 'event', name: XSS, page: '/pricing', source: 'Google', country: 'FR', device: 'mobile' },
        { at: '2026-03-10T12:00:01.000Z', type: 'pageview', name: null, page: `/${XSS}`, source: 'Direct / None', country: null, device: 'desktop' },
      ],
    });
    await harness.fixture.whenStable();
    const lines = [...element.querySelectorAll('[aria-labelledby=feed-heading] li')].map((li) =>
      ['time', '.what', '.page', '.where'].map((part) => li.querySelector(part)!.textContent!.trim()),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0][0]).toMatch(/^\d{1,2}:\d{2}:\d{2}\s[AP]M$/); // the reader's clock, en-US
    expect(lines[0].slice(1)).toEqual([XSS, '/pricing', 'Google · France · Mobile']);
    expect(lines[1].slice(1)).toEqual(['Pageview', `/${XSS}`, 'Direct / None · Desktop']);
    expect(element.querySelector('[aria-labelledby=feed-heading] time')!.getAttribute('datetime')).toBe('2026-03-10T12:00:05.000Z');
    expect(element.querySelector('img')).toBeNull();

    socket.receive('live', message(0));
    await harness.fixture.whenStable();
    expect(text('[aria-labelledby=feed-heading] ol')).toBe('Nothing in the last few minutes.');
  });

  it('says so while disconnected, and closes the socket when the page is left', async () => {
    socket.receive('connect');
    socket.receive('disconnect', 'transport close');
    await harness.fixture.whenStable();
    expect(text('[role=status]')).toContain('reconnecting');

    harness.fixture.destroy();
    expect(socket.disconnected).toBe(true);
  });
});
