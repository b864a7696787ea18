import { ClickHouse, ClickHouseMirror, ensureSchema, PropText, sqlLiteral, type MirrorDelta, type PrimaryEvent, type PrimaryVisit } from '@cairn/clickhouse';
import { testClickHouse, type TestClickHouse } from '../support/test-clickhouse.js';

const DIMENSIONS = {
  referrer: null,
  source: 'Direct',
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  utm_term: null,
  utm_content: null,
  country: 'FR',
  region: null,
  city: null,
  browser: 'Firefox',
  browser_version: '128',
  os: 'Linux',
  os_version: null,
  device: 'desktop',
  screen: '1920x1080',
};

/** A tiny primary database: visits folded from their events as the session tracker folds them. */
class Primary {
  private nextEvent = 1;
  private nextVisit = 1;
  readonly events: PrimaryEvent[] = [];
  readonly visits = new Map<number, PrimaryVisit>();

  visit(siteId: number, visitorId: string, at: number): number {
    const id = this.nextVisit++;
    this.visits.set(id, { id, site_id: siteId, visitor_id: visitorId, started_at: at, last_event_at: at, entry_page: null, exit_page: null, pageviews: 0, events: 0, engaged_ms: 0, ...DIMENSIONS });
    return id;
  }

  event(visitId: number, at: number, type: 'pageview' | 'event' | 'engagement', path: string, extra: Partial<PrimaryEvent> = {}): void {
    const visit = this.visits.get(visitId)!;
    this.events.push({ id: this.nextEvent++, site_id: visit.site_id, visit_id: visitId, visitor_id: visit.visitor_id, ts: at, type, path, title: null, name: null, props: null, engaged_ms: null, ...DIMENSIONS, ...extra });
    visit.last_event_at = Math.max(visit.last_event_at, at);
    if (type === 'pageview') {
      visit.pageviews += 1;
      visit.entry_page ??= path;
      visit.exit_page = path;
    } else if (type === 'event') visit.events += 1;
    else visit.engaged_ms += (extra.engaged_ms as number) ?? 0;
  }

  /** What the feed reads after `watermark`: the events, and the current rows of their visits. */
  delta(watermark: number): MirrorDelta {
    const events = this.events.filter((event) => event.id > watermark);
    const visits = [...new Set(events.map((event) => event.visit_id))].map((id) => ({ ...this.visits.get(id)! }));
    return { events, visits, horizon: this.events.length ? this.events[this.events.length - 1].id : watermark };
  }
}

