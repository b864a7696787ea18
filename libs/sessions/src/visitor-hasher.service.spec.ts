import { ManualClock } from '@cairn/clock';
import type { DailySaltEntity } from '@cairn/storage';
import type { SaltsRepository } from './salts.repository.js';
import { VisitorHasher } from './visitor-hasher.service.js';

const HOUR = 3_600_000;

function fakeSalts() {
  const rows = new Map<string, DailySaltEntity>();
  const repository = {
    findSalt: async (day: string) => rows.get(day) ?? null,
    createSalt: async (candidate: DailySaltEntity) => {
      if (!rows.has(candidate.day)) rows.set(candidate.day, candidate);
      return rows.get(candidate.day)!;
    },
    deleteSaltsBefore: async (day: string) => {
      for (const key of [...rows.keys()]) if (key < day) rows.delete(key);
    },
  };
  return { rows, repository: repository as unknown as SaltsRepository };
}

describe(VisitorHasher.name, () => {
  let clock: ManualClock;
  let salts: ReturnType<typeof fakeSalts>;
  let sut: VisitorHasher;

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9));
    salts = fakeSalts();
    sut = new VisitorHasher(salts.repository, clock);
  });

  it('gives the same visitor the same hash all day, and different visitors different hashes', async () => {
    const a = await sut.visitorIds('example.com', '203.0.113.1', 'Firefox');
    clock.advance(12 * HOUR);
    expect(await sut.visitorIds('example.com', '203.0.113.1', 'Firefox')).toEqual(a);
    expect((await sut.visitorIds('example.com', '203.0.113.2', 'Firefox')).today).not.toBe(a.today);
    expect((await sut.visitorIds('example.com', '203.0.113.1', 'Chrome')).today).not.toBe(a.today);
    expect((await sut.visitorIds('other.example', '203.0.113.1', 'Firefox')).today).not.toBe(a.today);
    expect(a.today).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the same person another hash the next day, and still knows yesterday\'s to continue a visit', async () => {
    const monday = await sut.visitorIds('example.com', '203.0.113.1', 'Firefox');
    expect(monday.yesterday).toBeNull();
    clock.set(Date.UTC(2026, 10, 26, 0, 5));
    const tuesday = await sut.visitorIds('example.com', '203.0.113.1', 'Firefox');
    expect(tuesday.today).not.toBe(monday.today);
    expect(tuesday.yesterday).toBe(monday.today);
  });

  it('deletes salts older than 48 hours, so old hashes can never be recomputed', async () => {
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    clock.set(Date.UTC(2026, 10, 26, 1));
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    expect([...salts.rows.keys()]).toEqual(['2026-11-25', '2026-11-26']);
    clock.set(Date.UTC(2026, 10, 27, 1));
    const wednesday = await sut.visitorIds('example.com', '1.1.1.1', 'x');
    expect([...salts.rows.keys()]).toEqual(['2026-11-26', '2026-11-27']);
    expect(wednesday.yesterday).not.toBeNull();
  });

  it('deletes them on a quiet site too: the sweep needs no event, and the next event gets a fresh salt', async () => {
    const tuesday = await sut.visitorIds('example.com', '1.1.1.1', 'x');
    clock.set(Date.UTC(2026, 10, 26, 1));
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    clock.set(Date.UTC(2026, 10, 28, 9)); // two quiet days later
    await sut.sweep();
    expect([...salts.rows.keys()]).toEqual([]);
    const friday = await sut.visitorIds('example.com', '1.1.1.1', 'x');
    expect([...salts.rows.keys()]).toEqual(['2026-11-28']);
    expect(friday.today).not.toBe(tuesday.today);
    expect(friday.yesterday).toBeNull();
  });

  it('sweeps only once the day has turned, not on every tick', async () => {
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    const deletions: string[] = [];
    const repository = salts.repository as unknown as { deleteSaltsBefore: (day: string) => Promise<void> };
    const original = repository.deleteSaltsBefore;
    repository.deleteSaltsBefore = (day) => (deletions.push(day), original(day));
    await sut.sweep();
    await sut.sweep();
    clock.set(Date.UTC(2026, 10, 26, 0, 1));
    await sut.sweep();
    expect(deletions).toEqual(['2026-11-24', '2026-11-25']);
  });

  it('shares one salt per day between processes (a second hasher reads the stored salt)', async () => {
    const other = new VisitorHasher(salts.repository, clock);
    expect(await other.visitorIds('example.com', '9.9.9.9', 'y')).toEqual(await sut.visitorIds('example.com', '9.9.9.9', 'y'));
  });

  it('draws a fresh random salt each day', async () => {
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    clock.set(Date.UTC(2026, 10, 26, 1));
    await sut.visitorIds('example.com', '1.1.1.1', 'x');
    const [first, second] = [...salts.rows.values()].map((row) => row.salt);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });
});
