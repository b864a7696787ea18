import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CurrentUser } from '@cairn/contracts';
import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_KEY } from './auth.service';

const OWNER: CurrentUser = { id: 1, email: 'owner@example.com', role: 'admin' };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('AuthService', () => {
  let http: HttpTestingController;

  function setUp(): AuthService {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('stores the token on login and loads who signed in', async () => {
    const sut = setUp();
    const signedIn = sut.login({ email: 'owner@example.com', password: 'correct horse' });

    const login = http.expectOne('/api/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ email: 'owner@example.com', password: 'correct horse' });
    login.flush({ token: 'tok-123', expiresAt: inAnHour() });

    const me = await vi.waitFor(() => http.expectOne('/api/auth/me'));
    expect(me.request.headers.get('Authorization')).toBe('Bearer tok-123');
    me.flush(OWNER);

    await expect(signedIn).resolves.toEqual(OWNER);
    expect(sut.token()).toBe('tok-123');
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).token).toBe('tok-123');
    expect(sut.currentUser()?.email).toBe('owner@example.com');
  });

  it('keeps no token when the API refuses the password', async () => {
    const sut = setUp();
    const signedIn = sut.login({ email: 'owner@example.com', password: 'wrong' });
    http.expectOne('/api/auth/login').flush({ error: 'Invalid email or password' }, { status: 401, statusText: 'Unauthorized' });

    await expect(signedIn).rejects.toMatchObject({ status: 401 });
    expect(sut.token()).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('tells the server on logout and forgets the token and user', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-123', expiresAt: inAnHour() }));
    const sut = setUp();
    const loaded = sut.loadCurrentUser();
    http.expectOne('/api/auth/me').flush(OWNER);
    await loaded;

    const loggedOut = sut.logout();
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.method).toBe('POST');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer tok-123');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await loggedOut;

    expect(sut.token()).toBeNull();
    expect(sut.currentUser()).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('signs out on this device even when the server cannot be reached', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok-123', expiresAt: inAnHour() }));
    const sut = setUp();
    const loggedOut = sut.logout();
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));

    await expect(loggedOut).rejects.toBeTruthy();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('does not offer an expired token', () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() }));
    expect(setUp().token()).toBeNull();
  });
});
