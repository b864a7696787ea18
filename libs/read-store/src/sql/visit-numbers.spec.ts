import { VisitNumbers } from './visit-numbers.js';

describe(VisitNumbers.name, () => {
  it('numbers visits in the order first added, the same number each time after', () => {
    const sut = new VisitNumbers();
    expect(sut.get(1000)).toBe(-1);
    expect(sut.add(1999)).toBe(0);
    expect(sut.add(1000)).toBe(1); // below the first: the span grows downwards
    expect(sut.add(1999)).toBe(0);
    expect(sut.get(1000)).toBe(1);
    expect([sut.get(1001), sut.get(999), sut.get(2000)]).toEqual([-1, -1, -1]);
    expect(sut.size).toBe(2);
    expect(sut.scattered).toBe(0);
  });

  it('keeps ids far from the rest in a map, and still numbers them in order', () => {
    const sut = new VisitNumbers();
    expect(sut.add(10)).toBe(0);
    expect(sut.add(50_000_000)).toBe(1);
    expect(sut.add(11)).toBe(2);
    expect(sut.scattered).toBe(1);
    expect([sut.get(10), sut.get(50_000_000), sut.get(11), sut.get(12)]).toEqual([0, 1, 2, -1]);
  });

  it('agrees with a Map over ids met in any order, with strays far away, growing both ways', () => {
    const sut = new VisitNumbers();
    const oracle = new Map<number, number>();
    const numbers: number[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 50_000; i++) {
      const id = random() < 0.001 ? Math.floor(random() * 1e9) : 5_000_000 + Math.floor((random() - 0.3) * 100_000);
      if (!oracle.has(id)) oracle.set(id, oracle.size);
      numbers.push(sut.add(id) - oracle.get(id)!);
    }
    expect(numbers.every((difference) => difference === 0)).toBe(true);
    expect([...oracle].every(([id, number]) => sut.get(id) === number)).toBe(true);
    expect(sut.size).toBe(oracle.size);
  });

  it('keeps a slice met in time order in the typed array, even interleaved with another site\'s visits', () => {
    const sut = new VisitNumbers();
    // Visits started in order, every third one this site's, read a little out of order.
    const ids = Array.from({ length: 100_000 }, (_, i) => 1_000_000 + 3 * i);
    for (let i = 0; i + 1 < ids.length; i += 7) [ids[i], ids[i + 1]] = [ids[i + 1], ids[i]];
    for (const id of ids) sut.add(id);
    expect(sut.size).toBe(100_000);
    expect(sut.scattered).toBe(0);
  });
});
