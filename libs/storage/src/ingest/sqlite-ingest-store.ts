import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS, eventValues, IngestStore, VISIT_COLUMNS, VISIT_UPDATABLE, visitFromColumns, type EventRow, type VisitRow } from './ingest-rows.js';

/**
 * SQLite: better-sqlite3 statements prepared once, a batch written synchronously inside one
 * transaction (one fsync of the WAL per batch: the group commit).
 */
export class SqliteIngestStore extends IngestStore {
  private readonly selectOpen: Statement;
  private readonly insertVisit: Statement;
  private readonly updateVisit: Statement;
  private readonly insertEvent: Statement;

  constructor(private readonly db: Database) {
    super();
    this.selectOpen = db.prepare(
      `SELECT * FROM visits WHERE site_id = ? AND visitor_id IN (?, ?) AND last_event_at >= ? ORDER BY last_event_at DESC LIMIT 1`,
    );
    this.insertVisit = db.prepare(
      `INSERT INTO visits (${VISIT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${VISIT_COLUMNS.map(([p]) => `@${p}`).join(', ')})`,
    );
    this.updateVisit = db.prepare(`UPDATE visits SET ${VISIT_UPDATABLE.map(([p, c]) => `${c} = @${p}`).join(', ')} WHERE id = @id`);
    this.insertEvent = db.prepare(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
  }

  async findOpenVisit(siteId: number, visitorIds: string[], since: number): Promise<VisitRow | null> {
    const row = this.selectOpen.get(siteId, visitorIds[0], visitorIds[1] ?? visitorIds[0], since) as Record<string, unknown> | undefined;
    return row ? visitFromColumns(row) : null;
  }

  async writeBatch(visits: Iterable<VisitRow>, events: EventRow[]): Promise<void> {
    // The ORM shares this connection; never open our transaction inside one of its (it awaits between statements).
    while (this.db.inTransaction) await new Promise((resolve) => setTimeout(resolve, 1));
    this.db.transaction(() => {
      for (const visit of visits) {
        if (visit.id === null) visit.id = Number(this.insertVisit.run(visit).lastInsertRowid);
        else this.updateVisit.run(visit);
      }
      for (const event of events) this.insertEvent.run(eventValues(event));
    })();
  }
}
