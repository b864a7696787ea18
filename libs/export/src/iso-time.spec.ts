import { isoTime } from './iso-time.js';

describe(isoTime.name, () => {
  it('writes what Date#toISOString writes, in time order and out of it', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const times: number[] = [0, 999, 1000, 3_599_999, 3_600_000, Date.UTC(2026, 2, 10, 23, 59, 59, 999), Date.UTC(2028, 1, 29, 12), 253_402_300_799_999];
    let at = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 20_000; i++) times.push((at += Math.floor(random() * 5_000))); // rows in time order
    for (let i = 0; i < 5_000; i++) times.push(Math.floor(random() * 4_102_444_800_000)); // anywhere up to 2100
    const wrong = times.filter((ms) => isoTime(ms) !== new Date(ms).toISOString());
    expect(wrong).toEqual([]);
  });

  it('leaves what it does not format itself to Date: before 1970, past 9999, fractions, not a number', () => {
    for (const ms of [-1, -86_400_001, 253_402_300_800_000, 1.5]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
