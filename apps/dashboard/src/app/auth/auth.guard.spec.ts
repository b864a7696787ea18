import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authGuard, guestGuard, safeReturnUrl } from './auth.guard';
import { authInterceptor } from './auth.interceptor';
import { SESSION_KEY } from './auth.service';

@Component({ template: 'page' })
class StubPageComponent {}

describe('authGuard', () => {
  let http: HttpTestingController;
  let router: Router;

  function setUp(): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPageComponent, canActivate: [guestGuard] },
          { path: 'sites', component: StubPageComponent, canActivate: [authGuard] },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('sends a visitor without a token to the login page', async () => {
    setUp();
    await router.navigateByUrl('/sites');
    expect(router.url).toBe('/login?returnUrl=%2Fsites');
  });

  it('lets a signed-in owner in once the API knows them', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    setUp();
    const navigated = router.navigateByUrl('/sites');
    (await vi.waitFor(() => http.expectOne('/api/auth/me'))).flush({ id: 1, email: 'owner@example.com', role: 'admin' });

    await expect(navigated).resolves.toBe(true);
    expect(router.url).toBe('/sites');
  });

  it('takes a signed-in owner from the login page to their sites', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    setUp();
    const navigated = router.navigateByUrl('/login');
    (await vi.waitFor(() => http.expectOne('/api/auth/me'))).flush({ id: 1, email: 'owner@example.com', role: 'admin' });
    await navigated;

    expect(router.url).toBe('/sites');
  });

  it('never returns to another origin after login', () => {
    expect(safeReturnUrl('/sites?x=1')).toBe('/sites?x=1');
    expect(safeReturnUrl('//evil.example/')).toBe('/sites');
    expect(safeReturnUrl('https://evil.example/')).toBe('/sites');
    expect(safeReturnUrl(undefined)).toBe('/sites');
  });
});
