import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Site } from '@cairn/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { SESSION_KEY } from '../auth/auth.service';
import { SitesComponent } from './sites.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

const BLOG: Site = { domain: 'blog.example', timezone: 'Europe/Paris', createdAt: '2026-11-01T10:00:00.000Z', role: 'owner' };
const SHOP: Site = { domain: 'shop.example', timezone: 'UTC', createdAt: '2026-11-02T10:00:00.000Z', role: 'owner' };

describe('SitesComponent', () => {
  let fixture: ComponentFixture<SitesComponent>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    TestBed.configureTestingModule({
      providers: [provideI18nTesting(), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    await loadTranslations('sites');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SitesComponent);
    page = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  /** Lets the awaited HTTP answer reach the component's signals, then lets Angular render them. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function showSites(sites: Site[]): Promise<void> {
    const list = http.expectOne('/api/sites');
    expect(list.request.method).toBe('GET');
    list.flush(sites);
    await settle();
  }

  const listedDomains = () => [...page.querySelectorAll('.site-list h3')].map((h) => h.textContent?.trim());
  const buttonNamed = (name: string, root: ParentNode = page) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

  async function addSite(domain: string, timezone: string): Promise<void> {
    const input = page.querySelector<HTMLInputElement>('#site-domain')!;
    input.value = domain;
    input.dispatchEvent(new Event('input'));
    const select = page.querySelector<HTMLSelectElement>('#site-timezone')!;
    select.value = timezone;
    select.dispatchEvent(new Event('change'));
    buttonNamed('Add site').click();
    await settle();
  }

  it('lists the sites with their time zones', async () => {
    await showSites([SHOP, BLOG]);
    expect(listedDomains()).toEqual(['blog.example', 'shop.example']);
    expect(page.querySelector('.site-list')!.textContent).toContain('Europe/Paris');
  });

  it('says so when there are no sites yet', async () => {
    await showSites([]);
    expect(page.textContent).toContain('No sites yet');
  });

  it('offers the browser time zone and UTC', async () => {
    await showSites([]);
    const select = page.querySelector<HTMLSelectElement>('#site-timezone')!;
    const zones = [...select.options].map((o) => o.value);
    expect(zones).toContain('UTC');
    expect(select.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('adds a site with the domain and zone entered, then shows its snippet', async () => {
    await showSites([SHOP]);
    await addSite('  blog.example ', 'Europe/Paris');

    const create = http.expectOne('/api/sites');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ domain: 'blog.example', timezone: 'Europe/Paris' });
    create.flush(BLOG, { status: 201, statusText: 'Created' });
    await settle();

    expect(listedDomains()).toEqual(['blog.example', 'shop.example']);
    expect(page.querySelector<HTMLTextAreaElement>('cairn-site-snippet textarea')!.value).toContain('data-site="blog.example"');
    expect(page.querySelector<HTMLInputElement>('#site-domain')!.value).toBe('');
  });

  it('shows the 409 answer when the domain is already registered', async () => {
    await showSites([SHOP]);
    await addSite('shop.example', 'UTC');

    http.expectOne('/api/sites').flush({ error: 'shop.example is already registered' }, { status: 409, statusText: 'Conflict' });
    await settle();

    const form = page.querySelector('cairn-site-form')!;
    expect(form.querySelector('[role=alert]')!.textContent).toContain('shop.example is already registered');
    expect(page.querySelector('#site-domain')!.getAttribute('aria-invalid')).toBe('true');
    expect(listedDomains()).toEqual(['shop.example']);
  });

  it("shows the API's validation problems beside the field", async () => {
    await showSites([]);
    await addSite('not a domain', 'UTC');

    http.expectOne('/api/sites').flush(
      { error: 'Invalid request', details: [{ field: 'domain', problems: ['domain must be a domain name such as example.com'] }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();

    expect(page.querySelector('#site-domain-error')!.textContent).toContain('domain must be a domain name such as example.com');
    expect(page.querySelector('cairn-site-form [role=alert]')!.textContent).toContain('Invalid request');
  });

  it('deletes a site only after the user confirms', async () => {
    await showSites([BLOG, SHOP]);
    page.querySelector<HTMLButtonElement>('button[aria-label="Delete shop.example"]')!.click();
    await settle();
    http.expectNone((request) => request.method === 'DELETE');

    buttonNamed('Yes, delete shop.example').click();
    const remove = http.expectOne('/api/sites/shop.example');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(listedDomains()).toEqual(['blog.example']);
    expect(page.querySelector('[role=status].notice')!.textContent).toContain('shop.example deleted.');
  });

  it('keeps the site when the user cancels the delete', async () => {
    await showSites([SHOP]);
    const deleteButton = page.querySelector<HTMLButtonElement>('button[aria-label="Delete shop.example"]')!;
    deleteButton.click();
    await settle();
    expect(page.textContent).toContain('cannot be undone');
    buttonNamed('Cancel').click();
    await settle();

    expect(page.textContent).not.toContain('cannot be undone');
    expect(listedDomains()).toEqual(['shop.example']);
    expect(document.activeElement).toBe(deleteButton);
  });

  it('offers to retry when the list cannot be loaded', async () => {
    http.expectOne('/api/sites').flush({ error: 'Internal server error' }, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(page.querySelector('section[aria-labelledby=site-list-heading] [role=alert]')!.textContent).toContain('Internal server error');

    buttonNamed('Try again').click();
    await showSites([SHOP]);
    expect(listedDomains()).toEqual(['shop.example']);
  });
});
