import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { SESSION_KEY } from './auth.service';

@Component({ template: 'page' })
class StubPageComponent {}

describe('authInterceptor', () => {
  let client: HttpClient;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-123', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: StubPageComponent },
          { path: 'sites', component: StubPageComponent },
        ]),
      ],
    });
    client = TestBed.inject(HttpClient);
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/sites');
  });

  afterEach(() => http.verify());

  it('sends the bearer token with API requests', () => {
    client.get('/api/sites').subscribe();
    expect(http.expectOne('/api/sites').request.headers.get('Authorization')).toBe('Bearer tok-123');
  });

  it('sends no token to the login endpoint or off the API', () => {
    client.post('/api/auth/login', {}).subscribe();
    client.get('/tracker.js', { responseType: 'text' }).subscribe();
    expect(http.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('/tracker.js').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 forgets the token and goes to the login page, remembering where the user was', async () => {
    const answer = firstValueFrom(client.get('/api/sites'));
    http.expectOne('/api/sites').flush({ error: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });

    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    await vi.waitFor(() => expect(router.url).toBe('/login?returnUrl=%2Fsites'));
  });

  it('leaves the session alone on other errors', async () => {
    const answer = firstValueFrom(client.get('/api/sites'));
    http.expectOne('/api/sites').flush({ error: 'Internal server error' }, { status: 500, statusText: 'Server Error' });

    await expect(answer).rejects.toMatchObject({ status: 500 });
    expect(localStorage.getItem(SESSION_KEY)).not.toBeNull();
    expect(router.url).toBe('/sites');
  });
});
