import { TestBed } from '@angular/core/testing';
import type { SummaryResponse } from '@cairn/contracts';
import { MetricCardsComponent } from './metric-cards.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

const SUMMARY: SummaryResponse = {
  visitors: 1234,
  visits: 1500,
  pageviews: 4000,
  viewsPerVisit: 2.67,
  bounceRate: 40,
  visitDuration: 200,
  events: 3,
  previous: { visitors: 1000, visits: 1500, pageviews: 0, viewsPerVisit: 2, bounceRate: 50, visitDuration: 250, events: 0 },
};

describe('MetricCardsComponent', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations('overview');
  });

  async function render(summary: SummaryResponse | undefined) {
    const fixture = TestBed.createComponent(MetricCardsComponent);
    fixture.componentRef.setInput('summary', summary);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const card = (metric: string) => ({
      value: element.querySelector(`[data-metric=${metric}] .value`)!.textContent!.trim(),
      change: element.querySelector(`[data-metric=${metric}] .change`),
    });
    return card;
  }

  it('shows each figure formatted for the reader', async () => {
    const card = await render({ ...SUMMARY, previous: undefined });
    expect(card('visitors').value).toBe('1,234');
    expect(card('viewsPerVisit').value).toBe('2.67');
    expect(card('bounceRate').value).toBe('40%');
    expect(card('visitDuration').value).toBe('3m 20s');
    expect(card('visitors').change).toBeNull();
  });

  it('shows the change against the previous period, a lower bounce rate being good news', async () => {
    const card = await render(SUMMARY);
    expect(card('visitors').change!.textContent).toContain('+23%');
    expect(card('visitors').change!.className).toContain('good');
    expect(card('visits').change!.textContent).toContain('0%');
    expect(card('pageviews').change!.textContent).toContain('new');
    expect(card('bounceRate').change!.textContent).toContain('−20%');
    expect(card('bounceRate').change!.className).toContain('good');
    expect(card('visitDuration').change!.className).toContain('bad');
  });

  it('shows dashes while nothing is loaded', async () => {
    const card = await render(undefined);
    expect(card('visitors').value).toBe('—');
  });
});
