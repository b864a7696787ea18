import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const ID: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const SITE = { columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

/**
 * Goals, segments and saved funnels (contract §8), and on events the revenue of a custom event
 * (its amount times 100 as an integer, whatever the currency: sums stay exact) and the scroll depth
 * an engagement report carries, with its sum and count on rollups' page rows. The same statements on
 * SQLite and PostgreSQL.
 */
export class Goals1796420961000 implements MigrationInterface {
  name = 'Goals1796420961000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'goals',
        columns: [
          ID,
          { name: 'site_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '120' },
          { name: 'page', type: 'varchar', length: '1024', isNullable: true },
          { name: 'event', type: 'varchar', length: '120', isNullable: true },
          { name: 'props', type: 'text', isNullable: true },
          { name: 'currency', type: 'varchar', length: '3', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'uq_goals_site_name', columnNames: ['site_id', 'name'], isUnique: true }],
        foreignKeys: [SITE],
      }),
    );
    for (const [name, column] of [
      ['segments', 'filters'],
      ['saved_funnels', 'steps'],
    ]) {
      await queryRunner.createTable(
        new Table({
          name,
          columns: [
            ID,
            { name: 'site_id', type: 'integer' },
            { name: 'name', type: 'varchar', length: '120' },
            { name: column, type: 'text' },
            { name: 'created_at', type: 'bigint' },
          ],
          indices: [{ name: `idx_${name}_site`, columnNames: ['site_id'] }],
          foreignKeys: [SITE],
        }),
      );
    }
    await queryRunner.query(`ALTER TABLE events ADD COLUMN revenue_cents BIGINT`);
    await queryRunner.query(`ALTER TABLE events ADD COLUMN revenue_currency VARCHAR(3)`);
    await queryRunner.query(`ALTER TABLE events ADD COLUMN scroll_depth SMALLINT`);
    // Page rows of rollups: the sum and the number of scroll depths reported (days before this had none).
    await queryRunner.query(`ALTER TABLE rollups ADD COLUMN scroll_sum BIGINT NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE rollups ADD COLUMN scrolls INTEGER NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rollups DROP COLUMN scrolls`);
    await queryRunner.query(`ALTER TABLE rollups DROP COLUMN scroll_sum`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN scroll_depth`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN revenue_currency`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN revenue_cents`);
    await queryRunner.dropTable('saved_funnels');
    await queryRunner.dropTable('segments');
    await queryRunner.dropTable('goals');
  }
}
