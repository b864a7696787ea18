import { Worker } from 'node:worker_threads';
import type { Database, Statement } from 'better-sqlite3';
import { IngestStore, VISIT_COLUMNS, visitFromColumns, type EventRow, type VisitRow } from './ingest-rows.js';
import { packEvent, type WriteRequest, type WriteResult } from './sqlite-writer.protocol.js';

/**
 * SQLite: reads with a statement prepared once on the application's connection; batches written by
 * a worker thread on a connection of its own (WAL lets them run side by side). better-sqlite3 is
 * synchronous, so on the main thread each batch's sync to disk would stall every request meanwhile;
 * on its own thread the next batch gathers while the disk works.
 */
export class SqliteIngestStore extends IngestStore {
  private readonly selectOpen: Statement;
  private readonly selectLatest: Statement;
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (ids: number[]) => void; reject: (error: Error) => void }>();

  constructor(
    db: Database,
    private readonly file: string,
  ) {
    super();
    this.selectOpen = db.prepare(
      `SELECT * FROM visits WHERE site_id = ? AND visitor_id IN (?, ?) AND last_event_at >= ? ORDER BY last_event_at DESC LIMIT 1`,
    );
    this.selectLatest = db.prepare(`SELECT MAX(ts) AS ts FROM events WHERE site_id = ?`);
  }

  async latestEventAt(siteId: number): Promise<number | null> {
    return (this.selectLatest.get(siteId) as { ts: number | null }).ts;
  }

  async findOpenVisit(siteId: number, visitorIds: string[], since: number): Promise<VisitRow | null> {
    const row = this.selectOpen.get(siteId, visitorIds[0], visitorIds[1] ?? visitorIds[0], since) as Record<string, unknown> | undefined;
    return row ? visitFromColumns(row) : null;
  }

  async writeBatch(visits: Iterable<VisitRow>, events: EventRow[]): Promise<void> {
    const list = [...visits];
    const index = new Map(list.map((visit, i) => [visit, i]));
    const packed: unknown[] = [];
    for (const row of events) packEvent(packed, index.get(row.visit)!, row);
    const request: WriteRequest = {
      seq: ++this.seq,
      visits: list.map((visit) => ({ id: visit.id, values: VISIT_COLUMNS.map(([property]) => visit[property]) })),
      events: packed,
    };
    const ids = await this.send(request);
    list.forEach((visit, i) => (visit.id = ids[i]));
    this.committed(events);
  }

  private send(request: WriteRequest): Promise<number[]> {
    const worker = this.startWorker();
    return new Promise((resolve, reject) => {
      this.waiting.set(request.seq, { resolve, reject });
      worker.ref(); // a batch in flight keeps the process alive, even while it shuts down
      worker.postMessage(request);
    });
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-writer.worker.js', import.meta.url), { workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (result: WriteResult) => {
      const pending = this.waiting.get(result.seq);
      this.waiting.delete(result.seq);
      if (this.waiting.size === 0) worker.unref();
      if (result.error !== undefined) pending?.reject(new Error(result.error));
      else pending?.resolve(result.visitIds);
    });
    // A dead writer fails what it held (answered 503, never 202) and is replaced at the next batch.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite writer thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
