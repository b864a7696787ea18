import type { DataSource, QueryRunner } from 'typeorm';
import {
  CommitOutcomeUnknown,
  EVENT_COLUMNS,
  eventValues,
  IngestStore,
  storedState,
  VISIT_COLUMNS,
  VISIT_UPDATABLE,
  visitFromColumns,
  type EventRow,
  type StoredVisitState,
  type VisitRow,
} from './ingest-rows.js';

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 bound parameters. */
const EVENTS_PER_INSERT = 500;

/**
 * PostgreSQL: one transaction per batch on a dedicated connection, events in multi-row INSERTs.
 *
 * Several processes may write at once (behind a load balancer without sticky sessions), and one
 * visitor's events can reach two of them in the same instant — the engagement report of the page
 * being left and the next page's view. Each process folded its events into the visit as it read it,
 * so in the transaction, before writing:
 * - a new visit's visitor is locked (an advisory lock, in a fixed order) and their open visits read
 *   again: one another process has just written is continued rather than a second one started;
 * - the stored visits are locked (rows, in id order) and compared with what this process read: one
 *   moved on by someone else is recounted from its events once this batch's are in, instead of
 *   being overwritten with figures that miss the other process's events.
 * Locks are always taken visitors first, then rows by id, so two batches cannot deadlock.
 */
export class PostgresIngestStore extends IngestStore {
  constructor(
    private readonly dataSource: DataSource,
    /** A gap longer than this ends a visit (SESSION_TIMEOUT_MINUTES). */
    private readonly sessionTimeoutMs = 30 * 60_000,
    /** How long to keep asking whether a batch committed when the answer to its COMMIT was lost. */
    private readonly outcomeWaitMs = 60_000,
  ) {
    super();
  }

  async latestEventAt(siteId: number): Promise<number | null> {
    const [row]: Array<{ ts: string | null }> = await this.dataSource.query(`SELECT MAX(ts) AS ts FROM events WHERE site_id = $1`, [siteId]);
    return row.ts === null ? null : Number(row.ts);
  }

