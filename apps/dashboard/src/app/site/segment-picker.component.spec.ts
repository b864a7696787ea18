import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Segment } from '@cairn/contracts';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';
import type { Filter } from '../stats/view-state';
import { SegmentPickerComponent } from './segment-picker.component';

const URL = '/api/sites/shop.example/segments';
const US: Segment = { id: 3, name: 'North America', filters: { country: ['US', 'CA'], page: ['/blog/*'] }, createdAt: '2026-01-01T00:00:00Z' };

describe('SegmentPickerComponent', () => {
  let fixture: ComponentFixture<SegmentPickerComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let applied: Filter[][];

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting(), provideHttpClient(), provideHttpClientTesting()] });
    await loadTranslations('site');
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function render(filters: Filter[], segments: Segment[]): Promise<void> {
    fixture = TestBed.createComponent(SegmentPickerComponent);
    fixture.componentRef.setInput('site', 'shop.example');
    fixture.componentRef.setInput('filters', filters);
    applied = [];
    fixture.componentInstance.apply.subscribe((f) => applied.push(f));
    element = fixture.nativeElement;
    fixture.detectChanges();
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: URL }))).flush(segments);
    await fixture.whenStable();
  }

  const button = (name: string) => [...element.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;

  it('shows the view with a picked segment’s filters', async () => {
    await render([], [US]);
    const select = element.querySelector<HTMLSelectElement>('#segment-picker')!;
    expect([...select.options].map((o) => o.textContent!.trim())).toEqual(['Show a segment…', 'North America']);
    select.value = '3';
    select.dispatchEvent(new Event('change'));
    expect(applied).toEqual([
      [
        { dimension: 'country', value: 'US' },
        { dimension: 'country', value: 'CA' },
        { dimension: 'page', value: '/blog/*' },
      ],
    ]);
  });

  it('saves the view’s filters as a segment, then lists it', async () => {
    await render(
      [
        { dimension: 'country', value: 'US' },
        { dimension: 'goal', value: 'Signup' },
      ],
      [],
    );
    expect(button('Save as segment').disabled).toBe(false);
    button('Save as segment').click();
    fixture.detectChanges();
    const name = element.querySelector<HTMLInputElement>('#segment-name')!;
    name.value = 'US signups';
    name.dispatchEvent(new Event('input'));
    button('Save').click();
    const post = await vi.waitFor(() => http.expectOne({ method: 'POST', url: URL }));
    expect(post.request.body).toEqual({ name: 'US signups', filters: { country: ['US'], goal: ['Signup'] } });
    post.flush({ id: 4, name: 'US signups', filters: { country: ['US'], goal: ['Signup'] }, createdAt: '2026-01-02T00:00:00Z' });
    (await vi.waitFor(() => http.expectOne({ method: 'GET', url: URL }))).flush([{ id: 4, name: 'US signups', filters: { country: ['US'], goal: ['Signup'] }, createdAt: '2026-01-02T00:00:00Z' }]);
    await fixture.whenStable();
    expect(element.textContent).toContain('Saved the filters as “US signups”.');
  });

  it('cannot save a view without filters', async () => {
    await render([], []);
    expect(button('Save as segment').disabled).toBe(true);
    expect(element.querySelector<HTMLSelectElement>('#segment-picker')!.disabled).toBe(true);
  });
});
