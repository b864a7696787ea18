import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { LoginComponent } from './login.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

@Component({ template: 'sites page' })
class StubPageComponent {}

describe('LoginComponent', () => {
  let fixture: ComponentFixture<LoginComponent>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: StubPageComponent }]),
      ],
    });
    await loadTranslations('login');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginComponent);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  /** Lets the awaited HTTP answer reach the component's signals, then lets Angular render them. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function type(selector: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function signIn(email = 'owner@example.com', password = 'secret'): void {
    type('#login-email', email);
    type('#login-password', password);
    page.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    fixture.detectChanges();
  }

  const button = () => page.querySelector<HTMLButtonElement>('button[type=submit]')!;

  it('disables the button while signing in, then opens the page the user asked for', async () => {
    fixture.componentRef.setInput('returnUrl', '/sites?from=guard');
    signIn();
    expect(button().disabled).toBe(true);
    expect(button().textContent).toContain('Signing in');

    http.expectOne('/api/auth/login').flush({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    (await vi.waitFor(() => http.expectOne('/api/auth/me'))).flush({ id: 1, email: 'owner@example.com', role: 'admin' });

    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sites?from=guard'));
    expect(localStorage.getItem(SESSION_KEY)).toContain('tok');
  });

  it("shows the API's error for wrong credentials and lets the user try again", async () => {
    signIn('owner@example.com', 'wrong');
    http.expectOne('/api/auth/login').flush({ error: 'Invalid email or password' }, { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(page.querySelector('[role=alert]')!.textContent).toContain('Invalid email or password');
    expect(button().disabled).toBe(false);
    expect(page.querySelector<HTMLInputElement>('#login-password')!.value).toBe('');
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('asks the user to wait when the API throttles sign-in attempts', async () => {
    signIn();
    http.expectOne('/api/auth/login').flush({ error: 'ThrottlerException: Too Many Requests' }, { status: 429, statusText: 'Too Many Requests' });
    await settle();

    expect(page.querySelector('[role=alert]')!.textContent).toContain('Too many attempts, wait a minute');
  });

  it('does not send an empty form', async () => {
    signIn('', '');
    await settle();

    http.expectNone('/api/auth/login');
    expect(page.textContent).toContain('Enter the email address of your account.');
    expect(page.textContent).toContain('Enter your password.');
  });
});