describe(ClickHouseMirror.name, () => {
  for (const kind of ['single', 'cluster'] as const) {
    describe(kind === 'single' ? 'on one server' : 'on a 2-shard cluster', () => {
      let target: TestClickHouse;
      let clickhouse: ClickHouse;

      beforeAll(async () => {
        target = testClickHouse(kind);
        clickhouse = new ClickHouse(target.options);
        await ensureSchema(clickhouse);
      });

      afterAll(async () => {
        await clickhouse?.close();
        await target?.drop();
      });

      /** What a reader counts, with sign arithmetic, against what the primary holds. */
      async function expectMirrorOf(primary: Primary): Promise<void> {
        const [events] = await clickhouse.rows<Record<string, string>>(
          `SELECT count() AS n, uniqExact(id) AS ids, countIf(type = 'pageview') AS pageviews FROM ${clickhouse.table('events')}`,
        );
        expect(Number(events.n)).toBe(primary.events.length);
        expect(Number(events.ids)).toBe(primary.events.length);
        expect(Number(events.pageviews)).toBe(primary.events.filter((event) => event.type === 'pageview').length);
        const visits = await clickhouse.rows<Record<string, string | null>>(
          `SELECT id, sum(sign) AS net, sum(sign * pageviews) AS pageviews, sum(sign * events) AS events, sum(sign * engaged_ms) AS engaged, sum(sign * last_event_at) AS last
           FROM ${clickhouse.table('visits')} GROUP BY id HAVING net != 0 ORDER BY id`,
        );
        expect(visits.map((row) => [Number(row.id), Number(row.net), Number(row.pageviews), Number(row.events), Number(row.engaged), Number(row.last)])).toEqual(
          [...primary.visits.values()].filter((visit) => primary.events.some((event) => event.visit_id === visit.id)).map((visit) => [visit.id, 1, visit.pageviews, visit.events, visit.engaged_ms, visit.last_event_at]),
        );
        // The live state of each visit (exit page included) is the primary's.
        const live = await clickhouse.rows<{ id: string; exit_page: string | null; entry_page: string | null }>(
          `SELECT id, entry_page, exit_page FROM ${clickhouse.table('visits')} GROUP BY id, version, entry_page, exit_page HAVING sum(sign) > 0 ORDER BY id`,
        );
        expect(live.map((row) => [Number(row.id), row.entry_page, row.exit_page])).toEqual(
          [...primary.visits.values()].filter((visit) => visit.pageviews + visit.events > 0).map((visit) => [visit.id, visit.entry_page, visit.exit_page]),
        );
      }

      it('appends events and moves visits on, exactly once per delta', async () => {
        const primary = new Primary();
        const mirror = new ClickHouseMirror(clickhouse, new PropText('sqlite'), `feed-${kind}-1`);
        const t0 = Date.UTC(2026, 0, 15, 10);
        const a = primary.visit(1, '00000000000000aa', t0);
        primary.event(a, t0, 'pageview', '/');
        const b = primary.visit(1, 'ffffffffffffffff', t0 + 10);
        primary.event(b, t0 + 10, 'pageview', '/pricing');
        await mirror.apply(primary.delta(await mirror.watermark()));
        expect(await mirror.watermark()).toBe(2);

        // Visit a moves on three times, over three deltas; b gets a custom event with props.
        for (let step = 1; step <= 3; step++) {
          primary.event(a, t0 + step * 60_000, 'pageview', `/page-${step}`);
          primary.event(a, t0 + step * 60_000 + 500, 'engagement', `/page-${step}`, { engaged_ms: 1500 });
          await mirror.apply(primary.delta(await mirror.watermark()));
        }
        primary.event(b, t0 + 99_000, 'event', '/pricing', { name: 'Signup', props: JSON.stringify({ plan: "it's \\ pro", n: 29.9 }) });
        await mirror.apply(primary.delta(await mirror.watermark()));
        // The same delta again (a feed that retried after losing the answer) changes nothing.
        await mirror.apply({ ...primary.delta(0), horizon: primary.events.length });
        await expectMirrorOf(primary);

        const [props] = await clickhouse.rows<{ keys: string[]; values: string[] }>(
          `SELECT prop_keys AS keys, prop_values AS values FROM ${clickhouse.table('events')} WHERE name = 'Signup'`,
        );
        expect(props).toEqual({ keys: ['plan', 'n'], values: ["it's \\ pro", '29.9'] });
        // An event carries its visit's lasting dimensions and start.
        const [carried] = await clickhouse.rows<Record<string, string>>(
          `SELECT v_started_at, v_country, v_browser, visitor FROM ${clickhouse.table('events')} WHERE id = ${sqlLiteral(3)}`,
        );
        expect(carried).toEqual({ v_started_at: String(t0), v_country: 'FR', v_browser: 'Firefox', visitor: String(0xaa) });
      });

      it('after a crash at any point of a delta, the next process leaves nothing twice and nothing missing', async () => {
        const t0 = Date.UTC(2026, 1, 3, 9);
        for (const point of CRASH_POINTS) {
          const feed = `feed-${kind}-crash-${point}`;
          const primary = new Primary();
          const cut = cuttable(clickhouse);
          const before = new ClickHouseMirror(cut.connection, new PropText('sqlite'), feed);
          const v1 = primary.visit(7, '1111111111111111', t0);
          const v2 = primary.visit(7, '2222222222222222', t0 + 5);
          primary.event(v1, t0, 'pageview', '/');
          primary.event(v2, t0 + 5, 'pageview', '/');
          await before.apply(primary.delta(0));
          // The next delta moves both visits on and starts a third; the process dies part way through writing it.
          primary.event(v1, t0 + 1000, 'pageview', '/next');
          primary.event(v2, t0 + 2000, 'event', '/', { name: 'Click' });
          const v3 = primary.visit(7, '3333333333333333', t0 + 3000);
          primary.event(v3, t0 + 3000, 'pageview', '/new');
          cut.dieAt(point);
          await expect(before.apply(primary.delta(2))).rejects.toThrow('the process died here');

          // A new process (nothing in memory) picks the delta up again, with one more event after it.
          const after = new ClickHouseMirror(clickhouse, new PropText('sqlite'), feed);
          expect(await after.watermark()).toBe(2);
          primary.event(v3, t0 + 4000, 'pageview', '/new/2');
          await after.apply(primary.delta(await after.watermark()));
          await expectSiteMirrored(clickhouse, primary, 7);
          // And it goes on from memory as usual.
          primary.event(v1, t0 + 5000, 'pageview', '/last');
          await after.apply(primary.delta(await after.watermark()));
          await expectSiteMirrored(clickhouse, primary, 7);
          await clearSite(clickhouse, 7);
        }
      });
    });
  }
});

