import { VisitNumbers } from './visit-numbers.js';

describe(VisitNumbers.name, () => {
  it.each([
    ['close ids: a typed array', 1000, 1999, 1000, true],
    ['ids spread far apart: a map', 1, 10_000_000, 10, false],
  ])('numbers visits in the order first added (%s)', (_, low, high, visits, typed) => {
    const sut = new VisitNumbers(low, high, visits);
    expect(sut.typed).toBe(typed);
    expect(sut.get(low)).toBe(-1);
    expect(sut.add(high)).toBe(0);
    expect(sut.add(low)).toBe(1);
    expect(sut.add(high)).toBe(0);
    expect(sut.get(low)).toBe(1);
    expect(sut.get(low + 1)).toBe(-1);
    expect(sut.get(low - 1)).toBe(-1);
    expect(sut.get(high + 1)).toBe(-1);
    expect(sut.size).toBe(2);
  });

  it('leaves out an id outside the span it was made for (a visit that started after the span was read)', () => {
    for (const sut of [new VisitNumbers(10, 20, 5), new VisitNumbers(10, 20_000_000, 5)]) {
      expect(sut.add(9)).toBe(-1);
      expect(sut.add(20_000_001)).toBe(-1);
      expect(sut.size).toBe(0);
    }
  });
});
