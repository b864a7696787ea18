import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const COUNTER = (name: string, type: 'integer' | 'bigint' = 'integer'): TableColumnOptions => ({ name, type, default: 0 });

/**
 * Daily rollups: per site, site-local day, dimension and value, the counters of that day (see
 * libs/aggregation/src/rollups). Raw events stay the source of truth; these are rebuilt from them.
 */
export class Rollups1764201600000 implements MigrationInterface {
  name = 'Rollups1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollups',
        columns: [
          { name: 'site_id', type: 'integer' },
          { name: 'day', type: 'varchar', length: '10' },
          { name: 'dimension', type: 'varchar', length: '80' },
          { name: 'value', type: 'varchar', length: '1024', isNullable: true },
          COUNTER('visitors'),
          COUNTER('new_visitors'),
          COUNTER('visits'),
          COUNTER('new_visits'),
          COUNTER('bounces'),
          COUNTER('duration_ms', 'bigint'),
          COUNTER('pageviews'),
          COUNTER('events'),
          COUNTER('engaged_ms', 'bigint'),
          COUNTER('engagements'),
        ],
        indices: [{ name: 'idx_rollups_site_dimension_day', columnNames: ['site_id', 'dimension', 'day'] }],
        foreignKeys: [{ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rollup_progress',
        columns: [
          { name: 'site_id', type: 'integer', isPrimary: true },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'from_day', type: 'varchar', length: '10' },
          { name: 'through_day', type: 'varchar', length: '10' },
          { name: 'built_at', type: 'bigint' },
          // Raw events before this instant were deleted (RETENTION_DAYS): only rollups remain of them.
          { name: 'purged_before', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rollup_progress');
    await queryRunner.dropTable('rollups');
  }
}
