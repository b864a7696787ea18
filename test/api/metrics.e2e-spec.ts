import { eventually } from '../support/browser.js';
import { LiveSocket } from '../support/live-socket.js';
import { CairnServer } from '../support/cairn-server.js';
import { parsePrometheus, prometheusTypes } from '../support/prometheus.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { CHROME_WINDOWS, FIREFOX, GOOGLEBOT, sendEvent } from '../support/traffic.js';

const TOKEN = 'scrape-me-0123456789abcdef';
const SITE = 'metrics.example';

describe('GET /metrics (Prometheus, METRICS_TOKEN)', () => {
  describe('without METRICS_TOKEN', () => {
    let database: TestDatabase;
    let server: CairnServer;

    beforeAll(async () => {
      database = await createTestDatabase();
      server = await CairnServer.start({ DATABASE_URL: database.url });
    });
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
    });

    it('is off: 404 with a line saying how to turn it on, whatever token is sent', async () => {
      const tried: Array<Record<string, string>> = [{}, { authorization: `Bearer ${TOKEN}` }, { authorization: `Bearer ${await server.login()}` }];
      for (const headers of tried) {
        const answer = await server.request('GET', '/metrics', { headers });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: { error: 'Metrics are off: set METRICS_TOKEN to serve GET /metrics' } });
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    let database: TestDatabase;
    let server: CairnServer;
    let token: string;

    const scrape = async () => {
      const answer = await server.request('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answer.status).toBe(200);
      return parsePrometheus(answer.text);
    };

    beforeAll(async () => {
      database = await createTestDatabase();
      server = await CairnServer.start({ DATABASE_URL: database.url, METRICS_TOKEN: TOKEN, TRUST_PROXY: 'true' });
      token = await server.login();
      expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    });
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
    });

    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: `Bearer ${TOKEN}x` }],
      ['the token cut short', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
      ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`metrics:${TOKEN}`).toString('base64')}` }],
    ])('refuses %s with 401 JSON and says which scheme to use', async (_, headers) => {
      const answer = await server.request('GET', '/metrics', { headers });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: { error: expect.any(String) } });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(answer.text).not.toContain('cairn_');
    });

    it('refuses a user’s login token and API key: only METRICS_TOKEN opens it', async () => {
      const key = await server.request('POST', '/api/keys', { token, body: { name: 'not a scraper' } });
      for (const credential of [token, key.body.key as string]) {
        expect((await server.request('GET', '/metrics', { token: credential })).status).toBe(401);
      }
    });

    it('is not in the OpenAPI document (its token is not a user’s)', async () => {
      const document = await server.request('GET', '/api/docs/openapi.json');
      expect(Object.keys(document.body.paths)).not.toContain('/metrics');
    });

    it('answers Prometheus text with every metric of contract §13 declared', async () => {
      const answer = await server.request('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(Object.fromEntries(prometheusTypes(answer.text))).toEqual({
        cairn_http_requests_total: 'counter',
        cairn_events_accepted_total: 'counter',
        cairn_events_dropped_total: 'counter',
        cairn_events_refused_total: 'counter',
        cairn_write_batch_events: 'histogram',
        cairn_write_batch_duration_seconds: 'histogram',
        cairn_write_batch_failures_total: 'counter',
        cairn_write_queue_events: 'gauge',
        cairn_live_sockets: 'gauge',
        cairn_rollup_runs_total: 'counter',
        cairn_rollup_lag_seconds: 'gauge',
      });
    });

    it('counts exactly what traffic did: accepted, dropped, refused, batches, requests', async () => {
      const before = await scrape();
      const delta = (after: Map<string, number>, name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

      // 7 stored events from three visitors, the pixel's among them.
      const visitors = [
        { ip: '81.2.69.142', userAgent: FIREFOX },
        { ip: '8.8.8.8', userAgent: CHROME_WINDOWS },
      ];
      for (let i = 0; i < 3; i++) {
        for (const visitor of visitors) expect((await sendEvent(server, visitor, { site: SITE, url: `https://${SITE}/page-${i}` })).status).toBe(202);
      }
      const pixel = await server.request('GET', `/pixel.gif?site=${SITE}&path=/noscript`, { headers: { 'user-agent': FIREFOX, 'x-forwarded-for': '203.0.113.7' } });
      expect(pixel.status).toBe(200);
      // 2 dropped: bots are answered 202 like anyone, and not stored.
      for (let i = 0; i < 2; i++) expect((await sendEvent(server, { ip: '66.249.66.1', userAgent: GOOGLEBOT }, { site: SITE, url: `https://${SITE}/` })).status).toBe(202);
      // Refused: 2 invalid (one by the pixel, which still answers its GIF), 1 for a site nobody registered, 1 too large.
      expect((await sendEvent(server, visitors[0], { site: SITE, url: 'not a url' })).status).toBe(400);
      expect((await server.request('GET', '/pixel.gif?path=/no-site', { headers: { 'user-agent': FIREFOX } })).status).toBe(200);
      expect((await sendEvent(server, visitors[0], { site: 'nobody.example', url: 'https://nobody.example/' })).status).toBe(404);
      expect((await sendEvent(server, visitors[0], { site: SITE, url: `https://${SITE}/`, title: 'x'.repeat(9000) })).status).toBe(413);

      const after = await scrape();
      expect({
        accepted: delta(after, 'cairn_events_accepted_total'),
        bots: delta(after, 'cairn_events_dropped_total{reason="bot"}'),
        invalid: delta(after, 'cairn_events_refused_total{reason="invalid"}'),
        unknownSite: delta(after, 'cairn_events_refused_total{reason="unknown_site"}'),
        tooLarge: delta(after, 'cairn_events_refused_total{reason="too_large"}'),
        rateLimited: delta(after, 'cairn_events_refused_total{reason="rate_limited"}'),
        unavailable: delta(after, 'cairn_events_refused_total{reason="unavailable"}'),
        // Every stored event went through exactly one committed batch; none failed.
        eventsInBatches: delta(after, 'cairn_write_batch_events_sum'),
        batchFailures: delta(after, 'cairn_write_batch_failures_total'),
        // The requests as answered: 6 + 2 events 202, 400, 404, 413, 2 pixels 200, and the first scrape's 200.
        posted202: delta(after, 'cairn_http_requests_total{method="POST",status="202"}'),
        posted400: delta(after, 'cairn_http_requests_total{method="POST",status="400"}'),
        posted404: delta(after, 'cairn_http_requests_total{method="POST",status="404"}'),
        posted413: delta(after, 'cairn_http_requests_total{method="POST",status="413"}'),
        got200: delta(after, 'cairn_http_requests_total{method="GET",status="200"}'),
      }).toEqual({
        accepted: 7,
        bots: 2,
        invalid: 2,
        unknownSite: 1,
        tooLarge: 1,
        rateLimited: 0,
        unavailable: 0,
        eventsInBatches: 7,
        batchFailures: 0,
        posted202: 8,
        posted400: 1,
        posted404: 1,
        posted413: 1,
        got200: 3,
      });
      // Sequential requests: one event a batch, each timed; nothing is waiting once all were answered.
      expect(delta(after, 'cairn_write_batch_events_count')).toBe(7);
      expect(delta(after, 'cairn_write_batch_duration_seconds_count')).toBe(7);
      expect(delta(after, 'cairn_write_batch_events_bucket{le="1"}')).toBe(7);
      expect(after.get('cairn_write_batch_duration_seconds_sum')).toBeGreaterThan(before.get('cairn_write_batch_duration_seconds_sum')!);
      expect(after.get('cairn_write_queue_events')).toBe(0);
      // What was counted is what was stored.
      const summary = await server.request('GET', `/api/stats/summary?site=${SITE}&period=today`, { token });
      expect(summary.body.pageviews).toBe(7);
    });

    it('counts refusals by the rate limit', async () => {
      const own = await createTestDatabase();
      const limited = await CairnServer.start({ DATABASE_URL: own.url, METRICS_TOKEN: TOKEN, RATE_LIMIT_EVENTS_PER_MINUTE: '2' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await sendEvent(limited, { ip: '127.0.0.1', userAgent: FIREFOX }, { site: 'demo.localhost', url: 'https://demo.localhost/' })).status);
        expect(statuses).toEqual([202, 202, 429, 429, 429]);
        const metrics = parsePrometheus((await limited.request('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text);
        expect([metrics.get('cairn_events_accepted_total'), metrics.get('cairn_events_refused_total{reason="rate_limited"}')]).toEqual([2, 3]);
      } finally {
        await limited.stop();
        await own.drop();
      }
    });

    it('shows the dashboard sockets connected now', async () => {
      expect((await scrape()).get('cairn_live_sockets')).toBe(0);
      const sockets = [await LiveSocket.connect(server.url, token), await LiveSocket.connect(server.url, token)];
      expect((await scrape()).get('cairn_live_sockets')).toBe(2);
      sockets[0].close();
      await eventually(async () => (await scrape()).get('cairn_live_sockets') === 1);
      sockets[1].close();
      await eventually(async () => (await scrape()).get('cairn_live_sockets') === 0);
    });

    it('tells how long ago rollups last caught up', async () => {
      const metrics = await scrape();
      expect(metrics.get('cairn_rollup_runs_total')).toBeGreaterThanOrEqual(1);
      // The first run is at start; the next every ROLLUP_INTERVAL_SECONDS (60 by default).
      expect(metrics.get('cairn_rollup_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(metrics.get('cairn_rollup_lag_seconds')).toBeLessThan(60);
    });
  });
});
