import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ViewState } from '../stats/view-state';
import { TimeSlicePickerComponent } from './time-slice-picker.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

describe('TimeSlicePickerComponent', () => {
  let fixture: ComponentFixture<TimeSlicePickerComponent>;
  let element: HTMLElement;
  let emitted: ViewState[];

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations('site');
  });

  async function render(view: ViewState): Promise<void> {
    fixture = TestBed.createComponent(TimeSlicePickerComponent);
    fixture.componentRef.setInput('view', view);
    fixture.componentRef.setInput('timezone', 'UTC');
    emitted = [];
    fixture.componentInstance.viewChange.subscribe((v) => emitted.push(v));
    element = fixture.nativeElement;
    await fixture.whenStable();
  }

  const select = () => element.querySelector<HTMLSelectElement>('#time-slice')!;
  async function choose(value: string): Promise<void> {
    select().value = value;
    select().dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  it('offers every period and a custom range, showing the current one', async () => {
    await render({ slice: { period: '7d' }, compare: false, filters: [] });
    expect([...select().options].map((o) => o.value)).toEqual(['realtime', 'today', 'yesterday', '7d', '30d', 'month', 'year', 'all', 'custom']);
    expect(select().value).toBe('7d');
  });

  it('changes the period at once, keeping filters and comparison', async () => {
    const filters = [{ dimension: 'page' as const, value: '/a' }];
    await render({ slice: { period: '7d' }, compare: true, filters });
    await choose('today');
    expect(emitted).toEqual([{ slice: { period: 'today' }, compare: true, filters }]);
  });

  it('asks for the days of a custom range, starting from those shown, and refuses them reversed', async () => {
    await render({ slice: { start: '2026-03-01', end: '2026-03-10' }, compare: false, filters: [] });
    expect(select().value).toBe('custom');
    const start = element.querySelector<HTMLInputElement>('#range-start')!;
    const end = element.querySelector<HTMLInputElement>('#range-end')!;
    expect([start.value, end.value]).toEqual(['2026-03-01', '2026-03-10']);

    start.value = '2026-03-12';
    element.querySelector<HTMLButtonElement>('.range button[type=submit]')!.click();
    await fixture.whenStable();
    expect(emitted).toEqual([]);
    expect(element.querySelector('[role=alert]')!.textContent).toContain('must not be before');

    start.value = '2026-02-01';
    element.querySelector<HTMLButtonElement>('.range button[type=submit]')!.click();
    expect(emitted).toEqual([{ slice: { start: '2026-02-01', end: '2026-03-10' }, compare: false, filters: [] }]);
  });

  it('waits for the dates when a custom range is chosen', async () => {
    await render({ slice: { period: '7d' }, compare: false, filters: [] });
    await choose('custom');
    expect(emitted).toEqual([]);
    expect(element.querySelector('#range-start')).not.toBeNull();
  });

  it('switches the comparison with the previous period', async () => {
    await render({ slice: { period: '7d' }, compare: false, filters: [] });
    const box = element.querySelector<HTMLInputElement>('.compare input')!;
    box.click();
    expect(emitted).toEqual([{ slice: { period: '7d' }, compare: true, filters: [] }]);
  });
});
