import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PropKeyRow } from '@cairn/contracts';
import { Sql } from './sql.js';
import { StatsRepository, type StatsScope } from './stats.repository.js';

/**
 * The property keys custom events carried, so a reader picks `prop:<key>` from what was sent rather
 * than typing it. Raw events only: rollups keep each property's values, not which event carried them.
 */
@Injectable()
export class PropKeysRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: StatsRepository,
  ) {}

  /** Keys of the scope's custom events (of one event name, when given), sorted by visitors, then events, then key. */
  async propKeys(scope: StatsScope, event: string | null, limit: number): Promise<PropKeyRow[]> {
    const sql = new Sql(this.stats.engine);
    const { from, where } = this.stats.eventScope(sql, scope, ['event']);
    const keys = sql.engine === 'postgres' ? 'CROSS JOIN LATERAL jsonb_object_keys(e.props::jsonb) AS k(key)' : 'JOIN json_each(e.props) AS k';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT k.key AS key, COUNT(DISTINCT e.visitor_id) AS visitors, COUNT(*) AS events
       FROM ${from} ${keys} WHERE ${where.join(' AND ')} AND e.props IS NOT NULL${event === null ? '' : ` AND e.name = ${sql.p(event)}`}
       GROUP BY k.key ORDER BY visitors DESC, events DESC, ${sql.ordered('k.key')} LIMIT ${sql.p(limit)}`,
      sql.params,
    );
    return rows.map((row) => ({ key: String(row.key), visitors: Number(row.visitors), events: Number(row.events) }));
  }
}
