import type { DataSource } from 'typeorm';
import { EVENT_COLUMNS, eventValues, IngestStore, VISIT_COLUMNS, VISIT_UPDATABLE, visitFromColumns, type EventRow, type VisitRow } from './ingest-rows.js';

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 bound parameters. */
const EVENTS_PER_INSERT = 500;

/** PostgreSQL: one transaction per batch on a dedicated connection, events in multi-row INSERTs. */
export class PostgresIngestStore extends IngestStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findOpenVisit(siteId: number, visitorIds: string[], since: number): Promise<VisitRow | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM visits WHERE site_id = $1 AND visitor_id = ANY($2) AND last_event_at >= $3 ORDER BY last_event_at DESC LIMIT 1`,
      [siteId, visitorIds, since],
    );
    return rows[0] ? visitFromColumns(rows[0]) : null;
  }

  async writeBatch(visits: Iterable<VisitRow>, events: EventRow[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      for (const visit of visits) {
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
      await runner.commitTransaction();
      this.committed(events);
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
