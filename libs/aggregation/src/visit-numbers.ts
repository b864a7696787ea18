/**
 * Numbers the visits a funnel meets, 0, 1, 2, … in the order they are first added, so their state can
 * live in typed arrays. The slice's visit ids lie in [low, high] and are handed out as visits start, so
 * they are close together: a typed array over that span maps an id to its number without hashing.
 * When the span is far larger than the slice (ids of many busy sites interleaved), a map does it.
 */
export class VisitNumbers {
  private readonly slots: Int32Array | null;
  private readonly map = new Map<number, number>();
  private count = 0;

  /** `visits`: how many visits the slice has (the span's expected size). */
  constructor(
    private readonly low: number,
    private readonly high: number,
    visits: number,
  ) {
    const span = high - low + 1;
    this.slots = span > 0 && span <= 4 * visits + 65_536 ? new Int32Array(span).fill(-1) : null;
  }

  get size(): number {
    return this.count;
  }

  /** True when ids are mapped by the typed array (for specs). */
  get typed(): boolean {
    return this.slots !== null;
  }

  /** The visit's number, or -1 if it was never added (or lies outside [low, high]). */
  get(id: number): number {
    if (this.slots) return id >= this.low && id <= this.high ? this.slots[id - this.low] : -1;
    return this.map.get(id) ?? -1;
  }

  /**
   * Adds the visit if new; its number either way, or -1 for an id outside [low, high]: a visit that
   * started after the span was read (the slice is still going on), which the caller leaves out.
   */
  add(id: number): number {
    const known = this.get(id);
    if (known >= 0) return known;
    if (id < this.low || id > this.high) return -1;
    if (this.slots) this.slots[id - this.low] = this.count;
    else this.map.set(id, this.count);
    return this.count++;
  }
}
