import type { DataSource } from 'typeorm';
import type { Sql } from '../sql/sql.js';
import { SqlReadStore } from '../sql/sql-read-store.js';
import type { DuckDbMirror } from './duckdb-mirror.js';

/**
 * The SQL read store's own queries, written in the DuckDB dialect of the same builder and run on the
 * mirror: every question the primary store answers, this answers too, with no query of its own.
 */
export class DuckDbReadStore extends SqlReadStore {
  override readonly name = 'duckdb';
  override readonly engine = 'duckdb';

  constructor(
    dataSource: DataSource,
    private readonly mirror: DuckDbMirror,
  ) {
    super(dataSource);
  }

  override query(sql: Sql, text: string): Promise<Array<Record<string, unknown>>> {
    return this.mirror.query(text, sql.params);
  }
}
