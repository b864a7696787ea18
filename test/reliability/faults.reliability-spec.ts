import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { CairnServer } from '../support/cairn-server.js';
import { LoadRun, SiteTraffic, visitorPool, type LoadTally } from '../support/load.js';
import { auditStats, auditStored, describeTally, serverErrors, type Query } from '../support/load-audit.js';
import { PrivatePostgres, PrivateRedis } from '../support/private-services.js';
import { recordReliability } from '../support/reliability-summary.js';
import { createTestDatabase, queryTestDatabase, type TestDatabase } from '../support/test-database.js';
import { uniqueRedisPrefix } from '../support/test-redis.js';

const SITE = 'faults.example';
const CONNECTIONS = 48;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (low: number, high: number) => Math.round(low + Math.random() * (high - low));

/**
 * The servers a test starts, and which of them it ended itself: any other that is not running has
 * crashed, and counts as one in the summary.
 */
class Fleet {
  private readonly servers: CairnServer[] = [];
  private readonly ended = new Set<CairnServer>();

  async start(env: Record<string, string>): Promise<CairnServer> {
    const server = await CairnServer.start(env);
    this.servers.push(server);
    return server;
  }

  async kill(server: CairnServer): Promise<void> {
    this.ended.add(server);
    await server.kill();
  }

  stop(server: CairnServer): Promise<number | null> {
    this.ended.add(server);
    return server.stop();
  }

  get crashes(): number {
    return this.servers.filter((server) => !server.running && !this.ended.has(server)).length;
  }

  /** What a crashed server printed last, for the failure message. */
  crashReport(): string {
    return this.servers
      .filter((server) => !server.running && !this.ended.has(server))
      .map((server) => server.logs.slice(-3000))
      .join('\n---\n');
  }
}

async function createSite(server: CairnServer): Promise<string> {
  const token = await server.login();
  expect((await server.request('POST', '/api/sites', { token, body: { domain: SITE } })).status).toBe(201);
  return token;
}

function record(check: string, tally: LoadTally, stored: number, crashes: number): void {
  recordReliability(check, { requestsSent: tally.sent, acknowledged: tally.acknowledged.size, stored, serverErrors: serverErrors(tally), crashes });
}