  async findOpenVisit(siteId: number, visitorIds: string[], since: number): Promise<VisitRow | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM visits WHERE site_id = $1 AND visitor_id = ANY($2) AND last_event_at >= $3 ORDER BY last_event_at DESC LIMIT 1`,
      [siteId, visitorIds, since],
    );
    return rows[0] ? visitFromColumns(rows[0]) : null;
  }

  async writeBatch(visits: Iterable<VisitRow>, events: EventRow[]): Promise<void> {
    const list = [...visits];
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let transaction: string | null = null;
    try {
      await runner.startTransaction();
      [{ transaction }] = await runner.query(`SELECT txid_current()::text AS transaction`);
      // Visits another process wrote since this one read them: recounted from their events at the end.
      const recount = new Set<VisitRow>();
      await this.continueVisitsWrittenMeanwhile(runner, list, recount);
      await this.lockStoredVisits(runner, list, recount);
      for (const visit of list) {
        if (recount.has(visit)) continue;
        if (visit.id === null) {
          const [{ id }] = await runner.query(
            `INSERT INTO visits (${VISIT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${VISIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
            VISIT_COLUMNS.map(([p]) => visit[p]),
          );
          visit.id = Number(id);
        } else {
          await runner.query(
            `UPDATE visits SET ${VISIT_UPDATABLE.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
            [visit.id, ...VISIT_UPDATABLE.map(([p]) => visit[p])],
          );
        }
      }
      for (let start = 0; start < events.length; start += EVENTS_PER_INSERT) {
        const values: unknown[] = [];
        const tuples = events.slice(start, start + EVENTS_PER_INSERT).map((event) => {
          const row = eventValues(event);
          const placeholders = row.map((_, i) => `$${values.length + i + 1}`);
          values.push(...row);
          return `(${placeholders.join(', ')})`;
        });
        await runner.query(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
      }
      if (recount.size > 0) await this.recount(runner, [...recount]);
      try {
        await runner.commitTransaction();
      } catch (error) {
        // The connection broke after COMMIT was sent (the server crashed or was stopped): the
        // transaction may have committed all the same. Answering 503 for events that are stored
        // would invite duplicates; 202 for events that are not would lose them. Ask once it is back.
        const outcome = this.committedAfterAll(transaction!).then((committed) => {
          if (committed) this.committed(events);
          return committed;
        });
        throw new CommitOutcomeUnknown(error as Error, outcome);
      }
      for (const visit of list) visit.stored = storedState(visit);
      this.committed(events);
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Whether a transaction whose COMMIT went unanswered committed (`txid_status`, meant for exactly
   * this), asked every 250 ms on a fresh connection while the server is away, for up to
   * `outcomeWaitMs`. No answer by then counts as not committed: the lesser risk. Never rejects.
   */
  private async committedAfterAll(transaction: string): Promise<boolean> {
    const giveUpAt = Date.now() + this.outcomeWaitMs;
    for (;;) {
      try {
        const [{ status }]: Array<{ status: string | null }> = await this.dataSource.query(`SELECT txid_status($1::bigint) AS status`, [transaction]);
        if (status === 'committed') return true;
        if (status !== 'in progress') return false; // aborted (a crash aborts what was in flight), or too old to tell
      } catch {
        // Still away.
      }
      if (Date.now() >= giveUpAt) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * New visits: lock their visitors, then look again for an open visit of theirs; one found (another
   * process wrote it after this one looked) is continued — the draft takes its id and is recounted.
   */
  private async continueVisitsWrittenMeanwhile(runner: QueryRunner, list: VisitRow[], recount: Set<VisitRow>): Promise<void> {
    const fresh = list.filter((visit) => visit.id === null);
    if (fresh.length === 0) return;
    const keys = [...new Set(fresh.map((visit) => `${visit.siteId}:${visit.visitorId}`))];
    await runner.query(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS locks`,
      [keys],
    );
    const since = Math.min(...fresh.map((visit) => visit.startedAt)) - this.sessionTimeoutMs;
    const rows: Record<string, unknown>[] = await runner.query(
      `SELECT * FROM visits WHERE site_id = ANY($1) AND visitor_id = ANY($2) AND last_event_at >= $3 ORDER BY last_event_at DESC`,
      [[...new Set(fresh.map((visit) => visit.siteId))], [...new Set(fresh.map((visit) => visit.visitorId))], since],
    );
    if (rows.length === 0) return;
    const stored = rows.map(visitFromColumns);
    for (const visit of fresh) {
      // The latest of the visitor's visits that this one's events continue (rows come latest first).
      const open = stored.find(
        (row) =>
          row.siteId === visit.siteId &&
          row.visitorId === visit.visitorId &&
          visit.startedAt - row.lastEventAt <= this.sessionTimeoutMs &&
          row.startedAt - visit.lastEventAt <= this.sessionTimeoutMs,
      );
      if (!open) continue;
      visit.id = open.id;
      recount.add(visit);
    }
  }

  /** Locks the batch's stored visits in id order; those changed since this process read them are recounted. */
  private async lockStoredVisits(runner: QueryRunner, list: VisitRow[], recount: Set<VisitRow>): Promise<void> {
    const byId = new Map<number, VisitRow[]>();
    for (const visit of list) if (visit.id !== null) byId.set(visit.id, [...(byId.get(visit.id) ?? []), visit]);
    if (byId.size === 0) return;
    const rows: Record<string, unknown>[] = await runner.query(
      `SELECT id, last_event_at, pageviews, events, engaged_ms FROM visits WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [[...byId.keys()]],
    );
    for (const row of rows) {
      const now: StoredVisitState = { lastEventAt: Number(row.last_event_at), pageviews: Number(row.pageviews), events: Number(row.events), engagedMs: Number(row.engaged_ms) };
      for (const visit of byId.get(Number(row.id)) ?? []) {
        if (!visit.stored || !sameState(visit.stored, now)) recount.add(visit);
      }
    }
  }

  /**
   * Sets each visit's figures from its events, all of which are in now: this batch's, and those of any
   * other process (which held the visit's row until it committed). The dimensions stay the first event's.
   */
  private async recount(runner: QueryRunner, visits: VisitRow[]): Promise<void> {
    const { records } = await runner.query(
      `UPDATE visits v SET started_at = c.started_at, last_event_at = c.last_event_at, entry_page = c.entry_page, exit_page = c.exit_page,
              pageviews = c.pageviews, events = c.events, engaged_ms = c.engaged_ms
       FROM (SELECT visit_id, MIN(ts) AS started_at, MAX(ts) AS last_event_at,
                    (ARRAY_AGG(path ORDER BY ts, id) FILTER (WHERE type = 'pageview'))[1] AS entry_page,
                    (ARRAY_AGG(path ORDER BY ts DESC, id DESC) FILTER (WHERE type = 'pageview'))[1] AS exit_page,
                    COUNT(*) FILTER (WHERE type = 'pageview') AS pageviews, COUNT(*) FILTER (WHERE type = 'event') AS events,
                    COALESCE(SUM(engaged_ms) FILTER (WHERE type = 'engagement'), 0) AS engaged_ms
             FROM events WHERE visit_id = ANY($1) GROUP BY visit_id) AS c
       WHERE v.id = c.visit_id RETURNING v.*`,
      [[...new Set(visits.map((visit) => visit.id))]],
      true,
    );
    const recounted = new Map((records as Record<string, unknown>[]).map((row) => [Number(row.id), visitFromColumns(row)]));
    for (const visit of visits) {
      const row = recounted.get(visit.id!);
      if (row) Object.assign(visit, row);
    }
  }
}

function sameState(a: StoredVisitState, b: StoredVisitState): boolean {
  return a.lastEventAt === b.lastEventAt && a.pageviews === b.pageviews && a.events === b.events && a.engagedMs === b.engagedMs;
}
