import { CairnServer } from '../support/cairn-server.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FIREFOX, sendEvent } from '../support/traffic.js';

const SITE = 'durable.example';

/**
 * Fires `total` events at once, each with a unique path; calls `interrupt` once `after` of them
 * are acknowledged. Resolves with the paths that got a 202.
 */
async function fireAndInterrupt(server: CairnServer, total: number, after: number, interrupt: () => void): Promise<{ acked: string[]; statuses: Map<number | string, number> }> {
  const acked: string[] = [];
  const statuses = new Map<number | string, number>();
  let interrupted = false;
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const path = `/e/${i}`;
      try {
        const answer = await sendEvent(server, { ip: `10.9.${i >> 8}.${i & 255}`, userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}${path}` });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 202) acked.push(path);
      } catch {
        statuses.set('connection closed', (statuses.get('connection closed') ?? 0) + 1);
      }
      if (!interrupted && acked.length >= after) {
        interrupted = true;
        interrupt();
      }
    }),
  );
  return { acked, statuses };
}

describe('durability: a 202 means the event is stored', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, TRUST_PROXY: 'true', RATE_LIMIT_EVENTS_PER_MINUTE: '1000000' });

  beforeAll(async () => {
    database = await createTestDatabase();
    const server = await CairnServer.start(env());
    const token = await server.login();
    expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
    await server.stop();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const storedPaths = async () => new Set((await queryTestDatabase<{ path: string }>(database, 'SELECT path FROM events')).map((row) => row.path));

  it('keeps every acknowledged event through a kill -9 in the middle of a burst', async () => {
    const server = await CairnServer.start(env());
    const { acked, statuses } = await fireAndInterrupt(server, 600, 150, () => void server.kill());
    expect(acked.length).toBeGreaterThanOrEqual(150);
    expect(statuses.get(500) ?? 0).toBe(0);

    const restarted = await CairnServer.start(env());
    const stored = await storedPaths();
    expect(acked.filter((path) => !stored.has(path))).toEqual([]);
    // The restarted server goes on counting.
    expect((await sendEvent(restarted, { ip: '10.8.0.1', userAgent: FIREFOX }, { site: SITE, url: `https://${SITE}/after` })).status).toBe(202);
    expect(await restarted.stop()).toBe(0);
    expect((await storedPaths()).has('/after')).toBe(true);
  });

  it('drains on SIGTERM: every acknowledged event is written, and the exit is clean', async () => {
    const server = await CairnServer.start(env());
    let exit: Promise<number | null> = Promise.resolve(null);
    const { acked, statuses } = await fireAndInterrupt(server, 600, 100, () => (exit = server.stop()));
    expect(await exit).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(100);
    expect(statuses.get(500) ?? 0).toBe(0);
    const stored = await storedPaths();
    expect(acked.filter((path) => !stored.has(path))).toEqual([]);
  });
});
