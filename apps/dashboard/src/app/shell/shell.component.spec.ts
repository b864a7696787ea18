import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService, SESSION_KEY } from '../auth/auth.service';
import { ShellComponent } from './shell.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

@Component({ template: 'page' })
class StubPageComponent {}

describe('ShellComponent', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: StubPageComponent }]),
      ],
    });
    await loadTranslations();
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthService).loadCurrentUser();
    http.expectOne('/api/auth/me').flush({ id: 1, email: 'owner@example.com', role: 'admin' });
    await loaded;
  });

  afterEach(() => http.verify());

  it('shows the product and who is signed in, and signs out to the login page', async () => {
    const fixture = TestBed.createComponent(ShellComponent);
    await fixture.whenStable();
    const header: HTMLElement = fixture.nativeElement.querySelector('header');
    expect(header.textContent).toContain('Cairn');
    expect(header.textContent).toContain('owner@example.com');

    const signOut = [...header.querySelectorAll('button')].find((b) => b.textContent?.includes('Sign out'))!;
    signOut.click();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/login'));
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });
});
