// The SQLite batch writer's thread: each batch is one transaction and one sync to disk, done here so
// the main thread goes on taking requests while the disk works (see SqliteIngestStore).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applySqlitePragmas } from '../sqlite-pragmas.js';
import { EVENT_COLUMNS, VISIT_COLUMNS, VISIT_UPDATABLE } from './ingest-rows.js';
import { unpackEvents, type WriteRequest, type WriteResult } from './sqlite-writer.protocol.js';

const db = new Database((workerData as { file: string }).file);
db.pragma('journal_mode = WAL');
applySqlitePragmas(db);

const insertVisit = db.prepare(`INSERT INTO visits (${VISIT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${VISIT_COLUMNS.map(() => '?').join(', ')})`);
const updateVisit = db.prepare(`UPDATE visits SET ${VISIT_UPDATABLE.map(([, c]) => `${c} = ?`).join(', ')} WHERE id = ?`);
const insertEvent = db.prepare(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
const UPDATABLE_FROM = VISIT_COLUMNS.length - VISIT_UPDATABLE.length;

// Values are passed as arguments, not as one array: better-sqlite3 reads an array's elements through
// V8's generic property lookup, which cost about 1.5 µs of each event's 26 values.
const write = db.transaction((request: WriteRequest): number[] => {
  const ids = request.visits.map(({ id, values }) => {
    if (id === null) return Number(insertVisit.run(...values).lastInsertRowid);
    updateVisit.run(...values.slice(UPDATABLE_FROM), id);
    return id;
  });
  unpackEvents(request.events, request.visits, ids, (values) => insertEvent.run(...values));
  return ids;
});

parentPort!.on('message', (request: WriteRequest) => {
  let result: WriteResult;
  try {
    result = { seq: request.seq, visitIds: write(request) };
  } catch (error) {
    result = { seq: request.seq, error: (error as Error).message };
  }
  parentPort!.postMessage(result);
});
