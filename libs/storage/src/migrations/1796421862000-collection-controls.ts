import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collection controls per site (contract §12): `hostnames` (JSON array; null = the site's domain and
 * its subdomains) and `exclusions` (JSON {ips, countries, paths}; null = none). Sites that existed
 * before keep taking events from every host, as they did (`["*"]`); new sites get the default rule.
 * The same statements on SQLite and PostgreSQL.
 */
export class CollectionControls1796421862000 implements MigrationInterface {
  name = 'CollectionControls1796421862000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sites ADD COLUMN hostnames TEXT NULL`);
    await queryRunner.query(`ALTER TABLE sites ADD COLUMN exclusions TEXT NULL`);
    await queryRunner.query(`UPDATE sites SET hostnames = '["*"]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sites DROP COLUMN exclusions`);
    await queryRunner.query(`ALTER TABLE sites DROP COLUMN hostnames`);
  }
}
