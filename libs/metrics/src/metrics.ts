import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why an event was answered 202 but not stored (a new filter adds its reason here). */
/** Why an event was answered 202 and not recorded: a bot, a page host the site does not count, or the site's exclusions. */
const DROP_REASONS = ['bot', 'hostname', 'excluded'] as const;
export type DropReason = (typeof DROP_REASONS)[number];
/** Why an event was refused, from its answer's status (see refusalOf). */
const REFUSAL_REASONS = ['invalid', 'unknown_site', 'too_large', 'rate_limited', 'unavailable', 'error'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A number read when Prometheus scrapes, from whoever owns it (the write queue, the socket server). */
export type Reading = () => number;

/**
 * Cairn's Prometheus metrics (GET /metrics, contract §13), one registry per application. Features
 * record into it as things happen; the few figures that are a state rather than a count (queue
 * depth, live sockets, rollup lag) are read from their owners at scrape time. Not prom-client's
 * global registry, so two applications in one process (tests) never share counts.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'cairn_http_requests_total',
    help: 'HTTP requests answered, by method and status code',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly accepted = new Counter({
    name: 'cairn_events_accepted_total',
    help: 'Events stored and acknowledged (202, or the pixel)',
    registers: [this.registry],
  });
  private readonly dropped = new Counter({
    name: 'cairn_events_dropped_total',
    help: 'Events acknowledged but deliberately not stored, by reason (bots, exclusions)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'cairn_events_refused_total',
    help: 'Events refused with a 4xx or 5xx, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: 'cairn_write_batch_events',
    help: 'Events per committed write transaction',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
  private readonly batchSeconds = new Histogram({
    name: 'cairn_write_batch_duration_seconds',
    help: 'Time to write one batch, visits and events, until it is committed',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly batchFailures = new Counter({
    name: 'cairn_write_batch_failures_total',
    help: 'Write transactions that failed (their events were answered 503)',
    registers: [this.registry],
  });
  private readonly rollupRuns = new Counter({
    name: 'cairn_rollup_runs_total',
    help: 'Rollup catch-up runs completed',
    registers: [this.registry],
  });

  /** Pre-bound children: the event path runs per request and skips the label lookup. */
  private readonly droppedBy = new Map<string, Counter.Internal>();
  private readonly refusedBy = new Map<string, Counter.Internal>();
  private readonly requestsBy = new Map<string, Counter.Internal>();
  private lastRollupAt: number | null = null;
  private readonly startedAt = Date.now();

  constructor() {
    // Every series from the start at 0, so a rate() over the first increment is right.
    for (const reason of DROP_REASONS) this.droppedBy.set(reason, this.dropped.labels(reason)).get(reason)!.inc(0);
    for (const reason of REFUSAL_REASONS) this.refusedBy.set(reason, this.refused.labels(reason)).get(reason)!.inc(0);
    this.gauge('cairn_rollup_lag_seconds', 'Seconds since the last completed rollup catch-up (since start while none has completed)', () =>
      Math.max(0, (Date.now() - (this.lastRollupAt ?? this.startedAt)) / 1000),
    );
  }

  request(method: string, status: number): void {
    const key = `${method} ${status}`;
    let child = this.requestsBy.get(key);
    if (!child) this.requestsBy.set(key, (child = this.requests.labels(method, String(status))));
    child.inc();
  }

  eventAccepted(): void {
    this.accepted.inc();
  }

  eventDropped(reason: DropReason): void {
    let child = this.droppedBy.get(reason);
    if (!child) this.droppedBy.set(reason, (child = this.dropped.labels(reason)));
    child.inc();
  }

  eventRefused(reason: RefusalReason): void {
    let child = this.refusedBy.get(reason);
    if (!child) this.refusedBy.set(reason, (child = this.refused.labels(reason)));
    child.inc();
  }

  /** Refusal reason of an event answered with this status. */
  static refusalOf(status: number): RefusalReason {
    if (status === 400) return 'invalid';
    if (status === 404) return 'unknown_site';
    if (status === 413) return 'too_large';
    if (status === 429) return 'rate_limited';
    if (status === 503) return 'unavailable';
    return 'error';
  }

  batchWritten(events: number, seconds: number): void {
    this.batchSize.observe(events);
    this.batchSeconds.observe(seconds);
  }

  batchFailed(): void {
    this.batchFailures.inc();
  }

  rollupCompleted(at = Date.now()): void {
    this.lastRollupAt = at;
    this.rollupRuns.inc();
  }

  /** A gauge read at scrape time; registering a name twice replaces the reading (a module built again in tests). */
  gauge(name: string, help: string, read: Reading): void {
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
