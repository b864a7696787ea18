import type { PropKeyRow } from '@cairn/contracts';
import type { StatsQuery } from '../query.js';
import type { SqlReadStore } from './sql-read-store.js';
import { Sql } from './sql.js';

/**
 * The property keys custom events carried, so a reader picks `prop:<key>` from what was sent rather
 * than typing it: keys of the scope's custom events (of one event name, when given), sorted by
 * visitors, then events, then key. Raw events only: rollups keep each property's values, not which
 * event carried them.
 */
export async function propKeys(store: SqlReadStore, scope: StatsQuery, event: string | null, limit: number): Promise<PropKeyRow[]> {
  const sql = new Sql(store.engine);
  const { from, where } = store.eventScope(sql, scope, ['event']);
  const keys =
    sql.engine === 'postgres' ? 'CROSS JOIN LATERAL jsonb_object_keys(e.props::jsonb) AS k(key)' : sql.engine === 'duckdb' ? 'CROSS JOIN json_each(e.props) AS k' : 'JOIN json_each(e.props) AS k';
  // Read through the (site, name, time) index of custom events, one name after another, rather than
  // every event of the slice by time: `type = 'event'` spelled out so the partial index applies, and
  // every name when none is given (a custom event always has one). 1.3 s → 0.37 s for 30 days of 10M events.
  const names = event === null ? `e.name IN (SELECT DISTINCT n.name FROM events n WHERE n.type = 'event' AND n.site_id = ${sql.p(scope.siteId)})` : `e.name = ${sql.p(event)}`;
  const rows = await store.query(
    sql,
    `SELECT k.key AS key, COUNT(DISTINCT e.visitor_id) AS visitors, COUNT(*) AS events
     FROM ${from} ${keys} WHERE ${where.join(' AND ')} AND e.type = 'event' AND e.props IS NOT NULL AND ${names}
     GROUP BY k.key ORDER BY visitors DESC, events DESC, ${sql.ordered('k.key')} LIMIT ${sql.p(limit)}`,
  );
  return rows.map((row) => ({ key: String(row.key), visitors: Number(row.visitors), events: Number(row.events) }));
}
