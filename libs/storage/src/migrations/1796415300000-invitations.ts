import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Invitations to a site with a role (contract §7); gone with their site or their inviter. */
export class Invitations1796415300000 implements MigrationInterface {
  name = 'Invitations1796415300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'invitations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'site_id', type: 'integer' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'invited_by', type: 'integer' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'accepted_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'uq_invitations_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'idx_invitations_site', columnNames: ['site_id'] },
        ],
        foreignKeys: [
          { columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['invited_by'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('invitations');
  }
}
