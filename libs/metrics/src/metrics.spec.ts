import { Metrics } from './metrics.js';

const sample = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe(Metrics.name, () => {
  let sut: Metrics;

  beforeEach(() => {
    sut = new Metrics();
  });

  it('shows every drop and refusal reason at 0 before the first one', async () => {
    const text = await sut.text();
    expect(sample(text, 'cairn_events_dropped_total{reason="bot"}')).toBe(0);
    for (const reason of ['invalid', 'unknown_site', 'too_large', 'rate_limited', 'unavailable', 'error']) {
      expect(sample(text, `cairn_events_refused_total{reason="${reason}"}`)).toBe(0);
    }
  });

  it('counts events, requests and batches', async () => {
    sut.eventAccepted();
    sut.eventAccepted();
    sut.eventDropped('bot');
    sut.eventRefused(Metrics.refusalOf(429));
    sut.request('POST', 202);
    sut.request('POST', 202);
    sut.batchWritten(2, 0.004);
    const text = await sut.text();
    expect(sample(text, 'cairn_events_accepted_total')).toBe(2);
    expect(sample(text, 'cairn_events_dropped_total{reason="bot"}')).toBe(1);
    expect(sample(text, 'cairn_events_refused_total{reason="rate_limited"}')).toBe(1);
    expect(sample(text, 'cairn_http_requests_total{method="POST",status="202"}')).toBe(2);
    expect(sample(text, 'cairn_write_batch_events_bucket{le="1"}')).toBe(0);
    expect(sample(text, 'cairn_write_batch_events_bucket{le="2"}')).toBe(1);
    expect(sample(text, 'cairn_write_batch_duration_seconds_sum')).toBe(0.004);
  });

  it.each([
    [400, 'invalid'],
    [404, 'unknown_site'],
    [413, 'too_large'],
    [429, 'rate_limited'],
    [503, 'unavailable'],
    [500, 'error'],
  ])('names a refusal answered %i %s', (status, reason) => {
    expect(Metrics.refusalOf(status)).toBe(reason);
  });

  it('reads a gauge when scraped, and the latest reading when registered again', async () => {
    let depth = 3;
    sut.gauge('cairn_write_queue_events', 'queue', () => depth);
    expect(sample(await sut.text(), 'cairn_write_queue_events')).toBe(3);
    depth = 5;
    expect(sample(await sut.text(), 'cairn_write_queue_events')).toBe(5);
    sut.gauge('cairn_write_queue_events', 'queue', () => 7);
    expect(sample(await sut.text(), 'cairn_write_queue_events')).toBe(7);
  });

  it('measures rollup lag from the last completed run', async () => {
    sut.rollupCompleted(Date.now() - 30_000);
    const text = await sut.text();
    expect(sample(text, 'cairn_rollup_runs_total')).toBe(1);
    expect(sample(text, 'cairn_rollup_lag_seconds')).toBeGreaterThanOrEqual(30);
    expect(sample(text, 'cairn_rollup_lag_seconds')).toBeLessThan(40);
  });
});
