import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Members and roles per site (contract §7). An existing database upgrades in place: each site's
 * creator becomes its owner, and so does every instance admin of every existing site (until now
 * the admins saw every site). The same statements on SQLite and PostgreSQL.
 */
export class SiteMembers1796414229000 implements MigrationInterface {
  name = 'SiteMembers1796414229000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'site_members',
        columns: [
          { name: 'site_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'idx_site_members_user', columnNames: ['user_id'] }],
        foreignKeys: [
          { columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO site_members (site_id, user_id, role, created_at) SELECT id, owner_id, 'owner', created_at FROM sites`);
    await queryRunner.query(
      `INSERT INTO site_members (site_id, user_id, role, created_at)
       SELECT s.id, u.id, 'owner', s.created_at FROM sites s CROSS JOIN users u
       WHERE u.role = 'admin' AND NOT EXISTS (SELECT 1 FROM site_members m WHERE m.site_id = s.id AND m.user_id = u.id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('site_members');
  }
}
