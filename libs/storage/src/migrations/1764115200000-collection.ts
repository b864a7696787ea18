import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/** Columns shared by events and visits (see EventDimensions). */
const DIMENSIONS: TableColumnOptions[] = [
  { name: 'referrer', type: 'varchar', length: '512', isNullable: true },
  { name: 'source', type: 'varchar', length: '256' },
  ...['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].map(
    (name): TableColumnOptions => ({ name, type: 'varchar', length: '256', isNullable: true }),
  ),
  { name: 'country', type: 'varchar', length: '2', isNullable: true },
  { name: 'region', type: 'varchar', length: '128', isNullable: true },
  { name: 'city', type: 'varchar', length: '128', isNullable: true },
  { name: 'browser', type: 'varchar', length: '64', isNullable: true },
  { name: 'browser_version', type: 'varchar', length: '32', isNullable: true },
  { name: 'os', type: 'varchar', length: '64', isNullable: true },
  { name: 'os_version', type: 'varchar', length: '32', isNullable: true },
  { name: 'device', type: 'varchar', length: '16' },
  { name: 'screen', type: 'varchar', length: '16', isNullable: true },
];

const ID: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

/** Raw events, visits and the daily salts of visitor hashes. No column for an IP address or a User-Agent. */
export class Collection1764115200000 implements MigrationInterface {
  name = 'Collection1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'daily_salts',
        columns: [
          { name: 'day', type: 'varchar', length: '10', isPrimary: true },
          { name: 'salt', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'visits',
        columns: [
          ID,
          { name: 'site_id', type: 'integer' },
          { name: 'visitor_id', type: 'varchar', length: '16' },
          { name: 'started_at', type: 'bigint' },
          { name: 'last_event_at', type: 'bigint' },
          { name: 'entry_page', type: 'varchar', length: '1024', isNullable: true },
          { name: 'exit_page', type: 'varchar', length: '1024', isNullable: true },
          { name: 'pageviews', type: 'integer' },
          { name: 'events', type: 'integer' },
          { name: 'engaged_ms', type: 'bigint' },
          ...DIMENSIONS,
        ],
        indices: [
          { name: 'idx_visits_site_started', columnNames: ['site_id', 'started_at'] },
          { name: 'idx_visits_visitor', columnNames: ['site_id', 'visitor_id', 'last_event_at'] },
        ],
        foreignKeys: [{ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          ID,
          { name: 'site_id', type: 'integer' },
          { name: 'visit_id', type: 'integer' },
          { name: 'visitor_id', type: 'varchar', length: '16' },
          { name: 'ts', type: 'bigint' },
          { name: 'type', type: 'varchar', length: '12' },
          { name: 'path', type: 'varchar', length: '1024' },
          { name: 'title', type: 'varchar', length: '300', isNullable: true },
          { name: 'name', type: 'varchar', length: '120', isNullable: true },
          { name: 'props', type: 'text', isNullable: true },
          { name: 'engaged_ms', type: 'integer', isNullable: true },
          ...DIMENSIONS,
        ],
        indices: [
          { name: 'idx_events_site_ts', columnNames: ['site_id', 'ts'] },
          { name: 'idx_events_visit', columnNames: ['visit_id'] },
        ],
        foreignKeys: [{ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('events');
    await queryRunner.dropTable('visits');
    await queryRunner.dropTable('daily_salts');
  }
}