/** Where a process may die while writing a delta: after which writes, or inside one. */
const CRASH_POINTS = ['before-anything', 'after-events', 'inside-visits', 'after-cancels', 'after-visits'] as const;

/** The connection, and a switch that makes it fail (as the process dying) at a point of the next delta. */
function cuttable(clickhouse: ClickHouse): { connection: ClickHouse; dieAt(point: (typeof CRASH_POINTS)[number]): void } {
  let point: (typeof CRASH_POINTS)[number] | null = null;
  const die = () => {
    throw new Error('the process died here');
  };
  const connection = new Proxy(clickhouse, {
    get(target, property, receiver) {
      if (property !== 'insert') return Reflect.get(target, property, receiver);
      return async (table: string, rows: Array<Record<string, unknown>>, settings?: Parameters<ClickHouse["insert"]>[2]) => {
        if (point === 'before-anything') die();
        if (table === 'events' && point === 'after-events') {
          await target.insert(table, rows, settings);
          die();
        }
        if (table === 'visits' && point === 'inside-visits') {
          await target.insert(table, rows.slice(0, Math.ceil(rows.length / 2)), settings);
          die();
        }
        if (table === 'visits' && point === 'after-cancels') {
          await target.insert(table, rows.filter((row) => row.sign === -1), settings);
          die();
        }
        if (table === 'feed_state' && point === 'after-visits') die();
        return target.insert(table, rows, settings);
      };
    },
  });
  return { connection, dieAt: (at) => (point = at) };
}

async function clearSite(clickhouse: ClickHouse, siteId: number): Promise<void> {
  const local = clickhouse.cluster ? '_local' : '';
  for (const table of ['events', 'visits']) {
    await clickhouse.onEveryShard((onCluster) => `ALTER TABLE ${clickhouse.table(table + local)}${onCluster} DELETE WHERE site_id = ${siteId}`);
  }
  await clickhouse.waitForMutations([`events${local}`, `visits${local}`]);
}

async function expectSiteMirrored(clickhouse: ClickHouse, primary: Primary, siteId: number): Promise<void> {
  const [events] = await clickhouse.rows<Record<string, string>>(`SELECT count() AS n, uniqExact(id) AS ids FROM ${clickhouse.table('events')} WHERE site_id = ${siteId}`);
  expect([Number(events.n), Number(events.ids)]).toEqual([primary.events.length, primary.events.length]);
  const visits = await clickhouse.rows<Record<string, string>>(
    `SELECT id, sum(sign) AS net, sum(sign * pageviews) AS pageviews, sum(sign * events) AS events, sum(sign * last_event_at) AS last FROM ${clickhouse.table('visits')}
     WHERE site_id = ${siteId} GROUP BY id HAVING net != 0 ORDER BY id`,
  );
  expect(visits.map((row) => [Number(row.id), Number(row.net), Number(row.pageviews), Number(row.events), Number(row.last)])).toEqual(
    [...primary.visits.values()].map((visit) => [visit.id, 1, visit.pageviews, visit.events, visit.last_event_at]),
  );
}
