import { Table, type MigrationInterface, type QueryRunner, type TableForeignKeyOptions } from 'typeorm';

const site = (): TableForeignKeyOptions => ({ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

/**
 * Reports, their per-period claims, webhooks with their durable delivery queue and attempts, spike
 * alerts (contract §9). Instants are epoch milliseconds, as everywhere.
 */
export class Notify1796421500000 implements MigrationInterface {
  name = 'Notify1796421500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'reports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'site_id', type: 'integer' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'frequency', type: 'varchar', length: '10' },
          { name: 'unsubscribe_token', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'unsubscribed_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'uq_reports_site_email_frequency', columnNames: ['site_id', 'email', 'frequency'], isUnique: true },
          { name: 'uq_reports_unsubscribe', columnNames: ['unsubscribe_token'], isUnique: true },
        ],
        foreignKeys: [site()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'report_sends',
        columns: [
          { name: 'report_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'period', type: 'varchar', length: '10', isPrimary: true },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer' },
          { name: 'claimed_until', type: 'bigint' },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'sent_at', type: 'bigint', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['report_id'], referencedTableName: 'reports', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'site_id', type: 'integer' },
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'events', type: 'varchar', length: '100' },
          { name: 'format', type: 'varchar', length: '10' },
          { name: 'secret', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_webhooks_site', columnNames: ['site_id'] }],
        foreignKeys: [site()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'webhook_id', type: 'varchar', length: '36' },
          { name: 'event', type: 'varchar', length: '20' },
          { name: 'dedupe_key', type: 'varchar', length: '120' },
          { name: 'body', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'claimed_until', type: 'bigint' },
          { name: 'created_at', type: 'bigint' },
          { name: 'delivered_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'uq_webhook_deliveries_key', columnNames: ['webhook_id', 'dedupe_key'], isUnique: true },
          { name: 'idx_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
        ],
        foreignKeys: [{ columnNames: ['webhook_id'], referencedTableName: 'webhooks', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'delivery_id', type: 'varchar', length: '36' },
          { name: 'at', type: 'bigint' },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'error', type: 'varchar', length: '300', isNullable: true },
          { name: 'duration_ms', type: 'integer' },
        ],
        indices: [{ name: 'idx_webhook_attempts_delivery', columnNames: ['delivery_id'] }],
        foreignKeys: [{ columnNames: ['delivery_id'], referencedTableName: 'webhook_deliveries', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'alerts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'site_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'threshold', type: 'integer' },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'webhook_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'armed', type: 'integer' },
          { name: 'below_since', type: 'bigint', isNullable: true },
          { name: 'last_fired_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_alerts_site', columnNames: ['site_id'] }],
        foreignKeys: [site(), { columnNames: ['webhook_id'], referencedTableName: 'webhooks', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['alerts', 'webhook_attempts', 'webhook_deliveries', 'webhooks', 'report_sends', 'reports']) await queryRunner.dropTable(table);
  }
}
