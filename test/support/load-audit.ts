import type { CairnServer } from './cairn-server.js';
import type { LoadTally } from './load.js';

/** Runs one query on the database the server writes to, whichever engine and wherever it is. */
export type Query = <T = Record<string, unknown>>(sql: string) => Promise<T[]>;

/** How the stored rows compare with what the clients were told; every list empty is the promise kept. */
export interface StoredAudit {
  stored: number;
  /** Acknowledged (202) and not stored: a lost event. */
  missing: string[];
  /** Stored more than once. */
  duplicated: string[];
  /** Refused (4xx/5xx) and stored all the same: a client retrying a 503 would count it twice. */
  refusedButStored: string[];
  /** Stored though never sent (or from elsewhere). */
  unknown: string[];
}

/** Compares the events stored (by title, the load's key) with the load's tally. */
export async function auditStored(query: Query, tally: LoadTally): Promise<StoredAudit> {
  const rows = await query<{ title: string }>('SELECT title FROM events');
  const counts = new Map<string, number>();
  for (const { title } of rows) counts.set(title, (counts.get(title) ?? 0) + 1);
  return {
    stored: rows.length,
    missing: [...tally.acknowledged].filter((key) => !counts.has(key)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([key]) => key),
    refusedButStored: [...tally.refused.keys()].filter((key) => counts.has(key)),
    unknown: [...counts.keys()].filter((key) => !tally.acknowledged.has(key) && !tally.unanswered.has(key) && !tally.refused.has(key)),
  };
}

/**
 * The stats against the rows they are made of: each visit's counters against its events, no event
 * without its visit, and the summary (from raw events and from rollups) against counts of the rows.
 */
export async function auditStats(server: CairnServer, token: string, site: string, query: Query): Promise<{ inconsistentVisits: number; orphanEvents: number; summaries: unknown[]; rows: Record<string, number> }> {
  const number = async (sql: string) => Number((await query<{ n: number | string }>(sql))[0].n);
  const inconsistentVisits = await number(`
    SELECT COUNT(*) AS n FROM visits v WHERE
      v.pageviews <> (SELECT COUNT(*) FROM events e WHERE e.visit_id = v.id AND e.type = 'pageview') OR
      v.events <> (SELECT COUNT(*) FROM events e WHERE e.visit_id = v.id AND e.type = 'event') OR
      v.engaged_ms <> (SELECT COALESCE(SUM(e.engaged_ms), 0) FROM events e WHERE e.visit_id = v.id AND e.type = 'engagement')`);
  const orphanEvents = await number('SELECT COUNT(*) AS n FROM events e LEFT JOIN visits v ON v.id = e.visit_id WHERE v.id IS NULL');
  const rows = {
    pageviews: await number(`SELECT COUNT(*) AS n FROM events WHERE type = 'pageview'`),
    events: await number(`SELECT COUNT(*) AS n FROM events WHERE type = 'event'`),
    visits: await number('SELECT COUNT(*) AS n FROM visits'),
    visitors: await number('SELECT COUNT(DISTINCT visitor_id) AS n FROM visits'),
  };
  const summaries = [];
  for (const source of ['&source=raw', '']) {
    const answer = await server.request('GET', `/api/stats/summary?site=${site}&period=all${source}`, { token });
    summaries.push(answer.status === 200 ? answer.body : { status: answer.status, body: answer.text });
  }
  return { inconsistentVisits, orphanEvents, summaries, rows };
}

/** The tally's answers: how many of each status, and how many had none. */
export function describeTally(tally: LoadTally): string {
  const rate = Math.round(tally.sent / Math.max(1, tally.elapsedMs / 1000));
  return `${tally.sent} requests in ${(tally.elapsedMs / 1000).toFixed(1)} s (${rate}/s): ${JSON.stringify(Object.fromEntries(tally.statuses))}, ${tally.unanswered.size} unanswered`;
}

export function serverErrors(tally: LoadTally): number {
  return [...tally.statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
}
