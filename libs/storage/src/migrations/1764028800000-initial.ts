import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Accounts, tokens and sites. Written with TypeORM's schema API so one file serves SQLite and PostgreSQL. */
export class Initial1764028800000 implements MigrationInterface {
  name = 'Initial1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [{ name: 'uq_users_email', columnNames: ['email'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'last_used_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'uq_auth_tokens_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'idx_auth_tokens_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sites',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'domain', type: 'varchar', length: '253' },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'owner_id', type: 'integer' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [
          { name: 'uq_sites_domain', columnNames: ['domain'], isUnique: true },
          { name: 'idx_sites_owner', columnNames: ['owner_id'] },
        ],
        foreignKeys: [{ columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sites');
    await queryRunner.dropTable('auth_tokens');
    await queryRunner.dropTable('users');
  }
}
