import { DateTime } from 'luxon';
import type { Random } from './prng.js';

const HOUR_MS = 3_600_000;

/** Relative traffic per local hour of the day: quiet at night, busy through office hours. */
const BY_HOUR = [0.18, 0.12, 0.09, 0.08, 0.09, 0.14, 0.28, 0.5, 0.78, 0.95, 1, 1, 0.96, 0.98, 1, 0.97, 0.9, 0.8, 0.7, 0.66, 0.62, 0.55, 0.42, 0.28];
/** Relative traffic per local weekday, Monday first. */
const BY_WEEKDAY = [1, 1.04, 1.02, 1, 0.9, 0.55, 0.5];

/**
 * When visits start: a density over [start, end) with daily and weekly seasonality in the site's
 * time zone, a growth trend and some day-to-day noise. `at(u)` maps u in [0, 1) to an instant, in
 * order, so evenly spread u give visits in time order that follow the density.
 */
export class VisitStarts {
  /** Hour-long buckets (the first and last may be shorter): their bounds and cumulative share. */
  private readonly bounds: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(start: number, end: number, timezone: string, random: Random) {
    const edges = [start];
    for (let at = Math.floor(start / HOUR_MS) * HOUR_MS + HOUR_MS; at < end; at += HOUR_MS) edges.push(at);
    edges.push(end);
    this.bounds = Float64Array.from(edges);
    this.cumulative = new Float64Array(edges.length - 1);
    const dayNoise = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < edges.length - 1; i++) {
      const middle = (edges[i] + edges[i + 1]) / 2;
      const local = DateTime.fromMillis(middle, { zone: timezone });
      const day = local.toISODate()!;
      let noise = dayNoise.get(day);
      if (noise === undefined) dayNoise.set(day, (noise = 0.8 + 0.4 * random()));
      const hour = local.hour + local.minute / 60;
      const nextHour = BY_HOUR[(local.hour + 1) % 24];
      const byHour = BY_HOUR[local.hour] + (nextHour - BY_HOUR[local.hour]) * (hour - local.hour);
      const trend = 0.75 + 0.5 * ((middle - start) / (end - start));
      total += (edges[i + 1] - edges[i]) * byHour * BY_WEEKDAY[local.weekday - 1] * trend * noise;
      this.cumulative[i] = total;
    }
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] /= total;
  }

  at(u: number): number {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > u) high = middle;
      else low = middle + 1;
    }
    const before = low === 0 ? 0 : this.cumulative[low - 1];
    const share = (u - before) / (this.cumulative[low] - before);
    const at = this.bounds[low] + Math.min(Math.max(share, 0), 1) * (this.bounds[low + 1] - this.bounds[low]);
    return Math.min(Math.floor(at), this.bounds[this.bounds.length - 1] - 1);
  }
}
