import { createHash } from 'node:crypto';
import { VisitorNumbers } from './visitor-numbers.js';

const hex = (i: number) => createHash('sha256').update(String(i)).digest('hex').slice(0, 16);

describe(VisitorNumbers.name, () => {
  it('numbers visitors in the order first seen, the same number each time after', () => {
    const sut = new VisitorNumbers();
    expect(sut.number('a1b2c3d4e5f60718')).toBe(0);
    expect(sut.number('ffffffffffffffff')).toBe(1);
    expect(sut.number('a1b2c3d4e5f60718')).toBe(0);
    expect(sut.size).toBe(2);
  });

  it('keeps ids that differ in one character apart', () => {
    const sut = new VisitorNumbers();
    const ids = ['0000000aaaaaaaaa', '0000000aaaaaaaab', '0000000bbbbbbbbb', '00000001ffffffff'];
    expect(ids.map((id) => sut.number(id))).toEqual([0, 1, 2, 3]);
    expect(ids.map((id) => sut.number(id))).toEqual([0, 1, 2, 3]);
  });

  it('numbers ids that are not hex digests too: empty, other characters, a shared prefix', () => {
    const sut = new VisitorNumbers();
    const ids = ['', 'visitor-1', 'visitor-2', '-1abcdef', 'ÄÖÜ', 'zzzzzzzzzzzzzzzz'];
    expect(ids.map((id) => sut.number(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ids.map((id) => sut.number(id))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('agrees with a Map over 100,000 digests, many seen twice, growing from a small table', () => {
    const sut = new VisitorNumbers(10);
    const oracle = new Map<string, number>();
    for (let i = 0; i < 150_000; i++) {
      const id = hex(i % 100_000);
      if (!oracle.has(id)) oracle.set(id, oracle.size);
      expect(sut.number(id)).toBe(oracle.get(id));
    }
    expect(sut.size).toBe(100_000);
  });
});
