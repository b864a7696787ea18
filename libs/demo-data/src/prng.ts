/** A seeded uniform generator on [0, 1): the same seed gives the same traffic. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for made-up traffic (not for anything secret). */
export function mulberry32(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: spreads every input bit over the 32-bit result. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One seed out of several numbers, for independent streams (per visit, per purpose). */
export function seedOf(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32(h ^ mix32(part + 0x632be5ab));
  return h;
}

/** 16 lowercase hex characters, like a real visitor hash, from a person and a UTC day number. */
export function visitorHex(seed: number, person: number, day: number): string {
  const high = seedOf(seed, person, day);
  const low = seedOf(high, day, person, seed);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** Picks among weighted values in O(log n). */
export class Weighted<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => (this.cumulative[i] = total += weight));
    for (let i = 0; i < entries.length; i++) this.cumulative[i] /= total;
  }

  pick(random: Random): T {
    const u = random();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > u) high = middle;
      else low = middle + 1;
    }
    return this.values[low];
  }
}