describe('faults: SQLite, the server killed or stopped under load', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, TRUST_PROXY: 'true' });
  const query: Query = (sql) => queryTestDatabase(database, sql);

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await CairnServer.killAll();
    await database?.drop();
  });

  it('keeps every acknowledged event through kill -9 at random moments, and its stats agree with its rows after', async () => {
    const fleet = new Fleet();
    let server = await fleet.start(env());
    await createSite(server);
    const load = new LoadRun(new SiteTraffic(SITE, visitorPool(3000)), { target: () => server.url, connections: CONNECTIONS, durationMs: 90_000 });
    const schedule: number[] = [];
    for (let kill = 0; kill < 4; kill++) {
      const after = randomBetween(1500, 5000);
      schedule.push(after);
      await sleep(after);
      await fleet.kill(server);
      server = await fleet.start(env()); // the same database file, a new port: the load follows
    }
    await sleep(3000); // the last server takes load too
    load.stop();
    const tally = await load.done;

    const audit = await auditStored(query, tally);
    const stats = await auditStats(server, await server.login(), SITE, query);
    console.log(`kill -9 after ${schedule.join(', ')} ms of each server's life: ${describeTally(tally)}; ${audit.stored} stored; rows ${JSON.stringify(stats.rows)}`);
    record('faults: kill -9 ×4 (SQLite)', tally, audit.stored, fleet.crashes);

    expect(fleet.crashes === 0 ? '' : fleet.crashReport()).toBe('');
    expect(tally.acknowledged.size).toBeGreaterThan(1000);
    expect(tally.statuses.get(500) ?? 0).toBe(0);
    expect(audit).toEqual({ stored: audit.stored, missing: [], duplicated: [], refusedButStored: [], unknown: [] });
    // Nothing stored that no request could account for: at most the acknowledged plus those cut off by a kill.
    expect(audit.stored).toBeLessThanOrEqual(tally.acknowledged.size + tally.unanswered.size);
    expect({ inconsistentVisits: stats.inconsistentVisits, orphanEvents: stats.orphanEvents }).toEqual({ inconsistentVisits: 0, orphanEvents: 0 });
    for (const summary of stats.summaries) expect(summary).toMatchObject(stats.rows);
  }, 120_000);

  it('drains on SIGTERM under load: everything acknowledged is stored, and the exit code is 0', async () => {
    const fleet = new Fleet();
    const server = await fleet.start(env());
    await createSite(server);
    const load = new LoadRun(new SiteTraffic(SITE, visitorPool(3000)), { target: () => server.url, connections: CONNECTIONS, durationMs: 60_000 });
    let ackedAfterSignal = 0;
    let signalled = false;
    load.onAnswer((status) => {
      if (signalled && status === 202) ackedAfterSignal += 1;
    });
    await sleep(4000);
    signalled = true;
    const exitCode = await fleet.stop(server);
    await sleep(500); // the load finds the server gone
    load.stop();
    const tally = await load.done;

    const audit = await auditStored(query, tally);
    console.log(`SIGTERM after 4 s: ${describeTally(tally)}; ${ackedAfterSignal} acknowledged after the signal; ${audit.stored} stored`);
    record('faults: SIGTERM drain (SQLite)', tally, audit.stored, fleet.crashes);

    expect(exitCode).toBe(0);
    expect(tally.statuses.get(500) ?? 0).toBe(0);
    expect(audit).toEqual({ stored: audit.stored, missing: [], duplicated: [], refusedButStored: [], unknown: [] });
    expect(audit.stored).toBeLessThanOrEqual(tally.acknowledged.size + tally.unanswered.size);
  }, 90_000);

  it('holds events while another connection has the database locked: delayed 202s or 503s, never a 202 that is lost', async () => {
    const fleet = new Fleet();
    const server = await fleet.start(env());
    await createSite(server);
    const load = new LoadRun(new SiteTraffic(SITE, visitorPool(3000)), { target: () => server.url, connections: CONNECTIONS, durationMs: 60_000 });
    type Phase = 'unlocked' | 'short lock' | 'long lock' | 'catching up' | 'after';
    let phase: Phase = 'unlocked';
    const byPhase = new Map<Phase, Map<number | string, number>>();
    load.onAnswer((status) => {
      const counts = byPhase.get(phase) ?? new Map<number | string, number>();
      counts.set(status ?? 'none', (counts.get(status ?? 'none') ?? 0) + 1);
      byPhase.set(phase, counts);
    });
    // Like a backup or a long maintenance write: BEGIN IMMEDIATE takes the write lock and holds it.
    const holdLock = async (ms: number) => {
      const db = new Database(database.file!);
      db.pragma('busy_timeout = 10000');
      db.exec('BEGIN IMMEDIATE');
      await sleep(ms);
      db.exec('COMMIT');
      db.close();
    };
    await sleep(3000);
    phase = 'short lock';
    await holdLock(3000); // shorter than the writer's 5 s busy timeout: it waits, and the 202s come late
    phase = 'unlocked';
    await sleep(3000);
    phase = 'long lock';
    await holdLock(8000); // longer: the writer gives up on the batch, whose requests get 503
    phase = 'catching up'; // the batch waiting when the lock went, and the backlog
    await sleep(5000);
    phase = 'after';
    await sleep(3000);
    load.stop();
    const tally = await load.done;

    const audit = await auditStored(query, tally);
    const phases = [...byPhase].map(([name, counts]) => `${name} ${JSON.stringify(Object.fromEntries(counts))}`).join(', ');
    console.log(`locks of 3 s and 8 s: ${describeTally(tally)}; ${phases}; ${audit.stored} stored`);
    record('faults: SQLite locked 3 s and 8 s', tally, audit.stored, fleet.crashes);

    expect(fleet.crashes === 0 ? '' : fleet.crashReport()).toBe('');
    expect([...tally.statuses.keys()].filter((status) => status !== 202 && status !== 503)).toEqual([]);
    expect(tally.unanswered.size).toBe(0);
    expect(byPhase.get('long lock')?.get(503) ?? 0).toBeGreaterThan(0); // the long lock was felt, and said so
    expect(byPhase.get('after')?.get(202) ?? 0).toBeGreaterThan(0); // and it recovered by itself
    expect(byPhase.get('after')?.get(503) ?? 0).toBe(0);
    expect(audit).toEqual({ stored: audit.stored, missing: [], duplicated: [], refusedButStored: [], unknown: [] });
    expect(audit.stored).toBe(tally.acknowledged.size);
  }, 90_000);
});

describe('faults: PostgreSQL stopped and started again under load', () => {
  let postgres: PrivatePostgres;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
  }, 90_000);
  afterAll(async () => {
    await CairnServer.killAll();
    await postgres?.destroy();
  });

  it('answers 503 while the database is away, never a 202 that is lost, and recovers by itself', async () => {
    const fleet = new Fleet();
    const server = await fleet.start({ DATABASE_URL: postgres.url(), TRUST_PROXY: 'true' });
    const token = await createSite(server);
    const load = new LoadRun(new SiteTraffic(SITE, visitorPool(3000)), { target: () => server.url, connections: CONNECTIONS, durationMs: 90_000 });
    let phase: 'up' | 'down' | 'back' = 'up';
    const byPhase = { up: new Map<number | string, number>(), down: new Map<number | string, number>(), back: new Map<number | string, number>() };
    let firstAckBack = 0;
    load.onAnswer((status) => {
      byPhase[phase].set(status ?? 'none', (byPhase[phase].get(status ?? 'none') ?? 0) + 1);
      if (phase === 'back' && status === 202 && firstAckBack === 0) firstAckBack = Date.now();
    });
    await sleep(4000);
    phase = 'down';
    await postgres.stopServer('immediate');
    await sleep(12_000); // past the site cache's 10 s: every lookup meets the missing database
    const health = await server.request('GET', '/health');
    await postgres.startServer();
    phase = 'back';
    const backAt = Date.now();
    for (let waited = 0; firstAckBack === 0 && waited < 30_000; waited += 250) await sleep(250);
    await sleep(4000);
    load.stop();
    const tally = await load.done;

    const query: Query = (sql) => postgres.query(sql);
    const audit = await auditStored(query, tally);
    const stats = await auditStats(server, token, SITE, query);
    const table = (map: Map<number | string, number>) => JSON.stringify(Object.fromEntries(map));
    console.log(
      `PostgreSQL stopped for 12 s: ${describeTally(tally)}; up ${table(byPhase.up)}, down ${table(byPhase.down)}, back ${table(byPhase.back)}; ` +
        `first 202 ${firstAckBack ? `${firstAckBack - backAt} ms` : 'never'} after PostgreSQL was back; ${audit.stored} stored`,
    );
    record('faults: PostgreSQL stopped 12 s', tally, audit.stored, fleet.crashes);

    expect(fleet.crashes === 0 ? '' : fleet.crashReport()).toBe('');
    expect(health.status).toBe(503);
    expect(byPhase.down.get(503) ?? 0).toBeGreaterThan(0);
    expect([...tally.statuses.keys()].filter((status) => status !== 202 && status !== 503)).toEqual([]);
    expect(tally.unanswered.size).toBe(0);
    expect(firstAckBack).toBeGreaterThan(0);
    expect(byPhase.back.get(202) ?? 0).toBeGreaterThan(100);
    expect(audit).toEqual({ stored: audit.stored, missing: [], duplicated: [], refusedButStored: [], unknown: [] });
    expect(audit.stored).toBe(tally.acknowledged.size);
    expect({ inconsistentVisits: stats.inconsistentVisits, orphanEvents: stats.orphanEvents }).toEqual({ inconsistentVisits: 0, orphanEvents: 0 });
    for (const summary of stats.summaries) expect(summary).toMatchObject(stats.rows);
    expect((await server.request('GET', '/health')).status).toBe(200);
  }, 120_000);
});

describe('faults: Redis gone and back under load', () => {
  let redis: PrivateRedis;
  let database: TestDatabase;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await CairnServer.killAll();
    await redis?.kill();
    await database?.drop();
  });

  it('goes on taking and storing events with live counts of its own, and shares them again once Redis is back', async () => {
    const fleet = new Fleet();
    const prefix = uniqueRedisPrefix();
    const server = await fleet.start({ DATABASE_URL: database.url, TRUST_PROXY: 'true', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix });
    const token = await createSite(server);
    const live = async () => {
      const answer = await server.request('GET', `/api/live?site=${SITE}`, { token });
      return { status: answer.status, visitors: answer.status === 200 ? (answer.body.visitors as number) : null };
    };
    const load = new LoadRun(new SiteTraffic(SITE, visitorPool(3000)), { target: () => server.url, connections: CONNECTIONS, durationMs: 90_000 });
    await sleep(4000);
    const before = await live();
    await redis.kill();
    await sleep(3000);
    const during = [await live()];
    await sleep(5000);
    during.push(await live());
    await redis.startServer(); // empty: no persistence
    const backAt = Date.now();
    // Back in Redis: this process's new entries land there again (the key exists, and counts).
    const inspector = new Redis(redis.url);
    let sharedAgainMs = -1;
    try {
      for (let waited = 0; waited < 20_000; waited += 250) {
        const keys = await inspector.keys(`${prefix}:live:*:seen`);
        if (keys.length > 0 && (await inspector.zcard(keys[0])) > 0) {
          sharedAgainMs = Date.now() - backAt;
          break;
        }
        await sleep(250);
      }
    } finally {
      inspector.disconnect();
    }
    const after = await live();
    load.stop();
    const tally = await load.done;

    const audit = await auditStored((sql) => queryTestDatabase(database, sql), tally);
    console.log(
      `Redis killed for 8 s: ${describeTally(tally)}; live before ${JSON.stringify(before)}, while away ${JSON.stringify(during)}, after ${JSON.stringify(after)}; ` +
        `entries in Redis again ${sharedAgainMs} ms after it was back; ${audit.stored} stored`,
    );
    record('faults: Redis killed 8 s', tally, audit.stored, fleet.crashes);

    expect(fleet.crashes === 0 ? '' : fleet.crashReport()).toBe('');
    expect(Object.fromEntries(tally.statuses)).toEqual({ 202: tally.sent - tally.unanswered.size });
    expect(tally.unanswered.size).toBe(0);
    expect(audit).toEqual({ stored: audit.stored, missing: [], duplicated: [], refusedButStored: [], unknown: [] });
    expect(audit.stored).toBe(tally.acknowledged.size);
    expect(before.status).toBe(200);
    expect(before.visitors).toBeGreaterThan(0);
    // Degraded to one process: this process's own visitors, not an error.
    for (const reading of during) {
      expect(reading.status).toBe(200);
      expect(reading.visitors).toBeGreaterThan(0);
    }
    expect(sharedAgainMs).toBeGreaterThanOrEqual(0);
    expect(after.status).toBe(200);
    expect(after.visitors).toBeGreaterThan(0);
  }, 120_000);
});
